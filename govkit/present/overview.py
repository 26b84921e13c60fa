"""The batch overview's tables: the summary metrics per report, years, common findings, inputs skipped."""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd
from pandas.io.formats.style import Styler

from govkit.present.definitions import METRICS, MIN_BASE, get_metric
from govkit.present.findings import (
    SEVERITY_ZH,
    HtmlText,
    _box,
    _counts,
    agency_findings,
    is_reading,
    template_label,
)
from govkit.present.metrics import pooled_metrics, report_metrics, wide_metrics

# ------------------------------------------------------------------------------ batch overview

SUMMARY_METRICS = (
    "received",
    "closed",
    "disclosure_rate",
    "withheld_share",
    "unavailable_share",
    "not_processed_share",
    "carryover_rate",
    "review_cases",
    "review_correction_rate",
    "litigation_cases",
    "litigation_correction_rate",
)
"""The key figures of the overview table, in this order (the summary CSV keeps all metrics)."""


def _severity_counts(findings: pd.DataFrame) -> pd.DataFrame:
    """错误 / 警告 counts per source, of the agencies' own findings (reading notes left out)."""
    own = agency_findings(findings)
    counts = (
        own[own["severity"].isin(["error", "warning"])]
        .groupby(["source", "severity"])
        .size()
        .unstack("severity")
        .reindex(columns=["error", "warning"])
    )
    return counts.fillna(0).astype(int).rename(columns={"error": "错误", "warning": "警告"})


def _summary_parts(cells: pd.DataFrame, findings: pd.DataFrame):
    """Per-report metric values, denominators and small-base flags (same row order)."""
    m = report_metrics(cells)
    value = wide_metrics(m).reset_index()
    den = wide_metrics(m, values="denominator").reset_index()
    small = wide_metrics(m, values="small_base").reset_index()
    counts = _severity_counts(findings).reindex(value["source"]).fillna(0).astype(int)
    return value, den, small, counts.reset_index(drop=True)


def summary_table(cells: pd.DataFrame, findings: pd.DataFrame) -> pd.DataFrame:
    """One row per report: 机关, 年度, 文件, every metric (numbers, Chinese names), 错误, 警告."""
    value, _den, _small, counts = _summary_parts(cells, findings)
    names = {m.id: m.name for m in METRICS}
    out = value.rename(columns=names | {"agency": "机关", "year": "年度"})
    out["source"] = out["source"].map(lambda s: Path(str(s)).name)
    return pd.concat([out.rename(columns={"source": "文件"}), counts], axis=1)


def _shown(value: float, den: float, small: bool, kind: str) -> str:
    if pd.isna(value):
        return "—"
    if kind == "count":
        return f"{value:,.0f}"
    if small:
        return f"样本过小（{den:.0f}）"
    return f"{value * 100:.1f}%"


TABLE_ROWS = 50
"""Rows the overview's per-report tables show at most (~1.5 KB of HTML a row: 3 MB at 2,000
reports); the rest are in the CSV beside the page, and the table's caption says how many."""


def _capped(
    table: pd.DataFrame, order: list[pd.Series], rows: int, where: str
) -> tuple[pd.DataFrame, str]:
    """The first `rows` rows of `table` by `order` (descending keys, input order on ties), or the
    whole table in input order when it fits; and the caption that says what is left out."""
    if len(table) <= rows:
        return table, ""
    keys = pd.DataFrame({f"k{i}": k.to_numpy() for i, k in enumerate(order)})
    shown = keys.sort_values(list(keys.columns), ascending=False, kind="stable").index[:rows]
    return table.loc[
        shown
    ], f"显示 {rows} 行；另有 {len(table) - rows:,} 行未显示（全部 {len(table):,} 行见 {where}）。"


def summary_view(cells: pd.DataFrame, findings: pd.DataFrame, *, rows: int = TABLE_ROWS) -> Styler:
    """The overview table for people: counts as integers, rates as percentages, and a rate whose
    denominator is below MIN_BASE shown as 样本过小（denominator） instead of a number to rank.

    Past `rows` reports, the ones with the most 错误, then 警告, then 收到申请数 are shown and the
    caption says how many rows are not."""
    value, den, small, counts = _summary_parts(cells, findings)
    kinds = {m.id: m.kind for m in METRICS}
    table = pd.DataFrame(
        {
            "机关": value["agency"].fillna("（机关未识别）"),
            "年度": value["year"].map(lambda y: "—" if pd.isna(y) else f"{int(y)}"),
            "文件": value["source"].map(lambda s: Path(str(s)).name),
        }
    )
    for mid in SUMMARY_METRICS:
        table[get_metric(mid).name] = [
            _shown(v, d, bool(s), kinds[mid])
            for v, d, s in zip(value[mid], den[mid], small[mid], strict=True)
        ]
    table = pd.concat([table, counts], axis=1)
    table, left_out = _capped(
        table, [counts["错误"], counts["警告"], value["received"].fillna(-1)], rows, "summary.csv"
    )
    if left_out:
        left_out = "按错误、警告、收到申请数从多到少" + left_out
    grey = table.map(lambda v: "color:#6b7280" if str(v).startswith("样本过小") else "")
    grey[["错误"]] = table[["错误"]].map(lambda n: "color:#b91c1c;font-weight:bold" if n else "")
    return (
        table.style.format(escape="html")
        .format_index(escape="html", axis=1)
        .apply(lambda _: grey, axis=None)
        .set_properties(subset=["机关"], **{"min-width": "9em"})  # never one character a line
        .set_properties(
            subset=[c for c in table.columns if c != "机关"], **{"white-space": "nowrap"}
        )
        .set_caption(html.escape(left_out))
        .hide(axis="index")
    )


