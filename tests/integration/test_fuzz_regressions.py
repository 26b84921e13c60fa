"""Every failure the fuzzers found, as the smallest input that showed it (inline, built from the
bundled reports, or under tests/fixtures/fuzz/). Hangs are checked with a wall-clock limit far
above the linear time (~0.1 s) and far below the quadratic one (minutes).
"""

from __future__ import annotations

import math
import sys

import pytest
from conftest import DATA, ROOT, SEED

import govkit
from govkit import InputError

sys.path.insert(0, str(ROOT))
from fuzz import variants as V
from fuzz.check import check_cells, check_input, deadline, own_cell_problems
from fuzz.mutate import CellContent

FIXTURES = ROOT / "tests" / "fixtures"
MD = DATA / "2024_shanghai_kewei.md"
CRAWLER = DATA / "2023_pingtan.txt"
HTML = DATA / "2020_ninghe_zaojiachengzhen.html"
LIMIT = 10.0


def _insert(path, needle: str, extra: str, before: bool = True) -> str:
    text = path.read_text(encoding="utf-8")
    assert needle in text
    return text.replace(needle, extra + needle if before else needle + extra, 1)


def _read_and_audit(text: str) -> govkit.Report:
    with deadline(LIMIT):
        rep = govkit.parse_report(text)
        check_cells(rep)
        rep.audit()
    return rep


# ---------------------------------------------------------------- hangs: quadratic regexes


def test_markdown_line_of_chinese_without_numbers_is_linear():
    """markdown._LABEL_NUMBERS was `^(\\S*[CJK]\\S*)…`: 17 s for 20,000 characters."""
    rep = _read_and_audit(_insert(MD, "| 信息内容 |", "行" * 50_000 + "\n\n"))
    assert rep.meta.format == "markdown"
    assert (rep.cells["status"] == "ok").all()


def test_long_digit_run_in_the_prose_is_linear_in_the_audit():
    """audit.text's `(\\d+)\\s*件` was tried from every digit of a run: 32 s for 20,000 digits."""
    _read_and_audit(_insert(SEED, "一、总体情况", "\n" + "1" * 50_000 + "\n", before=False))


@pytest.mark.parametrize("path", [HTML, CRAWLER], ids=["html-sections", "crawler-flat-headings"])
def test_run_of_numerals_before_a_heading_is_linear(path):
    """fuzz run seed 2 input 1243 (flood of 一 into the HTML seed): prose._HEADING and the flat
    matcher's numbering `[一二…]+\\s*[、.]` were quadratic in a run of 一 (over 10 s)."""
    needle = "三、收到和处理政府信息公开申请情况"
    rep = _read_and_audit(_insert(path, needle, "一" * 50_000 + "\n"))
    assert rep.sections  # the headings are still found


def test_run_of_blank_lines_is_linear_in_format_sniffing():
    """looks_like_markdown's `(?m)^\\s*\\|` let each line start swallow every blank line after it."""
    rep = _read_and_audit(_insert(SEED, "一、总体情况", "\n" * 50_000))
    assert rep.meta.format == "text"


# ---------------------------------------------------------------- silent loss, wrong numbers


def test_html_nested_deeper_than_the_parser_allows_is_an_input_error():
    """libxml2 stops at 256 levels and silently drops the rest of the page (the report's tables
    vanished and the error blamed the template); 100,000 levels must not be a RecursionError."""
    deep = "<div>" * 100_000 + "x" + "</div>" * 100_000
    html = HTML.read_text(encoding="utf-8").replace("<body>", "<body>" + deep, 1)
    with pytest.raises(InputError, match=r"嵌套超过 256 层.*HUGE_TREE"):
        govkit.parse_report(html)


def test_html_text_node_over_10_mb_is_an_input_error():
    html = "<html><body><p>" + "x" * (11 * 1024 * 1024) + "</p><table><tr><td>1</td></tr></table>"
    with pytest.raises(InputError, match="10 MB"):
        govkit.parse_report(html)


