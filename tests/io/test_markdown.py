"""govkit.io.markdown: `| a | b |` rows amid lines, as PDF/OCR converters write them."""

from __future__ import annotations

from govkit.io.markdown import looks_like_markdown, parse_markdown
from tests.conftest import DATA, SEED

KEWEI = DATA / "2024_shanghai_kewei.md"


def _texts(doc) -> list[list[str]]:
    return [[c.text.strip() for c in row] for row in doc.rows]


def test_kewei_table_rows_and_the_flattened_row():
    """data/2024_shanghai_kewei.md line 77 is `行政许可 97` (a row whose cells the converter ran
    together), line 88 `| 规章 | 0 | 0 | 0 |`, line 87 a separator."""
    doc = parse_markdown(KEWEI.read_text(encoding="utf-8"), source="k.md")
    by_ref = {row[0].ref: [c.text.strip() for c in row] for row in doc.rows}
    assert by_ref["line 77"] == ["行政许可", "97"]
    assert by_ref["line 88"] == ["规章", "0", "0", "0"]
    assert "line 87" not in by_ref
    assert (doc.format, doc.source) == ("markdown", "k.md")


def test_page_footer_is_dropped_and_said():
    doc = parse_markdown("| 规章 | 0 |\n— 3 —\n| 规范性文件 | 13 |\n")
    assert _texts(doc) == [["规章", "0"], ["规范性文件", "13"]]
    assert doc.dropped == ["line 2: 页脚 page footer '— 3 —'"]


def test_a_line_of_numbers_is_split_only_after_a_chinese_label():
    doc = parse_markdown("行政许可 97 0 1\n2024 年 1 月\nTotal 97\n本年度共 3 件\n")
    assert _texts(doc) == [
        ["行政许可", "97", "0", "1"],
        ["2024 年 1 月"],
        ["Total 97"],
        ["本年度共 3 件"],
    ]


def test_br_in_a_cell_is_a_line_break_and_cells_stay_apart():
    doc = parse_markdown("| 总计 | 3<br>2 | 1<BR/>0 |\n| a || b |\n")
    assert [c.text for c in doc.rows[0]] == [" 总计 ", " 3\n2 ", " 1\n0 "]
    assert [c.text for c in doc.rows[1]] == [" a ", "", " b "]


def test_looks_like_markdown():
    assert looks_like_markdown(KEWEI.read_text(encoding="utf-8"))
    assert not looks_like_markdown(SEED.read_text(encoding="utf-8"))
    table = "| a | b |\n| 1 | 2 |\n| 3 | 4 |\n"
    assert looks_like_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n")
    assert not looks_like_markdown(table)  # rows but no separator
    assert not looks_like_markdown("| a | b |\n|---|---|\n")  # a separator but two rows
