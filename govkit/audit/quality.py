"""Cell quality: blanks, text in number cells, negative or fractional counts, stray units,
undecidable digit runs and template cells the report does not print."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from govkit.audit.context import SIGNED, Context
from govkit.audit.registry import Finding, rule
from govkit.templates import display_label

MONEY = ("本年收费金额", "采购总金额")
COUNT_UNITS = ("", "件", "条", "个", "项")


def _findings(ctx: Context, mask: np.ndarray, message: Callable[[int], str]) -> list[Finding]:
    """One finding per masked cell; `message(k)` words it from the cell at position k."""
    c = ctx.cells
    return [
        {
            "table": c.table[k],
            "row": c.row[k],
            "col": c.col[k],
            "actual": c.value[k],
            "cells": [f"{c.row[k]}｜{c.col[k]}"],
            "message": message(k),
        }
        for k in np.flatnonzero(mask)
    ]


def _first_per_row(ctx: Context, status: str) -> np.ndarray:
    """The first cell of every row with this status: one finding per template row, not per cell."""
    c = ctx.cells
    mask = np.zeros(len(c), dtype=bool)
    seen: set[tuple[str, str]] = set()
    for k in np.flatnonzero(c.status == status):
        key = (c.table[k], c.row[k])
        if key not in seen:
            seen.add(key)
            mask[k] = True
    return mask


def _where(ctx: Context, k: int) -> str:
    c = ctx.cells
    ref = c.source_ref[k]
    return f"{display_label(c.row[k])}/{c.col[k]}" + (f"（{ref}）" if ref else "")


@rule(
    "cells.blank",
    "warning",
    "空白单元格（整行空白时每行一条）：模板要求填写数字（无则填 0）；计算时按 0 处理",
)
def blank(ctx: Context) -> list[Finding]:
    c = ctx.cells
    mask = (c.status == "ok") & (c.raw == "")
    if not mask.any():
        return []
    rows = {(c.table[k], c.row[k]) for k in np.flatnonzero(mask)}  # rows with a blank, in full
    whole = [ks for t, r in rows if len(ks := np.flatnonzero((c.row == r) & (c.table == t))) > 1]
    whole = sorted((ks for ks in whole if mask[ks].all()), key=lambda ks: ks[0])
    for ks in whole:
        mask[ks] = False
    out = _findings(ctx, mask, lambda k: f"{_where(ctx, k)} 为空白，模板要求填写数字（无则填 0）。")
    for ks in whole:  # a printed row left blank is one omission, not one per column
        k = ks[0]
        ref = c.source_ref[k]
        out.append(
            {
                "table": c.table[k],
                "row": c.row[k],
                "col": c.col[k],
                "cells": [f"{c.row[i]}｜{c.col[i]}" for i in ks],
                "message": f"{display_label(c.row[k])} 一行印出但 {len(ks)} 个单元格全部空白，"
                "模板要求填写数字（无则填 0）。" + (f"（{ref}）" if ref else ""),
            }
        )
    return out


@rule(
    "cells.placeholder",
    "warning",
    "数字单元格用“/”“—”“-”“无”等符号代替 0：模板要求无则填 0；计算时按 0 处理",
)
def placeholder(ctx: Context) -> list[Finding]:
    """One finding per row and placeholder: a row of "/" is one habit, not six defects."""
    c = ctx.cells
    rows: dict[tuple[str, str, str], list[int]] = {}
    for k in np.flatnonzero(c.placeholder & (c.status == "ok")):
        rows.setdefault((c.table[k], c.row[k], c.raw[k]), []).append(int(k))
    out = []
    for (table, row, mark), ks in rows.items():
        cols = [c.col[k] for k in ks]
        ref = c.source_ref[ks[0]]
        out.append(
            {
                "table": table,
                "row": row,
                "col": cols[0],
                "cells": [f"{row}｜{col}" for col in cols],
                "message": f"{display_label(row)} 一行的 {'、'.join(cols)} 填的是“{mark}”"
                f"（{len(cols)} 个单元格），模板要求无则填 0；审核时按 0 计算。"
                + (f"（{ref}）" if ref else ""),
            }
        )
    return out


@rule("cells.text", "error", "数字单元格中填了文字（如“增”“暂无”），该单元格无法参与计算")
def text(ctx: Context) -> list[Finding]:
    c = ctx.cells
    mask = (
        ((c.status == "ok") | (c.status == "segmented"))
        & (c.raw != "")
        & np.isnan(c.value)
        & ~c.placeholder
    )
    return _findings(ctx, mask, lambda k: f"{_where(ctx, k)} 填的是“{c.raw[k]}”，不是数字。")


@rule("cells.negative", "error", "数量为负数（“本年增/减”列除外）")
def negative(ctx: Context) -> list[Finding]:
    c = ctx.cells
    mask = (np.nan_to_num(c.value) < 0) & ~np.isin(c.col, SIGNED)
    return _findings(ctx, mask, lambda k: f"{_where(ctx, k)} 为负数 {c.raw[k]}，数量不能为负。")


@rule("cells.fraction", "error", "件数不是整数（金额列除外）")
def fraction(ctx: Context) -> list[Finding]:
    c = ctx.cells
    mask = (np.nan_to_num(c.value) % 1 != 0) & ~np.isin(c.col, MONEY)
    return _findings(ctx, mask, lambda k: f"{_where(ctx, k)} 为 {c.raw[k]}，件数应为整数。")


@rule("cells.unit", "warning", "件数单元格带了不该有的单位（如“元”），或金额单位与表头不符")
def unit(ctx: Context) -> list[Finding]:
    c = ctx.cells
    money = np.isin(c.col, MONEY)
    fee = c.col == "本年收费金额"
    mask = (~money & ~np.isin(c.unit, COUNT_UNITS)) | (fee & ~np.isin(c.unit, ("万元", "")))
    return _findings(
        ctx,
        mask,
        lambda k: f"{_where(ctx, k)} 印为“{c.raw[k]}”，带有单位“{c.unit[k]}”，此处不应有该单位。",
    )


@rule("cells.no_unit", "info", "采购总金额没有注明单位（元或万元），无法比较")
def no_unit(ctx: Context) -> list[Finding]:
    c = ctx.cells
    mask = (c.col == "采购总金额") & ~np.isnan(c.value) & (c.unit == "")
    return _findings(
        ctx, mask, lambda k: f"{_where(ctx, k)} 印为“{c.raw[k]}”，未注明单位（元/万元）。"
    )


@rule(
    "cells.ambiguous",
    "warning",
    "数字连写且无法唯一拆分（网页抓取文本常见），该行数值留空而非猜测",
    kind="reading",
)
def ambiguous(ctx: Context) -> list[Finding]:
    c = ctx.cells
    return _findings(
        ctx,
        _first_per_row(ctx, "ambiguous"),
        lambda k: (
            f"{display_label(c.row[k])} 一行印为“{c.raw[k]}”，无法确定各列对应的数值（数字连写或个数不符），数值留空而未猜测（{c.source_ref[k]}）。"
        ),
    )


@rule(
    "cells.inferred",
    "info",
    "连写数字有多种拆分，由全表勾稽关系（仅一种能使其成立）或报告正文所述的数字唯一确定，已按此拆分",
    kind="reading",
)
def inferred(ctx: Context) -> list[Finding]:
    c = ctx.cells

    def message(k: int) -> str:
        # prose evidence names the sentence (source_ref "…; 正文 “…”"); else the identities chose
        how = "按报告正文所述数字确定" if "正文" in c.source_ref[k] else "按全表勾稽关系唯一确定"
        return f"{c.row[k]} 一行的数字连写，有多种拆分；{how}（{c.source_ref[k]}）。"

    return _findings(ctx, _first_per_row(ctx, "inferred"), message)


@rule(
    "structure.missing_rows",
    "error",
    "模板中的行在报告里找不到（整张表都没有时见 structure.table_absent）",
)
def missing_rows(ctx: Context) -> list[Finding]:
    c = ctx.cells
    mask = _first_per_row(ctx, "missing") & ~np.isin(c.table, list(ctx.absent_tables))
    return _findings(
        ctx,
        mask,
        lambda k: f"报告中找不到模板的“{c.row[k]}”行（{c.table[k]}）。",
    )


@rule("parse.note", "info", "读取时注意到但无法使用的内容（被忽略的行、页脚等）", kind="reading")
def parse_notes(ctx: Context) -> list[Finding]:
    notes = ctx.report.notes
    if notes.empty:
        return []
    c = ctx.cells
    ambiguous_rows = {(c.table[k], c.row[k]) for k in np.flatnonzero(c.status == "ambiguous")}
    return [
        {"table": t, "row": r, "col": "", "message": m, "key": m}
        for t, r, m in zip(notes["table"], notes["row"], notes["message"], strict=True)
        # said by cells.ambiguous, structure.table_absent, structure.collapsed_group
        if (t, r) not in ambiguous_rows
        and t not in ctx.absent_tables
        and (t, r) not in ctx.collapsed
    ]
