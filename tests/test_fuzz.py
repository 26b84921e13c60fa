"""A short, reproducible fuzz run in the suite; the long one is fuzz/run.py (see fuzz/README.md).

Invariants (fuzz/check.py): only GovkitError leaves read_report / parse_report / audit(); every
cell matches the source text or is NaN with raw kept; no input takes longer than a few seconds.
derandomize=True makes every CI run try the same inputs.
"""

from __future__ import annotations

import random
import sys

import pytest
from conftest import ROOT, SEED
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govkit

sys.path.insert(0, str(ROOT))
from fuzz.check import check_cells, check_input, deadline
from fuzz.mutate import load_seeds, mutate, pick_seed

SEEDS = load_seeds()
LIMIT = 10.0  # seconds per input; a real report reads in ~0.02 s
FUZZ = settings(
    deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow], database=None
)


@settings(FUZZ, max_examples=150)
@given(st.integers(min_value=0, max_value=2**64))
def test_mutated_reports_keep_the_invariants(n):
    """Corpus and data/ reports (and the Word/PDF fixtures, now and then) mutated as in run.py."""
    rng = random.Random(n)
    data, _what = mutate(rng, pick_seed(rng, SEEDS, binary_share=0.05), SEEDS)
    with deadline(LIMIT):
        check_input(data, audit=n % 3 == 0, as_text=n % 7 == 0)


CELL_TEXT = st.lists(
    st.sampled_from(
        [
            *"0123456789０１２３４５６７８９-+.,%元万件（）()—",
            *("\u200b", "\ufeff", "\u00a0", "\u3000", " ", "\t", "增", "=", "e", "9" * 30),
        ]
    ),
    max_size=12,
).map("".join)


@pytest.fixture(scope="module")
def seed_lines() -> list[str]:
    return SEED.read_text(encoding="utf-8").split("\n")


@settings(FUZZ, max_examples=60)
@given(st.lists(st.tuples(st.integers(0, 10_000), CELL_TEXT), min_size=1, max_size=4))
def test_any_cell_text_is_read_as_printed(seed_lines, edits):
    """Table cells of the seed replaced by arbitrary number-like text: value = parse_number(raw)."""
    lines = list(seed_lines)
    cells = [i for i, line in enumerate(lines) if line.startswith("\t")]
    for k, text in edits:
        lines[cells[k % len(cells)]] = "\t" + text
    with deadline(LIMIT):
        try:
            rep = govkit.parse_report("\n".join(lines))
        except govkit.GovkitError:
            return
        check_cells(rep)
        rep.audit()


@settings(FUZZ, max_examples=60)
@given(st.binary(max_size=2000) | st.text(max_size=2000).map(lambda s: s.encode("utf-8")))
def test_random_bytes_only_raise_govkit_errors(data):
    with deadline(LIMIT):
        check_input(data)
