"""A report's tables in the template's layout, coloured where the audit found something.

Styler does not escape cell text unless asked, and report text is untrusted: every Styler here is
built with escape="html", so an agency name or cell holding `<script>` shows as text.
"""

from __future__ import annotations

import html

import pandas as pd
from pandas.io.formats.style import Styler

from govkit.present.findings import COLOURS, DIAGNOSIS, IDENTITY_RULES, UNREAD
from govkit.templates import TABLE_NAMES, col_order, display_label, row_order


def table_view(report, table: str) -> pd.DataFrame:
    """The table as printed: numbers where they are numbers (money with its unit: 4068.21 万元),
    the raw text elsewhere. An ambiguous run of digits (one printed string over several cells of
    a row) shows its text once, in the first of those cells; the others show ？, since the text is
    not the value of any one of them."""
    c = report.cells[report.cells["table"] == table]
    number = c["value"].map(_fmt, na_action="ignore")
    unit = c["unit"].fillna("") if "unit" in c.columns else pd.Series("", index=c.index)
    number = number.where(unit.eq(""), number + " " + unit)
    shown = c["raw"].where(c["value"].isna(), number)
    ambiguous = c["status"].eq("ambiguous") & c["raw"].ne("")
    order = c["col"].map({k: i for i, k in enumerate(col_order(table))})
    run = (
        [c["row"], c["raw"], c["source_ref"]] if "source_ref" in c.columns else [c["row"], c["raw"]]
    )
    first = order.eq(
        order[ambiguous].groupby([r[ambiguous] for r in run]).transform("min")
    ).reindex(c.index, fill_value=False)
    shown = shown.mask(ambiguous & ~first, UNREAD)
    wide = c.assign(shown=shown).pivot(index="row", columns="col", values="shown")
    wide = wide.loc[
        [r for r in row_order(table) if r in wide.index],
        [k for k in col_order(table) if k in wide.columns],
    ]
    wide.index = [display_label(r) for r in wide.index]
    wide.index.name, wide.columns.name = None, None
    return wide.fillna("")


def _fmt(v: float) -> str:
    """Every printed digit kept (5949.088667, not 5949.09): a shortened number is a wrong one."""
    return f"{v:.0f}" if float(v).is_integer() else f"{v:.6f}".rstrip("0").rstrip(".")


def styled_table(report, table: str, findings: pd.DataFrame | None = None) -> Styler:
    """A table in the template layout with the diagnosed or failing (red), participating (yellow),
    text (orange) and blank (grey) cells coloured, for notebooks and HTML reports.

    When the single-cell diagnosis names a cell, that cell is the red one: the totals the failing
    identities are anchored on are only participants, so the reader is sent to the cell to fix.
    """
    view = table_view(report, table)
    marks = _marks(view, report, table, findings)
    if table == "review_litigation":  # the template's header: 行政诉讼 › 复议后起诉 › 结果维持
        view.columns = marks.columns = _header_levels(view.columns)
    year = f" {report.meta.year} 年" if report.meta.year else ""
    title = f"{report.meta.agency or '（机关未识别）'}{year} · {TABLE_NAMES[table]}"
    return (
        view.style.format(escape="html")
        .format_index(escape="html", axis=0)
        .format_index(escape="html", axis=1)
        .apply(lambda _: marks, axis=None)
        .set_caption(html.escape(title))  # Styler does not escape captions
        .set_table_styles(
            [
                {
                    "selector": "caption",
                    "props": "font-weight:bold;font-size:1.1em;text-align:left",
                },
                {"selector": "th.col_heading", "props": "text-align:center"},
                {"selector": "td", "props": "text-align:right;white-space:nowrap"},
            ]
        )
    )


def _marks(view: pd.DataFrame, report, table: str, findings: pd.DataFrame | None) -> pd.DataFrame:
    """CSS per cell of `view`: blank and text cells, then identity participants, then errors."""
    marks = pd.DataFrame("", index=view.index, columns=view.columns)

    def mark(row: str, col: str, colour: str, *, overwrite: bool = True) -> None:
        key = (display_label(row), col)
        if key[0] in marks.index and key[1] in marks.columns and (overwrite or not marks.loc[key]):
            marks.loc[key] = colour

    c = report.cells[report.cells["table"] == table]
    for r in c.itertuples():
        if r.raw == "" and r.status == "ok":
            mark(r.row, r.col, COLOURS["blank"])
        elif r.raw and r.value != r.value:
            mark(r.row, r.col, COLOURS["text"])
    if findings is None or findings.empty:
        return marks
    f = findings[findings["table"] == table]
    for refs in f["cells"].dropna():
        for ref in refs or []:
            row, _, col = ref.partition("｜")
            mark(row, col, COLOURS["part"], overwrite=False)
    errors = f[f["severity"] == "error"]
    if (errors["rule"] == DIAGNOSIS).any():
        errors = errors[~errors["rule"].isin(IDENTITY_RULES)]
    for row, col in zip(errors["row"], errors["col"], strict=True):
        if isinstance(row, str) and isinstance(col, str):
            mark(row, col, COLOURS["fail"])
    return marks


def _header_levels(cols: pd.Index) -> pd.MultiIndex:
    """行政复议/结果维持 → (行政复议, "", 结果维持): equal neighbours merge into spanning headers."""
    parts = [str(c).split("/") for c in cols]
    depth = max(len(p) for p in parts)
    return pd.MultiIndex.from_tuples([(p[0], *[""] * (depth - len(p)), *p[1:]) for p in parts])
