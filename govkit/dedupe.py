"""One report in two files (the .txt and the .html of one page; a .pdf and its .docx) counts once.

Two inputs are the same report when they name the same agency and year on the same template and
their cells agree wherever both read a number, over a substantial overlap. A cell that one file
reads and the other leaves ambiguous (crawler text run together) does not count against; one
number that differs does (a corrected re-issue is another report). Agencies match when, after
dropping everything but letters and digits, one name ends with the other: a web page's breadcrumb
glued before the agency ("首页政务公开…平潭综合实验区") is the same agency; both names are needed
(a report whose agency was not found is never merged, since tiny all-zero reports of different
agencies agree on every cell).

Of each group the file with the most numbers read is kept (ties: the first source in sorted
order); the others are its duplicates. Each file is compared with the kept ones only, so a chain
of near-matches never merges two reports that disagree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from govkit.report import Report

MIN_SHARED = 20
"""Numbers both files must read (and agree on) before they can be one report."""
MIN_SHARED_SHARE = 0.8
"""…and that many of the numbers read by the file that reads fewer."""
_NOT_NAME = re.compile(r"[\W_]+")
_KEY = ["table", "row", "col"]


@dataclass
class _Item:
    source: str
    agency: str  # letters and digits only
    year: int
    template: str
    values: pd.Series  # numbers read, indexed by (table, row, col)


def duplicate_of(reports: Iterable[Report] | pd.DataFrame) -> dict[str, str]:
    """source -> the source it duplicates, for every input that repeats another one.

    `reports`: Report objects, or a stacked cells table with agency, year, template and source
    columns (what read_reports and stack_cells give).
    """
    items = sorted(_items(reports), key=lambda it: (-len(it.values), it.source))
    kept: dict[tuple, list[_Item]] = {}
    out: dict[str, str] = {}
    for it in items:
        bucket = kept.setdefault((it.year, it.template, it.agency[-2:]), [])
        same = next((k for k in bucket if _same(k, it)), None)
        if same is None:
            bucket.append(it)
        else:
            out[it.source] = same.source
    return out


def unique(reports):
    """The same reports (a list of Report, or a stacked cells table) with duplicates left out."""
    dup = duplicate_of(reports)
    if isinstance(reports, pd.DataFrame):
        return reports[~reports["source"].astype(str).isin(dup)]
    return [r for r in reports if str(r.meta.source) not in dup]


def _items(reports) -> Iterable[_Item]:
    if isinstance(reports, pd.DataFrame):
        groups = reports.groupby("source", sort=False)
        for source, g in groups:
            first = g.iloc[0]
            yield from _item(str(source), first["agency"], first["year"], first["template"], g)
    else:
        for r in reports:
            m = r.meta
            yield from _item(str(m.source), m.agency, m.year, m.template, r.cells)


def _item(source: str, agency, year, template, cells: pd.DataFrame) -> Iterable[_Item]:
    """The comparable form of one report; nothing when agency or year is unknown."""
    name = _NOT_NAME.sub("", str(agency)) if isinstance(agency, str) else ""
    if len(name) < 2 or year is None or pd.isna(year):
        return
    read = cells[cells["value"].notna()]
    values = pd.Series(
        read["value"].to_numpy(dtype=float),
        index=pd.MultiIndex.from_frame(read[_KEY].astype(str)),
    )
    values = values[~values.index.duplicated()]
    yield _Item(source, name, int(year), str(template), values)


def _same(a: _Item, b: _Item) -> bool:
    """Same agency (one name ends with the other), numbers agree on a substantial overlap."""
    short, long_ = sorted((a.agency, b.agency), key=len)
    if not long_.endswith(short):
        return False
    x, y = a.values.align(b.values, join="inner")
    need = max(MIN_SHARED, MIN_SHARED_SHARE * min(len(a.values), len(b.values)))
    return len(x) >= need and bool(np.isclose(x.to_numpy(), y.to_numpy(), rtol=1e-9).all())
