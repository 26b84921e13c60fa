"""govkit.io.pdf.guards: what a hostile or broken PDF is refused for, before and while reading.

Whole hostile files are tested in tests/io/pdf/test_pdf.py; here each guard on its own input.
"""

from __future__ import annotations

import zlib

import pypdfium2.raw as pdfium_c
import pytest

from govkit.errors import InputError
from govkit.io import pdf as pdf_reader
from govkit.io.pdf.guards import (
    _check_inflated,
    _check_text_layer,
    _common_chars,
    _inflated,
    _open_error,
)
from tests.conftest import SEED

MIB = 2**20


def _stream(payload: bytes, filters: str = "/Filter /FlateDecode", extra: str = "") -> bytes:
    return (
        f"4 0 obj\n<< /Length {len(payload)} {filters} {extra}>>\nstream\n".encode()
        + payload
        + b"\nendstream\nendobj\n"
    )


def _pdf(*streams: bytes) -> bytes:
    return b"%PDF-1.7\n" + b"".join(streams) + b"%%EOF\n"


# ---------------------------------------------------------------- the text layer


def test_no_characters_is_a_scanned_pdf():
    with pytest.raises(InputError, match="扫描版 PDF") as info:
        _check_text_layer([], "scan.pdf")
    assert info.value.source == "scan.pdf" and "OCR" in info.value.en


def test_a_real_reports_text_passes():
    _check_text_layer([SEED.read_text(encoding="utf-8")], "seed.pdf")


def test_glyph_numbers_are_an_undecodable_text_layer():
    """Fonts without ToUnicode give private-use or control code points instead of hanzi."""
    with pytest.raises(InputError, match="文字层无法解码"):
        _check_text_layer(["\ue001\ue002\ue003" * 50, "\x03\x04"], "x.pdf")


@pytest.mark.parametrize(
    ("common", "odd", "refused"), [(60, 40, False), (50, 50, False), (40, 60, True)]
)
def test_half_common_characters_is_the_line(common, odd, refused):
    text = "政" * common + "\ue000" * odd
    if refused:
        with pytest.raises(InputError, match="文字层无法解码"):
            _check_text_layer([text], "x.pdf")
    else:
        _check_text_layer([text], "x.pdf")


def test_common_characters_are_ascii_gb2312_symbols_and_level_1_hanzi():
    common = _common_chars()
    assert {
        "a",
        "7",
        "政",
        "府",
        "公",
        "开",
        "，",
        "。",
        "（",
        "）",
        "《",
        "》",
        "　",
        "—",
    } <= common
    assert "鬯" not in common  # GB2312 level 2
    assert "\ue000" not in common and "\x03" not in common
    assert 3755 + 95 < len(common) < 3755 + 95 + 700


# ---------------------------------------------------------------- how far streams inflate


@pytest.fixture()
def one_mib(monkeypatch):
    monkeypatch.setattr(pdf_reader, "MAX_INFLATED", MIB)


def test_a_stream_inflating_past_the_limit_is_refused(one_mib):
    with pytest.raises(InputError, match="MAX_INFLATED") as info:
        _check_inflated(_pdf(_stream(zlib.compress(bytes(2 * MIB)))), "bomb.pdf")
    assert "压缩炸弹" in info.value.zh and info.value.source == "bomb.pdf"
    assert "1 MiB" in info.value.en


def test_streams_under_the_limit_pass(one_mib):
    _check_inflated(_pdf(*[_stream(zlib.compress(bytes(MIB // 4)))] * 3), "ok.pdf")


def test_the_limit_is_on_all_streams_together(one_mib):
    with pytest.raises(InputError, match="MAX_INFLATED"):
        _check_inflated(_pdf(*[_stream(zlib.compress(bytes(MIB // 2)))] * 3), "many.pdf")


def test_images_are_not_counted(one_mib):
    """PDFium never decodes an image to read text."""
    _check_inflated(
        _pdf(_stream(zlib.compress(bytes(4 * MIB)), extra="/Subtype /Image ")), "img.pdf"
    )


@pytest.mark.parametrize(
    "filters",
    ["/Filter [/FlateDecode /FlateDecode]", "/Filter [/Fl /Fl]"],
    ids=["named", "abbreviated"],
)
def test_chained_flate_layers_are_inflated_through(one_mib, filters):
    """Twice compressed, the first layer is small: only the second reaches the limit."""
    payload = zlib.compress(zlib.compress(bytes(8 * MIB)))
    assert len(zlib.decompress(payload)) < MIB
    with pytest.raises(InputError, match="MAX_INFLATED"):
        _check_inflated(_pdf(_stream(payload, filters)), "two.pdf")


@pytest.mark.parametrize(
    "extra",
    [f"/Pad ({'x' * 3000}) ", "/Note (/Subtype /Image) "],
    ids=["filter-over-2048-bytes-back", "image-in-a-string"],
)
def test_a_bomb_cannot_hide_its_filter(one_mib, extra):
    with pytest.raises(InputError, match="MAX_INFLATED"):
        _check_inflated(_pdf(_stream(zlib.compress(bytes(2 * MIB)), extra=extra)), "hidden.pdf")


def test_inflated_counts_no_further_than_the_room():
    raw = zlib.compress(bytes(3000))
    assert _inflated(raw, 1, 10_000) == 3000
    assert _inflated(raw, 1, 1000) == 1001
    assert _inflated(zlib.compress(raw), 2, 10_000) == 3000
    assert _inflated(raw[:-8] + b"\xff" * 8, 1, 10_000) <= 3000  # damaged: what inflated so far


# ---------------------------------------------------------------- why PDFium refused a file


class _Refused(Exception):
    def __init__(self, code: int):
        super().__init__("Failed to load document")
        self.err_code = code


@pytest.mark.parametrize(
    ("code", "zh", "en"),
    [
        (pdfium_c.FPDF_ERR_PASSWORD, "已加密", "encrypted"),
        (pdfium_c.FPDF_ERR_SECURITY, "不支持的加密方式", "unsupported security handler"),
        (pdfium_c.FPDF_ERR_FORMAT, "PDF 已损坏", "damaged PDF: _Refused"),
    ],
    ids=["password", "security", "format"],
)
def test_open_errors_say_why(code, zh, en):
    err = _open_error(_Refused(code), "r.pdf")
    assert type(err) is InputError and zh in err.zh and en in err.en and err.source == "r.pdf"


def test_a_string_in_an_image_dictionary_does_not_hide_it(one_mib):
    """A real /Subtype /Image key still marks an image (PDFium never inflates it to read text)."""
    extra = "/Subtype /Image /Note (a string) "
    _check_inflated(_pdf(_stream(zlib.compress(bytes(2 * MIB)), extra=extra)), "image.pdf")
