"""Split run-together digits into cells, using only what the template guarantees.

Crawler extractions print `本年新收…21710000218` for 217|1|0|0|0|0|218. Numbers never have
leading zeros, white space in the run always falls between cells, and the template fixes sums
(six applicant columns add up to 总计; each review/litigation block's four results add up to its
总计). A split is taken only when exactly one satisfies all of that; otherwise the caller keeps the
run as raw text and says the cells are undecidable — never a guess.
"""

from __future__ import annotations

import itertools
import re

from govkit.limits import check_time

_ONE_WAY = re.compile(r"0*[1-9]?")  # digits that split into numbers one way only (no leading 0)
_PIECE = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?")
MAX_DIGITS = 16
STEP_BUDGET = 200_000

Groups = tuple[tuple[tuple[int, ...], int], ...]  # ((addend indices), total index)


def segment(chunks: list[str], n: int, groups: Groups = (), limit: int = 2) -> list[list[str]]:
    """All splits of `chunks` (each split within itself) into `n` numbers, at most `limit`.

    Returns [] when none exists or the search budget runs out (treated as undecidable).
    """
    quick = _shortcut(chunks, n, groups, limit)
    if quick is not None:
        return quick
    totals = {total: addends for addends, total in groups}
    # characters left from chunk i on: a split is dead once fewer remain than cells to fill
    after = [sum(len(c) for c in chunks[i:]) for i in range(len(chunks) + 1)]
    # whole non-negative numbers only: a total has at least as many digits as its longest addend
    whole = not any("-" in c or "." in c for c in chunks)
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
        # dead ends: a remaining chunk with no cell, or fewer characters left than cells need
        need = left + (_total_digits(acc, groups) if whole else 0)
        if left < max(1, len(chunks) - ci) or len(chunk) - off + after[ci + 1] < need:
            return
        for piece in _candidates(chunk, off, totals.get(k), nums):
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


def layouts(chunks: list[str], n: int, limit: int) -> list[list[str]] | None:
    """Every reading of `chunks` as n cells when no sum checks them (section 二), at most `limit`.

    Each chunk may hold one number or several run together, and a cell may be blank (crawler text
    drops an empty cell without a trace), so '12 0' in three cells reads 1|2|0, 12||0, |12|0 or
    12|0|. Blank cells are ''. None when there are more than `limit` (too many to decide by).
    A row is read without doubt only when this finds exactly one reading: '007' is 0|0|7 (no
    number has a leading zero), '200' is not 2|0|0.
    """
    # the fewest numbers each chunk holds ('007': three, '012': two), so a chunk is cut only into
    # as many numbers as the others leave room for
    least = [_least(c) for c in chunks]
    per: list[list[list[str]]] = []
    for chunk, own in zip(chunks, least, strict=True):
        room = n - sum(least) + own
        if _ONE_WAY.fullmatch(chunk):  # '007', '0', '5': each digit a number, the only way
            ways = [list(chunk)]
        elif not _PIECE.match(chunk):  # text printed in a value cell (暂无, /): one cell
            ways = [[chunk]]
        elif limit < 2 and room > 1 and chunk.isascii() and chunk.isdigit() and chunk[0] != "0":
            return None  # '12…9' is itself or '12…' | '9': two readings, no search needed
        else:
            ways = [
                s
                for k in range(1, min(len(chunk), room) + 1)
                for s in segment([chunk], k, (), limit + 1)
            ]
        if not ways:
            return []
        per.append(ways)
    out: list[list[str]] = []
    for combo in itertools.product(*per):
        nums = [p for part in combo for p in part]
        for at in itertools.combinations(range(n), len(nums)):
            cells = [""] * n
            for i, p in zip(at, nums, strict=True):
                cells[i] = p
            out.append(cells)
            if len(out) > limit:
                return None
    return out


def _least(chunk: str) -> int:
    """The fewest numbers a chunk splits into: each leading zero is a number of its own."""
    if not (chunk.isascii() and chunk.isdigit()):
        return 1
    rest = chunk.lstrip("0")
    return len(chunk) - len(rest) + (1 if rest else 0)


def _candidates(chunk: str, off: int, addends: tuple[int, ...] | None, nums: list[float]):
    """The next cell: the sum its group fixes, or every length of digits from `off`."""
    if addends is not None:
        return [_fmt(sum(nums[i] for i in addends))]
    return [chunk[off : off + ln] for ln in range(1, min(MAX_DIGITS, len(chunk) - off) + 1)]


def _shortcut(chunks: list[str], n: int, groups: Groups, limit: int) -> list[list[str]] | None:
    """The two common runs, decided without the general search (None: search)."""
    if all(c and not c.strip("0") for c in chunks):
        return _zeros(chunks, n)
    one = chunks[0] if len(chunks) == 1 else ""
    if n >= 2 and one.isascii() and one.isdigit() and groups == ((tuple(range(n - 1)), n - 1),):
        return _sum_last(one, n, limit)  # one run of digits, the last cell the sum of the others
    return None


def _sum_last(run: str, n: int, limit: int) -> list[list[str]]:
    """Splits of a section 三 row, found from the total: it is printed last, so it is one of the
    few suffixes of the run, and the rest must split into n-1 numbers adding up to it - a sum that
    bounds every piece. Same splits, in the same order, as the general search; far fewer steps."""
    found: list[list[str]] = []
    steps = 0

    def rec(head: str, pos: int, left: int, budget: int, acc: list[str]) -> None:
        nonlocal steps
        steps += 1
        if steps % 4096 == 0:
            _tick(steps)
        if left == 1:  # the last addend is the rest of the head, and must make up the sum
            piece = head[pos:]
            if len(piece) <= MAX_DIGITS and _PIECE.fullmatch(piece) and int(piece) == budget:
                found.append([*acc, piece])
            return
        for end in range(pos + 1, min(pos + MAX_DIGITS, len(head) - left + 1) + 1):
            piece = head[pos:end]
            if end - pos > 1 and piece[0] == "0":
                break  # no number has a leading zero, and longer pieces start with it too
            v = int(piece)
            if v > budget:
                break  # longer pieces are larger still
            acc.append(piece)
            rec(head, end, left - 1, budget - v, acc)
            acc.pop()

    try:
        for t in range(1, min(MAX_DIGITS, len(run) - (n - 1)) + 1):
            total = run[-t:]
            if _PIECE.fullmatch(total):
                rec(run[:-t], 0, n - 1, int(total), [])
    except _Budget:
        return []
    found = [[*split, run[len("".join(split)) :]] for split in found]
    found.sort(key=lambda split: [len(p) for p in split])
    return found[:limit]


def _zeros(chunks: list[str], n: int) -> list[list[str]]:
    """Zeros only: no number has a leading zero, so every 0 is a cell of its own (and every sum of
    zeros is zero) - the most common run in a report, decided without a search."""
    return [["0"] * n] if sum(map(len, chunks)) == n else []


def _total_digits(acc: list[str], groups: Groups) -> int:
    """Characters an open group's total needs beyond one: at least its longest addend's digits
    (whole non-negative numbers), so a split that leaves too few is dropped early."""
    k = len(acc)
    extra = 0
    for addends, total in groups:
        if k <= total and addends[0] < k:
            extra += max(len(acc[i]) for i in addends if i < k) - 1
    return extra


class _Budget(Exception):
    pass


def _tick(steps: int) -> None:
    """Every 4096 steps: the search budget (undecidable when spent) and the report's time budget."""
    if steps > STEP_BUDGET:
        raise _Budget
    check_time("segment")


def _fmt(x: float) -> str:
    return str(int(x)) if x == int(x) else repr(x)
