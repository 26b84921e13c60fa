"""The digit-run segmenter prunes its search; it must find exactly what brute force finds."""

from __future__ import annotations

import itertools
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from govkit.templates import get_template
from govkit.templates.segment import segment

GROUPS = get_template("2021").col_groups

_PIECE = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?")


def brute(run: str, n: int, groups) -> list[list[str]]:
    """Every way to cut `run` into n valid numbers satisfying the group sums, by enumeration."""
    out = []
    for cuts in itertools.combinations(range(1, len(run)), n - 1):
        pieces = [run[a:b] for a, b in zip((0, *cuts), (*cuts, len(run)), strict=True)]
        if not all(_PIECE.fullmatch(p) and len(p) <= 16 for p in pieces):
            continue
        nums = [float(p) for p in pieces]
        if all(sum(nums[i] for i in adds) == nums[t] for adds, t in groups):
            out.append(pieces)
    return out


def _row(values: list[int], groups) -> list[int]:
    for adds, t in groups:
        values[t] = sum(values[i] for i in adds)
    return values


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.integers(0, 40), min_size=7, max_size=7), st.booleans())
def test_requests_row_same_as_brute_force(values, distort):
    groups = GROUPS["requests"]
    run = "".join(map(str, _row(values, groups)))
    if distort:  # a run whose sums do not hold: no split, or some other one
        run = run[:-1] + str((int(run[-1]) + 1) % 10)
    want = brute(run, 7, groups)
    assert segment([run], 7, groups, limit=len(want) + 1) == want
    assert segment([run], 7, groups, limit=2) == want[:2]  # the same first two, in order


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.lists(st.integers(0, 4), min_size=15, max_size=15))
def test_review_row_same_as_brute_force(values):
    groups = GROUPS["review_litigation"]
    run = "".join(map(str, _row(values, groups)))
    want = brute(run, 15, groups)
    assert segment([run], 15, groups, limit=len(want) + 1) == want
    assert segment([run], 15, groups, limit=2) == want[:2]


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    st.lists(
        st.sampled_from(["0", "00", "1", "10", "5", "-3", "2.5", "007"]), min_size=1, max_size=6
    ),
    st.integers(1, 6),
)
def test_free_runs_same_as_brute_force(parts, n):
    run = "".join(parts)
    want = brute(run, n, ())
    assert segment([run], n, (), limit=len(want) + 1) == want
