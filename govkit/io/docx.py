"""Word (.docx) reports: what Word shows, as body paragraphs and tables in document order.

Read: runs wherever Word shows them — tracked insertions (`w:ins`, `w:moveTo`), hyperlinks,
simple and complex fields (the result, not the field code), smart tags, content controls
(`w:sdt`), custom XML, nested tables (a table of their own, see govkit.io.layout). Not read:
deleted text (`w:del`, `w:moveFrom`, deleted rows and cells), hidden text (`w:vanish` set on the
run or by its character or paragraph style), field codes, ruby annotations, text boxes and
drawings. Separate paragraphs in one cell are separate lines of that cell, like HTML's `<p>`.

Merged cells are not expanded: a horizontally merged cell (gridSpan) is one cell, like HTML's
colspan, and the continuation rows of a vertical merge (vMerge) contain no cell there, like HTML's
rowspan. The template matcher then sees the same rows from a .docx as from the web page.

A .docx is a zip archive; its sizes are checked before anything is decompressed, so a zip bomb
is refused, and its rows, cells and paragraphs are counted while the XML is unzipped
(govkit.limits.MAX_ROWS), before a tree is built. The main part is parsed once by lxml and written out as text by one
libxslt pass (no Python work per run or cell).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib

from lxml import etree

from govkit import limits
from govkit.errors import InputError
from govkit.io.document import Document
from govkit.io.layout import CELL, END, ROW, START, rows_of, strip_marker_bytes, write_text

MAX_ENTRIES = 2_000  # a Word report has a few dozen parts; tens of thousands means something else
MAX_RATIO = 200  # deflate tops out near 1000:1; Word XML compresses 5-30:1
UNZIPPED_PER_BYTE = 4  # total unzipped size allowed, as a multiple of max_bytes

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{_W_NS}}}"
_NS = {"w": _W_NS}
_OTHER_ZIPS = (  # member that identifies the format -> (zh, en) name
    ("xl/workbook.xml", ("Excel 表格（.xlsx）", "an Excel workbook (.xlsx)")),
    ("ppt/presentation.xml", ("PowerPoint 演示文稿（.pptx）", "a PowerPoint file (.pptx)")),
    ("OFD.xml", ("OFD 版式文件（.ofd）", "an OFD document (.ofd)")),
    ("content.xml", ("OpenDocument 文件（.odt 等）", "an OpenDocument file (.odt etc.)")),
)
_XML = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
_HIDDEN = "{urn:govkit}hidden"  # runs and paragraphs hidden by their style are renamed to this
_ON = "not(@w:val='0' or @w:val='false' or @w:val='off')"  # a toggle property that is set
# The document as text in one libxslt pass. Only w:t is text (field codes, deleted text and
# drawing descriptions are other elements); each paragraph ends with a line break; tables write
# their rows and cells between markers (mode "table": a row's own cells, vMerge continuations
# and deleted rows and cells left out).
_STYLESHEET = f"""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
 xmlns:w="{_W_NS}" xmlns:g="urn:govkit"
 xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">
<xsl:output method="text" encoding="UTF-8"/>
<xsl:template match="text()"/>
<xsl:template match="text()" mode="table"/>
<xsl:template match="w:t"><xsl:value-of select="."/></xsl:template>
<xsl:template match="w:tab|w:ptab"><xsl:text>&#9;</xsl:text></xsl:template>
<xsl:template match="w:br|w:cr"><xsl:text>&#10;</xsl:text></xsl:template>
<xsl:template match="w:noBreakHyphen">-</xsl:template>
<xsl:template match="w:p"><xsl:apply-templates/><xsl:text>&#10;</xsl:text></xsl:template>
<xsl:template match="w:del|w:moveFrom|w:rPr|w:pPr|w:tcPr|w:sectPr|w:rt|w:drawing|w:pict|w:object
 |mc:AlternateContent|g:hidden|w:r[w:rPr/w:vanish[{_ON}]]"/>
<xsl:template match="w:tbl">&#x{ord(START):x};<xsl:apply-templates select="*" mode="table"/>&#x{ord(END):x};</xsl:template>
<xsl:template match="w:tblPr|w:tblGrid|w:trPr|w:tblPrEx|w:tr[w:trPr/w:del]
 |w:tc[w:tcPr/w:vMerge[not(@w:val) or @w:val='continue']]|w:tc[w:tcPr/w:cellDel]" mode="table"/>
