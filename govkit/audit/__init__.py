"""Audit: every rule is a small function in this package; this module runs them and exports findings.

`audit_report(report)` runs the per-report rules; `audit(reports)` runs them over many reports
plus the cross-year rules, with agency/year/source columns; `rules()` lists every rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from govkit.audit import arithmetic, crossyear, quality, structure, text  # noqa: F401  (register rules)
from govkit.audit.registry import FINDING_COLUMNS, RULES, rules_table

META_COLUMNS = ["agency", "year", "source"]
_ORDER = {"error": 0, "warning": 1, "info": 2}


def rules() -> pd.DataFrame:
    """Every rule: id, severity, scope (report | batch) and its meaning in Chinese."""
    return rules_table()


def audit_report(report) -> pd.DataFrame:
    """All per-report findings, errors first."""
    parts = [r.func(report) for r in RULES.values() if r.scope == "report"]
    out = (
        pd.concat([p for p in parts if not p.empty], ignore_index=True)
        if any(not p.empty for p in parts)
        else pd.DataFrame(columns=FINDING_COLUMNS)
    )
    return _sorted(out)


def audit(reports: Iterable, *, findings: Iterable[pd.DataFrame] | None = None) -> pd.DataFrame:
    """Findings for many reports (Report objects), with agency, year, source; cross-year rules included.

    `findings`: each report's `audit_report` already computed (e.g. in worker processes), in the
    order of `reports`, so a parallel batch does not audit twice.
    """
    reports = list(reports)
    done = list(findings) if findings is not None else [audit_report(r) for r in reports]
    parts = []
    for rep, f in zip(reports, done, strict=True):
        if not f.empty:
            parts.append(
                f.assign(agency=rep.meta.agency, year=rep.meta.year, source=rep.meta.source)
            )
    for r in RULES.values():
        if r.scope == "batch":
            parts.append(r.func(reports))
    parts = [p for p in parts if not p.empty]
    if not parts:
        return pd.DataFrame(columns=[*META_COLUMNS, *FINDING_COLUMNS])
    out = pd.concat(parts, ignore_index=True)[[*META_COLUMNS, *FINDING_COLUMNS]]
    return _sorted(out, by=["agency", "year", "source"])


def _sorted(df: pd.DataFrame, by: list[str] | None = None) -> pd.DataFrame:
    if df.empty:
        return df.reset_index(drop=True)
    key = df["severity"].map(_ORDER)
    return (
        df.assign(_k=key)
        .sort_values([*(by or []), "_k"], kind="stable")
        .drop(columns="_k")
        .reset_index(drop=True)
    )


def summary(findings: pd.DataFrame) -> dict[str, int]:
    """Counts by severity, for verdicts and exit codes."""
    counts = findings["severity"].value_counts()
    return {s: int(counts.get(s, 0)) for s in ("error", "warning", "info")}


def to_xlsx(findings: pd.DataFrame, path: str | Path) -> Path:
    """整改清单: one sheet per agency (rule, cells, formula, left/right, difference, correction)."""
    from govkit.export import write_rectification

    return write_rectification(findings, path)


__all__ = ["audit", "audit_report", "rules", "summary", "to_xlsx"]
