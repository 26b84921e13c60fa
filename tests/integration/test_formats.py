"""One report, many forms: web text, HTML, other encodings, buffers — the same cells every time.

And the inputs that cannot be read fail with the right GovkitError, naming the file and the problem.
"""

from __future__ import annotations

import random

import pandas as pd
import pytest
from conftest import DATA, SEED

import govkit
from govkit import InputError, ParseError, UnsupportedTemplate

HTML = DATA / "2020_ninghe_zaojiachengzhen.html"
COMPARED = ["table", "row", "col", "value", "raw", "unit", "status"]  # source_ref differs by design


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed_cells() -> pd.DataFrame:
    return govkit.read_report(SEED).cells


def assert_same_cells(got: pd.DataFrame, want: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(
        got[COMPARED].reset_index(drop=True), want[COMPARED].reset_index(drop=True)
    )


# ---------------------------------------------------------------- (a) HTML page = copied text


def test_html_and_text_of_the_seed_give_identical_cells(seed_cells):
    rep = govkit.read_report(HTML)
    assert rep.meta.format == "html"
    assert len(rep.cells) == 198
    assert_same_cells(rep.cells, seed_cells)
    assert rep.cells["source_ref"].str.startswith("table ").all()


def test_html_keeps_the_seed_quirks():
    cells = govkit.read_report(HTML).cells.set_index(["table", "row", "col"])
    punish = cells.loc[("active", "第二十条第（六）项/行政处罚", "本年增/减")]
    assert punish["raw"] == "增" and pd.isna(punish["value"])
    blank = cells.loc[("requests", "上年结转政府信息公开申请数量", "商业企业")]
    assert blank["raw"] == "" and pd.isna(blank["value"])
    assert cells.loc[("requests", "总计", "自然人"), "value"] == 1
    assert cells.loc[("requests", "总计", "总计"), "value"] == 0  # printed 0, identities say 1
    amount = cells.loc[("active", "第二十条第（九）项/政府集中采购", "采购总金额")]
    assert amount["value"] == 757000 and amount["raw"] == "757000"


def test_html_and_text_give_the_same_meta():
    a, b = govkit.read_report(SEED).meta, govkit.read_report(HTML).meta
    assert (a.agency, a.year, a.template, a.period_year) == (
        b.agency,
        b.year,
        b.template,
        b.period_year,
    )
    assert b.agency == "宁河区造甲城镇人民政府" and b.year == 2020 and b.template == "2019"


# ---------------------------------------------------------------- (b) encodings


@pytest.mark.parametrize(
    ("codec", "detected"),
    [
        ("gb18030", "gb18030"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16-le"),  # Python writes a BOM, then little-endian
        ("utf-16-le", "utf-16-le"),  # no BOM
        ("utf-16-be", "utf-16-be"),  # no BOM
    ],
)
def test_seed_text_in_other_encodings(tmp_path, seed_text, seed_cells, codec, detected):
    path = tmp_path / f"seed-{codec}.txt"
    path.write_bytes(seed_text.encode(codec))
    rep = govkit.read_report(path)
    assert rep.meta.encoding == detected
    assert rep.meta.format == "text"
    assert_same_cells(rep.cells, seed_cells)


def test_gbk_html_without_meta_charset(tmp_path, seed_cells):
    page = HTML.read_text(encoding="utf-8")
    assert '<meta charset="utf-8">' in page
    page = page.replace('<meta charset="utf-8">\n', "")
    assert "charset" not in page
    path = tmp_path / "seed-gbk.html"
    path.write_bytes(page.encode("gbk"))  # the page has &nbsp; entities, so plain GBK suffices
    rep = govkit.read_report(path)
    assert rep.meta.encoding == "gb18030"
    assert rep.meta.format == "html"
    assert_same_cells(rep.cells, seed_cells)


# ---------------------------------------------------------------- (c) clear errors


def _raises(exc_type, source, *fragments):
    with pytest.raises(exc_type) as info:
        govkit.read_report(source)
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, message
    return info.value


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n   \n"], ids=["empty", "whitespace"])
def test_empty_file(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    err = _raises(InputError, path, "文件为空", "file is empty", str(path))
    assert err.source == str(path)


def test_whitespace_only_in_unicode_spaces(tmp_path):
    path = tmp_path / "spaces.txt"
    path.write_bytes("\u3000\u00a0 \n\u3000".encode())  # ideographic and no-break spaces only
    _raises(InputError, path, "文件为空", str(path))


def test_random_binary_bytes(tmp_path):
    path = tmp_path / "noise.txt"
    path.write_bytes(random.Random(20201231).randbytes(8192))
    _raises(InputError, path, "二进制", "binary", str(path))


@pytest.mark.parametrize(
    ("magic", "zh", "en"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00", "不是完整的 zip/Word（.docx）文件", "not a readable zip"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF 已损坏", "damaged PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "另存为”.docx", ".doc/.wps"),
    ],
)
def test_damaged_office_and_pdf_files_name_their_format(tmp_path, magic, zh, en):
    """Sniffed by content: junk after a docx/PDF/OLE magic gets that format's error, not a crash."""
    path = tmp_path / "report.bin"
    path.write_bytes(magic + random.Random(1).randbytes(2000))
    _raises(InputError, path, zh, en, str(path))


def test_prose_without_tables_is_unsupported_template(tmp_path):
    path = tmp_path / "2018_freeform.txt"
    path.write_text(
        "某某区人民政府2018年政府信息公开工作年度报告\n\n"
        "一、概述\n2018年，我区认真贯彻落实《中华人民共和国政府信息公开条例》。\n\n"
        "二、主动公开政府信息情况\n全年主动公开政府信息1234条。\n\n"
        "三、依申请公开政府信息情况\n全年共受理申请12件，均已按时答复。\n",
        encoding="utf-8",
    )
    _raises(UnsupportedTemplate, path, "统计表", "no tables", str(path))


def test_report_cut_inside_section_3(tmp_path, seed_text):
    lines = seed_text.split("\n")
    cut = lines.index("\t3.危及“三安全一稳定”") + 3  # mid-row: two of its seven values left
    path = tmp_path / "truncated.txt"
    path.write_text("\n".join(lines[:cut]), encoding="utf-8")
    err = _raises(ParseError, path, "第三部分", "section 三", "收到和处理政府信息公开申请情况")
    assert err.source == str(path)


def test_directory_path(tmp_path):
    _raises(InputError, tmp_path, "文件夹", "folder", str(tmp_path))


def test_missing_file(tmp_path):
    _raises(InputError, tmp_path / "nope.txt", "无法打开", "nope.txt")


# ---------------------------------------------------------------- (d) text in memory, (e) buffers


def test_parse_report_on_a_string_equals_read_report(seed_text):
    parsed = govkit.parse_report(seed_text)
    read = govkit.read_report(SEED)
    pd.testing.assert_frame_equal(parsed.cells, read.cells)  # source_ref too: both say "line N"
    assert parsed.meta.source == "<text>"
    assert (parsed.meta.agency, parsed.meta.year) == (read.meta.agency, read.meta.year)


def test_parse_report_on_html_string(seed_cells):
    rep = govkit.parse_report(HTML.read_text(encoding="utf-8"))
    assert rep.meta.format == "html"
    assert_same_cells(rep.cells, seed_cells)


@pytest.mark.parametrize("path", [SEED, HTML], ids=["text", "html"])
def test_read_from_open_binary_file(path, seed_cells):
    with open(path, "rb") as fh:
        rep = govkit.read_report(fh)
    assert rep.meta.source == str(path)
    assert_same_cells(rep.cells, seed_cells)


def test_read_from_bytes(seed_text, seed_cells):
    rep = govkit.read_report(seed_text.encode("gb18030"))
    assert rep.meta.encoding == "gb18030"
    assert_same_cells(rep.cells, seed_cells)
