"""A short, reproducible fuzz run in the suite; the long one is fuzz/run.py (see fuzz/README.md).

Invariants (fuzz/check.py): only GovkitError leaves read_report / parse_report / audit(); every
cell matches the source text or is NaN with raw kept; no input takes longer than a few seconds.
derandomize=True makes every CI run try the same inputs.
"""

from __future__ import annotations

import random
import shutil
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


# ---------------------------------------------------------------- one cell, its own text (issue 16)
#
# One value cell of a real report holds a mutation whose visible text is known (fuzz/mutate.py
# `cell_content`); every cell must then be the number its OWN cell shows, or NaN (fuzz/check.py
# `own_cell_problems`), and every other cell stays exactly as printed (fuzz/variants.py).

from fuzz import variants as V  # noqa: E402
from fuzz.mutate import cell_content  # noqa: E402

CELL_SOURCE = "2024_shanghai_kewei.md"  # 2021 template, in data/; 2019: the seed below
CELL_CASES = {
    "html": [
        "chinese",
        "space_inside",
        "html_hidden",
        "html_nested_table",
        "html_br",
        "html_two_p",
    ],
    "markdown": ["chinese", "space_inside"],
    "text": ["chinese", "space_inside"],
    "crawler": ["blank_crawler", "chinese"],
    "docx": [
        "chinese",
        "space_inside",
        *("docx_vanish", "docx_del", "docx_ins", "docx_fldSimple", "docx_smartTag", "docx_sdt"),
        *("docx_nested_table", "docx_two_p"),
    ],
}
CELL_XFAIL: dict[tuple[str, str], str] = {}  # exactly the failing cases, strict, with their owner


def _content(kind: str, fmt: str, n: int):
    """The n-th mutation of this kind (deterministic: the first RNG seeds that give it)."""
    found = 0
    for i in range(10_000):
        rng = random.Random(f"{kind}:{fmt}:{i}")
        c = cell_content(rng, fmt)
        if c.kind == kind:
            if found == n:
                return rng, c
            found += 1
    raise AssertionError(f"no {kind} mutation for {fmt}")


def _cell_case(fmt: str, kind: str):
    reason = CELL_XFAIL.get((kind, fmt))
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(fmt, kind, marks=marks, id=f"{kind}-{fmt}")


def _cell_variants(fmt: str, kind: str) -> list:
    src = next(s for s in V.load_sources() if s.name == CELL_SOURCE)
    made = []
    for n in range(3):  # three cells: a section 三 cell, a section 四 cell, any cell
        rng, content = _content(kind, fmt, n)
        keys = sorted(src.raw)
        table = ("requests", "review_litigation", None)[n]
        key = rng.choice([k for k in keys if table in (None, k[0])])
        made.append((src, key, content))
    if fmt == "docx":
        if shutil.which("soffice") is None:
            pytest.skip("LibreOffice (soffice) is not installed")
        return V.cell_variants_docx(made)
    return [V.make_cell_variant(src, key, fmt, c) for src, key, c in made]


@pytest.mark.parametrize(
    ("fmt", "kind"), [_cell_case(f, k) for f, kinds in CELL_CASES.items() for k in kinds]
)
def test_each_cell_is_read_from_its_own_visible_text(fmt, kind):
    problems = {v.layout.inject[0]: V.check_variant(v) for v in _cell_variants(fmt, kind)}
    assert all(p == [] for p in problems.values()), problems
