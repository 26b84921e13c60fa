"""Readers: bytes of any supported form -> `Document` (rows of cells). One module per form."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import BinaryIO, TextIO

from govkit.errors import InputError
from govkit.io.document import Cell, Document
from govkit.io.docx import parse_docx
from govkit.io.encoding import decode
from govkit.io.html import looks_like_html, parse_html
from govkit.io.markdown import looks_like_markdown, parse_markdown
from govkit.io.pdf import MAX_PAGES, parse_pdf
from govkit.io.text import parse_text

__all__ = ["Cell", "Document", "load", "parse_document"]

MAX_BYTES = 50 * 1024 * 1024
Source = str | os.PathLike[str] | bytes | BinaryIO | TextIO

_OLE = b"\xd0\xcf\x11\xe0"


def load(source: Source, *, max_bytes: int = MAX_BYTES, max_pages: int = MAX_PAGES) -> Document:
    """Read a report from a path or buffer into rows of cells; the format is sniffed from content.

    max_bytes limits the file (and, times 4, what a .docx unzips to); max_pages limits a PDF.
    """
    name, data = _read(source, max_bytes)
    if isinstance(data, str):
        return parse_document(data, source=name)
    if data.startswith(b"PK\x03\x04"):
        return parse_docx(data, name, max_bytes=max_bytes)
    if b"%PDF-" in data[:1024]:  # the spec allows bytes before the header
        return parse_pdf(data, name, max_pages=max_pages)
    if data.startswith(_OLE):
        raise InputError(
            "这是旧版 Word/WPS 文件（.doc/.wps），无法直接读取；请用 WPS 或 Word“另存为”.docx，"
            "或用 LibreOffice 转换：soffice --headless --convert-to docx 文件名",
            "old Word/WPS binary file (.doc/.wps); save it as .docx in WPS/Word, or convert it "
            "with LibreOffice: soffice --headless --convert-to docx FILE",
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
