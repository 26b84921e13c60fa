"""Decode report bytes: BOMs, UTF-8, UTF-16 without BOM and GB18030/GBK are detected, not assumed."""

from __future__ import annotations

import re

from govkit.errors import InputError

_BOMS = [
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
]
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f]")  # below 32, except \t \n \v \f \r
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20)])


def decode(data: bytes, source: str = "") -> tuple[str, str]:
    """Return (text, encoding name). Raises InputError for empty or binary input."""
    if not data.strip():
        raise InputError("文件为空", "file is empty", source=source)
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom) :], name.removesuffix("-sig"), source), name
    sample = data[:4096]
    if b"\x00" in sample:
        return _utf16_without_bom(data, sample, source)
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
        return text, name
    raise InputError(
        "无法识别文件编码或文件是二进制数据（既不是 UTF-8 也不是 GB18030/GBK 文本）",
        "cannot decode file: binary data, or text in neither UTF-8 nor GB18030/GBK",
        source=source,
    )


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
    raise InputError(
        "文件是二进制数据，不是文本报告", "file is binary, not a text report", source=source
    )


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
