"""Readers: bytes of any supported form -> `Document` (rows of cells). One module per form."""

from __future__ import annotations

import errno
import io
import os
import stat
from pathlib import Path
from typing import BinaryIO, TextIO

from govkit.errors import InputError
from govkit.io.document import Cell, Document
from govkit.io.docx import parse_docx
from govkit.io.encoding import decode, utf8_as_read
from govkit.io.html import looks_like_html, parse_html
from govkit.io.markdown import looks_like_markdown, parse_markdown
from govkit.io.pdf import MAX_PAGES, parse_pdf
from govkit.io.text import parse_text

__all__ = ["Cell", "Document", "file_kind", "load", "parse_document"]

MAX_BYTES = 50 * 1024 * 1024
Source = str | os.PathLike[str] | bytes | BinaryIO | TextIO

_OLE = b"\xd0\xcf\x11\xe0"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")  # the stream an encrypted .docx/.xlsx holds


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
    if data.startswith(_OLE) and _ENCRYPTED in data:
        raise InputError(
            "这是加密（设有打开密码）的 Office 文档，无法读取；请在 Word/WPS 中去掉密码后另存为 .docx",
            "password-protected (encrypted) Office document; remove the password in Word/WPS and "
            "save it as .docx",
            source=name,
        )
    if data.startswith(_OLE):
        raise InputError(
            "这是旧版 Word/WPS 文件（.doc/.wps），无法直接读取；请用 WPS 或 Word“另存为”.docx，"
            "或用 LibreOffice 转换：soffice --headless --convert-to docx 文件名",
            "old Word/WPS binary file (.doc/.wps); save it as .docx in WPS/Word, or convert it "
            "with LibreOffice: soffice --headless --convert-to docx FILE",
            source=name,
        )
    text, encoding = decode(data, name)
    utf8 = utf8_as_read(data) if encoding == "utf-8" else b""  # the HTML parser reads these
    return parse_document(text, source=name, encoding=encoding, utf8=utf8)


def parse_document(
    text: str, *, source: str = "", encoding: str = "", utf8: bytes = b""
) -> Document:
    """Text already in memory: HTML, markdown or plain text, whichever it looks like. `utf8`:
    the same text as the UTF-8 bytes it was decoded from, if at hand (the HTML parser reads
    them without converting)."""
    if not text.strip():
        raise InputError("文件为空", "file is empty", source=source)
    if looks_like_html(text):
        return parse_html(text, source, encoding, utf8)
    if looks_like_markdown(text):
        return parse_markdown(text, source, encoding)
    return parse_text(text, source, encoding)


def _read(source: Source, max_bytes: int) -> tuple[str, bytes | str]:
    if isinstance(source, bytes):
        data: bytes | str = source
        name = "<bytes>"
    elif isinstance(source, (str, os.PathLike)):
        name = str(source)
        data = _read_file(Path(source), name, max_bytes)
    elif isinstance(source, (io.TextIOBase, TextIO)) or hasattr(source, "read"):
        name = str(getattr(source, "name", "<buffer>"))
        try:
            data = source.read(max_bytes + 1)
        except OSError as exc:
            raise _os_error(exc, name) from exc
    else:
        raise TypeError(f"cannot read a report from {type(source).__name__}")
    _check_size(len(data), max_bytes, str(name))
    return str(name), data


# O_NONBLOCK: opening a FIFO whose writer never comes returns at once instead of waiting for ever
# (the type check after the open then refuses it); O_NOCTTY: a terminal is never made ours.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
_OPEN_FLAGS |= getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


def _read_file(path: Path, name: str, max_bytes: int) -> bytes:
    """A regular file's bytes. FIFOs, devices and sockets (or symlinks to them) are refused
    without reading them, so that none can block or stream for ever; every OS error is an
    InputError naming the file."""
    try:
        _check_kind(os.stat(path).st_mode, name)  # before opening: opening a device can act
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise _os_error(exc, name) from exc
    try:
        st = os.fstat(fd)
        _check_kind(st.st_mode, name)  # the path may have changed since the stat
        _check_size(st.st_size, max_bytes, name)
        chunks, size = [], 0
        while size <= max_bytes and (chunk := os.read(fd, min(1 << 20, max_bytes + 1 - size))):
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise _os_error(exc, name) from exc
    finally:
        os.close(fd)


def _check_kind(mode: int, name: str) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise InputError(
            "这是一个文件夹，不是报告文件", "this is a folder, not a report file", source=name
        )
    kind = file_kind(mode)
    raise InputError(
        f"不是普通文件（这是{kind[0]}），不予读取",
        f"not a regular file ({kind[1]}); not read",
        source=name,
    )


_KINDS = {
    stat.S_IFIFO: ("命名管道（FIFO）", "a named pipe (FIFO)"),
    stat.S_IFSOCK: ("套接字（socket）", "a socket"),
    stat.S_IFCHR: ("字符设备", "a character device"),
    stat.S_IFBLK: ("块设备", "a block device"),
    stat.S_IFDIR: ("文件夹", "a folder"),
}


def file_kind(mode: int) -> tuple[str, str]:
    """What a file that is not a regular file is, (Chinese, English), from its st_mode."""
    return _KINDS.get(stat.S_IFMT(mode), ("特殊文件", "a special file"))


def _os_error(exc: OSError, name: str) -> InputError:
    """An OS error as an InputError: what failed, in the system's words, and the file."""
    why = {
        errno.ENOENT: ("文件不存在", "no such file"),
        errno.EACCES: ("没有读取权限", "permission denied"),
        errno.EPERM: ("没有读取权限", "permission denied"),
        errno.EISDIR: ("这是一个文件夹，不是报告文件", "this is a folder, not a report file"),
        errno.EIO: ("读取时发生输入/输出错误（磁盘或网络存储故障？）", "I/O error while reading"),
    }.get(exc.errno or 0, ("操作系统报错", "the system refused"))
    detail = exc.strerror or type(exc).__name__
    return InputError(
        f"无法打开或读取文件：{why[0]}（{detail}）",
        f"cannot open or read the file: {why[1]} ({detail})",
        source=name,
    )


def _check_size(size: int, max_bytes: int, name: str) -> None:
    if size > max_bytes:
        raise InputError(
            f"文件大小 {size / 1e6:.1f} MB 超过上限 {max_bytes / 1e6:.0f} MB（可用 max_bytes 参数调高）",
            f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit (raise it with max_bytes=)",
            source=name,
        )
