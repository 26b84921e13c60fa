"""Plain text: what a person copies from a report's web page, or what a crawler extracted.

Copied web text puts each table cell on its own tab-indented line, separates table rows with a
blank line and breaks long header cells over lines (`本年新` / `制作数量`). Cells copied on one line
are tab-separated. Crawler text runs a whole table together on one line; that is detected here
and left to the template matcher to segment.
"""

from __future__ import annotations

import re
from itertools import repeat

from govkit.io.document import Cell, Document
from govkit.limits import check_rows, check_time

# the first row of section 三 with its numbers on the same line (no tab between): a whole table
# run together; a value cell holding text ("持平", "无") may come before the first digit
_FLAT = re.compile(r"本年新收政府信息公开申请数量[^\t\n\d０-９]{0,12}[\d０-９]")


def parse_text(text: str, source: str = "", encoding: str = "") -> Document:
    rows: list[tuple[Cell, ...]] = []
    block: list[Cell] = []
    in_cells = False

    def flush() -> None:
        nonlocal block
        if block:
            rows.append(tuple(block))
        block = []

    for i, line in enumerate(text.splitlines(), 1):
        if i % 4096 == 0:
            check_time("text")
            check_rows(len(rows), source)
        ref = f"line {i}"
        if "\t" in line:
            parts = line.split("\t")
            if line.startswith("\t"):
                parts = parts[1:]  # the tab only separates this cell from the previous one
            block.extend(map(Cell, parts, repeat(ref)))
            check_rows(len(block), source)  # one line of a million tab-separated cells
            in_cells = True
        elif not line.strip():
            flush()
            in_cells = False
        elif in_cells and block:
            last = block[-1]
            block[-1] = Cell(last.text + line, last.ref)  # header cell broken over lines
        else:
            flush()
            rows.append((Cell(line, ref),))
    flush()
    check_rows(len(rows), source)
    flat = bool(_FLAT.search(text))
    return Document(rows, "crawler-text" if flat else "text", source, encoding, flat=flat)
