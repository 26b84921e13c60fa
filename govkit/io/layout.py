"""Rows from a page written out as one text with marker characters: shared by HTML and Word.

Each reader turns its tree into text in one C pass (an XSLT stylesheet): what is shown, with a
line break where the page breaks a line, and each table as START, then per row ROW and per cell
its text followed by CELL, then END. Splitting that text at the markers costs a few C calls per
table instead of Python work per node. Tables nest: a table inside a cell is a table of its own,
whose rows follow the row that holds it; its text is not part of the outer cell.

A table used as a frame is read as the page it frames (paragraphs and tables in order, as if the
table were not there): a table of one column, or a row whose only non-blank cell holds a table.
Reports laid out inside a layout table read like any other.
"""

from __future__ import annotations

import re
from itertools import repeat

from govkit.io.document import Cell
from govkit.limits import check_rows, check_time

# Unicode noncharacters: no text contains them; readers remove any in their input (MARKERS).
START, END, ROW, CELL = "\ufdd0", "\ufdd1", "\ufdd2", "\ufdd3"
_REF = "\ufdd4"  # <REF>k<REF> stands for table k in the text around it
MARKERS = (START, END, ROW, CELL, _REF)
_EDGES = re.compile(f"([{START}{END}])")
_NUMBERS = [str(c) for c in range(1, 1001)]

# A table as read: rows of cells, lines of prose from a frame (str), nested tables (int index).
Item = tuple[Cell, ...] | str | int


def strip_markers(text: str) -> str:
    """The text without marker characters (C-speed `in` tests first: they are almost never there)."""
    if any(m in text for m in MARKERS):
        return text.translate(dict.fromkeys(map(ord, MARKERS)))
    return text


def rows_of(text: str, source: str) -> list[tuple[Cell, ...]]:
    """The page's rows in reading order: prose lines as one-cell rows, table rows as cells."""
    prose, tables = _split_tables(text)
    items = []
    for k, content in enumerate(tables):
        if k % 64 == 0:
            check_time("tables")
        items.append(_table_items(content, k + 1))
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


def _table_items(text: str, t: int) -> list[Item]:
    """Rows of cells from a table's text; a table nested in a cell follows that cell's row."""
    rows = [(r, piece.split(CELL)[:-1]) for r, piece in enumerate(text.split(ROW)[1:], 1)]
    rows = [(r, texts) for r, texts in rows if texts]
    if rows and all(len(texts) == 1 for _, texts in rows):  # one column: a frame
        return _flow("\n".join(texts[0] for _, texts in rows))
    items: list[Item] = []
    for r, texts in rows:
        holders = [x for x in texts if _REF in x]
        if not holders:
            items.append(_cells(texts, t, r))
        elif len(holders) == 1 and all(x is holders[0] or not x.strip() for x in texts):
            items.extend(_flow(holders[0]))  # a frame: the cell is a page of its own
        else:
            parts = [x.split(_REF) for x in texts]
            items.append(_cells(["".join(p[0::2]) for p in parts], t, r))
            items.extend(int(k) for p in parts for k in p[1::2])
    return items


def _cells(texts: list[str], t: int, r: int) -> tuple[Cell, ...]:
    """Cells of row r of table t (tuple.__new__ over zip: no Python-level call per cell)."""
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
            out += [line for line in part.split("\n") if line.strip()]
    return out


def _emit(items: list, tables: list[list[Item]], rows: list[tuple[Cell, ...]], source: str) -> None:
    """Items into rows in reading order, a nested table's rows where its reference stands.

    An explicit stack, not recursion: tables nest as deep as the parser allows (2048 levels).
    """
    stack = [iter(items)]
    while stack:
        item = next(stack[-1], None)
        if item is None:
            stack.pop()
        elif isinstance(item, int):
            stack.append(iter(tables[item]))
            check_rows(len(rows), source)
        elif isinstance(item, str):
            rows.append((Cell(item, f"paragraph {len(rows) + 1}"),))
        else:
            rows.append(item)
