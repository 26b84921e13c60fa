"""Decode report bytes: BOMs, UTF-8, UTF-16 without BOM and GB18030/GBK are detected, not assumed.

Encodings govkit does not read (UTF-32, Big5, HZ) are recognised and named, so the analyst is told
to convert the file instead of being told it has no report tables. Each test is decisive:
UTF-32's BOM or its zero bytes (two in every four); HZ's `~{ ~}` escapes in 7-bit text; Big5 by
the full-width comma and full stop every Chinese text is full of, which Big5 bytes read as
GB18030 lose and read as Big5 have (GBK text read as Big5 loses them in turn).
"""

from __future__ import annotations

import re

from govkit.errors import InputError

_BOMS = [  # UTF-32's before UTF-16's: b"\xff\xfe\x00\x00" starts with UTF-16-LE's BOM
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
]
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f]")  # below 32, except \t \n \v \f \r
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20)])


def decode(data: bytes, source: str = "") -> tuple[str, str]:
    """Return (text, encoding name). Raises InputError for empty or binary input."""
    if not data.strip():
        raise InputError("文件为空", "file is empty", source=source)
    for bom, name in _BOMS:
        if data.startswith(bom):
            if name == "utf-32":
                raise _unsupported("UTF-32", source)
            return _strict(data[len(bom) :], name.removesuffix("-sig"), source), name
    sample = data[:4096]
    if b"\x00" in sample:
        if _looks_utf32(sample):
            raise _unsupported("UTF-32", source)
        return _utf16_without_bom(data, sample, source)
    if b"~{" in sample and data.isascii() and _looks_hz(data):
        raise _unsupported("HZ", source)
    return _ascii_compatible(data, source)


def _ascii_compatible(data: bytes, source: str) -> tuple[str, str]:
    """UTF-8, else GB18030 (which also decodes Big5 bytes: told apart by _looks_big5)."""
    # UTF-8 and GB18030 keep ASCII as is (no byte of a multi-byte character is below 0x80), so
    # their control characters are the control bytes: counted once, in C, before decoding
    binary = _looks_binary_bytes(data)
    for name in ("utf-8", "gb18030"):
        try:
            text = _decode_cut(data, name)
        except UnicodeDecodeError:
            continue
        if binary:
            break
        if name == "gb18030" and _looks_big5(data, text):
            raise _unsupported("Big5", source)
        return text, name
    if not binary and _looks_big5(data, ""):
        raise _unsupported("Big5", source)
    raise InputError(
        "无法识别文件编码或文件是二进制数据（既不是 UTF-8 也不是 GB18030/GBK 文本）",
        "cannot decode file: binary data, or text in neither UTF-8 nor GB18030/GBK",
        source=source,
    )


_ICONV = {"UTF-32": "UTF-32", "HZ": "HZ-GB-2312", "Big5": "BIG5"}
_WHAT = {
    "UTF-32": ("UTF-32", "UTF-32"),
    "HZ": ("HZ（7 位简体中文）", "HZ (7-bit Simplified Chinese)"),
    "Big5": ("Big5（繁体中文）", "Big5 (Traditional Chinese)"),
}


def _unsupported(name: str, source: str) -> InputError:
    zh, en = _WHAT[name]
    return InputError(
        f"不支持的编码：文件是 {zh} 编码；请先转换为 UTF-8 或 GB18030 再读取，"
        f"例如 iconv -f {_ICONV[name]} -t UTF-8 原文件 > 新文件",
        f"unsupported encoding: the file is {en}; convert it to UTF-8 or GB18030 first, "
        f"e.g. iconv -f {_ICONV[name]} -t UTF-8 FILE > NEW",
        source=source,
    )


def _looks_utf32(sample: bytes) -> bool:
    """Every character of UTF-32 has two zero bytes (the top of its four): at 2,3 (LE) or 0,1 (BE),
    and a low byte that is not zero (text has no NULs)."""
    groups = len(sample) // 4
    if groups < 4:
        return False
    sample = sample[: groups * 4]
    le = sample[2::4].count(0) + sample[3::4].count(0) == 2 * groups
    be = sample[0::4].count(0) + sample[1::4].count(0) == 2 * groups
    low = sample[0::4] if le else sample[3::4]
    return le != be and low.count(0) <= groups // 10


