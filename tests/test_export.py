"""Exported workbooks are safe to share: report text starting with = + - @ stays text in Excel.

A hostile copy of the seed carries a formula in a table cell, in the agency name and source, and
in a prose sentence the text-vs-table audit quotes. Every workbook govkit writes is reopened with
openpyxl: the hostile strings are there, as text cells ('s'), and no cell is a formula or a link.
"""

from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest
from conftest import SEED
from openpyxl import load_workbook

import govkit
from govkit import export
from govkit.audit import to_xlsx
from govkit.export import write_cells, write_rectification
from govkit.report import stack_cells

LINK = '=HYPERLINK("http://x","y")'
PAYLOADS = (LINK, "+1+1", "-1-1", "@SUM(A1)", "=1+1")


@pytest.fixture(scope="module")
def hostile() -> govkit.Report:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    cells = [i for i, line in enumerate(lines) if line.startswith("\t") and line.strip() == "0"]
    for i, payload in zip(cells, PAYLOADS, strict=False):
        lines[i] = "\t" + payload
    text = "\n".join(lines).replace("一、总体情况\n", f"一、总体情况\n{LINK}收到申请共99件。", 1)
    return govkit.parse_report(text, source="=cmd|' /C calc'!A0", meta={"agency": LINK})


def _cells(path) -> list:
    wb = load_workbook(path)
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]


def _assert_safe(path, *, must_hold: tuple[str, ...]) -> None:
    cells = _cells(path)
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert not [c.coordinate for c in cells if c.hyperlink is not None]
    held = {c.value for c in cells if isinstance(c.value, str)}
    for payload in must_hold:
        assert payload in held, f"{payload!r} not written to {path.name}"
    risky = [c for c in cells if isinstance(c.value, str) and c.value[:1] in "=+-@"]
    assert risky and all(c.data_type == "s" for c in risky)


def test_hostile_report_carries_the_payloads(hostile):
    raws = set(hostile.cells["raw"])
    assert set(PAYLOADS) <= raws
    assert hostile.meta.agency == LINK
    findings = govkit.audit([hostile])
    assert (findings["sentence"] == f"{LINK}收到申请共99件").any()


def test_cells_xlsx_keeps_formulas_as_text(hostile, tmp_path):
    path = write_cells(stack_cells(hostile), tmp_path / "cells.xlsx")
    _assert_safe(path, must_hold=(*PAYLOADS, "=cmd|' /C calc'!A0"))


@pytest.mark.parametrize("writer", [write_rectification, to_xlsx], ids=["export", "audit"])
def test_rectification_xlsx_keeps_formulas_as_text(hostile, tmp_path, writer):
    findings = govkit.audit([hostile])
    path = writer(findings, tmp_path / "findings.xlsx")
    _assert_safe(path, must_hold=(f"{LINK}收到申请共99件", "=cmd|' /C calc'!A0"))


def test_findings_with_a_formula_in_every_text_column(tmp_path):
    """Every column of the 整改清单 that holds text, hostile at once."""
    row = {c: LINK for c in ("rule", "severity", "table", "row", "col", "formula", "message")}
    findings = pd.DataFrame(
        [{**row, "sentence": "@cmd", "suggestion": "+1", "cells": [LINK], "source": "-2+3"}]
    )
    path = write_rectification(findings.assign(agency=LINK, year=2020), tmp_path / "f.xlsx")
    _assert_safe(path, must_hold=(LINK, "@cmd", "+1", "-2+3"))


# ------------------------------------------------------------------- rows rendered a column at a time

# text xlsxwriter escapes or marks: XML specials, control characters, a literal _xHHHH_, Unicode
# non-characters, leading/trailing whitespace (a vertical tab is escaped first, so not kept),
# the wrap threshold on either side, a cell over Excel's 32,767 UTF-16 units (astral characters
# count two), lists, and every kind of blank
AWKWARD = [
    "a&b<c>d\"e'",
    "bell\x07 and nul\x00",
    "_x0041_ literal",
    "non\ufffechar\uffff",
    " leading",
    "trailing\t",
    "\u3000全角空格",
    "\x0bvertical tab",
    "line\nbreak",
    "十一个字符的文本正好吗",
    "十二个字符的文本正好换行吗",
    '=HYPERLINK("http://x","y")',
    "𠀀" * 20000,
    "x" * 40000,
    ["第一行｜本年新收", "第二行｜上年结转"],
    "",
    None,
    float("nan"),
    pd.NA,
    "普通",
]