def years_view(cells: pd.DataFrame) -> Styler:
    """Per year, pooled over its reports (Σ numerator ÷ Σ denominator): how the years compare."""
    m = pooled_metrics(cells, by="year")
    rows = []
    for year, grp in m.groupby("year", sort=True):
        g = grp.set_index("metric")
        row = {"年度": f"{int(year)}", "报告数": f"{int(g['reports'].max())}"}
        for mid in SUMMARY_METRICS:
            r = g.loc[mid]
            row[r["name"]] = _shown(r["value"], r["denominator"], bool(r["small_base"]), r["kind"])
        rows.append(row)
    return (
        pd.DataFrame(rows)
        .style.format(escape="html")
        .set_properties(**{"white-space": "nowrap"})
        .hide(axis="index")
    )


def common_findings_view(findings: pd.DataFrame, rules: pd.DataFrame) -> Styler:
    """The most frequent error and warning rules of a batch, with how many reports they hit;
    reading notes (what govkit could not read) are listed after the agencies' problems."""
    f = findings[findings["severity"].isin(["error", "warning"])]
    f = f.assign(类别=is_reading(f).map({True: "读取说明", False: "机关报告的问题"}))
    top = (
        f.groupby(["类别", "rule", "severity"])
        .agg(次数=("rule", "size"), 涉及报告数=("source", "nunique"))
        .reset_index()
        .merge(rules[["rule", "meaning"]], on="rule", how="left")
        .sort_values(["类别", "次数", "rule"], ascending=[True, False, True], key=_agency_first)
    )
    top["severity"] = top["severity"].map(SEVERITY_ZH)
    top = top.rename(columns={"rule": "规则", "severity": "级别", "meaning": "含义"})
    return (
        top[["类别", "级别", "规则", "含义", "次数", "涉及报告数"]]
        .style.format(escape="html")
        .set_properties(subset=["含义"], **{"min-width": "16em"})
        .set_properties(subset=["类别", "级别", "次数", "涉及报告数"], **{"white-space": "nowrap"})
        .hide(axis="index")
    )


def _agency_first(col: pd.Series) -> pd.Series:
    return col.eq("读取说明") if col.name == "类别" else col


SKIPPED_ZH = {"failed": "失败", "not_report": "不是年度报告", "duplicate": "重复（只算一次）"}


def overview_header(reports: list, skipped: pd.DataFrame, findings: pd.DataFrame) -> HtmlText:
    """The overview's first screen: how many files, agencies, years, templates, and problems.

    `skipped` is every input that is not among `reports` (the failure table of govkit.read_many or
    run.outcomes.failure_table: source, message, status failed | not_report | duplicate); each kind
    is counted apart.
    """
    e = html.escape
    years = sorted({r.meta.year for r in reports if r.meta.year})
    templates = pd.Series([str(r.meta.template) for r in reports]).value_counts()
    counts = _severity_counts(findings)
    with_errors = int((counts["错误"] > 0).sum()) if len(counts) else 0
    err, warn = _counts(findings)
    reading = int(is_reading(findings).sum())
    span = f"{years[0]}–{years[-1]} 年度" if len(years) > 1 else f"{years[0]} 年度" if years else ""
    kinds = skipped["status"].value_counts() if len(skipped) else pd.Series(dtype=int)
    other = [
        (f"<b>{label} {int(kinds[k])} 个</b>" if k == "failed" else f"{label} {int(kinds[k])} 个")
        for k, label in SKIPPED_ZH.items()
        if kinds.get(k, 0)
    ]
    lines = [
        f"共 {len(reports) + len(skipped)} 个文件：审核 {len(reports)} 份报告"
        + ("，" + "，".join(other) + "（见文末）" if other else "")
        + "。",
        f"涉及 {len({r.meta.agency for r in reports})} 个机关，{e(span)}；模板："
        + "，".join(f"{e(template_label(t))} {n} 份" for t, n in templates.items())
        + "。",
        f"{with_errors} 份报告有错误；合计 {err} 个错误、{warn} 个警告"
        + (f"（另有 {reading} 条读取说明，不计入）" if reading else "")
        + "。",
        f"比率的分母小于 {MIN_BASE} 时显示“样本过小（分母）”，不参与比较。",
    ]
    return HtmlText(f'<div style="{_box(err, warn)}">' + "<br>".join(lines) + "</div>")


def failures_view(skipped: pd.DataFrame, *, rows: int = TABLE_ROWS) -> Styler | HtmlText:
    """Inputs that were not audited, with what became of them (文件, 结果, 原因); past `rows`,
    the failures first, then what is not a report, then duplicates, and a caption saying how many
    rows are not shown (all are in skipped.csv beside the page)."""
    if not len(skipped):
        return HtmlText("<p>无。</p>")
    table = pd.DataFrame(
        {
            "文件": skipped["source"].map(lambda s: Path(str(s)).name),
            "结果": skipped["status"].map(SKIPPED_ZH).fillna(skipped["status"]),
            "原因": skipped["message"],
        }
    ).reset_index(drop=True)
    rank = skipped["status"].map({k: -i for i, k in enumerate(SKIPPED_ZH)}).fillna(1)
    table, left_out = _capped(table, [rank], rows, "skipped.csv")
    return (
        table.style.format(escape="html")
        .set_caption(html.escape(left_out))
        .set_properties(subset=["原因"], **{"min-width": "16em"})
        .set_properties(subset=["结果"], **{"white-space": "nowrap"})
        .hide(axis="index")
    )
