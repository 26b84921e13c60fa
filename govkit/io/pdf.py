"""Text-based PDF reports: tables from the ruling lines of the page, the rest as paragraphs.

pdfplumber finds each table's cells from the drawn lines. A merged cell is one cell, in the row
where it starts, and the rows it covers below have no cell there: the same rows the HTML reader
gives for colspan/rowspan, so the template matcher treats PDF, Word and web page alike.

Reading order is top to bottom on each page. A table that runs on at the top of the next page is
the same table: rows repeated from its header are dropped, and so is an empty row left where a
row broke over the page. Page numbers ('— 3 —', '第 3 页') are left out, and said so. Lines of
prose are joined back into paragraphs, so that a sentence broken by the line wrap reads whole.
A table printed without ruling lines is read line by line, cut into cells at wide gaps; a blank
cell there cannot be seen, so its row does not fit the template and the matcher says so.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field

from govkit.errors import GovkitError, InputError
from govkit.io.document import Cell, Document
from govkit.limits import check_time

MAX_PAGES = 300
_LINES = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
_TABLE_WORDS = ("本年新收", "第二十条", "行政复议")  # a page printing these holds a template table
_PAGE_NO = re.compile(
    r"[-—–－―_~\s]*(?:第\s*)?\d{1,4}\s*页?\s*(?:[,，]?\s*(?:/|／|共)\s*\d{1,4}\s*页?)?[-—–－―_~\s]*"
)
_MARGIN = 0.1  # page numbers live in the top/bottom tenth of the page
_GAP = 0.6  # in a table drawn without lines, a gap wider than this many font sizes parts two cells
_LATIN = re.compile(r"[A-Za-z0-9]")


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

    def table(self, grid: list[list[str | None]], page: int, first_on_page: bool) -> None:
        self.flush()
        rows = [tuple(_join(c.split("\n")) for c in r if c is not None) for r in grid]
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
                    for c, text in enumerate(r, 1)
                )
            )
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
        self.table_open = True

    def _continuation(self, rows: list[tuple[str, ...]], page: int) -> list[tuple[str, ...]]:
        """The part of a table on the next page: drop a repeated header and empty row fragments."""
        k = 0
        while k < len(self.header) and k < len(rows) - 1 and _key(rows[k]) == self.header[k]:
            k += 1
        if k:
            shown = " | ".join(c for c in rows[0] if c.strip())[:60]
            self.dropped.append(f"第 {page} 页重复的表头（{k} 行）：{shown}")
        rows = rows[k:]
        while rows and not any(c.strip() for c in rows[0]):
            rows = rows[1:]
        return rows


def parse_pdf(data: bytes, source: str = "", *, max_pages: int = MAX_PAGES) -> Document:
    """Read PDF bytes (already known to start with %PDF) into rows of cells."""
    import pdfplumber  # imported here so that text and HTML reads do not pay for it
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PdfminerException as exc:
        raise _open_error(exc, source) from exc
    except Exception as exc:  # pdfminer raises many types on damaged input
        raise _damaged(exc, source) from exc
    with _closing(pdf):
        try:
            pages = pdf.pages
            if len(pages) > max_pages:
                raise InputError(
                    f"PDF 共 {len(pages)} 页，超过上限 {max_pages} 页（可用 max_pages 参数调高）",
                    f"the PDF has {len(pages)} pages, over the limit of {max_pages} "
                    "(raise it with max_pages=)",
                    source=source,
                )
            reader = _Reader(source)
            chars = 0
            for n, page in enumerate(pages, 1):
                check_time(f"page {n}")  # read_report's time budget, between pages
                chars += _read_page(page, n, reader)
        except GovkitError:
            raise
        except Exception as exc:
            raise _damaged(exc, source) from exc
    if not chars:
        raise InputError(
            "扫描版 PDF（无文字层），不支持 OCR；请使用机关发布的网页版或文字版 PDF/Word",
            "scanned PDF without a text layer; OCR is out of scope (use the web, Word or a text PDF)",
            source=source,
        )
    reader.flush()
    if reader.page_numbers:
        sample = "、".join(reader.page_numbers[:3])
        reader.dropped.append(f"页码 {len(reader.page_numbers)} 处（如 {sample}）")
    return Document(reader.rows, "pdf", source, dropped=reader.dropped)


@contextmanager
def _closing(pdf) -> Iterator:
    """Close the PDF without letting close() hide why reading failed: pdfplumber's close() walks
    the page tree again and raises PdfminerException on a damaged one (found by fuzzing)."""
    try:
        yield pdf
    finally:
        with suppress(Exception):
            pdf.close()


def _read_page(page, n: int, reader: _Reader) -> int:
    """Add one page's paragraphs and tables to the reader in top-to-bottom order; count its chars."""
    if not page.chars:
        if page.images:
            reader.dropped.append(f"第 {n} 页没有文字层（扫描页），未读取")
        return 0
    tables = page.find_tables(_LINES)
    # A table printed without ruling lines: pdfplumber's "text" strategy would cut the page's
    # prose into a grid as well, so instead each line is cut into cells at wide gaps.
    borderless = not tables and any(w in page.extract_text() for w in _TABLE_WORDS)
    boxes = [t.bbox for t in tables]
    rest = page.filter(lambda o: not any(_inside(o, b) for b in boxes)) if boxes else page
    lines = rest.extract_text_lines(return_chars=borderless)
    band = _MARGIN * float(page.height)
    body = []
    for line in lines:
        in_margin = line["top"] < band or line["bottom"] > float(page.height) - band
        if in_margin and _PAGE_NO.fullmatch(line["text"]):
            reader.page_numbers.append(line["text"].strip())
        else:
            body.append(line)
    blocks = [(ln["top"], 0, ln) for ln in body] + [(t.bbox[1], 1, t) for t in tables]
    blocks.sort(key=lambda b: (b[0], b[1]))
    left = min((ln["x0"] for ln in body), default=0.0)
    right = max((ln["x1"] for ln in body), default=float(page.width))
    for i, (_top, is_table, obj) in enumerate(blocks):
        if is_table:
            reader.table(obj.extract(), n, first_on_page=i == 0)
        elif borderless and len(cells := _gap_cells(obj["chars"])) > 1:
            reader.gap_row(cells, n)
        else:
            reader.text_line(obj, n, left, right)
    return len(page.chars)


