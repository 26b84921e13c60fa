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

import re
from dataclasses import dataclass, field

from govkit.errors import GovkitError, InputError
from govkit.io.document import Cell, Document
from govkit.io.pdf.chars import (
    _DIGIT,
    _TOL,
    _chars,
    _gap_cells,
    _join,
    _key,
    _objects,
    _page_transform,
    _text_lines,
)
from govkit.io.pdf.guards import _check_inflated, _check_text_layer, _damaged, _open_error
from govkit.io.pdf.rulings import _extract, _find_tables, _inside, _rulings
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


def _has_images(page) -> bool:
    import pypdfium2.raw as pdfium_c

    return any(True for _ in _objects(page, pdfium_c.FPDF_PAGEOBJ_IMAGE))
