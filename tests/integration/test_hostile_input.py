"""Resource limits and format sniffing: what a government site really serves, read or refused
with a message that names the limit (and how to raise it) or what the file really is."""

from __future__ import annotations

import time

import pandas as pd
import pytest
from conftest import DATA, SEED

import govkit
from govkit import InputError, ParseError, limits
from govkit.io import html as html_reader

HTML = DATA / "2020_ninghe_zaojiachengzhen.html"
CRAWLER = DATA / "2023_pingtan.txt"
COMPARED = ["table", "row", "col", "value", "raw", "unit", "status"]


@pytest.fixture(scope="module")
def seed_cells():
    return govkit.read_report(SEED).cells[COMPARED]


# ---------------------------------------------------------------- limits


def test_size_limit_names_itself_and_max_bytes(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(SEED.read_bytes() * 3)
    with pytest.raises(InputError, match=r"超过上限.*max_bytes"):
        govkit.read_report(path, max_bytes=10_000)
    with pytest.raises(InputError, match="max_bytes"):
        govkit.read_report(path.read_bytes(), max_bytes=10_000)
    assert len(govkit.read_report(path, max_bytes=100_000).cells) == 198  # raised: reads


@pytest.mark.parametrize("path", [SEED, HTML, CRAWLER], ids=["text", "html", "crawler"])
def test_time_budget_names_itself_and_how_to_raise_it(path):
    with pytest.raises(InputError, match=r"超时.*time_budget.*TIME_BUDGET") as exc:
        govkit.read_report(path, time_budget=1e-9)
    assert "time budget" in exc.value.en
    assert len(govkit.read_report(path, time_budget=0).cells) in (198, 200)  # 0: no deadline


def test_time_budget_module_default(monkeypatch):
    monkeypatch.setattr(limits, "TIME_BUDGET", 1e-9)
    with pytest.raises(InputError, match="超时"):
        govkit.parse_report(SEED.read_text(encoding="utf-8"))
    with pytest.raises(InputError, match="超时"):
        govkit.read_report(CRAWLER)  # the segmenter and flat matcher check it too


def test_html_nested_100000_deep_is_an_input_error_not_recursion():
    deep = "<table><tr><td>" * 100_000 + "1" + "</td></tr></table>" * 100_000
    with pytest.raises(InputError, match=r"嵌套.*HUGE_TREE") as exc:
        govkit.parse_report(f"<html><body>{deep}</body></html>")
    assert "nesting" in exc.value.en


def test_html_huge_tree_reads_deep_pages_without_recursion(monkeypatch, seed_cells):
    """Past Python's recursion limit (1000) but within libxml2's huge limit (2048)."""
    monkeypatch.setattr(html_reader, "HUGE_TREE", True)
    page = HTML.read_text(encoding="utf-8")
    deep = "<div>" * 1500 + "页眉" + "</div>" * 1500
    rep = govkit.parse_report(page.replace("<body>", "<body>" + deep, 1))
    assert rep.cells[COMPARED].equals(seed_cells)


def test_millions_of_rows_hit_the_row_limit():
    text = SEED.read_text(encoding="utf-8") + "\n0" * 1_000_000
    with pytest.raises(InputError, match=r"行的上限.*MAX_ROWS"):
        govkit.parse_report(text)


def test_row_limit_is_configurable(monkeypatch):
    monkeypatch.setattr(limits, "MAX_ROWS", 20)
    for path in (SEED, HTML, DATA / "2024_shanghai_kewei.md"):
        with pytest.raises(InputError, match="MAX_ROWS"):
            govkit.read_report(path)


def test_one_very_long_line_reads_in_time():
    """A 5 MB page with no line breaks and no tabs: linear work only, well inside the budget."""
    text = SEED.read_text(encoding="utf-8").replace("\n", " ").replace("\t", " ") * 2400
    assert len(text) > 5_000_000
    t = time.perf_counter()
    rep = govkit.parse_report(text)  # cells apart by spaces: read as crawler text, first copy
    assert time.perf_counter() - t < 15
    assert rep.meta.format == "crawler-text"
    assert (rep.cells["status"] == "ok").sum() > 150


def test_one_line_of_too_many_cells_hits_the_row_limit(monkeypatch):
    monkeypatch.setattr(limits, "MAX_ROWS", 10_000)
    text = SEED.read_text(encoding="utf-8").replace("\n", " ") * 100  # 32,000 cells on a line
    with pytest.raises(InputError, match="MAX_ROWS"):
        govkit.parse_report(text)


# Word zip bombs and PDFs with thousands of pages: tests/integration/test_docx_pdf.py (the .docx/.pdf readers).


# ---------------------------------------------------------------- sniffing by content


def test_doc_file_that_is_html_reads(tmp_path, seed_cells):
    path = tmp_path / "report.doc"
    path.write_bytes(HTML.read_bytes())
    rep = govkit.read_report(path)
    assert rep.meta.format == "html"
    assert rep.cells[COMPARED].equals(seed_cells)


def test_html_in_gbk_without_meta_charset_reads(tmp_path, seed_cells):
    page = HTML.read_text(encoding="utf-8")
    page = page.replace('<meta charset="utf-8">', "").replace("\u00a0", " ")
    assert "charset" not in page.lower()
    path = tmp_path / "report.html"
    path.write_bytes(page.encode("gbk"))
    rep = govkit.read_report(path)
    assert rep.meta.encoding == "gb18030"
    assert rep.cells[COMPARED].equals(seed_cells)


def test_pdf_that_is_an_html_error_page_says_so(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(
        b"<html><head><title>404 Not Found</title></head><body><center><h1>404 Not Found</h1>"
        b"</center><hr><center>nginx</center></body></html>"
    )
    with pytest.raises(InputError) as exc:
        govkit.read_report(path)
    assert exc.value.zh == "这是一个网页，但没有年度报告的表格（可能是错误页面：404 Not Found）"


def test_chinese_error_page_in_gbk_says_so():
    page = "<html><body><p>对不起，您访问的页面不存在！</p></body></html>".encode("gbk")
    with pytest.raises(InputError, match=r"这是一个网页.*错误页面：您访问的页面不存在"):
        govkit.read_report(page)


def test_pre_2019_report_page_stays_unsupported_template():
    page = "<html><body><p>某局2015年政府信息公开工作年度报告</p><p>一、概述</p></body></html>"
    with pytest.raises(govkit.UnsupportedTemplate):
        govkit.parse_report(page)


@pytest.mark.parametrize("data", [b"", b" \r\n\t ", "\ufeff".encode()], ids=["0", "ws", "bom"])
def test_empty_download_says_empty(tmp_path, data):
    path = tmp_path / "report.html"
    path.write_bytes(data)
    with pytest.raises(InputError, match="文件为空"):
        govkit.read_report(path)


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "utf-16", "utf-16-le"])
def test_truncated_download_reads_with_missing_rows_flagged(encoding):
    """Decision: a download cut after section 三 has started reads; what the cut lost is 'missing'
    and the audit says so (structure.table_absent). Cut inside the last character (most cuts in
    Chinese text) only loses that character. Cut before half of section 三: next test."""
    text = SEED.read_text(encoding="utf-8")
    head = text[: text.index("四、政府信息公开行政复议") + 3]
    data = text.encode(encoding)
    cut = len(head.encode(encoding)) - 1  # inside 政 in every multi-byte encoding
    rep = govkit.read_report(data[:cut])
    assert (rep.cells["status"] == "missing").sum() == 15  # section 四 was cut off
    # a whole table lost is one finding (issue 17), not one per row
    assert "structure.table_absent" in set(rep.audit()["rule"])


