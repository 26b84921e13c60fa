"""Files for people: the tidy cells (csv/xlsx/parquet) and the 整改清单 workbook of findings.

Report content is untrusted: a cell printed as `=HYPERLINK(...)` must stay text in Excel, so every
string written to a workbook is forced to a string cell, never a formula.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from govkit.templates import TABLE_NAMES, col_order, row_order

RECTIFY_COLUMNS = {
    "rule": "规则",
    "severity": "严重程度",
    "table": "表",
    "row": "行",
    "col": "列",
    "cells": "涉及单元格",
    "formula": "勾稽关系",
    "actual": "左边/印出值",
    "expected": "右边/应为",
    "difference": "差额",
    "suggestion": "建议更正",
    "message": "说明",
    "sentence": "原文",
    "source": "来源文件",
}
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
_BAD_SHEET = re.compile(r"[\[\]:*?/\\]")


def atomic_path(path: Path):
    """A temp file beside `path`, moved into place only when complete (no half-written outputs)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=f".tmp{path.suffix}", dir=path.parent
    )
    os.close(fd)
    return Path(tmp)


def _append(ws, values: list) -> None:
    ws.append([_plain(v) for v in values])
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"  # never a formula, whatever the text starts with


def _plain(v):
    if isinstance(v, (list, tuple)):
        return "；".join(map(str, v))
    if v is None or (isinstance(v, float) and v != v):
        return None
    return v


def _sheet_name(name: str, used: set[str]) -> str:
    base = _BAD_SHEET.sub("_", name or "未知机关")[:28] or "sheet"
    out, k = base, 2
    while out in used:
        out, k = f"{base[:25]}_{k}", k + 1
    used.add(out)
    return out


def _finish(ws, widths: dict[int, int] | None = None) -> None:
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for i, col in enumerate(ws.iter_cols(min_row=1, max_row=min(ws.max_row, 200)), 1):
        width = max((len(str(c.value)) if c.value is not None else 0) for c in col)
        ws.column_dimensions[get_column_letter(i)].width = min(
            60, max(8, (widths or {}).get(i, width * 1.6))
        )
        for c in col[1:]:
            c.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"


def write_rectification(findings: pd.DataFrame, path: str | Path) -> Path:
    """整改清单: a sheet for every agency (all findings of its reports), plus 全部 and 规则说明."""
    from govkit.audit import rules

    path = Path(path)
    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    cols = [c for c in RECTIFY_COLUMNS if c in findings.columns]
    f = findings.assign(severity=findings["severity"].map(SEVERITY_ZH).fillna(findings["severity"]))
    groups = [("全部", f)]
    if "agency" in f.columns:
        groups += [
            (f"{a}" if a == a else "未知机关", g)
            for a, g in f.groupby("agency", dropna=False, sort=True)
        ]
    for name, g in groups:
        ws = wb.create_sheet(_sheet_name(str(name), used))
        lead = ["year"] if "year" in g.columns else []
        _append(ws, [*(["年度"] if lead else []), *(RECTIFY_COLUMNS[c] for c in cols)])
        for rec in g[[*lead, *cols]].itertuples(index=False):
            _append(ws, list(rec))
        _finish(ws)
    ws = wb.create_sheet(_sheet_name("规则说明", used))
    _append(ws, ["规则", "严重程度", "范围", "含义"])
    for rec in rules().itertuples(index=False):
        _append(ws, [rec.rule, SEVERITY_ZH[rec.severity], rec.scope, rec.meaning])
    _finish(ws)
    tmp = atomic_path(path)
    wb.save(tmp)
    os.replace(tmp, path)
    return path


def write_cells(cells: pd.DataFrame, path: str | Path, fmt: str | None = None) -> Path:
    """The tidy cells as csv, parquet, or xlsx (one sheet per table in the template layout + cells)."""
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    tmp = atomic_path(path)
    if fmt == "csv":
        cells.to_csv(tmp, index=False, encoding="utf-8-sig")
    elif fmt == "parquet":
        cells.to_parquet(tmp, index=False)
    elif fmt == "xlsx":
        _cells_xlsx(cells, tmp)
    else:
        tmp.unlink(missing_ok=True)
        raise ValueError(f"unknown format {fmt!r}: use csv, xlsx or parquet")
    os.replace(tmp, path)
    return path


def _cells_xlsx(cells: pd.DataFrame, path: Path) -> None:
    wb = Workbook()
    wb.remove(wb.active)
    keys = [k for k in ("agency", "year", "source") if k in cells.columns]
    for table, title in TABLE_NAMES.items():
        sub = cells[cells["table"] == table]
        if sub.empty:
            continue
        ws = wb.create_sheet(title[:31].replace("、", "_"))
        shown = sub.assign(shown=sub["raw"].where(sub["value"].isna(), sub["value"]))
        wide = shown.pivot_table(
            index=[*keys, "row"], columns="col", values="shown", aggfunc="first", sort=False
        )
        wide = wide[[c for c in col_order(table) if c in wide.columns]]
        order = {r: i for i, r in enumerate(row_order(table))}
        wide = wide.sort_index(key=lambda ix: ix.map(order) if ix.name == "row" else ix)
        _append(ws, [*(("机关", "年度", "来源")[: len(keys)]), "行", *wide.columns])
        for idx, rec in zip(wide.index, wide.itertuples(index=False), strict=True):
            _append(ws, [*(idx if isinstance(idx, tuple) else (idx,)), *rec])
        _finish(ws)
    ws = wb.create_sheet("cells")
    _append(ws, list(cells.columns))
    for rec in cells.itertuples(index=False):
        _append(ws, list(rec))
    _finish(ws)
    wb.save(path)