def _looks_hz(data: bytes) -> bool:
    """7-bit text switching into GB2312 with ~{ and back with ~}, decoding to Chinese."""
    if data.count(b"~{") < 2 or data.count(b"~}") < 2:
        return False
    try:
        text = data.decode("hz")
    except UnicodeDecodeError:
        return False
    return len(_CJK.findall(text[:20000])) >= 10


def _looks_big5(data: bytes, gb_text: str) -> bool:
    """Big5: read as Big5, the text has its commas and full stops; read as GB18030 (gb_text), not."""
    try:
        big5 = _decode_cut(data, "big5")
    except UnicodeDecodeError:
        return False
    marks = big5.count("，") + big5.count("。")
    return marks >= 3 and marks > 4 * (gb_text.count("，") + gb_text.count("。"))


def _utf16_without_bom(data: bytes, sample: bytes, source: str) -> tuple[str, str]:
    """Zero bytes mean UTF-16 without BOM, or binary. ASCII (digits, tabs, newlines) leaves its zero
    byte on one side only; binary data scatters zeros on both. Mostly-CJK text has few zero bytes,
    so when they are scarce the side they fall on decides, confirmed by a clean decode."""
    even = sample[0::2].count(b"\x00")
    odd = sample[1::2].count(b"\x00")
    name = "utf-16-be" if even > odd else "utf-16-le"
    if even + odd > len(sample) // 4:
        return _strict(data, name, source), name
    if max(even, odd) >= 4 * min(even, odd) + 8:
        try:
            text = _decode_cut(data, name)
        except UnicodeDecodeError:
            text = None
        if text is not None and not _looks_binary(text):
            return text, name
    # Chinese whose characters end in 00 (一 U+4E00, 开 U+5F00) puts zeros on the other side: the
    # byte order whose characters are nearly all text decides
    readings = []
    for order in ("utf-16-le", "utf-16-be"):
        try:
            text = _decode_cut(data, order)
        except UnicodeDecodeError:
            continue
        readings.append((_text_share(text[:4096]), order, text))
    share, order, text = max(readings, default=(0.0, "", ""))
    if share >= 0.9 and not _looks_binary(text):
        return text, order
    raise InputError(
        "文件是二进制数据，不是文本报告", "file is binary, not a text report", source=source
    )


_TEXT_CHARS = re.compile(r"[\t\n\r\x20-\x7e\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _text_share(text: str) -> float:
    """Share of ASCII, CJK and CJK punctuation: ~1 for a report, ~0.3 for its bytes swapped."""
    return len(_TEXT_CHARS.findall(text)) / len(text) if text else 0.0


def _looks_binary_bytes(data: bytes) -> bool:
    """_looks_binary for ASCII-compatible encodings, on the bytes."""
    sample = data[:20000]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > max(2, len(sample) // 200)


def _looks_binary(text: str) -> bool:
    """Control characters other than tab/newline/form feed mark bytes that only decode by accident."""
    sample = text[:20000]
    return len(_CONTROLS.findall(sample)) > max(2, len(sample) // 200)


def _decode_cut(data: bytes, name: str) -> str:
    """Decode; a download cut inside the last character loses that character, not the file.

    Without this a truncated UTF-8 page (cut mid-character, which most cuts are in Chinese text)
    failed UTF-8, fell through to GB18030 and was reported as binary data. What the cut lost
    shows up as missing rows in the matcher and the audit.
    """
    try:
        return data.decode(name)
    except UnicodeDecodeError as exc:
        if exc.end < len(data) or exc.start < len(data) - 3:
            raise
        return data[: exc.start].decode(name)


def _strict(data: bytes, name: str, source: str) -> str:
    try:
        return _decode_cut(data, name)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"按 {name} 解码失败：第 {exc.start} 字节",
            f"cannot decode as {name} at byte {exc.start}",
            source=source,
        ) from exc
