"""Files for people: the tidy cells (csv/xlsx/parquet) and the 整改清单 workbook of findings.

Report content is untrusted: a cell printed as `=HYPERLINK(...)` must stay text in Excel, so every
string written to a workbook is written as a string cell (xlsxwriter's write_string, with its
formula and URL conversions off), never a formula or a link. A CSV has no cell types: Excel and WPS
evaluate a field that starts with = + - @ TAB or CR, so every CSV govkit writes goes through
write_csv, which prefixes such text with ' (OWASP's advice); numbers stay numbers.
"""

from __future__ import annotations

import io
import math
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from numbers import Number
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from govkit.templates import TABLE_NAMES, col_order, row_order

RECTIFY_COLUMNS = {
    "rule": "规则",
    "severity": "严重程度",
    "kind": "类别",
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
    "fingerprint": "编号",
}
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
# reading notes are govkit's doubts, not the agency's errors: the list says which is which
KIND_ZH = {"agency": "报告问题", "reading": "读取说明"}
_BAD_SHEET = re.compile(r"[\[\]:*?/\\]")
MAX_AGENCY_SHEETS = 200


@contextmanager
def atomic_file(path: str | Path) -> Iterator[Path]:
    """Write to the temp path this yields; it replaces `path` only when the block completes.
    On any failure (a full disk, an interrupt) the temp file is removed and `path` is untouched."""
    path = Path(path)
    tmp = atomic_path(path)
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_path(path: Path):
    """A temp file beside `path`, moved into place only when complete (no half-written outputs)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=f".tmp{path.suffix}", dir=path.parent
    )
    os.close(fd)
    # mkstemp makes the file private (0600); outputs are meant to be shared and served
    os.chmod(tmp, 0o644)
    return Path(tmp)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$"


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """Text fields a spreadsheet would run as a formula get a leading ' ; numeric columns, and
    text that is just a number ("-3"), are left as they are."""
    out = frame.copy()
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s):
            continue
        text = s.astype("string")
        risky = text.str.startswith(FORMULA_START).fillna(False) & ~text.str.match(
            _PLAIN_NUMBER
        ).fillna(False)
        if risky.any():
            out[col] = s.astype(object).where(~risky, "'" + text)
    return out


def write_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """A CSV for Excel/WPS (UTF-8 with BOM), formula-neutralised, written atomically."""
    with atomic_file(path) as tmp:
        neutralise(frame).to_csv(tmp, index=False, encoding="utf-8-sig")
    return Path(path)


def _new_workbook(buf: io.BytesIO) -> tuple[Workbook, dict[str, object]]:
    """A streaming workbook (rows go to temporary files: 100,000 findings in linear time, little
    memory) that never turns text into a formula, a number or a link; and its two cell styles.
    The finished file is zipped into `buf` and written by the caller with atomic_file, so a full
    disk raises a plain OSError and leaves no half file."""
    wb = xlsxwriter.Workbook(
        buf,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    styles = {
        _HEAD: wb.add_format({"bold": True, "bg_color": "#DDEBF7"}),
        _WRAP: wb.add_format({"text_wrap": True, "valign": "top"}),
    }
    return wb, styles


_HEAD, _WRAP = "header", "wrap"
_WRAP_FROM = 12  # characters: shorter text and numbers never wrap


def _write(ws: Worksheet, r: int, c: int, v, styles: dict[str, object], style=None) -> None:
    """One cell: numbers as numbers, everything else as a string cell (never a formula)."""
    v = _plain(v)
    if v is None:
        return  # an empty cell is not written at all
    if isinstance(v, Number) and not isinstance(v, bool):
        ws.write_number(r, c, float(v), style)
        return
    text = str(v)
    if style is None and len(text) >= _WRAP_FROM:
        style = styles[_WRAP]
    ws.write_string(r, c, text, style)


def _plain(v):
    if isinstance(v, (list, tuple)):
        return "；".join(map(str, v))
    if v is None or v is pd.NA or v == "" or (isinstance(v, float) and v != v):
        return None
    return v


def _sheet_name(name: str, used: set[str]) -> str:
    base = _BAD_SHEET.sub("_", name or "未知机关")[:28] or "sheet"
    out, k = base, 2
    while out in used:
        out, k = f"{base[:25]}_{k}", k + 1
    used.add(out)
    return out


def _write_sheet(wb: Workbook, styles: dict[str, object], title: str, table: pd.DataFrame) -> None:
    """One sheet: the column labels as a styled, frozen header; column widths from the header and
    the first 200 rows; then every row (_write_rows)."""
    ws = wb.add_worksheet(title)
    columns = [col for _, col in table.items()]  # by position: labels may repeat
    for i, (h, col) in enumerate(zip(table.columns, columns, strict=True)):
        shown = (_plain(v) for v in [str(h), *col.iloc[:200].tolist()])
        width = max(len(str(v)) if v is not None else 0 for v in shown)
        ws.set_column(i, i, min(60, max(8, width * 1.6)))
    ws.freeze_panes(1, 0)
    for c, h in enumerate(table.columns):
        _write(ws, 0, c, str(h), styles, styles[_HEAD])
    _write_rows(ws, columns, styles[_WRAP])


EXCEL_ROWS = 1_048_576
"""Rows in a worksheet; xlsxwriter drops cells below the last one, and so do _write_rows."""
_ROWS_AT_ONCE = 2000  # rendered at a time: the XML of 10,000 reports' findings is ~100 MB of str
_TO_ESCAPE = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")
_LITERAL_ESCAPE = re.compile(r"(_x[0-9a-fA-F]{4}_)")
_MAX_TEXT = 32767  # UTF-16 units in a cell


def _write_rows(ws: Worksheet, columns: list[pd.Series], wrap) -> None:
    """Rows 1… of the sheet, as xlsxwriter's streaming mode writes them cell by cell
    (write_number / write_string through _write), rendered a column at a time.

    Written cell by cell, xlsxwriter spends ~4 µs a cell: 3 s of a 10,000-report audit, alone on
    one core after the workers finished. The rows are rendered here to the same XML (cell
    references, styles, number format, control-character and XML escapes, whitespace) and
    written where the streaming worksheet keeps its rows, after the header row; the worksheet's
    dimensions are set from the cells written. tests/test_export.py checks the workbook is
    byte-identical to xlsxwriter's own writing. One difference: xlsxwriter writes a string that
    starts with <r> and ends with </r> as raw XML (its rich-string form), which report text must
    never be; here it is escaped like any text."""
    rows = min(len(columns[0]) if columns else 0, EXCEL_ROWS - 1)
    if not rows:
        return
    ws._write_single_row(1)  # the header row, held until a later row begins, goes out first
    letters = [xl_col_to_name(i) for i in range(len(columns))]
    used: set[int] = set()
    last = 0
    for start in range(0, rows, _ROWS_AT_ONCE):
        end = min(start + _ROWS_AT_ONCE, rows)
        parts = columns if end - start == len(columns[0]) else [c.iloc[start:end] for c in columns]
        numbers = [str(n) for n in range(start + 2, end + 2)]  # 1-based, after the header
        cells = [_column_xml(c, x, numbers, wrap) for c, x in zip(parts, letters, strict=True)]
        out = []
        for n, row in zip(numbers, zip(*cells, strict=True), strict=True):
            body = "".join(row)
            if body:
                out.append(f'<row r="{n}">{body}</row>')
                last = int(n) - 1
        used.update(i for i, col in enumerate(cells) if any(col))
        ws.fh.write("".join(out))
    if used:  # what xlsxwriter records of every cell it writes: the sheet's <dimension>
        ws._check_dimensions(last, min(used))
        ws._check_dimensions(last, max(used))


def _column_xml(col: pd.Series, letter: str, numbers: list[str], wrap) -> list[str]:
    """Each cell of one column as xlsxwriter writes it; "" for a cell left empty."""
    if pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col):
        values = col.to_numpy(dtype=float, na_value=np.nan).tolist()
        return [
            f'<c r="{letter}{n}"><v>{v:.16G}</v></c>'
            if math.isfinite(v)
            else _cell(letter + n, v, wrap)
            for n, v in zip(numbers, values, strict=True)
        ]
    if isinstance(col.dtype, pd.StringDtype):  # text or missing: each distinct text made once
        values = col.to_numpy(dtype=object, na_value="").tolist()  # (rules, agencies, labels
        bodies = {t: _text_body(t, wrap) for t in set(values) if t}  # repeat row after row)
        return [
            f'<c r="{letter}{n}"{bodies[v]}' if v else ""
            for n, v in zip(numbers, values, strict=True)
        ]
    return [_cell(letter + n, v, wrap) for n, v in zip(numbers, col.tolist(), strict=True)]


def _cell(ref: str, v, wrap) -> str:
    """One cell as _write gives it to xlsxwriter: a number, a string cell, or nothing."""
    v = _plain(v)
    if v is None:
        return ""
    if isinstance(v, Number) and not isinstance(v, bool) and math.isfinite(v):
        return f'<c r="{ref}"><v>{float(v):.16G}</v></c>'
    return _text(ref, str(v), wrap)  # a non-finite number too: xlsxwriter refuses it


def _text(ref: str, text: str, wrap) -> str:
    """A string cell as xlsxwriter's streaming mode writes it."""
    return f'<c r="{ref}"{_text_body(text, wrap)}'


