"""Exported workbooks are safe to share: report text starting with = + - @ stays text in Excel.

A hostile copy of the seed carries a formula in a table cell, in the agency name and source, and
in a prose sentence the text-vs-table audit quotes. Every workbook govkit writes is reopened with
openpyxl: the hostile strings are there, as text cells ('s'), and no cell is a formula or a link.
"""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import SEED
from openpyxl import load_workbook

import govkit
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
