"""Cell quality: blanks, text in number cells, negative or fractional counts, stray units,
undecidable digit runs and template cells the report does not print."""

from __future__ import annotations

import pandas as pd

from govkit.audit.registry import frame, rule
from govkit.templates import display_label

MONEY = {"本年收费金额", "采购总金额"}
SIGNED = {"本年增/减"}
COUNT_UNITS = {"", "件", "条", "个", "项"}


def _cells(report, mask: pd.Series, rule_id: str, message) -> pd.DataFrame:
    sub = report.cells[mask]
    if sub.empty:
        return frame([], rule_id)
    out = sub[["table", "row", "col", "raw", "value", "source_ref"]].assign(
        actual=sub["value"],
        cells=[[f"{r}｜{c}"] for r, c in zip(sub["row"], sub["col"], strict=True)],
        message=[message(r) for r in sub.itertuples()],
        severity="",
    )
    return frame(out, rule_id)


def _first_per_row(report, status: str):
    """The first cell of every row with this status: one finding per template row, not per cell."""
    c = report.cells
    return c.index.isin(c[c["status"] == status].drop_duplicates(["table", "row"]).index)


def _where(r) -> str:
    return f"{display_label(r.row)}/{r.col}" + (f"（{r.source_ref}）" if r.source_ref else "")


@rule("cells.blank", "warning", "空白单元格：模板要求填写数字（无则填 0）；计算时按 0 处理")
def blank(report) -> pd.DataFrame:
    c = report.cells
    mask = (c["status"] == "ok") & (c["raw"] == "")
    return _cells(
        report, mask, "cells.blank", lambda r: f"{_where(r)} 为空白，模板要求填写数字（无则填 0）。"
    )


@rule("cells.text", "error", "数字单元格中填了文字（如“增”），该单元格无法参与计算")
def text(report) -> pd.DataFrame:
    c = report.cells
    mask = c["status"].isin(["ok", "segmented"]) & (c["raw"] != "") & c["value"].isna()
    return _cells(report, mask, "cells.text", lambda r: f"{_where(r)} 填的是“{r.raw}”，不是数字。")


@rule("cells.negative", "error", "数量为负数（“本年增/减”列除外）")
def negative(report) -> pd.DataFrame:
    c = report.cells
    mask = (c["value"] < 0) & ~c["col"].isin(SIGNED)
    return _cells(
        report, mask, "cells.negative", lambda r: f"{_where(r)} 为负数 {r.raw}，数量不能为负。"
    )


@rule("cells.fraction", "error", "件数不是整数（金额列除外）")
def fraction(report) -> pd.DataFrame:
    c = report.cells
    mask = c["value"].notna() & (c["value"] % 1 != 0) & ~c["col"].isin(MONEY)
    return _cells(
        report, mask, "cells.fraction", lambda r: f"{_where(r)} 为 {r.raw}，件数应为整数。"
    )


@rule("cells.unit", "warning", "件数单元格带了不该有的单位（如“元”），或金额单位与表头不符")
def unit(report) -> pd.DataFrame:
    c = report.cells
    money = c["col"].isin(MONEY)
    mask = (~money & ~c["unit"].isin(COUNT_UNITS)) | (
        money & (c["col"] == "本年收费金额") & ~c["unit"].isin(["万元", ""])
    )
    return _cells(
        report,
        mask,
        "cells.unit",
        lambda r: f"{_where(r)} 印为“{r.raw}”，带有单位“{r.unit}”，此处不应有该单位。",
    )


@rule("cells.no_unit", "info", "采购总金额没有注明单位（元或万元），无法比较")
def no_unit(report) -> pd.DataFrame:
    c = report.cells
    mask = (c["col"] == "采购总金额") & c["value"].notna() & (c["unit"] == "")
    return _cells(
        report,
        mask,
        "cells.no_unit",
        lambda r: f"{_where(r)} 印为“{r.raw}”，未注明单位（元/万元）。",
    )


@rule(
    "cells.ambiguous", "warning", "数字连写且无法唯一拆分（网页抓取文本常见），该行数值留空而非猜测"
)
def ambiguous(report) -> pd.DataFrame:
    return _cells(
        report,
        _first_per_row(report, "ambiguous"),
        "cells.ambiguous",
        lambda r: (
            f"{display_label(r.row)} 一行印为“{r.raw}”，无法确定各列对应的数值（数字连写或个数不符），数值留空而未猜测（{r.source_ref}）。"
        ),
    )


@rule(
    "cells.inferred",
    "info",
    "连写数字有多种行内拆分，仅一种能使全表勾稽关系成立，已按此拆分（该表勾稽关系因此必然成立）",
)
def inferred(report) -> pd.DataFrame:
    return _cells(
        report,
        _first_per_row(report, "inferred"),
        "cells.inferred",
        lambda r: (
            f"{r.row} 一行的数字连写，行内有多种拆分；按全表勾稽关系唯一确定（{r.source_ref}）。"
        ),
    )


@rule("structure.missing_rows", "error", "模板中的行在报告里找不到")
def missing_rows(report) -> pd.DataFrame:
    return _cells(
        report,
        _first_per_row(report, "missing"),
        "structure.missing_rows",
        lambda r: f"报告中找不到模板的“{r.row}”行（{r.table}）。",
    )


@rule("parse.note", "info", "读取时注意到但无法使用的内容（被忽略的行、页脚等）")
def parse_notes(report) -> pd.DataFrame:
    n = report.notes
    amb = report.cells.loc[
        report.cells["status"] == "ambiguous", ["table", "row"]
    ].drop_duplicates()
    n = n[~pd.MultiIndex.from_frame(n[["table", "row"]]).isin(pd.MultiIndex.from_frame(amb))]
    if n.empty:
        return frame([], "parse.note")
    return frame(n.assign(col="", severity="", message=n["message"]), "parse.note")
