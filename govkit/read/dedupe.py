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

`Numbers` is a report reduced to what the comparisons across reports need (this one and the
cross-year rules): its meta and the number read in each cell of its template, a float array of a
couple of KB instead of a cells table of ~100 KB. `govkit audit` on 10,000 reports keeps only
these in the main process.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from govkit.templates import get_template

if TYPE_CHECKING:
    from govkit.report import Report, ReportMeta

MIN_SHARED = 20
"""Numbers both files must read (and agree on) before they can be one report."""
MIN_SHARED_SHARE = 0.8
"""…and that many of the numbers read by the file that reads fewer."""
_NOT_NAME = re.compile(r"[\W_]+")


@dataclass(frozen=True, eq=False)
class Numbers:
    """A report's meta and numbers: `values[i]` is the number read in the i-th cell of `keys`
    (NaN: none). `keys` is None when the cells are the template's skeleton in its order (always,
    for reports govkit reads), so the labels are not sent from a worker with every report."""

    meta: ReportMeta
    values: np.ndarray
    keys: tuple[tuple[str, str, str], ...] | None = None

    @classmethod
    def of(cls, report: Report) -> Numbers:
        cells = report.cells
        # the label columns' own arrays, compared column by column with the skeleton's: no Series
        # and no tuple a cell unless they differ (once a report of 10,000 in a row, in a worker)
        labels = [
            np.asarray(cells._get_column_array(cells.columns.get_loc(k)), dtype=object)
            for k in ("table", "row", "col")
        ]
        skeleton = get_template(report.meta.template).skeleton_columns
        same = len(labels[0]) == len(skeleton[0]) and all(
            np.array_equal(a, b) for a, b in zip(labels, skeleton, strict=True)
        )
        own = None if same else tuple(zip(*labels, strict=True))
        return cls(report.meta, cells["value"].to_numpy(dtype=float, na_value=np.nan), own)

    @property
    def _keys(self) -> tuple[tuple[str, str, str], ...]:
        return self.keys if self.keys is not None else get_template(self.meta.template).skeleton

    @cached_property
    def _pos(self) -> dict[tuple[str, str, str], int]:
        return {k: i for i, k in enumerate(self._keys)}

    def value_at(self, table: str, row: str, col: str) -> float:
        """The number read in one cell; NaN when none was or the report has no such cell."""
        k = self._pos.get((table, row, col))
        return math.nan if k is None else float(self.values[k])

    def read(self) -> dict[tuple[str, str, str], float]:
        """Every number read, by (table, row, col)."""
        at = np.flatnonzero(~np.isnan(self.values))
        keys = self._keys
        return {keys[i]: v for i, v in zip(at.tolist(), self.values[at].tolist(), strict=True)}


@dataclass
class _Item:
    source: str
    agency: str  # letters and digits only
    year: int
    template: str
    n_read: int  # numbers read
    cells: pd.DataFrame | Numbers

    @cached_property
    def values(self) -> dict[tuple, float]:
        """Numbers read, by (table, row, col): made only for a report with a candidate twin."""
        if isinstance(self.cells, Numbers):
            return self.cells.read()
        value = self.cells["value"].to_numpy(dtype=float, na_value=float("nan"))
        read = ~np.isnan(value)
        cols = [self.cells[k].to_numpy(dtype=object)[read] for k in ("table", "row", "col")]
        return dict(zip(zip(*cols, strict=True), value[read].tolist(), strict=True))


def duplicate_of(reports: Iterable[Report | Numbers] | pd.DataFrame) -> dict[str, str]:
    """source -> the source it duplicates, for every input that repeats another one.

    `reports`: Report (or Numbers) objects, or a stacked cells table with agency, year, template
    and source columns (what read_reports and stack_cells give).
    """
    items = sorted(_items(reports), key=lambda it: (-it.n_read, it.source))
    exact: dict[tuple, list[_Item]] = {}  # (year, template, name) -> kept reports
    ends: dict[tuple, list[_Item]] = {}  # (year, template, a suffix of the name) -> kept reports
    out: dict[str, str] = {}
    for it in items:
        y, t, name = it.year, it.template, it.agency
        tails = [name[i:] for i in range(len(name) - 1)]  # every suffix of two or more characters
        candidates = ends.get((y, t, name), []) + [
            k for tail in tails[1:] for k in exact.get((y, t, tail), [])
        ]
        same = next((k for k in candidates if _same(k, it)), None)
        if same is not None:
            out[it.source] = same.source
            continue
        exact.setdefault((y, t, name), []).append(it)
        for tail in tails:
            ends.setdefault((y, t, tail), []).append(it)
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
            numbers = r if isinstance(r, Numbers) else r.cells
            yield from _item(str(m.source), m.agency, m.year, m.template, numbers)


def _item(source: str, agency, year, template, cells: pd.DataFrame | Numbers) -> Iterable[_Item]:
    """The comparable form of one report; nothing when agency or year is unknown."""
    name = _NOT_NAME.sub("", str(agency)) if isinstance(agency, str) else ""
    if len(name) < 2 or year is None or pd.isna(year):
        return
    if isinstance(cells, Numbers):
        n_read = int(np.count_nonzero(~np.isnan(cells.values)))
    else:
        n_read = int(cells["value"].notna().sum())
    yield _Item(source, name, int(year), str(template), n_read, cells)


def _same(a: _Item, b: _Item) -> bool:
    """Numbers agree on a substantial overlap (the caller matched year, template and agency)."""
    shared = a.values.keys() & b.values.keys()
    need = max(MIN_SHARED, MIN_SHARED_SHARE * min(a.n_read, b.n_read))
    return len(shared) >= need and all(
        math.isclose(a.values[k], b.values[k], rel_tol=1e-9, abs_tol=0.0) for k in shared
    )