<xsl:template match="w:tr" mode="table">&#x{ord(ROW):x};<xsl:apply-templates select="*" mode="table"/></xsl:template>
<xsl:template match="w:tc" mode="table"><xsl:apply-templates/>&#x{ord(CELL):x};</xsl:template>
</xsl:stylesheet>"""
_MAIN_PART = re.compile(
    rb'Type="[^"]*/officeDocument"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Type="[^"]*/officeDocument"'
)
_STYLES_PART = re.compile(
    rb'Type="[^"]*/styles"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Type="[^"]*/styles"'
)
_W_PREFIX = re.compile(rb'xmlns(?::([\w.-]+))?="' + re.escape(_W_NS.encode()) + rb'"')


def parse_docx(data: bytes, source: str = "", *, max_bytes: int) -> Document:
    """Read .docx bytes (already known to start with the zip magic) into rows of cells."""
    with _open_zip(data, source) as zf:
        _check_zip(zf, source, max_bytes)
        try:
            main = _main_part(zf)
            xml = _read_counted(zf, main, source)
            styles = _styles(zf, main)
        except (KeyError, zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError, RuntimeError) as exc:  # fmt: skip
            raise _damaged(exc, source) from exc
    try:
        root = etree.fromstring(strip_marker_bytes(xml), _XML)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise _damaged(exc, source) from exc
    if root is None or root.find(f"{_W}body") is None:
        raise _damaged(ValueError("no w:body in the main document part"), source)
    _hide_styled(root, styles)
    limits.check_time("Word")
    try:
        text = write_text(_STYLESHEET, root)
    except etree.XSLTApplyError as exc:  # libxslt's depth limit, beyond what Word writes
        raise _damaged(exc, source) from exc
    return Document(rows_of(text, source), "docx", source)


def _main_part(zf: zipfile.ZipFile) -> str:
    """The main document part, as the package's relationships name it (word/document.xml)."""
    try:
        m = _MAIN_PART.search(zf.read("_rels/.rels"))
    except KeyError:
        m = None
    target = (m[1] or m[2]).decode("utf-8", "replace") if m else "word/document.xml"
    return posixpath.normpath(target.lstrip("/"))


def _styles(zf: zipfile.ZipFile, main: str) -> bytes:
    """The styles part (b"" when there is none): hidden text can come from a style."""
    folder, name = posixpath.split(main)
    try:
        m = _STYLES_PART.search(zf.read(posixpath.join(folder, "_rels", name + ".rels")))
    except KeyError:
        return b""
    if not m:
        return b""
    part = posixpath.normpath(posixpath.join(folder, (m[1] or m[2]).decode("utf-8", "replace")))
    try:
        return zf.read(part.lstrip("/"))
    except KeyError:
        return b""


def _read_counted(zf: zipfile.ZipFile, part: str, source: str) -> bytes:
    """The part's bytes, its rows, cells and paragraphs counted while it is unzipped: a .docx of
    millions of rows unzips within the size limit but would take gigabytes as a tree, so it is
    refused at the first megabyte past MAX_ROWS, before any tree is built."""
    if zf.getinfo(part).file_size <= 6 * limits.MAX_ROWS:  # `<w:p/>`, the shortest, is 6 bytes
        return zf.read(part)
    chunks: list[bytes] = []
    counts = [0, 0, 0]
    tags: list[bytes] = []
    tail = b""
    with zf.open(part) as f:
        while chunk := f.read(1 << 20):
            if not tags:
                tags = _counted_tags(chunk)
            window = tail + chunk
            for i, variants in enumerate(tags):
                counts[i] += sum(window.count(t) - tail.count(t) for t in variants)
                limits.check_rows(counts[i], source)
            chunks.append(chunk)
            tail = window[-16:]
    return b"".join(chunks)


def _counted_tags(head: bytes) -> list[list[bytes]]:
    """Start tags of rows, cells and paragraphs, with the prefix the part gives the w namespace."""
    m = _W_PREFIX.search(head, 0, 65536)
    prefix = (m[1] or b"") if m else b"w"
    start = b"<" + prefix + b":" if prefix else b"<"
    return [[start + local + end for end in (b">", b" ", b"/")] for local in (b"tr", b"tc", b"p")]


def _hide_styled(root: etree._Element, styles: bytes) -> None:
    """Rename runs (and paragraphs) whose character (paragraph) style hides them (w:vanish)."""
    if b"vanish" not in styles:
        return
    try:
        tree = etree.fromstring(styles, _XML)
    except (etree.XMLSyntaxError, ValueError):
        return  # a damaged styles part: direct formatting still counts
    hidden = _hidden_styles(tree)
    for style in hidden:
        for el in root.xpath(
            "//w:r[w:rPr/w:rStyle/@w:val=$s][not(w:rPr/w:vanish)]|//w:p[w:pPr/w:pStyle/@w:val=$s]",
            namespaces=_NS,
            s=style,
        ):
            el.tag = _HIDDEN


def _hidden_styles(tree: etree._Element) -> set[str]:
    """Ids of the styles that hide text, their own w:vanish or the one they inherit (basedOn)."""
    own: dict[str, bool | None] = {}
    base: dict[str, str] = {}
    for style in tree.iterfind("w:style", _NS):
        sid = style.get(f"{_W}styleId", "")
        vanish = style.find("w:rPr/w:vanish", _NS)
        own[sid] = None if vanish is None else vanish.get(f"{_W}val") not in ("0", "false", "off")
        parent = style.find("w:basedOn", _NS)
        if parent is not None:
            base[sid] = parent.get(f"{_W}val", "")
    hidden = set()
    for sid in own:
        seen, s = set(), sid
        while own.get(s) is None and s in base and s not in seen:  # basedOn chains can loop
            seen.add(s)
            s = base[s]
        if own.get(s):
            hidden.add(sid)
    return hidden


def _open_zip(data: bytes, source: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise InputError(
            "文件以 zip 标记开头，但不是完整的 zip/Word（.docx）文件（可能下载不完整）",
            f"starts like a zip but is not a readable zip/Word file (truncated download?): {exc}",
            source=source,
        ) from exc


def _damaged(exc: BaseException, source: str) -> InputError:
    return InputError(
        "Word 文档已损坏，无法读取",
        f"damaged Word document: {type(exc).__name__}: {exc}",
        source=source,
    )


def _check_zip(zf: zipfile.ZipFile, source: str, max_bytes: int) -> None:
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
