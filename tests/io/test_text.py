"""govkit.io.text: copied web text (a cell per tab-indented line) and crawler text (one line per table)."""

from __future__ import annotations

from govkit.io.text import parse_text
from tests.conftest import DATA, SEED


def _texts(doc) -> list[list[str]]:
    return [[c.text for c in row] for row in doc.rows]


def test_copied_web_text_of_the_seed():
    """Read from data/2020_ninghe_zaojiachengzhen.txt: lines 13-18 are one header row whose cells
    `本年新` / `制作数量` are broken over two lines; lines 20-23 are the 规章 row."""
    doc = parse_text(SEED.read_text(encoding="utf-8"), source="seed.txt", encoding="utf-8")
    assert (doc.format, doc.flat, doc.source, doc.encoding) == ("text", False, "seed.txt", "utf-8")
    rows = doc.rows
    header = next(r for r in rows if r[0].text == "信息内容")
    assert [(c.text, c.ref) for c in header] == [
        ("信息内容", "line 13"),
        ("本年新制作数量", "line 14"),
        ("本年新公开数量", "line 16"),
        ("对外公开总数量", "line 18"),
    ]
    assert ["规章", "0", "0", "0"] in _texts(doc)
    assert [(c.text, c.ref) for c in rows[0]] == [("政府信息公开工作年度报告", "line 2")]


def test_blank_line_ends_a_row_and_prose_is_one_cell_per_line():
    doc = parse_text("标题\n\t规章\n\t1\n\n\t规范性文件\n\t2\n\n正文一段\n")
    assert _texts(doc) == [["标题"], ["规章", "1"], ["规范性文件", "2"], ["正文一段"]]


def test_cells_copied_on_one_line_are_tab_separated():
    doc = parse_text("行政许可\t3\t0\t5\n\t行政处罚\t1\n")
    assert _texts(doc) == [["行政许可", "3", "0", "5", "行政处罚", "1"]]


def test_a_line_without_tab_after_cells_continues_the_last_cell_only():
    doc = parse_text("\t信息内容\n\t对外公开\n总数量\n\n第二段\n")
    assert _texts(doc) == [["信息内容", "对外公开总数量"], ["第二段"]]


def test_crawler_text_is_flat():
    """data/2023_pingtan.txt runs section 三 together: `本年新收政府信息公开申请数量0000000`."""
    doc = parse_text((DATA / "2023_pingtan.txt").read_text(encoding="utf-8"))
    assert doc.flat and doc.format == "crawler-text"


def test_the_first_row_of_section_3_in_cells_is_not_flat():
    doc = parse_text("\t本年新收政府信息公开申请数量\n\t3\n\t0\n")
    assert not doc.flat and doc.format == "text"
    assert not parse_text("本年新收政府信息公开申请数量\t3\t0\n").flat
