"""Text-based PDF reports: tables from the ruling lines of the page, the rest as paragraphs.

PDFium (pypdfium2, compiled) gives each page's characters with their boxes and its path objects;
the cells are rebuilt here from the ruling lines, as pdfplumber's lattice method does (snap and
join the line pieces, find where they cross, take the smallest closed rectangle from each
crossing). A merged cell is one cell, in the row where it starts, and the rows it covers below
have no cell there: the same rows the HTML reader gives for colspan/rowspan, so the template
matcher treats PDF, Word and web page alike.

Reading order is top to bottom on each page. A table that runs on at the top of the next page is
the same table: rows repeated from its header are dropped, and so is an empty row left where a
row broke over the page. Page numbers ('— 3 —', '第 3 页') are left out, and said so. Lines of
prose are joined back into paragraphs, so that a sentence broken by the line wrap reads whole.
A table printed without ruling lines is read line by line, cut into cells at wide gaps; a blank
cell there cannot be seen, so its row does not fit the template and the matcher says so.

Untrusted input: the cheap limits come before the expensive work — how far the compressed streams
inflate (before PDFium parses anything), the page count (from the page tree, before any page is
read), the characters and ruling lines of a page (before they are grouped). A text layer that
cannot be decoded (fonts without a ToUnicode map) is named as such.
"""

from __future__ import annotations

import ctypes
import re
import zlib
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from operator import attrgetter

from govkit.errors import GovkitError, InputError
from govkit.io.document import Cell, Document
from govkit.limits import check_time

MAX_PAGES = 300
MAX_CHARS = 100_000  # characters on one page; a dense A4 page has ~3,000
MAX_RULINGS = 5_000  # ruling-line pieces on one page; a page of a report's table has a few hundred
MAX_CROSSINGS = 10_000  # where they cross: a 100 x 100 grid; a page of a report's tables has ~1,000
MAX_INFLATED = 128 * 2**20  # bytes all non-image streams of a PDF may inflate to, together
_TABLE_WORDS = ("本年新收", "第二十条", "行政复议")  # a page printing these holds a template table
_PAGE_NO = re.compile(
    r"[-—–－―_~\s]*(?:第\s*)?\d{1,4}\s*页?\s*(?:[,，]?\s*(?:/|／|共)\s*\d{1,4}\s*页?)?[-—–－―_~\s]*"
)
_MARGIN = 0.1  # page numbers live in the top/bottom tenth of the page
_GAP = 0.6  # in a table drawn without lines, a gap wider than this many font sizes parts two cells
_LATIN = re.compile(r"[A-Za-z0-9]")
_DIGIT = re.compile(r"[0-9０-９]")
_WORK = 2_000_000  # corner checks while finding cells on one page (a report's table: ~10,000)
_TOL = 3.0  # points: snapping/joining ruling lines, their crossings, words and lines of text
_UNDECODED = 0.5  # below this share of common characters, the text layer is not real text


