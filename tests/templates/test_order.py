"""govkit.templates.order: which printed rows of section 三 are in order and where each one goes.

Sub-rows of one group may be printed in any order (matched by meaning): a blank sub-row among
them is in order, and an unlabelled one is the group's one free sub-row. In template order the
gap rule is as before: an unlabelled row goes only where its neighbours leave a free row.
"""

from __future__ import annotations

from govkit.io.document import Cell
from govkit.templates import get_template
from govkit.templates.labels import _Line
from govkit.templates.order import align, in_order

TPL = get_template("2021")
SPECS = [s.row for s in TPL.rows["requests"]]
WITHHELD = [i for i, r in enumerate(SPECS) if r.startswith("不予公开/")]  # 8 sub-rows


def _vals(k: int) -> list[Cell]:
    return [Cell(str(k), f"row {k}")] * 7


def _line(at: int, idx: int | None, numbers: bool = True) -> _Line:
    return _Line(at, _vals(at), idx, None, SPECS[idx] if idx is not None else "", False, numbers)


def test_a_blank_sub_row_among_its_reordered_group_is_kept():
    order = list(reversed(WITHHELD))  # printed 8. … 1.
    lines = [_line(at, idx, numbers=at != 3) for at, idx in enumerate([3, *order])]
    kept = in_order(lines, TPL)
    assert [ln.idx for ln in kept] == [3, *order]  # the blank 3rd printed sub-row stays


def test_a_blank_row_out_of_the_group_order_is_dropped():
    """A header cell naming a row of 不予处理 above the 不予公开 rows: not a row."""
    later = next(i for i, r in enumerate(SPECS) if r.startswith("不予处理/"))
    lines = [_line(0, later, numbers=False), *(_line(k + 1, i) for k, i in enumerate(WITHHELD))]
    assert [ln.idx for ln in in_order(lines, TPL)] == WITHHELD


def test_an_unlabelled_row_in_a_reordered_group_is_its_free_sub_row():
    order = list(reversed(WITHHELD))
    found = [(3, _vals(0)), (None, _vals(1)), *((i, _vals(k + 2)) for k, i in enumerate(order[1:]))]
    notes = []
    placed = align(found, TPL, notes)
    assert placed[order[0]] == _vals(1) and not notes


def test_an_unlabelled_row_in_template_order_needs_a_free_row_beside_it():
    """Every sub-row labelled in order and one more row without a label between 2. and 3.: no
    free row there, so it is noted and left out, never guessed into a row."""
    found = [(i, _vals(i)) for i in WITHHELD]
    found.insert(2, (None, _vals(99)))  # between 2. and 3.
    notes = []
    placed = align(found, TPL, notes)
    assert _vals(99) not in placed.values() and notes
