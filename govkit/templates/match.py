"""The one parser from a reader's rows of cells to the template's tables.

Two strategies share everything below the row level:
- grid: the reader kept cells apart (web text, HTML, markdown, Word, PDF). Rows are recognised by
  their labels; rows whose label was torn away (PDF/OCR markdown) are placed by order between
  labelled neighbours, never by guess when the counts disagree.
- flat: cells run together (crawler text). Labels are found in template order and the digits
  between two labels are segmented (see segment.py).
Both return the same long table of cells.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from operator import itemgetter

from govkit.io.document import Document
from govkit.templates import (
    get_template,
    templates,
)
from govkit.templates.flat import flat_tables
from govkit.templates.grid import grid_tables
from govkit.templates.values import _MISSING, CELL_FIELDS, Note


@dataclass
class Match:
    """Cells in the template's order, as columns (CELL_FIELDS -> one list each), and notes."""

    version: str
    cells: dict[str, list] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)


def detect_version(doc: Document) -> str | None:
    """The version whose own column headers and row labels (versions.csv markers) the report
    prints most of; None on a tie."""
    key = doc.squeezed
    scores = {v: sum(k in key for k in t.markers) for v, t in templates().items()}
    best = max(scores.values())
    top = [v for v, n in scores.items() if n == best]
    return top[0] if len(top) == 1 else None


def has_tables(doc: Document) -> bool:
    key = doc.squeezed
    return "本年新收" in key or "第二十条第(" in key


def match(doc: Document, version: str) -> Match:
    tpl = get_template(version)
    result = Match(version)
    values: dict[tuple[str, str, str], dict] = {}
    parse = flat_tables if doc.flat else grid_tables
    parse(doc, tpl, values, result.notes)
    keys, defaults = tpl.skeleton, tpl.skeleton_units
    if values.keys() - tpl.skeleton_keys:  # a collapsed group's own row: cells after the skeleton
        keys += tuple(k for k in values if k[1] not in tpl.row_names)
        defaults += tuple(tpl.units.get((t, c), "") for t, _, c in keys[len(defaults) :])
    got = list(map(values.get, keys, itertools.repeat(_MISSING, len(keys))))
    # one C-level map per column, no tuple per cell: hundreds of short-lived tuples in a read tip
    # the garbage collector into full collections (a few ms each with pandas loaded)
    columns = {f: list(map(itemgetter(i), keys)) for i, f in enumerate(CELL_FIELDS[:3])}
    columns |= {f: list(map(itemgetter(f), got)) for f in CELL_FIELDS[3:]}
    columns["unit"] = [u or d for u, d in zip(columns["unit"], defaults, strict=True)]
    result.cells = columns
    return result
