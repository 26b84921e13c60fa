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
    """Findings in the standard columns, rule id and default severity filled in.

    Built in one DataFrame construction: most rules find nothing on most reports, and adding the
    thirteen columns one by one cost more than the rules themselves.
    """
    df = records if isinstance(records, pd.DataFrame) else pd.DataFrame(records)
    if df.empty:
        return _EMPTY.copy()
    severity = RULES[rule_id].severity
    cols = {c: df[c] if c in df.columns else _DEFAULTS[c] for c in FINDING_COLUMNS}
    cols["rule"] = rule_id
    if "severity" in df.columns:
        cols["severity"] = df["severity"].replace("", severity).fillna(severity)
    else:
        cols["severity"] = severity
    return pd.DataFrame(cols, index=df.index)


_DEFAULTS = {
    c: None if c in ("expected", "actual", "difference", "cells") else "" for c in FINDING_COLUMNS
}
_EMPTY = pd.DataFrame(
    {c: pd.Series(dtype=object if _DEFAULTS[c] is None else str) for c in FINDING_COLUMNS}
)


def rules_table() -> pd.DataFrame:
    return pd.DataFrame(
        [(r.id, r.severity, r.scope, r.meaning) for r in RULES.values()],
        columns=["rule", "severity", "scope", "meaning"],
    )
