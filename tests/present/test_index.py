"""govkit.present.index: index.html from small outcome tables, parsed with lxml (the rows of
every status, failure stages, links between duplicates and their kept page, sparse tables)."""

from __future__ import annotations

import lxml.html
import pandas as pd

from govkit.present.index import COLUMNS, STAGE_ZH, render_index


def _doc(rows: list[dict], out):
    return lxml.html.document_fromstring(render_index(pd.DataFrame(rows), out))


def _cells(doc) -> list[list[str]]:
    return [[td.text_content() for td in tr.findall("td")] for tr in doc.xpath("//tbody/tr")]


def test_header_names_the_columns_and_marks_the_numeric_ones(tmp_path):
    doc = _doc([{"source": "a.txt", "status": "read"}], tmp_path)
    heads = doc.xpath("//thead/tr/th")
    assert [th.text_content() for th in heads] == list(COLUMNS)
    numeric = [th.text_content() for th in heads if th.get("data-num") is not None]
    assert numeric == ["年度", "错误", "警告"]


def test_each_failure_stage_is_named(tmp_path):
    rows = [
        {"source": f"/in/{stage}.txt", "status": "failed", "stage": stage, "reason": "原因"}
        for stage in STAGE_ZH
    ] + [{"source": "/in/x.txt", "status": "failed", "stage": "", "reason": "无"}]
    doc = _doc(rows, tmp_path)
    results = [row[4] for row in _cells(doc)]
    assert results == ["读取失败：原因", "审核失败：原因", "页面生成失败：原因", "失败：无"]
    assert len(doc.xpath('//span[@class="fail"]')) == 4


def test_errors_are_bold_only_when_there_are_some(tmp_path):
    rows = [
        {"source": "/in/a.txt", "status": "read", "errors": 3, "warnings": 0},
        {"source": "/in/b.txt", "status": "read", "errors": 0, "warnings": 2},
    ]
    doc = _doc(rows, tmp_path)
    first, second = doc.xpath("//tbody/tr")
    assert first.findall("td")[2].get("class") == "err" and first.findall("td")[2].text == "3"
    assert second.findall("td")[2].get("class") is None and second.findall("td")[2].text == "0"
    assert second.findall("td")[3].text == "2"


def test_a_duplicate_links_to_the_kept_page_only_when_there_is_one(tmp_path):
    rows = [
        {"source": "/in/kept.html", "status": "rendered", "page": "kept-1"},
        {"source": "/in/copy.txt", "status": "duplicate", "duplicate_of": "/in/kept.html"},
        {"source": "/in/read.md", "status": "read"},
        {"source": "/in/copy.md", "status": "duplicate", "duplicate_of": "/in/read.md"},
        {"source": "/in/lost.md", "status": "duplicate", "duplicate_of": ""},
    ]
    doc = _doc(rows, tmp_path)
    rows_out = doc.xpath("//tbody/tr")
    assert rows_out[1].xpath(".//a/@href") == ["kept-1.html"]
    assert rows_out[1].findall("td")[4].text_content() == "与 kept.html 是同一份报告，不另出页面"
    assert rows_out[3].xpath(".//a") == []  # read.md has no page to link to
    assert rows_out[3].findall("td")[4].text_content() == "与 read.md 是同一份报告，不另出页面"
    assert rows_out[4].findall("td")[4].text_content() == "与 另一文件 是同一份报告，不另出页面"


def test_not_a_report_without_a_reason_still_says_so(tmp_path):
    doc = _doc([{"source": "/in/x.bin", "status": "not_report"}], tmp_path)
    assert _cells(doc)[0][4] == "不是年度报告 / not a report"


def test_a_sparse_table_renders_with_blanks(tmp_path):
    """Only source and status: every other column is blank, nothing is 'nan' or 'None'."""
    doc = _doc([{"source": "/in/a b/报告.txt", "status": "read"}], tmp_path)
    (row,) = _cells(doc)
    assert row == ["", "", "", "", "已审核，未生成页面", "报告.txt", ""]
    assert doc.xpath("//tbody/tr/@title") == ["/in/a b/报告.txt"]  # the full path on hover
    assert "nan" not in doc.text_content() and "None" not in doc.text_content()


def test_template_and_year_are_whole_numbers(tmp_path):
    doc = _doc(
        [{"source": "/in/a.txt", "status": "read", "year": 2021.0, "template": 2021.0}], tmp_path
    )
    row = _cells(doc)[0]
    assert row[1] == "2021" and row[6] == "2021 版"


def test_summary_of_an_empty_batch(tmp_path):
    table = pd.DataFrame(columns=["source", "status"])
    text = lxml.html.document_fromstring(render_index(table, tmp_path)).text_content()
    assert "共 0 个文件：无。已审核的 0 份报告中 0 份有错误。" in text


def test_summary_counts_errors_of_audited_reports_only(tmp_path):
    rows = [
        {"source": "/in/a.txt", "status": "rendered", "page": "a", "errors": 2},
        {"source": "/in/b.txt", "status": "read", "errors": 0},
        {"source": "/in/c.txt", "status": "failed", "stage": "notebook", "errors": 4},
    ]
    text = _doc(rows, tmp_path).text_content()
    assert "共 3 个文件：生成页面 1 个，已审核未生成页面 1 个，失败 1 个。" in text
    assert "已审核的 2 份报告中 1 份有错误。" in text
    assert _cells(_doc(rows, tmp_path))[2][2] == ""  # a failed page's count is not shown


def test_links_to_the_batch_files(tmp_path):
    doc = _doc([{"source": "a.txt", "status": "read"}], tmp_path)
    hrefs = doc.xpath("//p/a/@href")
    assert hrefs == ["findings.xlsx", "outcomes.csv"]