@dataclass(slots=True)
class _Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@dataclass
class _Reader:
    """State carried from page to page: the rows so far, the open paragraph, the open table."""

    source: str
    rows: list[tuple[Cell, ...]] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    tables: int = 0
    header: list[tuple[str, ...]] = field(default_factory=list)  # first rows of the open table
    table_rows: int = 0
    table_open: bool = False  # last thing read was a table (a continuation may follow)
    para: list[str] = field(default_factory=list)
    para_ref: str = ""
    last: dict | None = None  # geometry of the paragraph's last line
    page_numbers: list[str] = field(default_factory=list)
    last_row: list[tuple[float, str]] = field(default_factory=list)  # (column x, text) of the
    # open table's last row, to join the rest of a row a page break cut in two

    def text_line(self, line: dict, page: int, left: float, right: float) -> None:
        text = line["text"]
        h = max(line["bottom"] - line["top"], 1.0)
        prev = self.last
        goes_on = (
            prev is not None
            and prev["x1"] >= right - 1.5 * h
            and line["x0"] <= left + 0.5 * h
            and (prev["page"] != page or line["top"] - prev["bottom"] < h)
        )
        if goes_on:
            self.para.append(text)
        else:
            self.flush()
            self.para = [text]
            self.para_ref = f"page {page} paragraph {len(self.rows) + 1}"
        self.last = {**line, "page": page}
        self.table_open = False

    def flush(self) -> None:
        if self.para:
            self.rows.append((Cell(_join(self.para), self.para_ref),))
        self.para, self.last = [], None

    def table(
        self, grid: list[list[str | None]], xs: list[float], page: int, first_on_page: bool
    ) -> None:
        """One table's rows (None where a merged cell covers the position; xs: where each
        column starts)."""
        self.flush()
        rows = [
            [(x, _join(c.split("\n"))) for x, c in zip(xs, r, strict=True) if c is not None]
            for r in grid
        ]
        rows = [r for r in rows if r]
        if self.table_open and first_on_page:
            rows = self._continuation(rows, page)
        else:
            self.tables += 1
            self.table_rows = 0
            self.header = [_key(r) for r in rows[:4]]
        t = self.tables
        for r in rows:
            self.table_rows += 1
            self.rows.append(
                tuple(
                    Cell(text, f"page {page} table {t} row {self.table_rows} col {c}")
                    for c, (_x, text) in enumerate(r, 1)
                )
            )
            self.last_row = r
        self.table_open = True

    def gap_row(self, cells: list[str], page: int) -> None:
        """A line of a table drawn without ruling lines, already cut into cells at wide gaps."""
        self.flush()
        if not self.table_open:
            self.tables += 1
            self.table_rows = 0
            self.header = []
        self.table_rows += 1
        t, r = self.tables, self.table_rows
        self.rows.append(
            tuple(Cell(x, f"page {page} table {t} row {r} col {c}") for c, x in enumerate(cells, 1))
        )
        self.last_row = []
        self.table_open = True

    def _continuation(self, rows: list[list[tuple[float, str]]], page: int) -> list:
        """The part of a table on the next page: drop a repeated header and empty row fragments,
        and join the rest of a row the page break cut in two to that row."""
        k = 0
        while k < len(self.header) and k < len(rows) - 1 and _key(rows[k]) == self.header[k]:
            k += 1
        if k:
            shown = " | ".join(c for _x, c in rows[0] if c.strip())[:60]
            self.dropped.append(f"第 {page} 页重复的表头（{k} 行）：{shown}")
        rows = rows[k:]
        while rows and not any(c.strip() for _x, c in rows[0]):
            rows = rows[1:]
        if rows and self.last_row and _rest_of_row(rows[0], self.last_row):
            self._join_row(rows[0], page)
            rows = rows[1:]
        return rows

    def _join_row(self, rest: list[tuple[float, str]], page: int) -> None:
        last = self.rows[-1]
        texts = [c.text for c in last]
        for x, text in rest:
            if text:
                i = next(i for i, (lx, _t) in enumerate(self.last_row) if abs(lx - x) <= _TOL)
                texts[i] = _join([texts[i], text])
        self.rows[-1] = tuple(Cell(t, c.ref) for t, c in zip(texts, last, strict=True))
        self.last_row = [(x, t) for (x, _old), t in zip(self.last_row, texts, strict=True)]
        shown = " | ".join(t for _x, t in rest if t)[:60]
        self.dropped.append(
            f"第 {page} 页顶部是上一页被分页截断的一行的其余部分，已接回该行：{shown}"
        )


def _rest_of_row(rest: list[tuple[float, str]], last: list[tuple[float, str]]) -> bool:
    """The first row on a page is the rest of the previous page's last row, cut by the page break:
    it holds no digit; each of its texts sits in a column where that row has text; and a column
    where that row printed a number is empty in it (the numbers were printed before the break)."""
    if any(_DIGIT.search(t) for _x, t in rest):
        return False

    def over(x: float) -> str | None:
        return next((t for lx, t in last if abs(lx - x) <= _TOL), None)

    if any(t and not over(x) for x, t in rest):
        return False
    return any(not t and _DIGIT.search(over(x) or "") for x, t in rest)


