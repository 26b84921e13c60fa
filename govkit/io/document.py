"""What every reader produces: rows of cells in reading order, each cell knowing where it came from.

A reader knows nothing about the templates. Prose paragraphs are one-cell rows; table rows keep
their cells. `flat` marks text where table cells run together with no separator (crawler
extractions); the template matcher then segments digit runs instead of reading cells.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from operator import itemgetter
from typing import NamedTuple

from govkit.textnorm import norm

_TEXT = itemgetter(0)  # Cell.text, in C


class Cell(NamedTuple):
    """A NamedTuple, not a dataclass: readers make hundreds per report and tuples are made 40% faster."""

    text: str
    ref: str  # where the cell sits in the input: "line 12", "table 2 row 5 col 3", "page 3"


@dataclass(frozen=True)
class Document:
    rows: list[tuple[Cell, ...]]
    format: str  # "text", "crawler-text", "html", "markdown", "docx", "pdf"
    source: str = ""
    encoding: str = ""
    flat: bool = False
    dropped: list[str] = field(default_factory=list)  # things the reader left out, said aloud
    published: str = ""  # a publication date the file itself carries (HTML meta, PDF creation)
    published_source: str = ""  # which: "html" | "pdf"

    @cached_property
    def text(self) -> str:
        """The whole document as plain text, one row per line (prose, meta and flat matching): the
        line breaks inside a cell (`<br>`, paragraphs) are spaces here, so a row stays one line."""
        return "\n".join([" ".join(map(_TEXT, row)).replace("\n", " ") for row in self.rows])

    @cached_property
    def normalized(self) -> str:
        """`text` through textnorm.norm, computed once: prose, headings and flat matching share it."""
        return norm(self.text)

    @cached_property
    def squeezed(self) -> str:
        """`normalized` without white space, for keyword tests that ignore layout.

        textnorm.squeeze's `\\s+` is str.isspace's set, as str.split()'s is: split/join gives the
        same string 4x faster on a whole document."""
        return "".join(self.normalized.split())
