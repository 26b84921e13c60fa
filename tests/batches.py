"""Batches of any size for the overview's tests: the reports of data/ copied under new agency
names, counts multiplied by a factor that changes from copy to copy (every identity still holds).

Four reports in five belong to agencies with two years (2022 and 2023), the rest to agencies with
one; data/'s 宁河 2020 (本年新收 1, 办结 0) keeps small bases in every batch.
"""

from __future__ import annotations

import functools

import pandas as pd

import govkit
from govkit.report import stack_cells
from tests.conftest import DATA

BASES = ("2023_pingtan.txt", "2024_shanghai_kewei.md", "2020_ninghe_zaojiachengzhen.txt")


@functools.cache
def _bases() -> tuple[tuple[pd.DataFrame, pd.Series], ...]:
    out = []
    for name in BASES:
        cells = stack_cells(govkit.read_report(DATA / name))
        out.append((cells, pd.to_numeric(cells["value"], errors="coerce")))
    return tuple(out)


def agency(i: int) -> str:
    return f"某某市某某区第{i + 1}单位"


def many_reports(n: int) -> pd.DataFrame:
    """Long cells of an `n`-report batch (agency, year, source set per copy)."""
    parts = []
    bases = _bases()
    for i in range(n):
        cells, number = bases[i % len(bases)]
        paired = i < n * 0.8 and n > 1
        factor = 1 if i % len(bases) == 2 else 1 + (i * 37) % 23
        value = (number * factor).where(number.notna(), cells["value"])
        parts.append(
            cells.assign(
                agency=agency(i // 2 if paired else i),
                year=2022 + i % 2 if paired else 2023,
                source=f"/in/{i:05d}.txt",
                value=value,
            )
        )
    return pd.concat(parts, ignore_index=True)


def footnote(ax) -> str:
    """Everything a chart's figure says below its axes (its footnote), as one line."""
    return "".join(t.get_text() for t in ax.get_figure(root=True).texts).replace("\n", "")
