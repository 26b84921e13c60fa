"""govkit.io.encoding.decode: encodings detected from the bytes, never assumed; the rest named."""

from __future__ import annotations

import pytest

from govkit.errors import InputError
from govkit.io.encoding import decode
from tests.conftest import SEED

TEXT = SEED.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("codec", "name"),
    [
        ("utf-8", "utf-8"),
        ("gb18030", "gb18030"),
        ("gbk", "gb18030"),  # GBK is a subset: read as GB18030, not mistaken for Big5
        ("utf-16-le", "utf-16-le"),  # no BOM: found from the zero bytes of ASCII
        ("utf-16-be", "utf-16-be"),
    ],
)
def test_the_seed_in_each_encoding_decodes_to_the_same_text(codec, name):
    text = TEXT.replace("\u00a0", " ")  # GBK has no no-break space
    assert decode(text.encode(codec)) == (text, name)


@pytest.mark.parametrize(
    ("bom", "codec", "name"),
    [
        (b"\xef\xbb\xbf", "utf-8", "utf-8-sig"),
        (b"\xff\xfe", "utf-16-le", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be", "utf-16-be"),
    ],
)
def test_a_bom_decides_and_is_removed(bom, codec, name):
    text, got = decode(bom + TEXT.encode(codec))
    assert (text, got) == (TEXT, name)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_mostly_chinese_utf16_without_bom_is_found_from_few_zero_bytes(codec):
    """The seed's title and opening paragraphs (762 characters, few of them ASCII): zero bytes are
    scarce, the docstring says the side they fall on decides."""
    text = "\n".join(TEXT.splitlines()[:9]) + "\n"
    data = text.encode(codec)
    assert data.count(0) < len(data) // 4  # the scarce case
    assert decode(data) == (text, codec)


def test_a_download_cut_inside_the_last_character_loses_only_that_character():
    data = TEXT.encode("utf-8")
    cut = data[: data.index("行政处罚".encode()) + 2]  # two of 行's three bytes
    text, name = decode(cut)
    assert name == "utf-8" and text.endswith("\n\t") and text == TEXT[: TEXT.index("行政处罚")]


def test_a_bad_byte_inside_the_file_is_not_cut_away_as_a_tail():
    """Only the last character may be incomplete: a broken sequence earlier is not UTF-8 at all."""
    data = TEXT.encode("utf-8")
    at = data.index("行政处罚".encode())
    broken = data[:at] + data[at + 1 :]
    assert decode(data[:at])[1] == "utf-8"
    with pytest.raises(InputError, match="无法识别文件编码"):
        decode(broken)


@pytest.mark.parametrize("data", [b"", b" \r\n\t "], ids=["empty", "blank"])
def test_empty_input_says_empty(data):
    with pytest.raises(InputError, match="文件为空") as info:
        decode(data, "a.txt")
    assert info.value.source == "a.txt"


@pytest.mark.parametrize(
    "data",
    [bytes(range(256)) * 40, b"\x89PNG\r\n\x1a\n" + bytes(range(1, 32)) * 100],
    ids=["all-bytes", "png-like"],
)
def test_binary_data_is_refused(data):
    with pytest.raises(InputError, match="二进制") as info:
        decode(data, "x.bin")
    assert info.value.source == "x.bin"


def test_a_few_control_characters_do_not_make_text_binary():
    """Word pages carry a stray form feed or vertical tab; two control characters are tolerated."""
    text = TEXT.replace("一、总体情况", "一、总体情况\x01", 1).replace("二、", "二、\x02", 1)
    assert decode(text.encode("utf-8"))[1] == "utf-8"


@pytest.mark.parametrize("codec", ["utf-32", "utf-32-le", "utf-32-be"])
def test_utf32_is_named(codec):
    with pytest.raises(InputError, match="UTF-32"):
        decode(TEXT.encode(codec))


def test_bom_followed_by_bytes_of_another_encoding_says_where():
    with pytest.raises(InputError, match="按 utf-8 解码失败：第 0 字节"):
        decode(b"\xef\xbb\xbf" + "行政处罚".encode("gbk") + b"abc")