def _text_body(text: str, wrap) -> str:
    """A string cell after its reference: style, type, the escaped text."""
    style = f' s="{wrap._get_xf_index()}"' if len(text) >= _WRAP_FROM else ""
    if len(text) > _MAX_TEXT // 2 and len(text.encode("utf-16-le")) > 2 * _MAX_TEXT:
        text = _utf16_cut(text)
    if _TO_ESCAPE.search(text):  # rare: most text needs none of this
        text = _LITERAL_ESCAPE.sub(r"_x005F\1", text)
        text = _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)
        text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    return f'{style} t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _utf16_cut(text: str) -> str:
    """The longest start of `text` within a cell's 32,767 UTF-16 units (no character split)."""
    units = 0
    for i, ch in enumerate(text):
        units += 2 if ord(ch) > 0xFFFF else 1
        if units > _MAX_TEXT:
            return text[:i]
    return text


def write_rectification(findings: pd.DataFrame, path: str | Path) -> Path:
    """整改清单: a sheet for every agency (all findings of its reports), plus 全部 and 规则说明.

    Past MAX_AGENCY_SHEETS agencies the per-agency sheets are left out (thousands of sheets help
    nobody); 全部 has every finding with the agency in a column, to filter on.
    """
    from govkit.audit import rules

    path = Path(path)
    buf = io.BytesIO()
    wb, styles = _new_workbook(buf)
    used: set[str] = set()
    cols = [c for c in RECTIFY_COLUMNS if c in findings.columns]
    f = findings.assign(severity=findings["severity"].map(SEVERITY_ZH).fillna(findings["severity"]))
    if "kind" in f.columns:
        f = f.assign(kind=f["kind"].map(KIND_ZH).fillna(f["kind"]))
    lead = [c for c in ("agency", "year") if c in f.columns]
    names = {"agency": "机关", "year": "年度"}
    groups = [("全部", f, lead)]
    if "agency" in f.columns and f["agency"].nunique(dropna=False) <= MAX_AGENCY_SHEETS:
        groups += [
            (f"{a}" if a == a else "未知机关", g, lead[1:])
            for a, g in f.groupby("agency", dropna=False, sort=True)
        ]
    for name, g, keys in groups:
        header = [*(names[k] for k in keys), *(RECTIFY_COLUMNS[c] for c in cols)]
        _write_sheet(
            wb, styles, _sheet_name(str(name), used), g[[*keys, *cols]].set_axis(header, axis=1)
        )
    about = rules()
    about = pd.DataFrame(
        {
            "规则": about["rule"],
            "严重程度": about["severity"].map(SEVERITY_ZH),
            "类别": about["kind"].map(KIND_ZH),
            "范围": about["scope"],
            "含义": about["meaning"],
        }
    )
    _write_sheet(wb, styles, _sheet_name("规则说明", used), about)
    wb.close()
    with atomic_file(path) as tmp:
        tmp.write_bytes(buf.getvalue())
    return path