def parse_pdf(data: bytes, source: str = "", *, max_pages: int = MAX_PAGES) -> Document:
    """Read PDF bytes (already known to start with %PDF) into rows of cells."""
    import pypdfium2 as pdfium  # imported here so that text and HTML reads do not pay for it

    _check_inflated(data, source)
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise _open_error(exc, source) from exc
    try:
        n = len(pdf)  # from the page tree: no page has been read yet
        if n > max_pages:
            raise InputError(
                f"PDF 共 {n} 页，超过上限 {max_pages} 页（可用 max_pages 参数调高）",
                f"the PDF has {n} pages, over the limit of {max_pages} (raise it with max_pages=)",
                source=source,
            )
        reader = _Reader(source)
        created = _creation_date(pdf)
        text: list[str] = []
        for i in range(n):
            check_time(f"page {i + 1}")  # read_report's time budget, between pages
            page = pdf[i]
            try:
                _read_page(page, i + 1, reader, text)
            finally:
                page.close()
    except GovkitError as exc:
        if exc.source is None:  # a page's limit, raised where the file name is not known
            raise InputError(exc.zh, exc.en, source=source, where=exc.where) from None
        raise
    except Exception as exc:  # PDFium refuses a damaged page tree or page
        raise _damaged(exc, source) from exc
    finally:
        pdf.close()
    _check_text_layer(text, source)
    reader.flush()
    if reader.page_numbers:
        sample = "、".join(reader.page_numbers[:3])
        reader.dropped.append(f"页码 {len(reader.page_numbers)} 处（如 {sample}）")
    return Document(
        reader.rows,
        "pdf",
        source,
        dropped=reader.dropped,
        published=created,
        published_source="pdf" if created else "",
    )


def _creation_date(pdf) -> str:
    """The document's CreationDate (D:20250315…) as 2025-03-15; "" when absent or malformed.
    The weakest evidence of publication: a PDF is often made days before it is put online."""
    try:
        raw = pdf.get_metadata_dict(skip_empty=True).get("CreationDate", "")
    except Exception:  # a damaged info dictionary is no reason to refuse the report
        return ""
    m = re.match(r"D:((?:19|20)\d\d)(\d\d)(\d\d)", raw)
    return f"{m[1]}-{m[2]}-{m[3]}" if m else ""


def _check_text_layer(text: list[str], source: str) -> None:
    """No characters: a scanned PDF. Characters that are not text: fonts without ToUnicode."""
    chars = "".join(text)
    if not chars:
        raise InputError(
            "扫描版 PDF（无文字层），不支持 OCR；请使用机关发布的网页版或文字版 PDF/Word",
            "scanned PDF without a text layer; OCR is out of scope (use the web, Word or a text PDF)",
            source=source,
        )
    common = _common_chars()
    seen = [c for c in chars if not c.isspace()]
    if seen and sum(c in common for c in seen) < _UNDECODED * len(seen):
        raise InputError(
            "PDF 的文字层无法解码（字体缺少 ToUnicode 映射，取出的是字形编号而不是文字）；"
            "请使用机关发布的网页版或 Word 文件",
            "the PDF's text layer cannot be decoded (its fonts have no ToUnicode map: glyph "
            "numbers, not text); use the web or Word version",
            source=source,
        )


@cache
def _common_chars() -> frozenset[str]:
    """ASCII, GB2312's symbols and its 3,755 level-1 (common) hanzi: nearly all of a real report."""
    out = {chr(c) for c in range(0x20, 0x7F)}
    for hi in [*range(0xA1, 0xAA), *range(0xB0, 0xD8)]:
        for lo in range(0xA1, 0xFF):
            try:
                out.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return frozenset(out | set("，。、；：？！“”‘’（）《》—…·　"))


_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
_RATIO = 1032  # the most one Flate layer can inflate: 1 byte to 1,032 at best (zlib's limit)


def _check_inflated(data: bytes, source: str) -> None:
    """Bound what the compressed streams that are not images inflate to (PDFium never decodes
    images to read text), chained filters included, before PDFium parses anything: a 4 KB file
    may otherwise inflate to gigabytes inside the parser, beyond any check. A stream is only
    inflated (and only up to the limit) when Flate's best ratio could take the total over it."""
    known, pending, pending_bound = 0, [], 0  # inflated sizes; streams bounded, not inflated
    for m in _STREAM.finditer(data):
        head = data[max(0, m.start() - 2048) : m.start()]
        head = head[head.rfind(b"obj") + 3 :]
        if b"/Fl" not in head or _IMAGE.search(head):
            continue
        layers = max(1, head.count(b"/FlateDecode") + len(re.findall(rb"/Fl\b", head)))
        end = data.find(b"endstream", m.end())
        raw = data[m.end() : end if end >= 0 else len(data)]
        bound = len(raw) * _RATIO**layers
        pending.append((raw, layers))
        if known + pending_bound + bound <= MAX_INFLATED:
            pending_bound += bound
            continue
        for raw, layers in pending:
            known += _inflated(raw, layers, MAX_INFLATED - known)
            if known > MAX_INFLATED:
                raise _inflates_too_far(source)
        pending, pending_bound = [], 0