def test_huge_printed_number_is_not_infinity():
    """400 printed digits parsed to inf: a value the report never printed. Now NaN, raw kept."""
    text = SEED.read_text(encoding="utf-8")
    assert "\n\t1\n" in text
    rep = _read_and_audit(text.replace("\n\t1\n", "\n\t" + "9" * 400 + "\n", 1))
    huge = rep.cells[rep.cells["raw"] == "9" * 400]
    assert len(huge) == 1 and math.isnan(huge["value"].iloc[0])
    findings = rep.audit()
    assert "cells.text" in set(findings["rule"])  # said aloud, not silently dropped


def test_damaged_pdf_whose_close_fails_is_an_input_error():
    """fuzz run seed 7 input 3351 (flipped bytes in the kewei PDF), reduced to two bytes: pdfplumber's
    close() re-read the damaged page tree and its PdfminerException replaced our InputError."""
    data = (FIXTURES / "fuzz" / "pdf_close_raises.pdf").read_bytes()
    with pytest.raises(InputError, match="PDF"):
        govkit.read_report(data)
    assert check_input(data) == "InputError"


@pytest.mark.parametrize(
    "line", ["\t" * 50_000 + "x", "|--" + " " * 100_000 + "x"], ids=["tabs", "separator-spaces"]
)
def test_long_white_space_runs_in_markdown_are_linear(line):
    """fuzz run seed 7 input 16019 (30,000 tabs flooded into the kewei markdown): markdown
    sniffing's `^\\s*\\|?\\s*:?-{3,}` split the run between its two `\\s*` in every way (10 s); the
    separator-row pattern had the same `\\s*\\|?\\s*` at its end (found reading the pattern)."""
    rep = _read_and_audit(_insert(MD, "| 信息内容 |", line + "\n\n"))
    assert rep.meta.format == "markdown"
    assert (rep.cells["status"] == "ok").all()


# ---------------------------------------------------------------- issue 16: each cell its own text
#
# The red team's inputs, smallest form. The old invariant ("every value occurs in the source") let
# them through: "200" occurs in the source while the cell printing 11 was read as 2. Each test now
# holds the touched cells to their OWN visible text (fuzz/check.py `own_cell_problems`).

PUNISH = "第二十条第（六）项/行政处罚"
PUNISH_COLS = ("上一年项目数量", "本年增/减", "处理决定数量")


def _own(rep: govkit.Report, visible: dict) -> None:
    check_cells(rep)
    assert own_cell_problems(rep, visible) == []