CELL_FORMATS = ("csv", "xlsx", "parquet")


def write_cells(cells: pd.DataFrame, path: str | Path, fmt: str | None = None) -> Path:
    """The tidy cells as csv, parquet, or xlsx (one sheet per table in the template layout + cells)."""
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in CELL_FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use csv, xlsx or parquet")
    if fmt == "csv":
        return write_csv(cells, path)
    with atomic_file(path) as tmp:  # disk full, interrupted: no half file, old one kept
        if fmt == "parquet":
            cells.to_parquet(tmp, index=False)
        else:
            tmp.write_bytes(_cells_xlsx(cells))
    return path


def _cells_xlsx(cells: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    wb, styles = _new_workbook(buf)
    keys = [k for k in ("agency", "year", "source") if k in cells.columns]
    for table, title in TABLE_NAMES.items():
        sub = cells[cells["table"] == table]
        if sub.empty:
            continue
        shown = sub.assign(shown=sub["raw"].where(sub["value"].isna(), sub["value"]))
        wide = shown.pivot_table(
            index=[*keys, "row"], columns="col", values="shown", aggfunc="first", sort=False
        )
        wide = wide[[c for c in col_order(table) if c in wide.columns]]
        order = {r: i for i, r in enumerate(row_order(table))}
        wide = wide.sort_index(key=lambda ix: ix.map(order) if ix.name == "row" else ix)
        header = [*(("机关", "年度", "来源")[: len(keys)]), "行", *wide.columns]
        wide = wide.reset_index().set_axis(header, axis=1)
        _write_sheet(wb, styles, title[:31].replace("、", "_"), wide)
    _write_sheet(wb, styles, "cells", cells)
    wb.close()
    return buf.getvalue()
