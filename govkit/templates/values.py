"""One row's printed pieces read as cells: numbers, words kept as text, runs of digits split by the template's sums."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from govkit.io.document import Cell
from govkit.templates import (
    Template,
)
from govkit.templates.segment import Groups, layouts, segment
from govkit.textnorm import clean_cell, label_key, norm, parse_number, spaced_digits

Row = tuple[Cell, ...]
_CJK = re.compile(r"[\u4e00-\u9fff]")

# Memos of the pure text functions, for speed only: the passes below look at the same cells again
# (headings are searched five times, section 二's rows once per template row), and cells repeat
# within a report and from report to report ('0', the template's labels). Only short texts are
# memoised and a full memo starts over, so the memos stay a few MB however large or many the
# documents.
_MEMO_TEXT = 200
_MEMO_SIZE = 16384
_T = TypeVar("_T")


class _Memo(dict):
    """fn's results by text. A hit is one dict lookup in C (the memo's bound __getitem__ is what
    callers call): a report asks ~800 of them, and a Python wrapper around lru_cache cost twice
    the lookup."""

    __slots__ = ("fn",)

    def __init__(self, fn: Callable[[str], object]):
        super().__init__()
        self.fn = fn

    def __missing__(self, text: str) -> object:
        value = self.fn(text)
        if len(text) <= _MEMO_TEXT:
            if len(self) >= _MEMO_SIZE:
                self.clear()
            self[text] = value
        return value


def _memo(fn: Callable[[str], _T]) -> Callable[[str], _T]:
    return _Memo(fn).__getitem__


_clean = _memo(clean_cell)
_key = _memo(label_key)
_number = _memo(parse_number)
_spaced = _memo(spaced_digits)


@dataclass
class Note:
    """Something the parser saw and could not use; surfaces as an audit finding."""

    table: str
    row: str
    zh: str
    en: str
    ref: str = ""


_MISSING = {"value": math.nan, "raw": "", "unit": "", "status": "missing", "source_ref": ""}
CELL_FIELDS = ("table", "row", "col", "value", "raw", "unit", "status", "source_ref")


# ---------------------------------------------------------------- resolving one row's values


def resolve(
    chunks: list[tuple[str, str]], n: int, groups: Groups, *, may_segment: bool
) -> tuple[list[dict], list[list[str]]]:
    """Turn the printed pieces of one row into n cells.

    Pieces apart in the source (white space, a sign, separate cells) are never joined, only split
    within themselves, and only when that split is the one reading: with `groups` the template's
    sums must pick it out; with none (section 二) the digits alone must allow no other reading,
    blank cells included (see segment.layouts). Returns (cells, candidates): candidates lists the
    readings that fit when more than one does (cells are then 'ambiguous'); a table-level pass
    (identities, the report's own sentences) may still decide between them.
    """
    while len(chunks) > n and not _clean(chunks[-1][0]):
        chunks = chunks[:-1]
    if len(chunks) == n:
        return [_cell(text, ref, "ok") for text, ref in chunks], []
    run = " | ".join(_clean(t) for t, _ in chunks)
    ref = chunks[0][1] if chunks else ""
    sols: list[list[str]] = []
    if may_segment and chunks and len(chunks) < n:
        pieces, units = _numeric_pieces([t for t, _ in chunks])
        if pieces is not None and _blank_cell_competes(pieces, n):
            pass  # a blank cell or a split number: the sums cannot tell (a blank breaks them)
        elif pieces is not None:
            found = [_readings(p, n, groups) for p in _sign_or_dash(pieces)]
            sols = [] if None in found else [s for f in found for s in f]
            if len(sols) == 1:
                out = [_cell(p, ref, "segmented") for p in sols[0]]
                if units and units[-1]:
                    out[-1]["unit"] = units[-1]
                    out[-1]["raw"] += units[-1]
                return out, []
    cells = [
        {"value": math.nan, "raw": run, "unit": "", "status": "ambiguous", "source_ref": ref}
        for _ in range(n)
    ]
    return cells, sols if len(sols) < CANDIDATES else []


CANDIDATES = 12


def _readings(pieces: list[str], n: int, groups: Groups) -> list[list[str]] | None:
    """The splits of `pieces` into n cells: by the template's sums, or the one layout the digits
    allow where a text cell breaks the sums; None when too many to decide by."""
    if groups and all(p[-1].isdigit() for p in pieces):
        return segment(pieces, n, groups, limit=CANDIDATES)
    return layouts(pieces, n, 1)


def _sign_or_dash(pieces: list[str]) -> list[list[str]]:
    """'-10012…' glued (crawler text): a negative first cell, or a dash printed for zero before
    the next cell's digits; both readings are tried, so a split only one of them allows is read
    and one both allow stays ambiguous."""
    dashed = [q for p in pieces for q in (["-", p[1:]] if p[:1] == "-" and len(p) > 1 else [p])]
    return [pieces] if dashed == pieces else [pieces, dashed]


_TOKEN = re.compile(r"[-+]?\d[\d.]*|[^\d\s+-]+|[+-]")
# what a value cell may print instead of a number: text kept as one cell (value NaN, raw kept)
_WORDS = r"暂无|无变化|不变|增加|减少|持平"
_NUMERALS = "〇零一二三四五六七八九十百千两"
# a Chinese numeral (二十) or 增/减 printed as a value: only standing apart (white space or digits
# around it), never the numbering or header text between rows (第二十条, 这一情形, 本年增/减)
_NUMERAL_CELL = rf"(?<![^\s\d])(?:增|减|[{_NUMERALS}]++)(?![^\s\d])"
_VALUE_TEXT = re.compile(rf"{_WORDS}|无|增|减|[/—–-]+|[{_NUMERALS}]+")


def _numeric_pieces(texts: list[str]) -> tuple[list[str] | None, list[str]]:
    """The pieces of a run, each within one cell: digit chunks (white space and signs are sure
    cell boundaries) and value text such as 暂无 or a placeholder "/" (a cell of its own).
    None when other text is mixed in."""
    pieces: list[str] = []
    units: list[str] = []
    for text in texts:
        for tok in _TOKEN.findall(norm(text)):
            # a digit as _TOKEN's \d reads it (isdigit also takes ⑤: "⑤属于…" is a label)
            if tok[0].isdecimal() or (tok[0] in "+-" and len(tok) > 1):
                pieces.append(tok.lstrip("+"))
                units.append("")
            elif tok in ("元", "万元", "亿元") and pieces and not units[-1]:
                units[-1] = tok
            elif _VALUE_TEXT.fullmatch(tok):
                pieces.append(tok)
                units.append("")
            else:
                return None, []
    return (pieces or None), units


def _blank_cell_competes(pieces: list[str], n: int) -> bool:
    """A row printed with white space between its cells and some cells blank: '0 0 0 0 0 11' in
    seven cells. When most cells stand apart as whole numbers, reading a blank is as good as
    splitting one of them (0|…|1|1), and a sum cannot choose: a blank row need not add up."""
    return 2 <= len(pieces) < n and 2 * len(pieces) > n and all(map(_WHOLE.fullmatch, pieces))


_WHOLE = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?")


def _cell(text: str, ref: str, status: str) -> dict:
    raw, value, unit, spaced = _reading(text)
    if spaced:  # "2 0": one number or two? never 20
        status = "ambiguous"
    return {"value": value, "raw": raw, "unit": unit, "status": status, "source_ref": ref}


@_memo
def _reading(text: str) -> tuple[str, float, str, bool]:
    """A cell's text as printed, its number and unit, and whether it is digits one cell cannot
    hold as one number (one memo for what every cell asks)."""
    raw = _clean(text)
    value, unit = _number(raw)
    return raw, value, unit, math.isnan(value) and _spaced(raw)


def _store(values: dict, tpl: Template, table: str, row: str, cells: list[dict]) -> None:
    values.update(zip(tpl.cell_keys(table, row), cells, strict=True))


_COLLAPSED = {"value": math.nan, "raw": "", "unit": "", "status": "collapsed"}


def collapse_group(
    tpl: Template, group, label: str, cells: list[dict], ref: str, values: dict, notes: list
) -> None:
    """A section 三 row group printed as one row without its sub-rows (grid and run-together
    text alike): its cells are the group's total, each sub-row's are 'collapsed', and a note
    names the printed label."""
    cols = tpl.columns("requests", group.row)
    values.update(zip((("requests", group.row, c) for c in cols), cells, strict=True))
    specs = tpl.rows["requests"]
    for i in group.leaves:
        for col in cols:
            values[("requests", specs[i].row, col)] = {**_COLLAPSED, "source_ref": ref}
    notes.append(
        Note(
            "requests",
            group.row,
            f"“{label}”印成一行、没有分列其下 {len(group.leaves)} 个小项，按该组合计读取",
            f"'{label}' printed as one row without its {len(group.leaves)} sub-rows; read as the group's total",
            ref,
        )
    )


# ---------------------------------------------------------------- cells of a printed row
#
# A printed row is read from its label: the label cell is the last cell before the first number
# that names a template row (or a row group), and every cell after it is a value cell, whatever it
# holds ("增加", "暂无", blank). Cells kept apart by the reader are never joined and re-segmented.


def _labelish(text: str) -> bool:
    return len(_CJK.findall(text)) >= 2


@_memo
def _numberish(text: str) -> bool:
    """A value that can only sit in a value cell: a number, or digits one cell cannot hold as one
    number ("2 0")."""
    t = _clean(text)
    return bool(t) and (not math.isnan(_number(t)[0]) or _spaced(t))


@_memo
def _clean_numberish(text: str) -> tuple[str, bool]:
    """(the cell as printed, whether it is _numberish): one memo for what a row's cells are asked."""
    t = _clean(text)
    return t, _numberish(t)


@_memo
def _is_label(text: str) -> bool:
    t = _clean(text)
    return bool(t) and _labelish(t) and not _numberish(t)


def _has_number(cells: list[Cell]) -> bool:
    return any(_numberish(c.text) for c in cells)


def _distance(a: str, b: str, bound: int) -> int:
    """Levenshtein distance of a and b, or bound + 1 once it is sure to exceed bound."""
    if abs(len(a) - len(b)) > bound:
        return bound + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > bound:
            return bound + 1
        prev = cur
    return prev[-1]


def _spaced_note(table: str, row: str, cell: dict) -> Note:
    return Note(
        table,
        row,
        f"单元格“{cell['raw']}”中数字之间有空白或换行，无法确定是一个数还是几个数，数值留空",
        f"cell '{cell['raw']}' has white space between digits (one number or several?); value left empty",
        cell["source_ref"],
    )


def _undecided(table: str, row: str, n: int, cell: dict, options: int = 0) -> Note:
    why_zh = f"有 {options} 种拆分都符合模板约束" if options > 1 else "无法唯一对应"
    why_en = f"{options} splits fit the template" if options > 1 else "cannot be split uniquely"
    return Note(
        table,
        row,
        f"该行印出的内容“{cell['raw']}”{why_zh} {n} 个单元格，数值留空"
        if options <= 1
        else f"该行印出的内容“{cell['raw']}”拆成 {n} 个单元格时{why_zh}，数值留空",
        f"printed '{cell['raw']}': {why_en} into {n} cells; values left empty",
        cell["source_ref"],
    )
