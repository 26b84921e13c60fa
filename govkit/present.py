"""Tables for people: each table in the template's layout, problem cells coloured (pandas Styler).

Styler does not escape cell text unless asked, and report text is untrusted: every Styler here is
built with escape="html", so an agency name or cell holding `<script>` shows as text.
"""

from __future__ import annotations

import html

import pandas as pd
from pandas.io.formats.style import Styler

from govkit.templates import TABLE_NAMES, col_order, display_label, row_order

COLOURS = {
    "fail": "background-color:#f8b4b4;font-weight:bold",  # the cell a failing identity points at / the diagnosed cell
    "part": "background-color:#fde68a",  # takes part in a failing identity
    "text": "background-color:#fdba74",  # text or undecidable
    "blank": "background-color:#e5e7eb",
}
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def table_view(report, table: str) -> pd.DataFrame:
    """The table as printed: numbers where they are numbers, the raw text elsewhere."""
    c = report.cells[report.cells["table"] == table]
    shown = c["raw"].where(c["value"].isna(), c["value"].map(_fmt))
    wide = c.assign(shown=shown).pivot(index="row", columns="col", values="shown")
    wide = wide.loc[
        [r for r in row_order(table) if r in wide.index],
        [k for k in col_order(table) if k in wide.columns],
    ]
    wide.index = [display_label(r) for r in wide.index]
    wide.index.name, wide.columns.name = None, None
    return wide.fillna("")


def _fmt(v: float) -> str:
    return f"{v:.0f}" if float(v).is_integer() else f"{v:g}"


def styled_table(report, table: str, findings: pd.DataFrame | None = None) -> Styler:
    """A table in the template layout with failing (red), participating (yellow), text (orange) and
    blank (grey) cells coloured, for notebooks and HTML reports."""
    view = table_view(report, table)
    marks = pd.DataFrame("", index=view.index, columns=view.columns)
    c = report.cells[report.cells["table"] == table]
    for r in c.itertuples():
        key = (display_label(r.row), r.col)
        if key[1] not in marks.columns or key[0] not in marks.index:
            continue
        if r.raw == "" and r.status == "ok":
            marks.loc[key] = COLOURS["blank"]
        elif r.raw and r.value != r.value:
            marks.loc[key] = COLOURS["text"]
    if findings is not None and not findings.empty:
        f = findings[findings["table"] == table]
        for cells in f["cells"].dropna():
            for ref in cells or []:
                row, _, col = ref.partition("｜")
                key = (display_label(row), col)
                if key[0] in marks.index and key[1] in marks.columns and not marks.loc[key]:
                    marks.loc[key] = COLOURS["part"]
        anchors = f[f["severity"] == "error"]
        for row, col in zip(anchors["row"], anchors["col"], strict=True):
            key = (display_label(row), col)
            if key[0] in marks.index and key[1] in marks.columns:
                marks.loc[key] = COLOURS["fail"]
    title = f"{report.meta.agency or ''} {report.meta.year or ''} 年 · {TABLE_NAMES[table]}"
    return (
        view.style.format(escape="html")
        .format_index(escape="html", axis=0)
        .format_index(escape="html", axis=1)
        .apply(lambda _: marks, axis=None)
        .set_caption(html.escape(title))
        .set_table_styles(
            [{"selector": "caption", "props": "font-weight:bold;font-size:1.1em;text-align:left"}]
        )
    )


def findings_view(findings: pd.DataFrame) -> Styler:
    """Findings as a readable table, Chinese headers, severity coloured."""
    cols = {"severity": "级别", "rule": "规则", "message": "说明", "suggestion": "建议更正"}
    df = (
        findings[list(cols)]
        .assign(severity=findings["severity"].map(SEVERITY_ZH))
        .rename(columns=cols)
    )
    colour = {
        "错误": "color:#b91c1c;font-weight:bold",
        "警告": "color:#b45309",
        "提示": "color:#4b5563",
    }
    return (
        df.style.format(escape="html")
        .map(lambda v: colour.get(v, ""), subset=["级别"])
        .hide(axis="index")
        .set_properties(**{"text-align": "left"})
    )


def verdict(findings: pd.DataFrame) -> str:
    """A one-paragraph Chinese verdict: counts, the diagnosis, what to fix first."""
    n = findings["severity"].value_counts()
    err, warn = int(n.get("error", 0)), int(n.get("warning", 0))
    if err == 0 and warn == 0:
        return "审核结论：未发现错误或警告，统计表各项勾稽关系均成立。"
    parts = [f"审核结论：发现 {err} 个错误、{warn} 个警告。"]
    diag = findings[(findings["rule"] == "diagnosis.single_cell") & (findings["suggestion"] != "")]
    if not diag.empty:
        parts.append("最可能的更正：" + "；".join(diag["suggestion"]) + "。")
    first = findings[findings["severity"] == "error"]["message"].head(3).tolist()
    if first:
        parts.append("优先处理：" + " ".join(first))
    return "".join(parts)
