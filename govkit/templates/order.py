"""Where section 三's printed rows go: which label-only rows are in order, and which template
row each printed row fills (by label in any order, unlabelled ones by the gap they sit in)."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable

from govkit.io.document import Cell
from govkit.templates import GroupSpec, Template
from govkit.templates.labels import _Line
from govkit.templates.values import Note


def in_order(lines: list[_Line], tpl: Template) -> list[_Line]:
    """Drop rows without numbers that contradict the order of the rows with numbers (a header
    cell that happens to name a row) or name a row another row prints with numbers. Sub-rows of
    one group may be printed in any order (matched by meaning), so order is that of the groups:
    a blank sub-row among its group's sub-rows is in order. Linear: the largest rank named before
    each position and the smallest after it are running extremes."""
    rank = _ranks(len(tpl.rows["requests"]), tpl.groups["requests"])
    strong = [(ln.at, rank[ln.idx]) for ln in lines if ln.numbers and ln.idx is not None]
    taken = {ln.idx for ln in lines if ln.numbers and ln.idx is not None}
    ats = [at for at, _ in strong]
    before = list(itertools.accumulate((r for _, r in strong), max))
    after = list(itertools.accumulate((r for _, r in reversed(strong)), min))[::-1]
    kept = []
    for ln in lines:
        if not ln.numbers and ln.idx is not None:
            k = bisect.bisect_left(ats, ln.at)
            lo = before[k - 1] if k else -1
            hi = after[k] if k < len(after) else 1 << 30
            if ln.idx in taken or not lo <= rank[ln.idx] <= hi:
                continue
        kept.append(ln)
    return kept


def _ranks(size: int, groups: Iterable[GroupSpec]) -> list[int]:
    """Each template row's place in the printed order: a sub-row of `groups` (printed in any
    order) shares its group's place, every other row has its own."""
    rank = list(range(size))
    for g in groups:
        for i in g.leaves:
            rank[i] = g.leaves[0]
    return rank


def align(
    found: list[tuple[int | None, list[Cell]]], tpl: Template, notes: list[Note]
) -> dict[int, list[Cell]]:
    """Place labelled rows by label (in any order: sub-rows may be printed in another order),
    then the unlabelled ones by order into the gap between their labelled neighbours, when the
    gap has exactly as many free rows. The gap is in template order, except within a group whose
    labelled sub-rows are printed out of order: there any free sub-row of the group may be it."""
    size = len(tpl.rows["requests"])
    placed: dict[int, list[Cell]] = {}
    anchors: list[tuple[int, int]] = [(-1, -1)]  # (position in found, template row)
    for k, (idx, vals) in enumerate(found):
        if idx is None:
            continue
        if idx in placed:
            notes.append(
                Note(
                    "requests",
                    "",
                    "同一模板行出现多次，只取第一次",
                    "template row printed twice; first kept",
                    vals[0].ref if vals else "",
                )
            )
            continue
        placed[idx] = vals
        anchors.append((k, idx))
    anchors.append((len(found), size))
    order = [i for _, i in anchors[1:-1]]
    shuffled = [g for g in tpl.groups["requests"] if _out_of_order(order, set(g.leaves))]
    rank = [*_ranks(size, shuffled), size, -1]  # rank[-1]: before the first row
    for (k0, i0), (k1, i1) in itertools.pairwise(anchors):
        pending = [vals for idx, vals in found[k0 + 1 : k1] if idx is None]
        if not pending:
            continue
        gap = [i for i in range(size) if i not in placed and rank[i0] <= rank[i] <= rank[i1]]
        if len(pending) == len(gap):
            placed.update(zip(gap, pending, strict=True))
            continue
        notes.append(
            Note(
                "requests",
                "",
                f"{len(pending)} 个无标签的数字行无法对应 {len(gap)} 个模板行，已忽略",
                f"{len(pending)} unlabelled rows cannot be placed in a gap of {len(gap)} template rows",
                pending[0][0].ref if pending[0] else "",
            )
        )
    return placed


def _out_of_order(order: list[int], leaves: set[int]) -> bool:
    """The group's labelled sub-rows are not printed in template order."""
    mine = [i for i in order if i in leaves]
    return any(a > b for a, b in itertools.pairwise(mine))