def _inflates_too_far(source: str) -> InputError:
    cap = MAX_INFLATED // 2**20
    return InputError(
        f"PDF 中的压缩数据解压后超过 {cap} MiB 的上限（疑似压缩炸弹；可用 "
        "govkit.io.pdf.MAX_INFLATED 调高）",
        f"the PDF's compressed streams inflate past the limit of {cap} MiB (a "
        "decompression bomb? raise govkit.io.pdf.MAX_INFLATED)",
        source=source,
    )


def _inflated(raw: bytes, layers: int, room: int) -> int:
    """Bytes `raw` inflates to through `layers` Flate filters, counting no further than room+1;
    only the layers before the last are kept (each at most `room`)."""
    size = 0
    for layer in range(layers):
        d = zlib.decompressobj()
        out, size = [], 0
        try:
            buf = d.decompress(raw, 1 << 23)
            while True:
                size += len(buf)
                if size > room:
                    return room + 1
                if layer < layers - 1:
                    out.append(buf)
                if not d.unconsumed_tail:
                    break
                buf = d.decompress(d.unconsumed_tail, 1 << 23)
        except zlib.error:
            return size  # damaged or not really Flate: PDFium will say so, or read what it can
        raw = b"".join(out)
    return size


def _read_page(page, n: int, reader: _Reader, text: list[str]) -> None:
    """Add one page's paragraphs and tables to the reader in top-to-bottom order."""
    to_page = _page_transform(page)
    chars = _chars(page, to_page, n)
    if not chars:
        if _has_images(page):
            reader.dropped.append(f"第 {n} 页没有文字层（扫描页），未读取")
        return
    text.append("".join(c.text for c in chars))
    tables = _find_tables(_rulings(page, to_page, n), n)
    boxes = [t[0] for t in tables]
    rest = [c for c in chars if not any(_inside(c, b) for b in boxes)] if boxes else chars
    # A table printed without ruling lines: each line is cut into cells at wide gaps.
    borderless = not tables and any(w in text[-1] for w in _TABLE_WORDS)
    lines = _text_lines(rest, with_chars=borderless)
    height = to_page[6]
    band = _MARGIN * height
    body = []
    for line in lines:
        in_margin = line["top"] < band or line["bottom"] > height - band
        if in_margin and _PAGE_NO.fullmatch(line["text"]):
            reader.page_numbers.append(line["text"].strip())
        else:
            body.append(line)
    blocks = [(ln["top"], 0, ln) for ln in body] + [(t[0][1], 1, t) for t in tables]
    blocks.sort(key=lambda b: (b[0], b[1]))
    left = min((ln["x0"] for ln in body), default=0.0)
    right = max((ln["x1"] for ln in body), default=to_page[7])
    for i, (_top, is_table, obj) in enumerate(blocks):
        if is_table:
            reader.table(*_extract(obj[1], chars), n, first_on_page=i == 0)
        elif borderless and len(cells := _gap_cells(obj["chars"])) > 1:
            reader.gap_row(cells, n)
        else:
            reader.text_line(obj, n, left, right)


# ---------------------------------------------------------------- geometry from PDFium


def _page_transform(page) -> tuple[float, ...]:
    """(a, b, c, d, e, f, height, width): user space -> page space with y down from the top of
    the page as displayed (its /Rotate applied), origin at the media box's corner."""
    x0, y0, x1, y1 = page.get_mediabox()
    rot = page.get_rotation() % 360
    w, h = x1 - x0, y1 - y0
    if rot == 90:  # x' = y - y0, top = x - x0
        return (0.0, 1.0, 1.0, 0.0, -y0, -x0, w, h)
    if rot == 180:  # x' = x1 - x, top = y - y0
        return (-1.0, 0.0, 0.0, 1.0, x1, -y0, h, w)
    if rot == 270:  # x' = y1 - y, top = x1 - x
        return (0.0, -1.0, -1.0, 0.0, y1, x1, w, h)
    return (1.0, 0.0, 0.0, -1.0, -x0, y1, h, w)  # x' = x - x0, top = y1 - y


def _chars(page, t: tuple[float, ...], n: int) -> list[_Char]:
    """The characters the page draws (not the spaces and line breaks PDFium adds), with the
    boxes pdfminer would give: advance width across, font size up from baseline + descent."""
    import pypdfium2.raw as pdfium_c

    tp = page.get_textpage()
    try:
        count = pdfium_c.FPDFText_CountChars(tp.raw)
        if count > MAX_CHARS:
            raise InputError(
                f"第 {n} 页有 {count:,} 个字符，超过每页 {MAX_CHARS:,} 个的上限，不像一份年度报告"
                "（可用 govkit.io.pdf.MAX_CHARS 调高）",
                f"page {n} has {count:,} characters, over the limit of {MAX_CHARS:,} a page "
                "(raise govkit.io.pdf.MAX_CHARS)",
            )
        return _char_boxes(tp.raw, count, t)
    finally:
        tp.close()


