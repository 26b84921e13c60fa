"""Fast paths in text handling must give exactly what the plain versions give."""

from __future__ import annotations

import math
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from govkit.read import prose
from govkit.textnorm import (
    _ALIGNED,
    _DIGIT_GAP,
    _GROUPED,
    _LONG,
    _NUMBER,
    _NUMBERING,
    _SHORT,
    _TABLE,
    clean_cell,
    label_key,
    norm,
    norm_aligned,
    parse_number,
    squeeze,
)

_SPECIAL = "".join(chr(c) for c in _TABLE)
_ALPHABET = st.sampled_from(list(_SPECIAL + "abc123（）〔〕 \t\n年度报告\u200b\ufeff"))


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.text(alphabet=_ALPHABET, min_size=_LONG, max_size=4 * _LONG))
def test_long_text_path_equals_translate(text):
    assert norm(text) == text.translate(_TABLE)
    assert norm_aligned(text) == text.translate(_ALIGNED)
    assert len(norm_aligned(text)) == len(text)


_ANY = st.sampled_from(
    list(_SPECIAL + "abc123'\"（）一、(三)2. \t\r\n\x0b\x1c\x85\u2028\u3000\xa0年度报告\u2060")
)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.text(alphabet=_ANY, max_size=2 * _LONG))
def test_every_length_path_equals_the_plain_versions(text):
    """ASCII, short (< _SHORT), medium (regex) and long texts: what translate, re.sub(r"\\s+")
    and the plain zero-width deletion give."""
    assert norm(text) == text.translate(_TABLE)
    assert norm_aligned(text) == text.translate(_ALIGNED)
    squeezed = re.sub(r"\s+", "", text)
    assert squeeze(text) == squeezed
    assert label_key(text) == _NUMBERING.sub("", re.sub(r"\s+", "", norm(text)), count=1)
    zero_width = {0x200B: None, 0x200C: None, 0x200D: None, 0xFEFF: None}
    assert clean_cell(text) == text.translate(zero_width).strip(" \t\r\n\u00a0\u3000")


def _plain_number(raw: str) -> tuple[float, str]:
    """parse_number without its early rejection of characters no number holds."""
    s = norm(raw).strip()
    if _DIGIT_GAP.search(s) and not _GROUPED.match(s):
        return math.nan, ""
    m = _NUMBER.match(re.sub(r"\s+", "", s))
    value = float(m["num"].replace(",", "")) if m else math.nan
    return (math.nan, "") if math.isnan(value) or math.isinf(value) else (value, m["unit"] or "")


_NUMBERISH = st.sampled_from(
    list("0123456789 ,.+-%万亿元件条个项＋－，．％０５\u3000\u200b年、（一）\n")
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(alphabet=_NUMBERISH, max_size=12))
def test_parse_number_equals_the_plain_version(text):
    got, want = parse_number(text), _plain_number(text)
    assert got == want or (math.isnan(got[0]) and math.isnan(want[0]) and got[1] == want[1])


def test_the_short_and_ascii_paths_are_taken():
    """The lengths the paths switch at, and the one ASCII character mapped."""
    for n in (_SHORT - 1, _SHORT, _LONG - 1, _LONG):
        text = ("，'ａ" * n)[:n]
        assert norm(text) == text.translate(_TABLE)
    assert norm("it's 12") == 'it"s 12'


def test_norm_and_squeeze_on_a_report_line():
    line = "（七）总计\u3000 ２１\u200b件〔2019〕"
    assert norm(line) == "(七)总计  21件(2019)"
    assert squeeze(norm(line)) == "(七)总计21件(2019)"


# The title regex prose.py used before it searched from the title's fixed tail: the reference.
_REFERENCE = re.compile(
    rf"(?P<agency>{prose._AGENCY})(?P<year>(?:19|20)\d\d)年度?(?:政府)?信息公开(?:工作)?年度?报告"
)
_HEAD = st.lists(
    st.sampled_from(
        [
            "宁河区",
            "人民政府",
            "2020",
            "年度",
            "年",
            "政府",
            "信息公开",
            "工作",
            "报告",
            "。",
            "（",
            "关于",
            "1",
            "a",
        ]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=500, deadline=None, derandomize=True)
@given(_HEAD)
def test_agency_from_title_tail_equals_the_reference_regex(head):
    ref = _REFERENCE.search(head)
    got = prose._agency_first(head)
    if ref is None:
        assert got is None
    else:
        assert got == {"agency": ref["agency"], "year": ref["year"], "title": ref.group(0)}
