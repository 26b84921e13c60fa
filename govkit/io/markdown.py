"""Markdown from PDF/OCR converters: `| a | b |` table rows amid plain lines.

Converters break tables into fragments, detach row labels from their numbers and leave page
footers (`— 3 —`) inside tables. This reader only keeps cells apart and drops the footers
(listed in `Document.dropped`); placing the fragments is the template matcher's job.
"""

from __future__ import annotations

import re
from itertools import repeat

from govkit.io.document import Cell, Document
from govkit.limits import check_rows, check_time

# the trailing `(?:\|\s*)?` was `\|?\s*` after a `\s*`: two white-space runs side by side, quadratic
# in a long run of spaces (1.4 s for 20,000); same lines match
_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*(?:\|\s*)?$")
_FOOTER = re.compile(r"^\s*[—－-]+\s*\d+\s*[—－-]+\s*$")
# the label is one token with Chinese in it (checked apart: `\S*[CJK]\S*` backtracks
# quadratically on a long line of Chinese with no numbers, 17 s for 20,000 characters)
_LABEL_NUMBERS = re.compile(r"^(\S+)((?:\s+[-+]?[\d０-９][\d０-９,.]*)+)\s*$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_BR = re.compile(r"<br\s*/?>", re.I)


def parse_markdown(text: str, source: str = "", encoding: str = "") -> Document:
    rows: list[tuple[Cell, ...]] = []
    dropped: list[str] = []
    for i, line in enumerate(text.splitlines(), 1):
        if i % 4096 == 0:
            check_time("markdown")
            check_rows(len(rows), source)
        s = line.strip()
        if not s:
            continue
        ref = f"line {i}"
        if "-" in s or "—" in s or "－" in s:  # both patterns need a dash: most lines skip both
            if _SEPARATOR.match(s):
                continue
            if _FOOTER.match(s):
                dropped.append(f"{ref}: 页脚 page footer '{s}'")
                continue
        if s[0] == "|":
            inner = s[1:-1] if s[-1] == "|" and len(s) > 1 else s[1:]
            if "<" in inner:  # converters write a line break inside a cell as <br>
                inner = _BR.sub("\n", inner)
            rows.append(tuple(map(Cell, inner.split("|"), repeat(ref))))
        elif (m := _LABEL_NUMBERS.match(s)) and _CJK.search(m[1]):  # "行政许可 97": a flattened row
            rows.append((Cell(m[1], ref), *(Cell(v, ref) for v in m[2].split())))
        else:
            rows.append((Cell(s, ref),))
    check_rows(len(rows), source)
    return Document(rows, "markdown", source, encoding, dropped=dropped)


def looks_like_markdown(text: str) -> bool:
    # [^\S\n] is white space within the line: `^\s*` let every line start swallow all the blank
    # lines after it, quadratic in a run of blank lines (seconds for 30,000). And one white-space
    # run per place: `\s*\|?\s*` split a line of 30,000 tabs in every way (10 s).
    return len(re.findall(r"(?m)^[^\S\n]*\|.*\|[^\S\n]*$", text)) >= 3 and bool(
        re.search(r"(?m)^[^\S\n]*(?:\|[^\S\n]*)?:?-{3,}", text)
    )
