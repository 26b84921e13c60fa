"""Text normalisation shared by readers and the template matcher.

Government pages mix full-width and half-width brackets, digits and quotes, pad cells with
non-breaking spaces and sprinkle zero-width characters; everything that compares labels or reads
numbers goes through here so that those variants compare equal.
"""

from __future__ import annotations

import math
import re

_TABLE = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}  # full-width ASCII -> ASCII
_TABLE.update(
    {
        0x3000: " ",  # ideographic space
        0x00A0: " ",
        0x2002: " ",
        0x2003: " ",
        0x2009: " ",
        0x200B: None,  # zero-width space / joiners / BOM
        0x200C: None,
        0x200D: None,
        0x2060: None,
        0xFEFF: None,
        0x201C: '"',
        0x201D: '"',
        0x2018: '"',
        0x2019: '"',
        0x300C: '"',
        0x300D: '"',
        0x300E: '"',
        0x300F: '"',
        0xFF02: '"',
        0x27: '"',
        0x3014: "(",  # 〔 〕 【 】 as brackets
        0x3015: ")",
        0x3010: "(",
        0x3011: ")",
        0xFF0E: ".",
        0x3002: "。",
        0xFF5E: "~",
        0x2014: "—",
    }
)

# The same mapping as one regex: on long texts a regex split at the mapped characters, mapped and
# joined again, is 3-4x faster than str.translate, which looks up every character in the dict (and
# 1.4x faster than re.sub calling back into Python for each of the hundreds of full-width commas).
_MAP = {chr(k): "" if v is None else v if isinstance(v, str) else chr(v) for k, v in _TABLE.items()}
_MAPPED = re.compile("([" + "".join(re.escape(c) for c in _MAP) + "])")
_LONG = 256
_SHORT = 32
_ALIGNED = {k: v for k, v in _TABLE.items() if v is not None}
_MAPPED_ALIGNED = re.compile("([" + "".join(re.escape(chr(k)) for k in _ALIGNED) + "])")

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\ufeff]")
_NUMBERING = re.compile(  # 一、 (三) 2. 2、 (2) ① ⑵ ⒉
    r"^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十\d]+\)|\d+[.、](?!\d)"
    r"|[\u2460-\u249b])"
)
_NUMBER = re.compile(
    r"^(?P<num>[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*(?P<unit>万元|亿元|元|件|条|个|项|%)?$"
)

# a character no number holds, even normalised: only digits, signs, separators, units and white
# space (and what norm maps to them or deletes) can be in a cell _NUMBER reads
_NOT_NUMBER = re.compile(r"[^\d\s+\-,.%万亿元件条个项＋－，．％\u200b\u200c\u200d\u2060\ufeff]")
_DIGIT_GAP = re.compile(r"\d\s+\d")
_COMMA_GAP = re.compile(r"\d\s*,\s*\d")
# one plain space (ideographic and no-break spaces are mapped to it) between groups of three
_GROUPED = re.compile(r"[-+]?\d{1,3}(?: \d{3})+(?:\.\d+)?\s*\D*$")


def norm(text: str) -> str:
    """Map full-width and quote variants to one form; keeps length except zero-width removal."""
    global _last
    if len(text) < _LONG:
        return _norm_short(text, _TABLE, _MAPPED)
    last = _last  # one read of the pair: safe if another thread replaces it meanwhile
    if last[0] is text:  # the reader normalised this document; the audit's sections ask again
        return last[1]
    out = _mapped(_MAPPED, text)
    _last = (text, out)
    return out


_last: tuple[str | None, str] = (None, "")  # the last long text norm() mapped, and the result


def norm_aligned(text: str) -> str:
    """norm without the zero-width deletions: positions in the result are positions in `text`."""
    if len(text) < _LONG:
        return _norm_short(text, _ALIGNED, _MAPPED_ALIGNED)
    last = _last
    if last[0] is text and len(last[1]) == len(text):
        return last[1]  # norm deleted nothing (it maps one character to one): the same string
    return _mapped(_MAPPED_ALIGNED, text)


def _norm_short(text: str, table: dict, pattern: re.Pattern[str]) -> str:
    """norm or norm_aligned of a text shorter than _LONG. Of the mapped characters only ' is
    ASCII (numbers, most cells); str.translate looks up each character in the dict, the regex
    is faster from ~30 characters on."""
    if text.isascii():
        return text.replace("'", '"')
    return text.translate(table) if len(text) < _SHORT else _mapped(pattern, text)


def _mapped(pattern: re.Pattern[str], text: str) -> str:
    """`text` with every character `pattern` captures replaced by its _MAP value."""
    parts = pattern.split(text)  # text, mapped character, text, …, text
    parts[1::2] = map(_MAP.__getitem__, parts[1::2])
    return "".join(parts)


def squeeze(text: str) -> str:
    """Text without any white space, so labels broken over lines or padded with spaces still match.

    str.split()'s white space is regex `\\s`'s (both str.isspace): split/join gives the same
    string 4-5x faster than `re.sub(r"\\s+", "", text)`."""
    return "".join(text.split())


def clean_cell(text: str) -> str:
    """A cell as printed, without the surrounding white space (incl. nbsp) that pages pad with."""
    if _ZERO_WIDTH.search(text):  # rare: a search is cheaper than translating every cell
        text = _ZERO_WIDTH.sub("", text)
    return text.strip(" \t\r\n\u00a0\u3000")


def label_key(text: str) -> str:
    """Compare labels: normalised, white space removed, leading numbering such as 一、 (三) 2. dropped."""
    return _NUMBERING.sub("", squeeze(norm(text)), count=1)


def parse_number(raw: str) -> tuple[float, str]:
    """(value, unit) of a cell; NaN when blank or not a number (the text stays in raw).

    White space between digits is read only as a thousands group ("1 234"); "2 0", "5\n5" are
    two printed things in one cell, not 20 or 55 (see `spaced_digits`).
    """
    if _NOT_NUMBER.search(raw):  # prose, labels: no need to normalise them first
        return math.nan, ""
    s = norm(raw).strip()
    if _DIGIT_GAP.search(s) and not _GROUPED.match(s):
        return math.nan, ""
    s = squeeze(s)
    m = _NUMBER.match(s)
    if not m:
        return math.nan, ""
    value = float(m["num"].replace(",", ""))
    if math.isinf(value):  # 400 printed digits: no float holds it, and inf is not what it says
        return math.nan, ""
    return value, m["unit"] or ""


def spaced_digits(raw: str) -> bool:
    """Digits split by white space or a comma that is not a thousands group: unreadable, not text."""
    s = norm(raw).strip()
    return bool(_DIGIT_GAP.search(s) or _COMMA_GAP.search(s)) and math.isnan(parse_number(raw)[0])


def is_number(raw: str) -> bool:
    return not math.isnan(parse_number(raw)[0])
