"""govkit.io.document: the Document every reader returns, and its text views."""

from __future__ import annotations

import dataclasses

import pytest

from govkit.io import load
from govkit.io.document import Cell, Document
from tests.conftest import SEED


def _doc(*rows: tuple[str, ...], **kw) -> Document:
    return Document(
        [tuple(Cell(t, f"line {i}") for t in row) for i, row in enumerate(rows, 1)], "text", **kw
    )


def test_cell_is_text_and_where_it_came_from():
    cell = Cell("行政处罚", "table 1 row 5 col 1")
    assert (cell.text, cell.ref) == ("行政处罚", "table 1 row 5 col 1")
    assert cell == ("行政处罚", "table 1 row 5 col 1")  # a tuple: readers build them by the hundred


def test_text_is_one_line_per_row_cells_joined_by_a_space():
    doc = _doc(("二、主动公开政府信息情况",), ("规章", "0", "0", "0"))
    assert doc.text == "二、主动公开政府信息情况\n规章 0 0 0"


def test_line_breaks_inside_a_cell_do_not_split_the_row():
    """A cell read from `本年新<br>制作数量` keeps its line break; the row stays one line of text."""
    doc = _doc(("信息内容", "本年新\n制作数量", "对外公开\n总数量"))
    assert doc.text == "信息内容 本年新 制作数量 对外公开 总数量"
    assert doc.text.count("\n") == 0
    assert doc.rows[0][1].text == "本年新\n制作数量"  # the cell itself is untouched


def test_normalized_and_squeezed_views():
    doc = _doc(("（一）予以公开",), ("　行政许可\u00a0", "１２"))
    assert doc.normalized == "(一)予以公开\n 行政许可  12"
    assert doc.squeezed == "(一)予以公开行政许可12"


def test_views_of_a_real_report_keep_its_order():
    doc = load(SEED)
    lines = doc.text.splitlines()
    assert len(lines) == len(doc.rows)
    assert lines[0] == "政府信息公开工作年度报告"
    assert lines.index("规章 0 0 0") < lines.index("规范性文件 0 0 0")
    assert not any(ch.isspace() for ch in doc.squeezed)
    assert "本年新制作数量" in doc.squeezed


def test_a_document_is_frozen_and_its_lists_are_its_own():
    a, b = _doc(("x",)), _doc(("y",))
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.flat = True  # type: ignore[misc]
    a.dropped.append("页码")
    assert b.dropped == []
    assert (a.flat, a.encoding, a.published, a.published_source) == (False, "", "", "")
