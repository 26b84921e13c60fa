"""Readers: bytes of any supported form -> `Document` (rows of cells). One module per form."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import BinaryIO, TextIO

from govkit.errors import InputError
from govkit.io.document import Cell, Document
from govkit.io.encoding import decode
from govkit.io.html import looks_like_html, parse_html
from govkit.io.markdown import looks_like_markdown, parse_markdown
from govkit.io.text import parse_text

__all__ = ["Cell", "Document", "load", "parse_document"]

MAX_BYTES = 50 * 1024 * 1024
Source = str | os.PathLike[str] | bytes | BinaryIO | TextIO

_MAGIC = {
    b"PK\x03\x04": "Word (.docx) / zip",
    b"%PDF": "PDF",
    b"\xd0\xcf\x11\xe0": "旧版 Word/WPS (.doc/.wps, OLE)",
}


def load(source: Source, *, max_bytes: int = MAX_BYTES) -> Document:
    """Read a report from a path or buffer into rows of cells; the format is sniffed from content."""
    name, data = _read(source, max_bytes)
    if isinstance(data, str):
        return parse_document(data, source=name)
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            raise InputError(
                f"暂不支持 {kind} 格式，请另存为网页（.html）或文本后再读取",
                f"{kind} files are not supported yet; save the report as HTML or text",
                source=name,
            )
    text, encoding = decode(data, name)
    return parse_document(text, source=name, encoding=encoding)


def parse_document(text: str, *, source: str = "", encoding: str = "") -> Document:
    """Text already in memory: HTML, markdown or plain text, whichever it looks like."""
    if not text.strip():
        raise InputError("文件为空", "file is empty", source=source)
    if looks_like_html(text):
        return parse_html(text, source, encoding)
    if looks_like_markdown(text):
        return parse_markdown(text, source, encoding)
    return parse_text(text, source, encoding)


def _read(source: Source, max_bytes: int) -> tuple[str, bytes | str]:
    if isinstance(source, bytes):
        data: bytes | str = source
        name = "<bytes>"
    elif isinstance(source, (str, os.PathLike)):
        path = Path(source)
        name = str(path)
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise InputError(
                "无法打开文件", f"cannot open file: {exc.strerror}", source=name
            ) from exc
        if path.is_dir():
            raise InputError(
                "这是一个文件夹，不是报告文件", "this is a folder, not a report file", source=name
            )
        _check_size(size, max_bytes, name)
        data = path.read_bytes()
    elif isinstance(source, (io.TextIOBase, TextIO)) or hasattr(source, "read"):
        name = getattr(source, "name", "<buffer>")
        data = source.read(max_bytes + 1)
    else:
        raise TypeError(f"cannot read a report from {type(source).__name__}")
    _check_size(len(data), max_bytes, str(name))
    return str(name), data


def _check_size(size: int, max_bytes: int, name: str) -> None:
    if size > max_bytes:
        raise InputError(
            f"文件大小 {size / 1e6:.1f} MB 超过上限 {max_bytes / 1e6:.0f} MB（可用 max_bytes 参数调高）",
            f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit (raise it with max_bytes=)",
            source=name,
        )
