"""The six section headings of a report, found in a table's rows (grid) or in running text (flat), numbering and wording tolerated."""

from __future__ import annotations

import bisect
import itertools
import re
from operator import itemgetter
from typing import NamedTuple

from govkit.io.document import Cell
from govkit.limits import check_time
from govkit.templates import HEADINGS
from govkit.templates.values import Note, Row, _clean, _distance, _key, _memo
from govkit.textnorm import label_key, norm

# numbering starts at the start of its numeral run: else quadratic on a long run of 一 (prose.py);
# the look-behind follows the first numeral so that a search scans for the numerals in C
_NUMERALS = "[一二三四五六七八九十]"
_NUMERAL = rf"{_NUMERALS}(?<!{_NUMERALS}{{2}}){_NUMERALS}*\s*[、.]\s*"
_ANY_HEADING = re.compile("|".join(f"(?P<h{i}>{p})" for i, p in enumerate(HEADINGS.values())))
_HEADING_NAMES = list(HEADINGS)
_TEXT = itemgetter(0)  # Cell.text, in C


def _heading_keys() -> list[tuple[str, tuple[str, ...]]]:
    """Each heading's wordings to compare a printed heading with: the name and its core."""
    return [
        (name, (label_key(name), label_key(re.sub(r"\(\?:[^)]*\)\??", "", pat))))
        for name, pat in HEADINGS.items()
    ]


_HEADING_KEYS = _heading_keys()
_NUMBERED = re.compile(_NUMERAL)


@_memo
def _near_heading(text: str) -> str | None:
    """A numbered heading that differs from one of the six by a few characters (a stray 法)."""
    t = norm(_clean(text))
    if not _NUMBERED.match(t) or len(t) > 40:
        return None
    key = _key(t)
    best = [
        (min(_distance(key, w, max(1, len(w) // 8)) - max(1, len(w) // 8) for w in words), name)
        for name, words in _HEADING_KEYS
    ]
    best.sort()
    if best[0][0] > 0 or best[1][0] == best[0][0]:
        return None
    return best[0][1]


@_memo
def _heading_of(text: str) -> tuple[str, bool] | None:
    """(section, exact) for a cell holding one of the six headings, exactly or nearly."""
    key = _key(text)
    if len(key) > 40:
        return None
    m = _ANY_HEADING.fullmatch(key)
    if m:
        return _HEADING_NAMES[int(next(g for g, v in m.groupdict().items() if v)[1:])], True
    name = _near_heading(text)
    return None if name is None else (name, False)


def _heading_rows(rows: list[Row], notes: list[Note] | None = None) -> dict[str, list[int]]:
    """The rows holding each section heading, found in one pass over the cells.

    A numbered heading a few characters off one of the six is taken when the six are still in
    order with it; every such match is noted (in `notes`, when given)."""
    found: dict[str, list[int]] = {}
    near: list[tuple[int, str, Cell]] = []
    for start in range(0, len(rows), 1024):
        check_time("heading")
        chunk = rows[start : start + 1024]
        cells = list(itertools.chain.from_iterable(chunk))
        # one memo lookup per cell, in C: a page's hundreds of cells are almost never headings
        hits = list(map(_heading_of, map(_TEXT, cells)))
        if not any(hits):
            continue
        ends = list(itertools.accumulate(map(len, chunk)))  # cells up to the end of each row
        for k in itertools.compress(range(len(hits)), hits):
            i = start + bisect.bisect_right(ends, k)
            name, exact = hits[k]
            if exact:
                at = found.setdefault(name, [])
                if not at or at[-1] != i:
                    at.append(i)
            else:
                near.append((i, name, cells[k]))
    for i, name, c in near:
        if found.get(name):
            continue
        order = _HEADING_NAMES.index(name)
        before = [r for n in _HEADING_NAMES[:order] for r in found.get(n, [])[:1]]
        after = [r for n in _HEADING_NAMES[order + 1 :] for r in found.get(n, [])[:1]]
        if all(r < i for r in before) and all(r > i for r in after):
            found[name] = [i]
            if notes is not None:
                notes.append(
                    Note(
                        "",
                        "",
                        f"标题“{_clean(c.text)}”与模板标题“{name}”文字不完全一致，按该部分读取",
                        f"heading '{_clean(c.text)}' differs from the template's '{name}'; read as that section",
                        c.ref,
                    )
                )
    return found


def _find_heading(heads: dict[str, list[int]], name: str, start: int = 0) -> int | None:
    """The first row at or after `start` holding the heading."""
    at = heads.get(name, [])
    k = bisect.bisect_left(at, start)
    return at[k] if k < len(at) else None


# ---------------------------------------------------------------- headings in running text


class _Span(NamedTuple):
    """Where a heading was found (the part of re.Match the flat reader uses)."""

    begin: int
    stop: int

    def start(self) -> int:
        return self.begin

    def end(self) -> int:
        return self.stop


def find_heading(
    text: str, name: str, start: int = 0, notes: list[Note] | None = None, end: int | None = None
) -> _Span | None:
    """The section's heading in run-together text: as the template words it, else (with `notes`)
    its own numeral 一、…六、 followed by words within a few edits of the template's (a stray or lost
    character: 四、政府信息公开行政法复议、行政诉讼情况), recorded as a note."""
    end = len(text) if end is None else end
    m = re.compile(_NUMERAL + HEADINGS[name]).search(text, start, end)
    if m or notes is None:
        return _Span(m.start(), m.end()) if m else None
    numeral = "一二三四五六"[_HEADING_NAMES.index(name)]
    bound = max(1, len(name) // 8)
    for at in re.finditer(rf"{numeral}(?<!{_NUMERALS}{{2}})\s*[、.]\s*", text[start:end]):
        head = start + at.end()
        got = min(
            (
                (_distance(name, text[head : head + k], bound), k)
                for k in range(len(name) - bound, len(name) + bound + 1)
            ),
            default=(bound + 1, 0),
        )
        if got[0] <= bound:
            found = text[head : head + got[1]]
            notes.append(
                Note(
                    "",
                    "",
                    f"标题“{numeral}、{found}”与模板的“{name}”不同，按最接近的标题读取",
                    f"heading '{numeral}、{found}' differs from the template's '{name}'; "
                    "read as the nearest heading",
                )
            )
            return _Span(start + at.start(), head + got[1])
    return None
