"""Word (.docx) reports: body paragraphs and tables in document order, as the HTML reader gives them.

Merged cells are not expanded: a horizontally merged cell (gridSpan) is one cell, like HTML's
colspan, and the continuation rows of a vertical merge (vMerge) contain no cell there, like HTML's
rowspan. The template matcher then sees the same rows from a .docx as from the web page.

A .docx is a zip archive; its sizes are checked before anything is decompressed, so a zip bomb
is refused instead of filling memory.
"""

from __future__ import annotations

import io
import zipfile

from govkit.errors import GovkitError, InputError
from govkit.io.document import Cell, Document

MAX_ENTRIES = 2_000  # a Word report has a few dozen parts; tens of thousands means something else
MAX_RATIO = 200  # deflate tops out near 1000:1; Word XML compresses 5-30:1
UNZIPPED_PER_BYTE = 4  # total unzipped size allowed, as a multiple of max_bytes

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_OTHER_ZIPS = (  # member that identifies the format -> (zh, en) name
    ("xl/workbook.xml", ("Excel 表格（.xlsx）", "an Excel workbook (.xlsx)")),
    ("ppt/presentation.xml", ("PowerPoint 演示文稿（.pptx）", "a PowerPoint file (.pptx)")),
    ("OFD.xml", ("OFD 版式文件（.ofd）", "an OFD document (.ofd)")),
    ("content.xml", ("OpenDocument 文件（.odt 等）", "an OpenDocument file (.odt etc.)")),
)


def parse_docx(data: bytes, source: str = "", *, max_bytes: int) -> Document:
    """Read .docx bytes (already known to start with the zip magic) into rows of cells."""
    _check_zip(data, source, max_bytes)
    import docx  # python-docx: imported here so that text and HTML reads do not pay for it

    try:
        body = docx.Document(io.BytesIO(data)).element.body
        rows: list[tuple[Cell, ...]] = []
        _walk(body, rows, [0])
    except GovkitError:
        raise
    except Exception as exc:  # python-docx/lxml raise many types on a damaged package
        raise InputError(
            "Word 文档已损坏，无法读取",
            f"damaged Word document: {type(exc).__name__}: {exc}",
            source=source,
        ) from exc
    return Document(rows, "docx", source)


def _walk(el, rows: list[tuple[Cell, ...]], tables: list[int]) -> None:
    """Paragraphs and tables in body order; content controls (w:sdt) are looked into."""
    for child in el.iterchildren():
        tag = child.tag
        if tag == f"{_W}p":
            # python-docx's CT_P.text: runs, hyperlinks, tabs; <w:br/> gives "\n" like HTML's <br>
            for line in child.text.split("\n"):
                if line.strip():
                    rows.append((Cell(line, f"paragraph {len(rows) + 1}"),))
        elif tag == f"{_W}tbl":
            tables[0] += 1
            _table(child, tables[0], rows)
        elif tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"):
            _walk(child, rows, tables)


def _table(tbl, t: int, rows: list[tuple[Cell, ...]]) -> None:
    """One row of cells per w:tr; each w:tc once; vMerge continuation cells left out."""
    for r, tr in enumerate(tbl.iterchildren(f"{_W}tr"), 1):
        cells = []
        for tc in tr.iterchildren(f"{_W}tc"):
            if _continues_merge(tc):
                continue
            text = "\n".join(p.text for p in tc.iterchildren(f"{_W}p"))
            cells.append(Cell(text, f"table {t} row {r} col {len(cells) + 1}"))
        if cells:
            rows.append(tuple(cells))


def _continues_merge(tc) -> bool:
    """True for the lower cells of a vertical merge (<w:vMerge/> without val="restart")."""
    pr = tc.find(f"{_W}tcPr")
    vm = pr.find(f"{_W}vMerge") if pr is not None else None
    return vm is not None and vm.get(f"{_W}val", "continue") == "continue"


def _check_zip(data: bytes, source: str, max_bytes: int) -> None:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise InputError(
            "文件以 zip 标记开头，但不是完整的 zip/Word（.docx）文件（可能下载不完整）",
            f"starts like a zip but is not a readable zip/Word file (truncated download?): {exc}",
            source=source,
        ) from exc
    with zf:
        infos = zf.infolist()
        names = {i.filename for i in infos}
    if len(infos) > MAX_ENTRIES:
        raise InputError(
            f"压缩包内有 {len(infos)} 个文件，超过上限 {MAX_ENTRIES}（Word 文档通常只有几十个；"
            "确需读取时可调高 govkit.io.docx.MAX_ENTRIES）",
            f"the zip holds {len(infos)} entries, over the limit of {MAX_ENTRIES} (a Word file has "
            "a few dozen; raise govkit.io.docx.MAX_ENTRIES if this one is genuine)",
            source=source,
        )
    total = sum(i.file_size for i in infos)
    limit = UNZIPPED_PER_BYTE * max_bytes
    if total > limit:
        raise InputError(
            f"解压后共 {total / 1e6:.0f} MB，超过上限 {limit / 1e6:.0f} MB"
            f"（上限为 max_bytes 的 {UNZIPPED_PER_BYTE} 倍，可用 max_bytes 参数调高）",
            f"unzips to {total / 1e6:.0f} MB, over the limit of {limit / 1e6:.0f} MB "
            f"({UNZIPPED_PER_BYTE} x max_bytes; raise it with max_bytes=)",
            source=source,
        )
    for i in infos:
        ratio = i.file_size / max(i.compress_size, 1)
        if i.file_size > 1_000_000 and ratio > MAX_RATIO:
            raise InputError(
                f"压缩包内 {i.filename} 的压缩比为 {ratio:.0f}:1，超过上限 {MAX_RATIO}:1，疑似压缩炸弹"
                "（确需读取时可调高 govkit.io.docx.MAX_RATIO）",
                f"{i.filename} is compressed {ratio:.0f}:1, over the limit of {MAX_RATIO}:1 "
                "(a zip bomb?; raise govkit.io.docx.MAX_RATIO if genuine)",
                source=source,
            )
    if not any(n.startswith("word/") for n in names):
        raise _not_docx(names, source)


def _not_docx(names: set[str], source: str) -> InputError:
    kind = next((k for member, k in _OTHER_ZIPS if member in names), None)
    zh, en = kind or ("普通 zip 压缩包", "a plain zip archive")
    return InputError(
        f"这是{zh}，不是 Word（.docx）报告；请解压或另存为 .docx、PDF 或网页后再读取",
        f"this is {en}, not a Word (.docx) report; extract it or save it as .docx, PDF or HTML",
        source=source,
    )
