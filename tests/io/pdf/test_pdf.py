"""Hostile PDFs (issue 16 §2, §4) end quickly with a message naming the limit or the defect.

The files come from fuzz/hostile/make.py (generated, not committed), at reduced sizes where the
full size only costs generation time; benchmarks/bench_bounds.py measures the full-size set.
"""

from __future__ import annotations

import sys

import pytest
from conftest import DATA, ROOT

import govkit
import govkit.io
from govkit import GovkitError, InputError
from govkit.io import pdf as pdf_reader
from govkit.parallel import check_many

sys.path.insert(0, str(ROOT))
from fuzz.hostile import make

FIXTURES = ROOT / "tests" / "fixtures"


def _message(data: bytes, **kw) -> str:
    with pytest.raises(InputError) as info:
        govkit.read_report(data, **kw)
    return str(info.value)


@pytest.mark.parametrize(
    "maker", [make.cycle_mediabox, make.cycle_pages, make.cycle_font, make.cycle_contents]
)
def test_reference_cycles_end_with_a_govkit_error(maker):
    """pdfminer looped for ever in resolve1 on each of these ~600-byte files."""
    with pytest.raises(GovkitError):
        govkit.read_report(maker())


def test_ruling_line_grid_hits_the_crossing_limit():
    message = _message(make.grid(400))
    assert "表格线过多" in message and "MAX_CROSSINGS" in message and "ruling lines" in message


def test_grid_under_the_limit_is_read():
    """A 40 x 40 grid (1,681 crossings) is within the limits: read, no limit error."""
    with pytest.raises(GovkitError) as info:
        govkit.read_report(make.grid(40))
    assert "MAX_" not in str(info.value)  # not a report (no template table), but read through


def test_flate_bomb_is_refused_before_inflating(monkeypatch):
    """Scaled down (16 MiB against a limit of 8 MiB); the 2 GiB one: benchmarks/bench_bounds.py."""
    monkeypatch.setattr(pdf_reader, "MAX_INFLATED", 8 * 2**20)
    message = _message(make.flate_bomb(16 * 2**20))
    assert "压缩炸弹" in message and "MAX_INFLATED" in message and "decompression bomb" in message


def test_character_limit_per_page(monkeypatch):
    monkeypatch.setattr(pdf_reader, "MAX_CHARS", 3_000)
    message = _message(make.million_chars(4_000))
    assert "个字符，超过每页 3,000 个的上限" in message and "MAX_CHARS" in message
    with pytest.raises(GovkitError) as info:
        govkit.read_report(make.million_chars(2_000))
    assert "MAX_CHARS" not in str(info.value)


def test_page_count_comes_from_the_page_tree_before_any_page():
    message = _message(make.million_pages(20_000, per_stream=5_000))
    assert "PDF 共 20000 页" in message and "max_pages" in message


def test_encrypted_pdf_says_so():
    message = _message(make.encrypted())
    assert "已加密" in message and "encrypted" in message


def test_undecodable_text_layer_says_so_not_no_tables():
    """An Identity-H font without ToUnicode gives glyph numbers, not text (issue 16 §4)."""
    message = _message(make.no_tounicode())
    assert "文字层无法解码" in message and "text layer cannot be decoded" in message
    assert "国家统一格式" not in message


def test_hostile_pdf_in_a_batch_fails_alone(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_reader, "MAX_INFLATED", 8 * 2**20)
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(make.flate_bomb(16 * 2**20))
    good = DATA / "2020_ninghe_zaojiachengzhen.txt"
    got = {c.path.name: c for c in check_many([bomb, good])}
    assert got["bomb.pdf"].report is None and "MAX_INFLATED" in got["bomb.pdf"].reason
    assert got[good.name].report is not None


# ---------------------------------------------------------------- a row cut by a page break


def test_rest_of_a_row_cut_by_the_page_break_is_joined_to_it():
    """LibreOffice lets a row break over pages: the label's end on the next page, numbers before."""
    doc = govkit.io.load(FIXTURES / "2024_shanghai_kewei_split.pdf")
    rows = [[c.text for c in r] for r in doc.rows]
    label = "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    assert [label, "0", "0", "0", "0", "0", "0", "0"] in rows
    assert not any(r[-1:] == [""] and "请" in r for r in rows)  # no leftover fragment row
    assert any("被分页截断的一行" in d for d in doc.dropped)


@pytest.mark.parametrize(
    ("rest", "joined"),
    [
        ([(10, ""), (50, "其他处理"), (90, "不补正"), (200, ""), (240, "")], True),
        ([(10, "（四）无法提供"), (90, "1.本机关不掌握"), (200, "5")], False),  # has digits
        ([(10, "第二十条 第（五）项")], False),  # a new full-width header row, nothing empty
        ([(10, ""), (130, "说明"), (200, "")], False),  # text in a column the row has no text in
    ],
)
def test_which_first_row_continues_the_last(rest, joined):
    last = [(50, "（六）"), (90, "1.申请人无正当理由逾期"), (200, "40"), (240, "1")]
    assert pdf_reader._rest_of_row(rest, last) is joined
