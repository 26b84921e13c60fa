"""Split run-together digits into cells, using only what the template guarantees.

Crawler extractions print `本年新收…21710000218` for 217|1|0|0|0|0|218. Numbers never have
leading zeros, white space in the run always falls between cells, and the template fixes sums
(six applicant columns add up to 总计; each review/litigation block's four results add up to its
总计). A split is taken only when exactly one satisfies all of that; otherwise the caller keeps the
run as raw text and says the cells are undecidable — never a guess.
"""

from __future__ import annotations

import re

from govkit.limits import check_time

_PIECE = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?")
MAX_DIGITS = 16
STEP_BUDGET = 200_000

Groups = tuple[tuple[tuple[int, ...], int], ...]  # ((addend indices), total index)


def segment(chunks: list[str], n: int, groups: Groups = (), limit: int = 2) -> list[list[str]]:
    """All splits of `chunks` (each split within itself) into `n` numbers, at most `limit`.

    Returns [] when none exists or the search budget runs out (treated as undecidable).
    """
    totals = {total: addends for addends, total in groups}
    # characters left from chunk i on: a split is dead once fewer remain than cells to fill
    after = [sum(len(c) for c in chunks[i:]) for i in range(len(chunks) + 1)]
    out: list[list[str]] = []
    acc: list[str] = []
    nums: list[float] = []
    steps = 0

    def rec(ci: int, off: int) -> None:
        nonlocal steps
        steps += 1
        if steps % 4096 == 0:
            _tick(steps)
        if len(out) >= limit:
            return
        k = len(acc)
        if ci == len(chunks):
            if k == n:
                out.append(acc.copy())
            return
        chunk = chunks[ci]
        if off == len(chunk):
            rec(ci + 1, 0)
            return
        left = n - k
        if left <= 0 or left < len(chunks) - ci:  # every remaining chunk holds at least one cell
            return
        if len(chunk) - off + after[ci + 1] < left:  # every remaining cell needs a character
            return
        if k in totals:
            target = sum(nums[i] for i in totals[k])
            candidates = [_fmt(target)]
        else:
            candidates = [
                chunk[off : off + ln] for ln in range(1, min(MAX_DIGITS, len(chunk) - off) + 1)
            ]
        for piece in candidates:
            if not chunk.startswith(piece, off) or not _PIECE.fullmatch(piece):
                continue
            acc.append(piece)
            nums.append(float(piece))
            rec(ci, off + len(piece))
            acc.pop()
            nums.pop()

    try:
        rec(0, 0)
    except _Budget:
        return []
    return out


class _Budget(Exception):
    pass


def _tick(steps: int) -> None:
    """Every 4096 steps: the search budget (undecidable when spent) and the report's time budget."""
    if steps > STEP_BUDGET:
        raise _Budget
    check_time("segment")


def _fmt(x: float) -> str:
    return str(int(x)) if x == int(x) else repr(x)
