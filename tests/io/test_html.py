"""govkit.io.html: a web page as the rows of cells and paragraphs a browser shows, in order.

What a browser hides is tested cell by cell in tests/io/test_io.py; here: the page's own parts
(head, meta dates, table sections, header cells) and the sniffing.
"""

from __future__ import annotations

import pytest

from govkit.io.html import looks_like_html, parse_html
from tests.conftest import DATA

SEED_HTML = DATA / "2020_ninghe_zaojiachengzhen.html"


def _rows(doc) -> list[list[tuple[str, str]]]:
    return [[(c.text.strip(), c.ref) for c in row] for row in doc.rows]


def test_seed_page_rows_in_reading_order():
    """The seed page: title and prose paragraphs, then section 二's table, whose third row is
    规章 0 0 0 (as printed on the page)."""
    doc = parse_html(SEED_HTML.read_text(encoding="utf-8"), "seed.html", "utf-8")
    assert (doc.format, doc.source, doc.encoding, doc.flat) == ("html", "seed.html", "utf-8", False)
    rows = _rows(doc)
    assert rows[0] == [("政府信息公开工作年度报告", "paragraph 1")]
    assert rows[5][0] == ("二、主动公开政府信息情况", "paragraph 6")
    assert rows[8] == [
        ("规章", "table 1 row 3 col 1"),
        ("0", "table 1 row 3 col 2"),
        ("0", "table 1 row 3 col 3"),
        ("0", "table 1 row 3 col 4"),
    ]
    assert [c.text for c in doc.rows[7]][1] == "\n本年新\n制作数量\n"  # <p>本年新<br>制作数量</p>


def test_head_and_title_are_not_read():
    doc = parse_html(
        "<html><head><title>网站标题</title><style>p{}</style></head><body><p>正文</p></body></html>"
    )
    assert _rows(doc) == [[("正文", "paragraph 1")]]


def test_paragraphs_and_line_breaks_are_rows_inline_elements_are_not():
    doc = parse_html("<p>总体<br>情况</p><p>本年 <b>共</b> 3 件</p>")
    assert [r[0][0] for r in _rows(doc)] == ["总体", "情况", "本年 共 3 件"]


def test_header_cells_and_table_sections_in_document_order():
    page = (
        "<table><thead><tr><th>信息内容</th><th>处理决定数量</th></tr></thead>"
        "<tbody><tr><td>行政许可</td><td>97</td></tr></tbody></table>"
    )
    assert _rows(parse_html(page)) == [
        [("信息内容", "table 1 row 1 col 1"), ("处理决定数量", "table 1 row 1 col 2")],
        [("行政许可", "table 1 row 2 col 1"), ("97", "table 1 row 2 col 2")],
    ]


def test_blank_cells_are_kept_in_place_and_empty_rows_skipped():
    """A blank cell keeps the columns after it where they are; a row number is the page's."""
    page = "<table><tr><td>规章</td><td></td><td>5</td></tr><tr></tr><tr><td>规范性文件</td><td>4</td></tr></table>"
    assert _rows(parse_html(page)) == [
        [
            ("规章", "table 1 row 1 col 1"),
            ("", "table 1 row 1 col 2"),
            ("5", "table 1 row 1 col 3"),
        ],
        [("规范性文件", "table 1 row 3 col 1"), ("4", "table 1 row 3 col 2")],
    ]


def test_text_between_table_rows_is_not_lost():
    page = "<table><tr><td>规章</td><td>0</td></tr>注：单位为件<tr><td>规范性文件</td><td>4</td></tr></table>"
    doc = parse_html(page)
    assert "注：单位为件" in doc.text or any("注：单位为件" in d for d in doc.dropped)
    assert [[c.text for c in r] for r in doc.rows if len(r) > 1] == [
        ["规章", "0"],
        ["规范性文件", "4"],
    ]


def test_xml_declaration_and_doctype_only_pages():
    """An XHTML page with an encoding declaration (lxml refuses one in a str) and a page with no
    element at all both read, the second to no rows."""
    page = '<?xml version="1.0" encoding="utf-8"?><html><body><table><tr><td>规章</td><td>0</td></tr></table></body></html>'
    assert [c.text for c in parse_html(page).rows[0]] == ["规章", "0"]
    assert parse_html("<!DOCTYPE html>").rows == []


@pytest.mark.parametrize(
    ("meta", "date"),
    [
        ('<meta name="PubDate" content="2021-01-15 09:30">', "2021-01-15 09:30"),
        ('<meta name="publishdate" content=" 2021-01-15 ">', "2021-01-15"),
        (
            '<meta property="article:published_time" content="2021-01-15T08:00:00+08:00">',
            "2021-01-15T08:00:00+08:00",
        ),
        (
            '<meta name="date" content="2020-12-01"><meta name="PubDate" content="2021-01-15">',
            "2021-01-15",
        ),
        (
            '<meta name="PubDate" content=""><meta name="dc.date" content="2021-02-02">',
            "2021-02-02",
        ),
    ],
    ids=["pubdate", "trimmed", "og-property", "pubdate-before-date", "empty-skipped"],
)
def test_publication_date_from_meta_tags(meta, date):
    doc = parse_html(f"<html><head>{meta}</head><body><p>正文</p></body></html>")
    assert (doc.published, doc.published_source) == (date, "html")


def test_no_date_meta_no_publication_date():
    doc = parse_html(
        '<html><head><meta name="keywords" content="2021-01-15"></head><body>x</body></html>'
    )
    assert (doc.published, doc.published_source) == ("", "")


@pytest.mark.parametrize(
    "text",
    [
        "<!DOCTYPE html><html>",
        "<TABLE><tr><td>1</td></tr></TABLE>",
        "\n  <div class=x>",
        "<p>正文</p>",
        '<meta charset="gbk">',
    ],
)
def test_looks_like_html(text):
    assert looks_like_html(text)


@pytest.mark.parametrize(
    "text",
    ["行政许可 < 5 件，p > 0", "| a | b |\n|---|---|", "<pre>不是网页", "x" * 4096 + "<html>"],
    ids=["comparison", "markdown", "other-tag", "tag-after-4096"],
)
def test_does_not_look_like_html(text):
    assert not looks_like_html(text)


def test_seed_text_does_not_look_like_html_and_the_page_does():
    assert looks_like_html(SEED_HTML.read_text(encoding="utf-8"))
    assert not looks_like_html(
        (DATA / "2020_ninghe_zaojiachengzhen.txt").read_text(encoding="utf-8")
    )