def test_chinese_text_in_a_value_cell_is_not_a_label():
    """Web text 行政处罚 = 11 | 增加 | 200 read 2 | 0 | 0 (segmented, no finding)."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    assert [x.strip() for x in lines[53:57]] == ["行政处罚", "11", "增", "20"]
    lines[55], lines[56] = "\t增加", "\t200"
    rep = _read_and_audit("\n".join(lines))
    shown = dict(zip(PUNISH_COLS, ("11", "增加", "200"), strict=True))
    _own(rep, {("active", PUNISH, c): v for c, v in shown.items()})


def test_markdown_row_with_text_cells_keeps_its_last_number():
    """Markdown `规范性文件 | 暂无 | 暂无 | 105` read 1 | 0 | 5."""
    rep = _read_and_audit(
        MD.read_text(encoding="utf-8").replace(
            "| 规范性文件 | 13 | 0 | 55 |", "| 规范性文件 | 暂无 | 暂无 | 105 |", 1
        )
    )
    row = "第二十条第（一）项/行政规范性文件"
    cols = ("本年制发件数", "本年废止件数", "现行有效件数")
    _own(rep, {("active", row, c): v for c, v in zip(cols, ("暂无", "暂无", "105"), strict=True)})


def test_blank_cell_in_crawler_text_is_not_split_away():
    """Crawler `规章 12 0` (one blank cell: which one is unknown) read 1 | 2 | 0."""
    text = CRAWLER.read_text(encoding="utf-8")
    assert "规章000行政规范性文件" in text
    rep = _read_and_audit(text.replace("规章000", "规章 12 0", 1))
    cells = rep.cells[rep.cells["row"] == "第二十条第（一）项/规章"]
    assert cells["value"].isna().all(), cells[["col", "raw", "value", "status"]]


@pytest.mark.parametrize(
    ("inner", "shown"),
    [
        ('1<span style="display:none">9</span>1', "11"),
        ("11<del>9</del>", "11"),
        ("11<template>9</template>", "11"),
        ("<ruby>11<rt>9</rt></ruby>", "11"),
        ("1<!--9-->1", "11"),
        ("1<br>1", "1\n1"),
        ("<p>1</p><p>1</p>", "1\n1"),
        ("1 1", "1 1"),
        ("1\u00a01", "1\u00a01"),
        ("1\u30001", "1\u30001"),
    ],
    ids=[
        "display-none",
        "del",
        "template",
        "ruby-rt",
        "comment",
        "br",
        "two-p",
        "space",
        "nbsp",
        "ideographic",
    ],
)
def test_html_cell_reads_what_a_browser_shows(inner, shown):
    """`1<span style="display:none">9</span>1` read 191 (ok); `1<br>1` read 11 silently."""
    html = HTML.read_text(encoding="utf-8")
    old = '<p style="text-align:center;">行政处罚</p></td>\n<td style="border:1px solid #000;padding:0 5.4pt;" valign="middle"><p style="text-align:center;">11</p>'
    assert old in html
    rep = _read_and_audit(html.replace(old, old.replace(">11</p>", f">{inner}</p>"), 1))
    _own(rep, {("active", PUNISH, "上一年项目数量"): shown})


# Found by the one-cell long run (`python -m fuzz.variants --cells --seed 11`), one cell each;
# each failed on the merged reader until the grid or flat helper fixed it.
_REVIEW_FIRST = ("review_litigation", "数量", "行政复议/结果维持")
_TEXT = CellContent("chinese", "持平", "持平", "持平")
CELL_LONG_RUN = [
    pytest.param(
        "2021_pingtan.txt",
        "html",
        _REVIEW_FIRST,
        _TEXT,
        id="chinese-review-first-cell-html",
    ),
    pytest.param(
        "2025_pingtan.page.html",
        "text",
        _REVIEW_FIRST,
        _TEXT,
        id="chinese-review-first-cell-text",
    ),
    pytest.param(
        "2024_huaian_shizhengfu.pdf",
        "crawler",
        ("requests", "无法提供/没有现成信息需要另行制作", "自然人"),
        CellContent("blank_crawler", "", plain=""),
        id="blank-crawler-piece-split",
    ),
    pytest.param(
        "2024_shanghai_kewei.md",
        "crawler",
        ("requests", "本年新收政府信息公开申请数量", "自然人"),
        _TEXT,
        id="chinese-crawler-detection",
    ),
]


@pytest.mark.parametrize(("name", "fmt", "key", "content"), CELL_LONG_RUN)
def test_cells_found_by_the_long_run(name, fmt, key, content):
    found = [s for s in V.load_sources() if s.name == name]
    if not found:
        pytest.skip(f"{name} is not available")
    assert V.check_variant(V.make_cell_variant(found[0], key, fmt, content)) == []


def test_collapsed_group_cells_keep_the_cell_invariant():
    """fuzz run seed 14 input 1430 (a 2021 fragment spliced into the 2019 seed): the reader printed
    （六）其他处理 as one row, 200 template cells + 7 group cells, which check_cells called a
    mismatch. The contract (status `collapsed`, group row under the group's path) is now checked."""
    src = next(s for s in V.load_sources() if s.name == "2024_shanghai_kewei.md")
    data, _ = V.render(src, V.Layout(collapse="其他处理"), "html")
    rep = _read_and_audit(data.decode("utf-8"))
    assert (rep.cells["status"] == "collapsed").sum() == 21
    assert (rep.cells["row"] == "其他处理").sum() == 7


def test_wrapped_label_continuation_without_text_is_not_a_crash():
    """fuzz run seed 14 input 5902 (flipped bytes in the split kewei PDF): a wrapped-label
    continuation row with no text raised StopIteration from the matcher."""
    data = (FIXTURES / "fuzz" / "wrapped_label_stopiteration.pdf").read_bytes()
    with deadline(LIMIT):
        check_input(data)
