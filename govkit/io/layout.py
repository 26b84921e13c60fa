"""Rows from a page written out as one text with marker characters: shared by HTML and Word.

Each reader turns its tree into text in one C pass (an XSLT stylesheet): what is shown, with a
line break where the page breaks a line, and each table as START, then per row ROW and per cell
its text followed by CELL, then END. Splitting that text at the markers costs a few C calls per
table instead of Python work per node.

A table nested in a cell: when small (one row or one column), it is part of that cell's text, its
cells on lines of their own (a number in a 1x1 table inside a cell reads as that cell's number;
two numbers are two lines, never glued); when larger, it is a table of its own whose rows follow
the row that holds it, and its text is not part of the outer cell.

A table used as a frame is read as the page it frames (paragraphs and tables in order, as if the
table were not there): a table whose rows have at most one non-blank cell each, when that cell
holds a table or the table has one column. Reports laid out inside a layout table (1x1 included)
read like any other.
"""

from __future__ import annotations

import re
import threading
from itertools import repeat

from lxml import etree

from govkit.io.document import Cell
from govkit.limits import check_rows, check_time

# Unicode noncharacters: no text contains them; readers remove any in their input (MARKERS).
START, END, ROW, CELL = "\ufdd0", "\ufdd1", "\ufdd2", "\ufdd3"
_REF = "\ufdd4"  # <REF>k<REF> stands for table k in the text around it
MARKERS = (START, END, ROW, CELL, _REF)
_REFS = r"&#(?:[xX]0*[fF][dD][dD][0-4]|0*6497[6-9]|0*64980);"  # &#xFDD0; ... &#64980;
_MARKER_REFS = re.compile(_REFS)
_MARKER_REF_BYTES = re.compile(_REFS.encode())
_MARKER_BYTES = re.compile(b"\xef\xb7[\x90-\x94]")  # MARKERS in UTF-8
_EDGES = re.compile(f"([{START}{END}])")
_NUMBERS = [str(c) for c in range(1, 1001)]
_BLANK_LINES = re.compile(r"\n\s*\n")  # two paragraphs in a cell are two lines, not three

# A table as read: rows of cells, lines of prose from a frame (str), nested tables (int index).
Item = tuple[Cell, ...] | str | int


_LOCAL = threading.local()  # compiled stylesheets, per thread: libxslt objects stay in their thread


def write_text(stylesheet: str, root: etree._Element) -> str:
    """root through the stylesheet (compiled once per thread) to text."""
    compiled = _LOCAL.__dict__.setdefault("xslt", {})
    xslt = compiled.get(stylesheet)
    if xslt is None:
        xslt = compiled[stylesheet] = etree.XSLT(etree.XML(stylesheet))
    return str(xslt(root))


def strip_markers(text: str) -> str:
    """The page without marker characters, written out or as character references (searched
    first: they are never there in a real page)."""
    if any(m in text for m in MARKERS):
        text = text.translate(dict.fromkeys(map(ord, MARKERS)))
    if _MARKER_REFS.search(text):  # faster than `"&#" in text` on a page full of "&"
        text = _MARKER_REFS.sub("", text)
    return text


def strip_marker_bytes(xml: bytes) -> bytes:
    """strip_markers for UTF-8 bytes (XML, HTML)."""
    if _MARKER_BYTES.search(xml):  # 3x faster than `b"\xef\xb7" in xml`
        xml = _MARKER_BYTES.sub(b"", xml)
    if _MARKER_REF_BYTES.search(xml):
        xml = _MARKER_REF_BYTES.sub(b"", xml)
    return xml


def rows_of(text: str, source: str) -> list[tuple[Cell, ...]]:
    """The page's rows in reading order: prose lines as one-cell rows, table rows as cells."""
    prose, texts = _split_tables(text)
    tables = _Tables(texts)
    items = []
    for k in range(len(texts)):
        if k % 64 == 0:
            check_time("tables")
        items.append(tables.items(k))
    rows: list[tuple[Cell, ...]] = []
    _emit(_flow(prose), items, rows, source)
    check_rows(len(rows), source)
    return rows


def _split_tables(text: str) -> tuple[str, list[str]]:
    """The page's text with each outermost table replaced by a reference, and every table's own
    text (its nested tables replaced by references), indexed in document order."""
    if START not in text:
        return text, []
    tables: list[str] = []
    open_: list[tuple[int, list[str]]] = []
    out: list[str] = []
    for piece in _EDGES.split(text):
        if piece == START:
            k = len(tables)
            tables.append("")
            out.append(f"{_REF}{k}{_REF}")
            open_.append((k, out))
            out = []
        elif piece == END and open_:
            k, parent = open_.pop()
            tables[k] = "".join(out)
            out = parent
        elif piece != END:
            out.append(piece)
    return "".join(out), tables