def test_report_cut_in_section_three_is_a_parse_error_saying_truncated():
    data = HTML.read_bytes()
    with pytest.raises(ParseError, match="截断") as exc:
        govkit.read_report(data[: len(data) // 2])
    assert "truncated" in exc.value.en


# ---------------------------------------------------------------- manifest values


def test_manifest_numbers_from_a_csv_column_with_blanks_are_read():
    """pandas reads a template/year column with blanks as floats: 2021.0 was a ValueError that
    stopped read_reports (and the batch) for every file."""
    manifest = pd.DataFrame(
        {
            "path": [str(CRAWLER), str(SEED), str(DATA / "2024_shanghai_kewei.md")],
            "template": [2021, None, None],
            "year": [2023, None, "2024年"],
        }
    )
    cells, failures = govkit.read_reports(
        [CRAWLER, SEED, DATA / "2024_shanghai_kewei.md"], manifest=manifest
    )
    assert failures.empty
    got = cells.groupby("source")[["year", "template"]].first()
    assert got.loc[str(CRAWLER)].tolist() == [2023, "2021"]
    assert got.loc[str(DATA / "2024_shanghai_kewei.md")].tolist() == [2024, "2021"]


@pytest.mark.parametrize("meta", [{"template": "2020"}, {"year": "去年"}], ids=["template", "year"])
def test_bad_manifest_values_are_input_errors(meta):
    with pytest.raises(InputError, match="meta 参数或清单"):
        govkit.read_report(SEED, meta=meta)


def test_recent_report_cut_before_its_tables_says_truncated_not_pre_2019():
    """A 2023 crawler page cut before section 三 has no tables at all: not a free-form pre-2019
    report (UnsupportedTemplate) but a file cut short."""
    data = CRAWLER.read_bytes()
    with pytest.raises(ParseError, match=r"2023 年度.*截断") as exc:
        govkit.read_report(data[: len(data) // 2])
    assert "truncated" in exc.value.en
