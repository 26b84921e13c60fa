"""govkit.io.sniff: the error for a document without the template's tables says what it is."""

from __future__ import annotations

import pytest

from govkit.errors import InputError, ParseError, UnsupportedTemplate
from govkit.io import load
from govkit.io.document import Cell, Document
from govkit.io.html import parse_html
from govkit.io.sniff import ERROR_PAGE, no_tables_error
from tests.conftest import corpus_file


def _page(*lines: str, fmt: str = "html") -> Document:
    return Document([(Cell(x, f"paragraph {i}"),) for i, x in enumerate(lines, 1)], fmt, "dl.pdf")


@pytest.mark.parametrize(
    ("lines", "named"),
    [
        (["404 Not Found", "nginx/1.18.0"], "404 Not Found"),
        (["抱歉，您访问的页面不存在", "返回首页"], "页面不存在"),
        (["403 Forbidden"], "403 Forbidden"),
        (["502 Bad Gateway"], "502 Bad Gateway"),
    ],
    ids=["404", "zh", "403", "502"],
)
def test_web_page_without_report_words_is_an_error_page(lines, named):
    err = no_tables_error(_page(*lines))
    assert type(err) is InputError
    assert named in err.zh and named in err.en and err.source == "dl.pdf"
    assert "这是一个网页" in err.zh


def test_web_page_without_an_error_sign_is_just_a_web_page():
    err = no_tables_error(_page("首页", "机构概况", "联系我们"))
    assert type(err) is InputError and "错误页面" not in err.zh and "error page" not in err.en


def test_a_page_about_information_disclosure_is_not_called_an_error_page():
    """`信息公开` in the page: a report page without tables, not a download gone wrong, even if
    it prints a number such as 404."""
    err = no_tables_error(_page("政府信息公开工作年度报告", "本年共收到申请 404 件"))
    assert type(err) is UnsupportedTemplate


def test_text_that_is_not_html_is_never_an_error_page():
    err = no_tables_error(_page("404 Not Found", fmt="text"))
    assert type(err) is UnsupportedTemplate


@pytest.mark.parametrize(
    ("year", "kind"),
    [
        (2019, ParseError),
        (2024, ParseError),
        (2018, UnsupportedTemplate),
        (None, UnsupportedTemplate),
    ],
)
def test_the_year_decides_truncated_or_pre_2019(year, kind):
    err = no_tables_error(_page("政府信息公开工作年度报告", fmt="text"), year)
    assert type(err) is kind
    if kind is ParseError:
        assert f"{year} 年度" in err.zh and "truncated" in err.en


def test_real_pre_2019_report():
    """The 2018 平潭 report is free-form prose (no template tables)."""
    doc = load(corpus_file("2018_pingtan.txt"))
    err = no_tables_error(doc, 2018)
    assert type(err) is UnsupportedTemplate and "2019 年以前" in err.zh
    assert err.source == str(corpus_file("2018_pingtan.txt"))
    assert (
        type(no_tables_error(doc, 2020)) is ParseError
    )  # the same text said to be 2020: cut short


def test_error_page_pattern_does_not_take_years_or_counts():
    assert not ERROR_PAGE.search("2020年度 共1404件 第4050号")
    assert ERROR_PAGE.search("HTTP 500 Internal Server Error")[0] == "500 Internal Server Error"


def test_error_page_of_a_government_site_with_its_navigation_is_an_error_page():
    page = (
        "<html><head><title>页面不存在</title></head><body>"
        "<div class=nav>首页 政府信息公开 政务服务 互动交流</div>"
        "<h1>404</h1><p>抱歉，您访问的页面不存在或已被删除</p></body></html>"
    )
    err = no_tables_error(parse_html(page, "r.html"))
    assert type(err) is InputError and "错误页面" in err.zh


def test_an_old_report_page_with_an_error_word_in_its_text_stays_a_report():
    """Error words in a page that is titled as an annual report do not make it an error page."""
    page = (
        "<html><body><h1>某区2017年政府信息公开工作年度报告</h1>"
        "<p>本年度网站曾出现“页面不存在”的情况 3 次，已整改。</p></body></html>"
    )
    err = no_tables_error(parse_html(page, "r.html"))
    assert type(err) is UnsupportedTemplate