def _char_boxes(raw, count: int, t: tuple[float, ...]) -> list[_Char]:
    import pypdfium2.raw as pdfium_c

    rect, m = pdfium_c.FS_RECTF(), pdfium_c.FS_MATRIX()
    generated = pdfium_c.FPDFText_IsGenerated
    loose, matrix = pdfium_c.FPDFText_GetLooseCharBox, pdfium_c.FPDFText_GetMatrix
    font_size = pdfium_c.FPDFText_GetFontSize
    text = _page_text(raw, count)
    a, b, c, d, e, f = t[:6]
    upright = (a, b, c, d) == (1.0, 0.0, 0.0, -1.0)  # no /Rotate: x as is, y from the top
    out = []
    for i, ch in enumerate(text):
        if ch in "\ufffe\ufeff" or (ch in " \r\n" and generated(raw, i) == 1):
            continue
        loose(raw, i, rect)
        matrix(raw, i, m)
        size = font_size(raw, i) * (m.c * m.c + m.d * m.d) ** 0.5
        base = m.f
        if upright:
            out.append(_Char(ch, rect.left + e, rect.right + e, f - base - size, f - base, size))
            continue
        left, right, top = rect.left, rect.right, base + size
        xa, xb = a * left + c * base + e, a * right + c * top + e
        ya, yb = b * left + d * base + f, b * right + d * top + f
        out.append(_Char(ch, min(xa, xb), max(xa, xb), min(ya, yb), max(ya, yb), size))
    return out


def _page_text(raw, count: int) -> str:
    """Every character of the text page in one call, one str character per PDFium index."""
    import pypdfium2.raw as pdfium_c

    buf = ctypes.create_string_buffer((count + 1) * 2)
    units = pdfium_c.FPDFText_GetText(
        raw, 0, count, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort))
    )
    text = buf.raw[: max(units - 1, 0) * 2].decode("utf-16-le", errors="surrogatepass")
    if len(text) == count:
        return text
    get = pdfium_c.FPDFText_GetUnicode  # characters outside the BMP: one index, two UTF-16 units
    return "".join(
        chr(u) if u < 0x110000 else "\ufffd" for u in (get(raw, i) for i in range(count))
    )


def _objects(page, want: int, depth: int = 4) -> Iterator[tuple[object, tuple[float, ...]]]:
    """(object, matrix to user space) of every page object of type `want`, Form XObjects'
    contents included (at most `depth` forms deep)."""
    import pypdfium2.raw as pdfium_c

    form_type = pdfium_c.FPDF_PAGEOBJ_FORM
    get_type, m = pdfium_c.FPDFPageObj_GetType, pdfium_c.FS_MATRIX()

    def walk(parent, count, get, outer, level):
        for i in range(count(parent)):
            obj = get(parent, i)
            kind = get_type(obj)
            if kind in (want, form_type):
                pdfium_c.FPDFPageObj_GetMatrix(obj, m)
                mat = _times((m.a, m.b, m.c, m.d, m.e, m.f), outer)
                if kind == want:
                    yield obj, mat
                elif level < depth:
                    yield from walk(
                        obj,
                        pdfium_c.FPDFFormObj_CountObjects,
                        pdfium_c.FPDFFormObj_GetObject,
                        mat,
                        level + 1,
                    )

    yield from walk(
        page.raw,
        pdfium_c.FPDFPage_CountObjects,
        pdfium_c.FPDFPage_GetObject,
        (1.0, 0.0, 0.0, 1.0, 0.0, 0.0),
        0,
    )


def _times(p: tuple[float, ...], q: tuple[float, ...]) -> tuple[float, ...]:
    """The PDF matrix product p x q (p applied first)."""
    a, b, c, d, e, f = p
    A, B, C, D, E, F = q
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def _has_images(page) -> bool:
    import pypdfium2.raw as pdfium_c

    return any(True for _ in _objects(page, pdfium_c.FPDF_PAGEOBJ_IMAGE))


