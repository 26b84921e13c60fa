"""One report in two files counts once; reports that differ in one number never merge."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

import govkit
from govkit.read import dedupe
from govkit.report import stack_cells
from tests.conftest import corpus_file


@pytest.fixture(scope="module")
def pingtan():
    """The crawler text and the web page of the 2023 Pingtan report (agency glued to a breadcrumb
    in the page), and the 2021 report of the same agency."""
    return [
        govkit.read_report(corpus_file(n))
        for n in ("2023_pingtan.txt", "2023_pingtan.page.html", "2021_pingtan.txt")
    ]


def test_text_and_page_of_one_report_are_one(pingtan):
    txt, page, other_year = pingtan
    assert (txt.cells["status"] == "ambiguous").any()  # those cells do not count against
    # the page reads more numbers (the text has ambiguous runs): it is kept
    assert dedupe.duplicate_of(pingtan) == {txt.meta.source: page.meta.source}
    assert dedupe.unique(pingtan) == [page, other_year]
    stacked = dedupe.unique(pd.concat([stack_cells(r) for r in pingtan], ignore_index=True))
    assert set(stacked["source"]) == {page.meta.source, other_year.meta.source}


def _with(rep, **cells_change):
    cells = rep.cells.copy()
    for key, value in cells_change.items():
        cells.loc[cells.index[int(key.removeprefix("i"))], "value"] = value
    return replace(rep, cells=cells)


def test_one_differing_number_keeps_both(pingtan):
    txt, page, _ = pingtan
    i = int(np.flatnonzero(txt.cells["value"].notna() & page.cells["value"].notna())[5])
    changed = _with(page, **{f"i{i}": page.cells["value"].iloc[i] + 1})
    assert dedupe.duplicate_of([txt, changed]) == {}


def test_other_agency_or_unknown_agency_keeps_both(pingtan):
    txt, page, _ = pingtan
    other = replace(page, meta=replace(page.meta, agency="福清市人民政府"))
    assert dedupe.duplicate_of([txt, other]) == {}
    unknown = replace(page, meta=replace(page.meta, agency=None))
    assert dedupe.duplicate_of([unknown, replace(txt, meta=replace(txt.meta, agency=None))]) == {}


def test_small_overlap_is_not_enough(pingtan):
    txt, page, _ = pingtan
    few = replace(
        page, cells=page.cells.assign(value=page.cells["value"].where(page.cells.index < 10))
    )
    assert dedupe.duplicate_of([txt, few]) == {}


def test_identical_files_keep_the_first_in_sorted_order(pingtan):
    _, page, _ = pingtan
    a = replace(page, meta=replace(page.meta, source="b/x.html"))
    b = replace(page, meta=replace(page.meta, source="a/x.html"))
    assert dedupe.duplicate_of([a, b]) == {"b/x.html": "a/x.html"}


def test_numbers_tell_duplicates_apart_as_the_cells_do(pingtan):
    """Numbers (meta + values: what govkit audit keeps of each report) give the same answer."""
    numbers = [dedupe.Numbers.of(r) for r in pingtan]
    assert all(n.keys is None for n in numbers)  # the template's skeleton: labels not carried
    assert dedupe.duplicate_of(numbers) == dedupe.duplicate_of(pingtan)
    changed = _with(pingtan[0], i40=12345.0)
    assert dedupe.duplicate_of([dedupe.Numbers.of(changed), numbers[1]]) == {}


def test_numbers_answer_value_at_like_the_cells():
    rep = govkit.read_report(corpus_file("2023_pingtan.page.html"))
    n = dedupe.Numbers.of(rep)
    for t, r, c, v in rep.cells[["table", "row", "col", "value"]].itertuples(index=False):
        assert n.value_at(t, r, c) == v or (np.isnan(v) and np.isnan(n.value_at(t, r, c)))
    assert np.isnan(n.value_at("requests", "no such row", "总计"))
    odd = replace(rep, cells=rep.cells.iloc[::-1])  # not in the skeleton's order: keys travel
    assert dedupe.Numbers.of(odd).keys is not None
    assert dedupe.Numbers.of(odd).read() == n.read()
