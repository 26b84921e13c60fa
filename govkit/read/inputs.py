"""Which files are inputs, and what a file that is not a report really is.

Government sites serve reports as `content.jsp`, `download.do?id=7` or with no extension at all,
so a folder's inputs are all its regular, non-hidden files, whatever their names; the format is
read from the content. Left out: hidden files and folders (`.git`, govkit's own state), folders
that hold a govkit batch's output (they carry its state file), and the paths the caller names in
`exclude` (the `--out` folder, the `--manifest` file). A FIFO, a socket or a link to a device is
an input that cannot be read (opening a FIFO would block for ever): `unreadable` says why.

After a file fails to read, `not_report` tells an image, an archive, random bytes, a README or a
manifest (not reports: counted apart from failures) from a report govkit could not read (a
pre-2019 report, a truncated download, an error page saved in place of the report: failures).
"""

from __future__ import annotations

import glob as _glob
import os
import re
import stat
import zipfile
from collections.abc import Iterable
from pathlib import Path

from govkit.errors import InputError
from govkit.io import file_kind
from govkit.io.encoding import decode
from govkit.io.html import looks_like_html
from govkit.io.sniff import ERROR_PAGE
from govkit.textnorm import norm, squeeze

OUTPUT_MARKERS = (".govkit-state.json", ".govkit-lock")
"""A folder holding one of these is a batch's output folder: never read as input."""

Sources = str | os.PathLike[str] | Iterable[str | os.PathLike[str]]


def resolve_all(paths: Iterable[Path]) -> list[Path]:
    """Each path's `resolve()`, each folder resolved once: Path.resolve makes a system call per
    component of every path (10,000 inputs and a 10,000-row manifest are resolved to match)."""
    folders: dict[Path, Path] = {}
    out = []
    for path in paths:
        if path.name in ("", ".", ".."):
            out.append(path.resolve())
            continue
        parent = path.parent
        if parent not in folders:
            folders[parent] = parent.resolve()
        full = folders[parent] / path.name
        out.append(full.resolve() if full.is_symlink() else full)
    return out


def list_inputs(sources: Sources, *, exclude: Iterable[str | os.PathLike[str]] = ()) -> list[Path]:
    """Files from folders (recursively), glob patterns and paths, in a stable order.

    A folder gives every non-hidden file in it except govkit output folders and `exclude`d paths;
    a path given by name is taken as it is (a missing one then fails with its reason).
    """
    items = [sources] if isinstance(sources, (str, os.PathLike)) else list(sources)
    skip = {Path(p).resolve() for p in exclude}
    out: list[Path] = []
    for item in items:
        p = Path(item)
        if p.is_dir():
            out.extend(_walk(p, skip))
        elif any(ch in str(item) for ch in "*?[") and not p.exists():
            found = (Path(f) for f in _glob.glob(str(item), recursive=True))
            out.extend(sorted(f for f in found if not f.is_dir() and f.resolve() not in skip))
        elif p.resolve() not in skip:
            out.append(p)
    return out


def _walk(folder: Path, skip: set[Path]) -> list[Path]:
    """The files under `folder`; a subfolder that cannot be listed (no permission) is listed
    itself, so that it fails with its reason instead of vanishing."""
    names = {p.name for p in skip}
    found: list[Path] = []
    for root, dirs, files in os.walk(folder, onerror=lambda e: found.append(Path(e.filename))):
        here = Path(root)
        if here.resolve() in skip or any((here / m).exists() for m in OUTPUT_MARKERS):
            dirs[:] = []
            continue
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        # resolving every path costs a system call per component (10,000 files): only a file
        # named like a skipped one, or a link, can be one
        found.extend(
            p
            for p in (here / f for f in files if not f.startswith("."))
            if not ((p.name in names or p.is_symlink()) and p.resolve() in skip)
        )
    return sorted(found)


