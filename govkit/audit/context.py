"""What every rule reads: one report's cells as plain numpy arrays, made once per audit.

Rules ask many small questions of ~200 cells ("which cells are blank", "the value at 总计/总计").
As pandas operations each costs tens of microseconds of overhead, and a report's audit took
~80 ms; the same masks on numpy arrays and lookups in a dict take microseconds, so a report is
audited in about 2 ms. `report.cells` stays the truth: the arrays are read from it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from govkit.templates import TABLES
from govkit.textnorm import norm

# What agencies print in a number cell for "none" where the template asks for 0: slashes, dashes
# (one to three, half or full width), a backslash, 无. Counted as 0 like a blank, with a finding of
# their own. Not here: "…" (in Chinese statistics it means "too small to show", not "none"), "一"
# (a dash or the numeral one?), 暂无, 增, sentences: those stay text (cells.text).
PLACEHOLDERS = frozenset(
    {"无", "/", "／", "\\", "＼", *(d * n for d in "-－—–―─" for n in (1, 2, 3))}
)
SIGNED = ("本年增/减",)
"""The only columns whose numbers may be below 0: every other cell counts something."""


@dataclass(frozen=True)
class Cells:
    """The columns of report.cells as numpy arrays, and the position of every (table, row, col)."""

    table: np.ndarray
    row: np.ndarray
    col: np.ndarray
    value: np.ndarray
    raw: np.ndarray
    unit: np.ndarray
    status: np.ndarray
    source_ref: np.ndarray
    pos: dict[tuple[str, str, str], int]
    placeholder: np.ndarray  # bool: a read cell printed with a placeholder for 0 ("/", "—", "无")

    def value_at(self, table: str, row: str, col: str) -> float:
        """The value of one cell; NaN when the report has no such cell."""
        k = self.pos.get((table, row, col))
        return math.nan if k is None else float(self.value[k])

    def __len__(self) -> int:
        return len(self.value)

    @property
    def zero(self) -> np.ndarray:
        """Cells the template counts as 0 though no number is printed: blanks and placeholders."""
        return (self.status == "ok") & ((self.raw == "") | self.placeholder)


def cells_of(frame) -> Cells:
    """Arrays from a cells DataFrame (table, row, col, value, raw, unit, status, source_ref)."""
    cols = {
        c: frame[c].to_numpy(dtype=object, na_value="")
        for c in ("table", "row", "col", "raw", "unit", "status", "source_ref")
    }
    value = frame["value"].to_numpy(dtype=float, na_value=np.nan)
    pos = {k: i for i, k in enumerate(zip(cols["table"], cols["row"], cols["col"], strict=True))}
    placeholder = np.zeros(len(value), dtype=bool)
    unread = np.flatnonzero(np.isnan(value))  # a set lookup for the few cells without a number
    placeholder[unread] = [cols["raw"][k] in PLACEHOLDERS for k in unread]
    return Cells(value=value, pos=pos, placeholder=placeholder, **cols)


class Context:
    """One report under audit: its meta, its cells as arrays, and what several rules share."""

    def __init__(self, report) -> None:
        self.report = report
        self.meta = report.meta
        self.cells = cells_of(report.cells)

    @cached_property
    def identities(self):
        """Every identity evaluated once; the arithmetic rules and the diagnosis share it."""
        from govkit.audit.identities import evaluate

        return evaluate(self.cells, self.meta.template)

    @cached_property
    def prose(self) -> str:
        """The narrative the text rules read: 总体情况, else the text before the tables."""
        sections = self.report.sections
        if "总体情况" in sections:
            return norm(sections["总体情况"])
        text = self.report.text
        cut = text.find("主动公开政府信息情况")
        return norm(text[: cut if cut > 0 else 3000])

    @cached_property
    def requests_totals(self) -> dict[str, float]:
        """Section 三's 总计 column as the text rules quote it: new, carried in, closed, carried on."""
        return {
            "new": self.total("requests", "本年新收政府信息公开申请数量"),
            "old": self.total("requests", "上年结转政府信息公开申请数量"),
            "closed": self.total("requests", "总计"),
            "next": self.total("requests", "结转下年度继续办理"),
        }

    @cached_property
    def _column(self) -> dict[tuple[str, str], list[tuple[str, int]]]:
        out: dict[tuple[str, str], list[tuple[str, int]]] = {}
        for (table, row, col), k in self.cells.pos.items():
            out.setdefault((table, col), []).append((row, k))
        return out

    def total(self, table: str, row_prefix: str, col: str = "总计") -> float:
        """Sum of a row and its sub-rows (row or row/…) in one column; NaN if any is not a number.

        Collapsed sub-rows are left out: their group's printed row stands for them.
        """
        sub = row_prefix + "/"
        status = self.cells.status
        ks = [
            k
            for row, k in self._column.get((table, col), ())
            if (row == row_prefix or row.startswith(sub)) and status[k] != "collapsed"
        ]
        return float(self.cells.value[ks].sum()) if ks else math.nan

    @cached_property
    def absent_tables(self) -> tuple[str, ...]:
        """Template tables of which the report prints nothing at all (every cell missing), in order."""
        c = self.cells
        present = set(c.table[c.status != "missing"])
        return tuple(t for t in TABLES if t not in present)

    @cached_property
    def noted_rows(self) -> frozenset[tuple[str, str]]:
        """(table, row) pairs the reader left a note about: doubts of reading, not of the agency."""
        notes = self.report.notes
        if notes.empty:
            return frozenset()
        return frozenset(zip(notes["table"], notes["row"], strict=True))

    @cached_property
    def collapsed(self) -> dict[tuple[str, str], list[int]]:
        """Groups printed as one row: (table, group row) -> positions of its collapsed leaf cells."""
        c = self.cells
        out: dict[tuple[str, str], list[int]] = {}
        for k in np.flatnonzero(c.status == "collapsed"):
            out.setdefault((c.table[k], group_of(c.row[k])), []).append(int(k))
        return out


def group_of(row: str) -> str:
    """The group a template row belongs to: 其他处理 for 其他处理/3.其他."""
    return row.rsplit("/", 1)[0]
