"""govkit.io.layout: rows from a page written out as text with table markers (HTML and Word).

Built here from marker text directly (START, per row ROW, per cell text + CELL, END), as each
reader's stylesheet writes it; the HTML and Word readers' use of it is tested in test_io.py.
"""

from __future__ import annotations

import threading

import pytest
from lxml import etree

from govkit.io.layout import (
    CELL,
    END,
    MARKERS,
    ROW,
    START,
    rows_of,
    strip_marker_bytes,
    strip_markers,
    write_text,
)


def _table(*rows: tuple[str, ...]) -> str:
    return START + "".join(ROW + "".join(c + CELL for c in row) for row in rows) + END


def _rows(text: str) -> list[list[tuple[str, str]]]:
    return [[(c.text, c.ref) for c in row] for row in rows_of(text, "t")]


def test_prose_lines_are_one_cell_rows_blank_lines_dropped():
    assert _rows("一、总体情况\n\n  \n本年度……\n") == [
        [("一、总体情况", "paragraph 1")],
        [("本年度……", "paragraph 2")],
    ]


def test_a_table_between_paragraphs():
    text = (
        "二、主动公开\n" + _table(("规章", "0", "1"), ("规范性文件", "2", "3")) + "\n三、收到申请"
    )
    assert _rows(text) == [
        [("二、主动公开", "paragraph 1")],
        [
            ("规章", "table 1 row 1 col 1"),
            ("0", "table 1 row 1 col 2"),
            ("1", "table 1 row 1 col 3"),
        ],
        [
            ("规范性文件", "table 1 row 2 col 1"),
            ("2", "table 1 row 2 col 2"),
            ("3", "table 1 row 2 col 3"),
        ],
        [("三、收到申请", "paragraph 4")],
    ]


def test_tables_are_numbered_in_document_order():
    text = _table(("a", "1")) + "中间\n" + _table(("b", "2"))
    refs = [row[0].ref for row in rows_of(text, "t")]
    assert refs == ["table 1 row 1 col 1", "paragraph 2", "table 2 row 1 col 1"]


def test_two_paragraphs_in_a_cell_are_two_lines_not_three():
    assert rows_of(_table(("规章", "1\n\n\n1")), "t")[0][1].text == "1\n1"


def test_small_nested_table_is_lines_of_the_cell():
    """A 1x2 table inside a cell: its cells on lines of their own, never glued into "98"."""
    inner = _table(("9", "8"))
    rows = rows_of(_table(("规章", "5" + inner)), "t")
    assert len(rows) == 1
    assert rows[0][1].text.split() == ["5", "9", "8"]


def test_larger_nested_table_follows_the_row_that_holds_it():
    inner = _table(("9", "8"), ("7", "6"))
    got = _rows(_table(("规章", "5" + inner), ("规范性文件", "4")))
    assert got == [
        [("规章", "table 1 row 1 col 1"), ("5", "table 1 row 1 col 2")],
        [("9", "table 2 row 1 col 1"), ("8", "table 2 row 1 col 2")],
        [("7", "table 2 row 2 col 1"), ("6", "table 2 row 2 col 2")],
        [("规范性文件", "table 1 row 2 col 1"), ("4", "table 1 row 2 col 2")],
    ]


@pytest.mark.parametrize(
    "frame",
    [
        lambda body: _table((body,)),  # 1x1
        lambda body: _table(("", body, " ")),  # spacer cells around the one that holds the page
        lambda body: _table(("网站首页",), (body,)),  # one column
    ],
    ids=["1x1", "spacers", "one-column"],
)
def test_a_frame_is_read_as_the_page_it_frames(frame):
    page = "标题\n" + _table(("规章", "0"), ("规范性文件", "2")) + "\n结尾"
    got = [[c.text for c in row] for row in rows_of(frame(page), "t")]
    assert ["规章", "0"] in got and ["规范性文件", "2"] in got
    assert ["标题"] in got and ["结尾"] in got
    assert got.index(["标题"]) < got.index(["规章", "0"]) < got.index(["结尾"])


def test_a_table_with_two_filled_cells_in_a_row_is_not_a_frame():
    got = _rows(_table(("规章", "0")))
    assert got == [[("规章", "table 1 row 1 col 1"), ("0", "table 1 row 1 col 2")]]


def test_deeply_nested_tables_do_not_recurse():
    depth = 3000
    text = (START + ROW) * depth + "x" + (CELL + ROW + "y" + CELL + "z" + CELL + END) * depth
    rows = [[c.text for c in row] for row in rows_of(text, "t")]
    assert len(rows) == 2 * depth  # each table: the row holding the next, then `y z`
    assert rows[depth - 1] == ["x"] and rows[depth] == rows[-1] == ["y", "z"]


def test_strip_markers_removes_characters_and_references_only():
    page = f"1{START}2&#xFDD4;3&#64976;4&#xfdd2;5&#xFDD5;6&#xFDCF;7{CELL}"
    assert strip_markers(page) == "12345&#xFDD5;6&#xFDCF;7"
    assert strip_markers("公开 &amp; 行政许可 &#20844;") == "公开 &amp; 行政许可 &#20844;"
    assert not any(m in strip_markers("".join(MARKERS)) for m in MARKERS)


def test_strip_marker_bytes_is_strip_markers_on_utf8():
    page = f"<w:t>1{ROW}2&#xFDD0;3&#64980;4&#64981;</w:t>"
    assert strip_marker_bytes(page.encode()) == strip_markers(page).encode()
    assert strip_marker_bytes(page.encode()) == b"<w:t>1234&#64981;</w:t>"


STYLESHEET = """<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
<xsl:output method="text" encoding="UTF-8"/>
<xsl:template match="b"/>
</xsl:stylesheet>"""


def test_write_text_applies_the_stylesheet_in_any_thread():
    root = etree.fromstring("<p>规章<b>隐藏</b>0</p>")
    assert write_text(STYLESHEET, root) == "规章0"
    got = []
    worker = threading.Thread(
        target=lambda: got.append(write_text(STYLESHEET, etree.fromstring("<p>a<b>b</b>c</p>")))
    )
    worker.start()
    worker.join()
    assert got == ["ac"]