def unreadable(path: Path) -> str | None:
    """Why `path` cannot be read as a file at all (FIFO, socket, device, dangling link, a folder
    that cannot be listed), or None."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if path.is_symlink():
            return "链接指向的文件不存在 / the link points to a missing file"
        return f"无法打开文件 / cannot open file: {exc.strerror}"
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        try:
            os.scandir(path).close()
        except OSError as exc:
            return f"文件夹无法列出 / the folder cannot be listed: {exc.strerror}"
    kind = file_kind(mode)
    return f"不是普通文件，无法读取：这是{kind[0]} / not a regular file, cannot be read: {kind[1]}"


_MAGIC = [
    (b"\x89PNG\r\n\x1a\n", "一张 PNG 图片", "a PNG image"),
    (b"\xff\xd8\xff", "一张 JPEG 图片", "a JPEG image"),
    (b"GIF8", "一张 GIF 图片", "a GIF image"),
    (b"BM", "一张 BMP 图片", "a BMP image"),
    (b"II*\x00", "一张 TIFF 图片", "a TIFF image"),
    (b"MM\x00*", "一张 TIFF 图片", "a TIFF image"),
    (b"\x00\x00\x01\x00", "一个图标文件", "an icon"),
    (b"Rar!", "一个 RAR 压缩包", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "一个 7z 压缩包", "a 7z archive"),
    (b"\x1f\x8b", "一个 gzip 压缩文件", "a gzip file"),
    (b"BZh", "一个 bzip2 压缩文件", "a bzip2 file"),
    (b"\xfd7zXZ\x00", "一个 xz 压缩文件", "an xz file"),
    (b"\x7fELF", "一个程序（ELF）", "a program (ELF)"),
    (b"MZ", "一个 Windows 程序", "a Windows program"),
    (b"SQLite format 3\x00", "一个 SQLite 数据库", "an SQLite database"),
    (b"ID3", "一段 MP3 音频", "an MP3 audio file"),
    (b"OggS", "一段 Ogg 音视频", "an Ogg media file"),
    (b"\x1aE\xdf\xa3", "一段视频（Matroska/WebM）", "a Matroska/WebM video"),
    (b"wOFF", "一个字体文件", "a font"),
    (b"wOF2", "一个字体文件", "a font"),
]
_HEAD = 65536
_REPORT_SIGNS = re.compile(
    r"(?:19|20)\d\d年度?\S{0,40}?信息公开(?:工作)?年度?报告"
    r"|[一二三四五六七八九十]、(?:总体情况|主动公开政府信息情况|收到和处理政府信息公开申请情况)"
)


def not_report(path: Path) -> str | None:
    """What a file govkit could not read as a report is, when it is not a report at all
    ("不是年度报告：这是一张 PNG 图片"); None for a report it could not read.

    A file in a document format govkit reads (PDF, Word), an empty file, or text with a report's
    title or headings is a report that failed. Callers ask only after a reading error
    (GovkitError), never after a bug.
    """
    try:
        with open(path, "rb") as fh:
            head = fh.read(_HEAD)
    except OSError:
        return None
    if not head.strip() or b"%PDF-" in head[:1024] or head.startswith(b"\xd0\xcf\x11\xe0"):
        return None  # empty, PDF, old Word: a report file that failed
    if head.startswith(b"PK\x03\x04"):
        what = _zip_kind(path)
    else:
        what = _binary_kind(head) or _text_kind(path, head)
    return None if what is None else f"不是年度报告：这是{what[0]} / not a report: {what[1]}"


def _binary_kind(head: bytes) -> tuple[str, str] | None:
    if head[:4] == b"RIFF" and head[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        kind = {
            b"WEBP": ("一张 WebP 图片", "a WebP image"),
            b"WAVE": ("一段 WAV 音频", "a WAV audio file"),
        }
        return kind.get(head[8:12], ("一段 AVI 视频", "an AVI video"))
    if head[4:8] == b"ftyp":
        return "一段 MP4/MOV 视频或 HEIC 图片", "an MP4/MOV video or HEIC image"
    for magic, zh, en in _MAGIC:
        if head.startswith(magic):
            return zh, en
    return None


def _zip_kind(path: Path) -> tuple[str, str] | None:
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist()[:2000])
    except (OSError, zipfile.BadZipFile, ValueError):
        return None  # a damaged .docx (a download cut short) is a report that failed
    if "word/document.xml" in names:
        return None
    if "xl/workbook.xml" in names:
        return "一个 Excel 工作簿", "an Excel workbook"
    if "ppt/presentation.xml" in names:
        return "一个 PowerPoint 演示文稿", "a PowerPoint presentation"
    return "一个 ZIP 压缩包", "a ZIP archive"


def _text_kind(path: Path, head: bytes) -> tuple[str, str] | None:
    try:
        text, _ = decode(head, str(path))
    except InputError:
        return (
            "二进制数据（不是文本、网页、Word 或 PDF）",
            "binary data (not text, HTML, Word or PDF)",
        )
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    if "\t" in first or first.count(",") >= 2:  # a table, even if it lists reports by title
        header = {c.strip().strip('"').lower() for c in re.split(r"[\t,]", first)}
        if header & {"path", "file"}:
            return "一份文件清单（manifest）", "a manifest (list of files)"
        return "一个表格文件（CSV/TSV）", "a table (CSV/TSV)"
    if _REPORT_SIGNS.search(squeeze(norm(text))):
        return None  # a report (pre-2019, truncated …) that failed: its reason stands
    if path.name.upper().startswith("README"):
        return "一份说明文件（README）", "a README"
    if looks_like_html(text):
        if ERROR_PAGE.search(text[:5000]):
            return None  # an error page saved in place of a report: a failed download
        return "一个网页，其中没有年度报告", "a web page without a report"
    if text.lstrip()[:1] in ("{", "["):
        return "JSON 数据", "JSON data"
    return "一个文本文件，其中没有年度报告", "a text file without a report"
