"""Audit: every rule is a small function in this package; this module runs them and exports findings.

`audit_report(report)` runs the per-report rules; `audit(reports)` runs them over many reports
plus the cross-year rules, with agency/year/source columns; `rules()` lists every rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from govkit.audit import (  # noqa: F401  (register rules)
    arithmetic,
    crossyear,
    quality,
    structure,
    text,
    timeliness,
)
from govkit.audit.context import Context
from govkit.audit.registry import FINDING_COLUMNS, RULES, findings_frame, rules_table
from govkit.audit.text import fee_statement

META_COLUMNS = ["agency", "year", "source"]
_ORDER = {"error": 0, "warning": 1, "info": 2}


def rules() -> pd.DataFrame:
    """Every rule: id, severity, kind (agency | reading), scope (report | batch), meaning (Chinese)."""
    return rules_table()


def audit_report(report) -> pd.DataFrame:
    """All per-report findings, errors first."""
    ctx = Context(report)
    found = [(r.id, f) for r in RULES.values() if r.scope == "report" for f in r.func(ctx)]
    found.sort(key=lambda p: _ORDER[p[1].get("severity") or RULES[p[0]].severity])
    return findings_frame(found, agency=ctx.meta.agency, year=ctx.meta.year)


def audit(
    reports: Iterable, *, findings: Iterable[pd.DataFrame] | pd.DataFrame | None = None
) -> pd.DataFrame:
    """Findings for many reports (Report objects), with agency, year, source; cross-year rules included.

    `findings`: each report's `audit_report` already computed (e.g. in worker processes), in the
    order of `reports`, so a parallel batch does not audit twice: a frame per report, or all of
    them stacked in one frame with a "report" column, each row's position in `reports`
    (govkit.read_many: 10,000 small frames cost more to move and concatenate than to audit).
    """
    reports = list(reports)
    if findings is None:
        findings = [audit_report(r) for r in reports]
    if not isinstance(findings, pd.DataFrame):
        findings = list(findings)
        done = [f for f in findings if not f.empty]
        sizes = [len(f) for f in findings]
        # one concat and three repeated columns: per-report assign() cost more than the audit
        at = np.repeat(np.arange(len(reports)), sizes)
        findings = pd.concat(done, ignore_index=True).assign(report=at) if done else None
    batch = [(r.id, f) for r in RULES.values() if r.scope == "batch" for f in r.func(reports)]
    parts = [findings_frame(batch, extra=tuple(META_COLUMNS))]
    if findings is not None and len(findings):
        own = findings.drop(columns="report")
        at = findings["report"].to_numpy()
        own.insert(0, "agency", np.array([r.meta.agency or "" for r in reports], dtype=object)[at])
        year = np.array([r.meta.year for r in reports], dtype=object)[at]
        own.insert(1, "year", pd.array(year, dtype="Int64"))
        own.insert(2, "source", np.array([r.meta.source for r in reports], dtype=object)[at])
        parts.insert(0, own.astype({"agency": "str", "source": "str"}))
    out = pd.concat([p for p in parts if not p.empty] or parts, ignore_index=True)
    return _sorted(out[[*META_COLUMNS, *FINDING_COLUMNS]], by=["agency", "year", "source"])


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


__all__ = ["audit", "audit_report", "fee_statement", "rules", "summary", "to_xlsx"]