def _rulings(page, t: tuple[float, ...], n: int) -> list[tuple[str, float, float, float]]:
    """Each straight horizontal or vertical piece of every path, as pdfminer + pdfplumber see
    them: ('h', y, x0, x1) / ('v', x, top, bottom) in page space. A drawn line is one piece
    (a slanted one is taken as vertical, as pdfplumber does); a rectangle or polygon gives its
    axis-parallel sides."""
    import pypdfium2.raw as pdfium_c

    out: list[tuple[str, float, float, float]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    moveto = pdfium_c.FPDF_SEGMENT_MOVETO
    get_seg, get_point = pdfium_c.FPDFPath_GetPathSegment, pdfium_c.FPDFPathSegment_GetPoint
    get_kind, get_close = pdfium_c.FPDFPathSegment_GetType, pdfium_c.FPDFPathSegment_GetClose
    for raw, mat in _objects(page, pdfium_c.FPDF_PAGEOBJ_PATH):
        count = pdfium_c.FPDFPath_CountSegments(raw)
        if len(out) + count > MAX_RULINGS:
            raise _too_many_rulings(n, MAX_RULINGS, "MAX_RULINGS")
        a, b, c, d, e, f = _times(mat, t[:6])
        pts: list[tuple[float, float]] = []
        for i in range(count):
            seg = get_seg(raw, i)
            get_point(seg, x, y)
            p = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
            if pts and get_kind(seg) == moveto:
                _pieces(pts, out)
                pts = []
            pts.append(p)
            if get_close(seg) and pts[0] != p:
                pts.append(pts[0])
        _pieces(pts, out)
    return out


def _pieces(pts: list[tuple[float, float]], out: list) -> None:
    if len(pts) == 2:  # a line: pdfplumber calls every line that is not flat vertical
        (xa, ya), (xb, yb) = pts
        if ya == yb:
            out.append(("h", ya, min(xa, xb), max(xa, xb)))
        else:
            out.append(("v", min(xa, xb), min(ya, yb), max(ya, yb)))
        return
    for (xa, ya), (xb, yb) in pairwise(pts):
        if xa == xb:
            out.append(("v", xa, min(ya, yb), max(ya, yb)))
        elif ya == yb:
            out.append(("h", ya, min(xa, xb), max(xa, xb)))


def _too_many_rulings(n: int, cap: int, name: str) -> InputError:
    return InputError(
        f"第 {n} 页的表格线过多或过于复杂（超过 {name} = {cap:,}），不像一份年度报告的表格"
        f"（可用 govkit.io.pdf.{name} 调高）",
        f"page {n} has too many ruling lines or crossings (over {name} = {cap:,}) for a "
        f"report's table (raise govkit.io.pdf.{name})",
    )


# ---------------------------------------------------------------- tables from ruling lines


def _merge(pieces: list[tuple[str, float, float, float]]) -> list[tuple[str, float, float, float]]:
    """Snap pieces within _TOL of one line to their mean position, join the overlapping or
    nearly touching ones, keep those at least _TOL long (pdfplumber's defaults)."""
    out = []
    for kind in ("v", "h"):
        group = [p for p in pieces if p[0] == kind and p[3] - p[2] >= 1]
        for cluster in _clusters(group, lambda p: p[1]):
            pos = sum(p[1] for p in cluster) / len(cluster)
            spans = sorted((p[2], p[3]) for p in cluster)
            joined = [list(spans[0])]
            for a, b in spans[1:]:
                if a <= joined[-1][1] + _TOL:
                    joined[-1][1] = max(joined[-1][1], b)
                else:
                    joined.append([a, b])
            out += [(kind, pos, a, b) for a, b in joined if b - a >= _TOL]
    return out


def _clusters(items: list, key) -> list[list]:
    """Group items whose key values chain within _TOL (sorted by key; stable inside a group)."""
    keys = [key(i) for i in items]
    if not keys:
        return []
    if max(keys) - min(keys) <= _TOL:  # one line of text, one ruling line: the common case
        return [list(items)]
    values = sorted(set(keys))
    index, group, last = {}, 0, None
    for v in values:
        if last is not None and v > last + _TOL:
            group += 1
        index[v] = group
        last = v
    groups: dict[int, list] = defaultdict(list)
    for i, k in zip(items, keys, strict=True):
        groups[index[k]].append(i)
    return [groups[g] for g in sorted(groups)]


def _find_tables(pieces: list, n: int) -> list[tuple[tuple[float, float, float, float], list]]:
    """Tables as (bbox, cells), top to bottom; a cell is (x0, top, x1, bottom)."""
    import numpy as np

    edges = _merge(pieces)
    vs = [e for e in edges if e[0] == "v"]
    hs = [e for e in edges if e[0] == "h"]
    if not vs or not hs:
        return []
    v = np.array([e[1:] for e in vs])  # x, top, bottom
    h = np.array([e[1:] for e in hs])  # y, x0, x1
    hit = (
        (v[:, 1, None] <= h[None, :, 0] + _TOL)
        & (v[:, 2, None] >= h[None, :, 0] - _TOL)
        & (v[:, 0, None] >= h[None, :, 1] - _TOL)
        & (v[:, 0, None] <= h[None, :, 2] + _TOL)
    )
    if hit.sum() > MAX_CROSSINGS:
        raise _too_many_rulings(n, MAX_CROSSINGS, "MAX_CROSSINGS")
    crossings: dict[tuple[float, float], tuple[set[int], set[int]]] = {}
    for i, j in zip(*np.nonzero(hit), strict=True):
        v_ids, h_ids = crossings.setdefault((vs[i][1], hs[j][1]), (set(), set()))
        v_ids.add(int(i))
        h_ids.add(int(j))
    cells = _cells(crossings, n)
    return [(_bbox(group), group) for group in _tables(cells)]


def _cells(crossings: dict, n: int) -> list[tuple[float, float, float, float]]:
    """From each crossing, the smallest rectangle below and right of it whose four sides are
    each one drawn line with crossings at all four corners (pdfplumber's rule). The lines
    through a crossing reach the next crossings down (right) until the first one they miss."""
    keys = sorted(crossings)
    column: dict[float, list[float]] = defaultdict(list)
    row: dict[float, list[float]] = defaultdict(list)
    for x, y in keys:
        column[x].append(y)
    for x, y in sorted(keys, key=lambda k: (k[1], k[0])):
        row[y].append(x)
    work = [_WORK]
    cells = []
    for x, y in keys:
        v_here, h_here = crossings[(x, y)]
        below = _reached(column[x], y, lambda b: v_here & crossings[(x, b)][0])  # noqa: B023
        right = _reached(row[y], x, lambda r: h_here & crossings[(r, y)][1])  # noqa: B023
        cell = _smallest(crossings, x, y, below, right, work)
        if work[0] < 0:
            raise _too_many_rulings(n, MAX_CROSSINGS, "MAX_CROSSINGS")
        if cell:
            cells.append(cell)
    return cells


def _reached(line: list[float], at: float, joined) -> list[float]:
    out = []
    for p in line[bisect_left(line, at) + 1 :]:
        if not joined(p):
            break
        out.append(p)
    return out


def _smallest(crossings: dict, x: float, y: float, below: list, right: list, work: list):
    for b in below:
        h_below = crossings[(x, b)][1]
        for r in right:
            work[0] -= 1
            corner = crossings.get((r, b))
            if corner and corner[0] & crossings[(r, y)][0] and corner[1] & h_below:
                return (x, y, r, b)
        if work[0] < 0:
            return None
    return None


def _tables(cells: list) -> list[list]:
    """Cells that share a corner, transitively, make one table; tables of one cell are not."""
    parent = list(range(len(cells)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple[float, float], int] = {}
    for i, (x0, top, x1, bottom) in enumerate(cells):
        for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
            if corner in owner:
                parent[find(i)] = find(owner[corner])
            else:
                owner[corner] = i
    groups: dict[int, list] = defaultdict(list)
    for i, cell in enumerate(cells):
        groups[find(i)].append(cell)
    tables = [g for g in groups.values() if len(g) > 1]
    return sorted(tables, key=lambda g: min((c[1], c[0]) for c in g))


def _bbox(cells: list) -> tuple[float, float, float, float]:
    return (
        min(c[0] for c in cells),
        min(c[1] for c in cells),
        max(c[2] for c in cells),
        max(c[3] for c in cells),
    )


def _extract(cells: list, chars: list[_Char]) -> tuple[list[list[str | None]], list[float]]:
    """The table's text, row by row, and where each column starts: a row is every cell starting
    at one height, a column every cell start across the table; None where a merged cell covers
    the position. A character belongs to the cell its centre is in."""
    order = sorted(range(len(chars)), key=lambda i: (chars[i].top + chars[i].bottom) / 2)
    ys = [(chars[i].top + chars[i].bottom) / 2 for i in order]
    xs = sorted({c[0] for c in cells})
    by_top: dict[float, dict[float, tuple]] = defaultdict(dict)
    for c in sorted(cells, key=lambda c: (c[1], c[0])):
        by_top[c[1]][c[0]] = c
    grid = []
    for top in sorted(by_top):
        found = by_top[top]
        x0, y0, x1, y1 = _bbox(list(found.values()))
        near = [chars[i] for i in sorted(order[bisect_left(ys, y0) : bisect_left(ys, y1)])]
        row = [(ch, (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2) for ch in near]
        row = [r for r in row if x0 <= r[1] < x1]
        out: list[str | None] = []
        for x in xs:
            cell = found.get(x)
            if cell is None:
                out.append(None)
                continue
            a, b, c, d = cell
            out.append(_cell_text([ch for ch, cx, cy in row if a <= cx < c and b <= cy < d]))
        grid.append(out)
    return grid, xs


def _inside(ch: _Char, box: tuple) -> bool:
    x = (ch.x0 + ch.x1) / 2
    y = (ch.top + ch.bottom) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


# ---------------------------------------------------------------- words and lines of text


def _words(chars: list[_Char]) -> list[list[_Char]]:
    """Characters into words, pdfplumber's way: lines by height, left to right; a word ends at
    white space, a gap wider than _TOL, a step back, or a jump in height."""
    words: list[list[_Char]] = []
    for line in _clusters(chars, _TOP):
        line.sort(key=_X)
        word: list[_Char] = []
        last = None
        for c in line:
            if c.text.isspace():
                if word:
                    words.append(word)
                word, last = [], None
                continue
            if last is not None and (
                c.x0 < last.x0 or c.x0 > last.x1 + _TOL or abs(c.top - last.top) > _TOL
            ):
                words.append(word)
                word = []
            word.append(c)
            last = c
        if word:
            words.append(word)
    return words


_TOP = attrgetter("top")
_X = attrgetter("x0", "x1")


def _word_lines(chars: list[_Char]) -> list[list[list[_Char]]]:
    """Words grouped into lines by the top of each word, top to bottom."""
    words = _words(chars)
    return _clusters(words, lambda w: min(c.top for c in w))


def _cell_text(chars: list[_Char]) -> str:
    if not chars:
        return ""
    lines = _word_lines(chars)
    return "\n".join(" ".join("".join(c.text for c in w) for w in line) for line in lines)


def _text_lines(chars: list[_Char], with_chars: bool) -> list[dict]:
    """Lines of prose with their text and box (and characters, left to right, if asked)."""
    out = []
    for line in _word_lines(chars):
        used = [c for w in line for c in w]
        out.append(
            {
                "text": " ".join("".join(c.text for c in w) for w in line),
                "x0": min(c.x0 for c in used),
                "x1": max(c.x1 for c in used),
                "top": min(c.top for c in used),
                "bottom": max(c.bottom for c in used),
                "chars": sorted(used, key=_X) if with_chars else [],
            }
        )
    return out


def _gap_cells(chars: list[_Char]) -> list[str]:
    cells: list[str] = []
    prev = None
    for ch in chars:
        if ch.text.isspace():
            continue
        if prev is None or ch.x0 - prev.x1 > _GAP * ch.size:
            cells.append("")
        cells[-1] += ch.text
        prev = ch
    return cells


def _join(parts: list[str]) -> str:
    """Lines of one paragraph or cell: no space between CJK, one between Latin words."""
    out = parts[0]
    for p in parts[1:]:
        sep = " " if out and p and _LATIN.match(out[-1]) and _LATIN.match(p[0]) else ""
        out += sep + p
    return out


def _key(row: list[tuple[float, str]]) -> tuple[str, ...]:
    return tuple(re.sub(r"\s+", "", t) for _x, t in row)


def _open_error(exc: Exception, source: str) -> InputError:
    import pypdfium2.raw as pdfium_c

    if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
        return InputError(
            "PDF 已加密（需要密码才能打开），请提供未加密的文件",
            "the PDF is encrypted (a password is needed to open it); supply an unencrypted copy",
            source=source,
        )
    if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_SECURITY:
        return InputError(
            "PDF 使用了不支持的加密方式，无法打开",
            "the PDF uses an unsupported security handler and cannot be opened",
            source=source,
        )
    return _damaged(exc, source)


def _damaged(exc: BaseException, source: str) -> InputError:
    return InputError(
        "PDF 已损坏，无法读取",
        f"damaged PDF: {type(exc).__name__}: {exc}",
        source=source,
    )
