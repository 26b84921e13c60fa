"""Rule registry: every rule is a small named function with a stable id, a severity and a meaning."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from govkit import frames

FINDING_COLUMNS = [
    "rule",
    "severity",
    "table",
    "row",
    "col",
    "expected",
    "actual",
    "difference",
    "formula",
    "cells",
    "suggestion",
    "sentence",
    "message",
]
SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    meaning: str  # Chinese, one line: what the rule checks
    func: Callable
    scope: str  # "report" (one Report) or "batch" (a list of Reports)


RULES: dict[str, Rule] = {}


Finding = dict[str, object]  # keys from FINDING_COLUMNS; rule and severity are filled in for it
_NUMERIC = ("expected", "actual", "difference")


def rule(id: str, severity: str, meaning: str, *, scope: str = "report"):
    """Register a rule: a function of an audit Context (scope "report") or of a list of Reports
    (scope "batch") returning its findings as a list of dicts, empty when all is well."""

    def deco(func: Callable) -> Callable:
        RULES[id] = Rule(id, severity, meaning, func, scope)
        return func

    return deco


def findings_frame(found: list[tuple[str, Finding]], extra: tuple[str, ...] = ()) -> pd.DataFrame:
    """(rule id, finding) pairs as one DataFrame in the standard columns, built in one go.

    Severity defaults to the rule's; missing text is "", missing numbers NaN, missing cells [].
    `extra` columns (agency, year, source) come first.
    """
    columns = [*extra, *FINDING_COLUMNS]
    data: dict[str, list] = {c: [] for c in columns}
    for rule_id, f in found:
        for c in columns:
            data[c].append(f.get(c))
        data["rule"][-1] = rule_id
        data["severity"][-1] = f.get("severity") or RULES[rule_id].severity
    arrays: dict[str, object] = {}
    for c, values in data.items():
        if c in _NUMERIC:
            arrays[c] = frames.floats([math.nan if v is None else float(v) for v in values])
        elif c == "year":
            arrays[c] = pd.array(values, dtype="Int64")
        elif c == "cells":  # lists, one per finding: filled in one by one, numpy would nest them
            arrays[c] = np.empty(len(values), dtype=object)
            for i, v in enumerate(values):
                arrays[c][i] = [] if v is None else list(v)
        else:
            arrays[c] = frames.strings(["" if v is None else str(v) for v in values])
    return frames.frame(arrays)


def rules_table() -> pd.DataFrame:
    return pd.DataFrame(
        [(r.id, r.severity, r.scope, r.meaning) for r in RULES.values()],
        columns=["rule", "severity", "scope", "meaning"],
    )