def _gap_cells(chars: list[dict]) -> list[str]:
    cells: list[str] = []
    prev = None
    for ch in chars:
        if ch["text"].isspace():
            continue
        if prev is None or ch["x0"] - prev["x1"] > _GAP * ch["size"]:
            cells.append("")
        cells[-1] += ch["text"]
        prev = ch
    return cells


def _inside(obj: dict, box: tuple[float, float, float, float]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _join(parts: list[str]) -> str:
    """Lines of one paragraph or cell: no space between CJK, one between Latin words."""
    out = parts[0]
    for p in parts[1:]:
        sep = " " if out and p and _LATIN.match(out[-1]) and _LATIN.match(p[0]) else ""
        out += sep + p
    return out


def _key(row: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(re.sub(r"\s+", "", c) for c in row)


def _open_error(exc: Exception, source: str) -> InputError:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    cause = exc.args[0] if exc.args else exc
    if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
        return InputError(
            "PDF 已加密（需要密码才能打开），请提供未加密的文件",
            "the PDF is encrypted (a password is needed to open it); supply an unencrypted copy",
            source=source,
        )
    return _damaged(cause, source)


def _damaged(exc: BaseException, source: str) -> InputError:
    return InputError(
        "PDF 已损坏，无法读取",
        f"damaged PDF: {type(exc).__name__}: {exc}",
        source=source,
    )