def _awkward_table() -> pd.DataFrame:
    n = len(AWKWARD)
    return pd.DataFrame(
        {
            "机关": pd.array(["甲"] * (n - 1) + [None], dtype="str"),
            "年度": pd.array([2020, None] * (n // 2), dtype="Int64"),
            "文本": pd.Series(AWKWARD, dtype=object),
            "数值": [0.1, -3.0, 1e20, 1e-20, 123456789012.0, float("nan"), 7.0, 2.5, -0.0, 1.0] * 2,
            "混合": pd.Series([1, 2.5, True, "3", [1, 2], None, 0, "", 4, "尾"] * 2, dtype=object),
            "空": pd.Series([None] * n, dtype=object),
        }
    )


def _parts(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:  # docProps/core.xml holds the time it was written
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


def _cell_by_cell(path, table: pd.DataFrame) -> None:
    """The sheet written through xlsxwriter's own cell writers, one call a cell."""
    buf = io.BytesIO()
    wb, styles = export._new_workbook(buf)
    ws = wb.add_worksheet("全部")
    rows = [list(r) for r in table.itertuples(index=False)]
    for i, col in enumerate(zip(table.columns, *rows[:200], strict=True)):
        width = max(len(str(export._plain(v))) if export._plain(v) is not None else 0 for v in col)
        ws.set_column(i, i, min(60, max(8, width * 1.6)))
    ws.freeze_panes(1, 0)
    for c, h in enumerate(table.columns):
        export._write(ws, 0, c, h, styles, styles[export._HEAD])
    for r, rec in enumerate(rows, 1):
        for c, v in enumerate(rec):
            export._write(ws, r, c, v, styles)
    wb.close()
    path.write_bytes(buf.getvalue())


def _rendered(path, table: pd.DataFrame) -> None:
    buf = io.BytesIO()
    wb, styles = export._new_workbook(buf)
    export._write_sheet(wb, styles, "全部", table)
    wb.close()
    path.write_bytes(buf.getvalue())


@pytest.mark.parametrize("rows", [1, 3, 20], ids=["one row", "three rows", "twenty rows"])
def test_rendered_rows_are_xlsxwriters_own_xml(tmp_path, monkeypatch, rows):
    """Byte for byte the workbook xlsxwriter writes cell by cell: cell references, styles (wrap
    from 12 characters), numbers, escapes, kept whitespace, truncation, blank cells and rows,
    the sheet's dimension; also across the chunks rows are rendered in."""
    monkeypatch.setattr(export, "_ROWS_AT_ONCE", 7)
    table = _awkward_table().iloc[:rows]
    _cell_by_cell(tmp_path / "a.xlsx", table)
    _rendered(tmp_path / "b.xlsx", table)
    assert _parts(tmp_path / "a.xlsx") == _parts(tmp_path / "b.xlsx")


def test_blank_rows_and_a_blank_last_row(tmp_path):
    table = pd.DataFrame({"a": ["x", None, "y", None], "b": [None, None, 1.5, None]})
    _cell_by_cell(tmp_path / "a.xlsx", table)
    _rendered(tmp_path / "b.xlsx", table)
    assert _parts(tmp_path / "a.xlsx") == _parts(tmp_path / "b.xlsx")
    ws = load_workbook(tmp_path / "b.xlsx").worksheets[0]
    assert [[c.value for c in r] for r in ws.iter_rows()] == [
        ["a", "b"],
        ["x", None],
        [None, None],
        ["y", 1.5],
    ]


def test_text_shaped_like_rich_string_xml_stays_text(tmp_path):
    """xlsxwriter's streaming mode writes a string <r>…</r> as raw XML (its rich-string form): report
    text could then add cells or formulas. It is escaped like any other text."""
    sneaky = '<r><t>x</t></r></is></c><c r="Z9"><f>1+1</f></c><c><is><r><t>y</t></r>'
    row = {"rule": "r", "severity": "error", "message": sneaky, "sentence": "<r>照抄</r>"}
    path = write_rectification(
        pd.DataFrame([row]).assign(agency="甲", year=2020), tmp_path / "f.xlsx"
    )
    cells = _cells(path)
    assert {sneaky, "<r>照抄</r>"} <= {c.value for c in cells}
    assert not [c.coordinate for c in cells if c.data_type == "f"]


def test_a_non_finite_number_is_written_as_text(tmp_path):
    """xlsxwriter refuses inf (TypeError); the finding is still written, the number as its text."""
    row = {"rule": "r", "severity": "error", "expected": float("inf"), "actual": 3.0}
    path = write_rectification(
        pd.DataFrame([row]).assign(agency="甲", year=2020), tmp_path / "f.xlsx"
    )
    ws = load_workbook(path)["全部"]
    assert [c.value for c in ws[2]][:6] == ["甲", 2020, "r", "错误", 3, "inf"]  # 印出值, 应为