class _Tables:
    """The tables of a page, each as rows of cell texts (references to nested tables inside)."""

    def __init__(self, texts: list[str]):
        self.grids = [
            [
                (r, cells)
                for r, piece in enumerate(text.split(ROW)[1:], 1)
                if (cells := piece.split(CELL)[:-1])
            ]
            for text in texts
        ]
        self._plain: dict[int, str] = {}

    def small(self, k: int) -> bool:
        """One row or one column: what a cell holding it shows is a few lines of text."""
        grid = self.grids[k]
        return len(grid) <= 1 or all(len(cells) <= 1 for _, cells in grid)

    def items(self, k: int) -> list[Item]:
        """Table k's rows of cells. A small table nested in a cell is part of that cell's text (its
        cells on lines of their own, never glued); a larger one is a table of its own, following
        the row that holds it. A frame is read as the page it frames."""
        grid = self.grids[k]
        if self._frame(grid):
            return [x for _, cells in grid for c in cells if c.strip() for x in _flow(c)]
        items: list[Item] = []
        for r, cells in grid:
            if not any(_REF in c for c in cells):
                items.append(_cells(cells, k + 1, r))
                continue
            texts, nested = [], []
            for c in cells:
                parts = c.split(_REF)
                for i in range(1, len(parts), 2):
                    j = int(parts[i])
                    parts[i] = f"\n{self.plain(j)}\n" if self.small(j) else ""
                    if not self.small(j):
                        nested.append(j)
                texts.append("".join(parts))
            items.append(_cells(texts, k + 1, r))
            items.extend(nested)
        return items

    @staticmethod
    def _frame(grid: list[tuple[int, list[str]]]) -> bool:
        """A layout table: each row has at most one non-blank cell, and either a cell holds a
        table or every row is one cell (a one-column table: a box around text)."""
        if not grid or any(sum(1 for c in cells if c.strip()) > 1 for _, cells in grid):
            return False
        return all(len(cells) == 1 for _, cells in grid) or any(
            _REF in c for _, cells in grid for c in cells
        )

    def plain(self, k: int) -> str:
        """Table k as lines of text (each cell on its own; nested tables likewise), computed
        innermost first without recursion."""
        order, i = [k], 0
        while i < len(order):
            for _, cells in self.grids[order[i]]:
                order += [
                    int(j) for c in cells for j in c.split(_REF)[1::2] if int(j) not in self._plain
                ]
            i += 1
        for j in reversed(order):
            if j not in self._plain:
                lines = []
                for _, cells in self.grids[j]:
                    for c in cells:
                        parts = c.split(_REF)
                        parts[1::2] = [self._plain[int(x)] for x in parts[1::2]]
                        lines.append("".join(parts))
                self._plain[j] = "\n".join(lines)
        return self._plain[k]


def _cells(texts: list[str], t: int, r: int) -> tuple[Cell, ...]:
    """Cells of row r of table t (tuple.__new__ over zip: no Python-level call per cell)."""
    texts = [_BLANK_LINES.sub("\n", x) if "\n\n" in x else x for x in texts]
    prefix = f"table {t} row {r} col "
    numbers = _NUMBERS[: len(texts)] if len(texts) <= 1000 else map(str, range(1, len(texts) + 1))
    return tuple(
        map(tuple.__new__, repeat(Cell), zip(texts, [prefix + c for c in numbers], strict=True))
    )


def _flow(text: str) -> list[str | int]:
    """Text with table references -> its non-blank lines (str) and the tables between (int)."""
    out: list[str | int] = []
    for i, part in enumerate(text.split(_REF)):
        if i % 2:
            out.append(int(part))
        else:
            out += filter(str.strip, part.split("\n"))  # the non-blank lines, in C
    return out


def _emit(items: list, tables: list[list[Item]], rows: list[tuple[Cell, ...]], source: str) -> None:
    """Items into rows in reading order, a nested table's rows where its reference stands.

    An explicit stack, not recursion: tables nest as deep as the parser allows (2048 levels).
    """
    stack = [iter(items)]
    while stack:
        for item in stack[-1]:
            if type(item) is int:
                stack.append(iter(tables[item]))
                check_rows(len(rows), source)
                break
            if type(item) is str:  # a prose line: a one-cell row (tuple.__new__ as in _cells)
                item = (tuple.__new__(Cell, (item, f"paragraph {len(rows) + 1}")),)
            rows.append(item)
        else:
            stack.pop()
