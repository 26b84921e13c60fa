"""Rule registry: every rule is a small named function with a stable id, a severity and a meaning."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

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


def rule(id: str, severity: str, meaning: str, *, scope: str = "report"):
    """Register a rule function returning a DataFrame (or list of dicts) of findings."""

    def deco(func: Callable) -> Callable:
        RULES[id] = Rule(id, severity, meaning, func, scope)
        return func

    return deco


def frame(records: list[dict] | pd.DataFrame, rule_id: str) -> pd.DataFrame:
    """Findings in the standard columns, rule id and default severity filled in."""
    df = pd.DataFrame(records) if not isinstance(records, pd.DataFrame) else records.copy()
    for c in FINDING_COLUMNS:
        if c not in df.columns:
            df[c] = "" if c not in ("expected", "actual", "difference", "cells") else None
    df["rule"] = rule_id
    if df.empty:
        return df[FINDING_COLUMNS]
    df["severity"] = (
        df["severity"].replace("", RULES[rule_id].severity).fillna(RULES[rule_id].severity)
    )
    return df[FINDING_COLUMNS]


def rules_table() -> pd.DataFrame:
    return pd.DataFrame(
        [(r.id, r.severity, r.scope, r.meaning) for r in RULES.values()],
        columns=["rule", "severity", "scope", "meaning"],
    )
