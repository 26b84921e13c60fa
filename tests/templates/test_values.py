"""govkit.templates.values: one row's printed pieces read as cells (resolve), never joined, split
only when one reading is possible.

Runs come from real layouts: 801000081 is 2023_pingtan.txt's 一、本年新收 row (80 1 0 0 0 0 | 81),
"0 0 0 0 0 11" a web page's row with a blank cell, 000 a crawler's 规章 row.
"""

from __future__ import annotations

import math

import pytest

from govkit.templates import get_template
from govkit.templates.values import CANDIDATES, CELL_FIELDS, resolve

REQUESTS = get_template("2021").col_groups["requests"]
REVIEW = get_template("2021").col_groups["review_litigation"]


def _raws(cells) -> list[str]:
    return [c["raw"] for c in cells]


def test_one_piece_per_cell_is_read_as_printed():
    cells, sols = resolve([("12", "a"), ("暂无", "b"), ("3", "c")], 3, (), may_segment=False)
    assert sols == []
    assert [c["value"] for c in cells][::2] == [12, 3] and math.isnan(cells[1]["value"])
    assert _raws(cells) == ["12", "暂无", "3"]
    assert [c["status"] for c in cells] == ["ok"] * 3
    assert [c["source_ref"] for c in cells] == ["a", "b", "c"]
    assert set(cells[0]) == set(CELL_FIELDS) - {"table", "row", "col"}


def test_trailing_blank_pieces_are_layout():
    cells, _ = resolve([("1", "a"), ("2", "b"), ("", "c"), ("", "d")], 2, (), may_segment=False)
    assert _raws(cells) == ["1", "2"]


def test_digits_with_white_space_in_one_cell_are_never_one_number():
    (cell,), _ = resolve([("2 0", "a")], 1, (), may_segment=False)
    assert cell["status"] == "ambiguous" and math.isnan(cell["value"]) and cell["raw"] == "2 0"


def test_a_unit_stays_with_its_number():
    (cell,), _ = resolve([("12万元", "a")], 1, (), may_segment=False)
    assert (cell["value"], cell["unit"], cell["raw"]) == (12, "万元", "12万元")


def test_a_run_split_by_the_row_total():
    cells, sols = resolve([("801000081", "line 40")], 7, REQUESTS, may_segment=True)
    assert sols == [] and _raws(cells) == ["80", "1", "0", "0", "0", "0", "81"]
    assert {c["status"] for c in cells} == {"segmented"}
    assert {c["source_ref"] for c in cells} == {"line 40"}


def test_a_run_is_not_split_unless_allowed():
    cells, sols = resolve([("801000081", "l")], 7, REQUESTS, may_segment=False)
    assert sols == [] and {c["status"] for c in cells} == {"ambiguous"}
    assert all(math.isnan(c["value"]) and c["raw"] == "801000081" for c in cells)


def test_a_run_with_several_readings_returns_them_and_reads_nothing():
    # 0 120 2 2 5 120 | 249 printed together: three splits have the right total
    cells, sols = resolve([("0120225120249", "l")], 7, REQUESTS, may_segment=True)
    assert {c["status"] for c in cells} == {"ambiguous"}
    assert ["0", "120", "2", "2", "5", "120", "249"] in sols and 1 < len(sols) < CANDIDATES
    assert all(sum(map(int, s[:6])) == int(s[6]) for s in sols)


def test_a_row_with_a_blank_cell_is_never_split_to_fit_the_sum():
    cells, sols = resolve([("0 0 0 0 0 11", "l")], 7, REQUESTS, may_segment=True)
    assert sols == [] and {c["status"] for c in cells} == {"ambiguous"}


def test_without_sums_only_a_run_with_one_reading_is_split():
    cells, _ = resolve([("000", "l")], 3, (), may_segment=True)
    assert _raws(cells) == ["0", "0", "0"] and {c["status"] for c in cells} == {"segmented"}
    cells, sols = resolve([("1230", "l")], 3, (), may_segment=True)
    assert {c["status"] for c in cells} == {"ambiguous"} and sols == []


def test_pieces_apart_are_never_joined():
    # "1 2" in two cells of a three-cell row: 1|2|blank or 1|blank|2 … never 12
    cells, _ = resolve([("1", "a"), ("2", "b")], 3, (), may_segment=True)
    assert {c["status"] for c in cells} == {"ambiguous"} and cells[0]["raw"] == "1 | 2"


def test_text_mixed_into_a_run_is_not_split():
    cells, sols = resolve([("共80件1000081", "l")], 7, REQUESTS, may_segment=True)
    assert sols == [] and {c["status"] for c in cells} == {"ambiguous"}


@pytest.mark.parametrize("run", ["110024001510102"])
def test_section_four_run_split_by_its_three_totals(run):
    """2023_pingtan.txt's section 四: 1 1 0 0 2 | 4 0 0 1 5 | 1 0 1 0 2."""
    cells, _ = resolve([(run, "l")], 15, REVIEW, may_segment=True)
    assert _raws(cells) == [
        "1",
        "1",
        "0",
        "0",
        "2",
        "4",
        "0",
        "0",
        "1",
        "5",
        "1",
        "0",
        "1",
        "0",
        "2",
    ]


def test_memo_gives_what_the_function_gives_and_stays_bounded(monkeypatch):
    """A memo keeps short texts only, and starts over when full: a batch of a million distinct
    cells holds at most _MEMO_SIZE entries."""
    from govkit.templates import values

    monkeypatch.setattr(values, "_MEMO_SIZE", 8)
    calls: list[str] = []
    memo = values._memo(lambda t: calls.append(t) or t.upper())
    texts = [f"x{i}" for i in range(20)] + ["x" * (values._MEMO_TEXT + 1)]
    assert [memo(t) for t in texts + texts] == [t.upper() for t in texts + texts]
    table = memo.__self__
    assert 0 < len(table) <= 8
    assert "x" * (values._MEMO_TEXT + 1) not in table
    assert calls.count(texts[-1]) == 2  # a long text is computed each time
    n = len(calls)
    assert memo("x19") == "X19" and len(calls) == n  # the last one computed is held
