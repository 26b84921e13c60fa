"""The one parser from a reader's rows of cells to the template's tables.

Two strategies share everything below the row level:
- grid: the reader kept cells apart (web text, HTML, markdown, Word, PDF). Rows are recognised by
  their labels; rows whose label was torn away (PDF/OCR markdown) are placed by order between
  labelled neighbours, never by guess when the counts disagree.
- flat: cells run together (crawler text). Labels are found in template order and the digits
  between two labels are segmented (see segment.py).
Both return the same long table of cells.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple, TypeVar

from govkit.errors import ParseError
from govkit.io.document import Cell, Document
from govkit.limits import check_time
from govkit.templates import (
    TABLE_NAMES,
    GroupSpec,
    RowSpec,
    Template,
    display_label,
    get_template,
)
from govkit.templates.evidence import Fact, find_facts, report_year
from govkit.templates.segment import Groups, layouts, segment
from govkit.textnorm import clean_cell, label_key, norm, parse_number, spaced_digits

Row = tuple[Cell, ...]

GROUPS: dict[str, Groups] = {
    "requests": (((0, 1, 2, 3, 4, 5), 6),),
    "review_litigation": (((0, 1, 2, 3), 4), ((5, 6, 7, 8), 9), ((10, 11, 12, 13), 14)),
    "active": (),
}
# numbering starts at the start of its numeral run: else quadratic on a long run of 一 (prose.py)
_NUMERAL = r"(?<![一二三四五六七八九十])[一二三四五六七八九十]+\s*[、.]\s*"
HEADINGS = {  # canonical section name -> heading text pattern (numbering excluded)
    "总体情况": r"总体情况",
    "主动公开政府信息情况": r"主动公开政府信息(?:的)?情况",
    "收到和处理政府信息公开申请情况": r"收到和处理政府信息公开申请(?:的)?情况",
    "政府信息公开行政复议、行政诉讼情况": r"(?:政府信息公开)?(?:被申请)?行政复议[、和及]?(?:提起)?(?:行政)?诉讼(?:的)?情况",
    "存在的主要问题及改进情况": r"(?:政府信息公开工作)?存在的主要问题(?:及|和|以及)改进情况",
    "其他需要报告的事项": r"其他需要报告的事项",
}
_ANY_HEADING = re.compile("|".join(f"(?P<h{i}>{p})" for i, p in enumerate(HEADINGS.values())))
_HEADING_NAMES = list(HEADINGS)
_V2021 = (
    "本年制发件数",
    "本年废止件数",
    "现行有效件数",
    "本年处理决定数量",
    "本年收费金额",
    "逾期不补正",
    "收费通知",
)
_V2019 = (
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "采购项目数量",
    "采购总金额",
)
_CJK = re.compile(r"[\u4e00-\u9fff]")

# Memos of the pure text functions, for speed only: the passes below look at the same cells again
# (headings are searched five times, section 二's rows once per template row), and cells repeat
# within a report and from report to report ('0', the template's labels). Only short texts are
# memoised, so the memos stay a few MB however large or many the documents.
_MEMO_TEXT = 200
_T = TypeVar("_T")


def _memo(fn: Callable[[str], _T]) -> Callable[[str], _T]:
    cached = lru_cache(maxsize=16384)(fn)

    def call(text: str) -> _T:
        return cached(text) if len(text) <= _MEMO_TEXT else fn(text)

    return call


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


@dataclass
class Match:
    """Cells in the template's order, as columns (CELL_FIELDS -> one list each), and notes."""

    version: str
    cells: dict[str, list] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)


def detect_version(doc: Document) -> str | None:
    """2019 or 2021 from the column headers and row labels only the one version prints."""
    key = doc.squeezed
    s21 = sum(k in key for k in _V2021)
    s19 = sum(k in key for k in _V2019)
    if s21 == s19:
        return None
    return "2021" if s21 > s19 else "2019"


def has_tables(doc: Document) -> bool:
    key = doc.squeezed
    return "本年新收" in key or "第二十条第(" in key


def match(doc: Document, version: str) -> Match:
    tpl = get_template(version)
    result = Match(version)
    values: dict[tuple[str, str, str], dict] = {}
    parse = _flat_tables if doc.flat else _grid_tables
    parse(doc, tpl, values, result.notes)
    keys = tpl.skeleton + tuple(k for k in values if k[1] not in tpl.row_names)  # collapsed groups
    got = [values.get(k, _MISSING) for k in keys]
    result.cells = {
        "table": [k[0] for k in keys],
        "row": [k[1] for k in keys],
        "col": [k[2] for k in keys],
        **{f: [g[f] for g in got] for f in ("value", "raw")},
        "unit": [
            g["unit"] or tpl.units.get((k[0], k[2]), "") for k, g in zip(keys, got, strict=True)
        ],
        **{f: [g[f] for g in got] for f in ("status", "source_ref")},
    }
    return result


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
            if groups and all(p[-1].isdigit() for p in pieces):
                sols = segment(pieces, n, groups, limit=CANDIDATES)
            else:
                sols = layouts(pieces, n, 1) or []  # one reading, or undecided (no count)
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


def infer_requests(
    values: dict,
    tpl: Template,
    cands: dict[str, list[list[str]]],
    notes: list[Note],
    facts: Callable[[str], list[Fact]] | None = None,
) -> None:
    """Decide between rows' candidate splits with the table's column identities.

    Used only when exactly one combination of candidates satisfies every identity of section 三
    (一+二 = 总计+四 and 总计 = sum of results, per column); such cells are marked 'inferred'
    so the audit knows those identities hold by construction. When several combinations do, the
    report's own sentences (`facts`, e.g. 予以公开及部分公开42件) may single one out.
    """
    specs = [s.row for s in tpl.rows["requests"]]
    cols = tpl.columns("requests", specs[0])
    free = [r for r in specs if r in cands]
    if free:
        base = {
            (r, c): values.get(("requests", r, c), {}).get("value", math.nan)
            for r in specs
            for c in cols
        }
        good = _fitting(
            free, cands, base, specs, cols, stop=2 if facts is None else _PROSE_LIMIT + 1
        )
        used: list[Fact] = []
        checked = bool(good) and _identities_hold(good[0][1], specs, specs[2:-2], cols)
        if (len(good) > 1 or not checked) and len(good) <= _PROSE_LIMIT and facts is not None:
            used = [f for f in facts("requests") if any(r in free for r, _ in f.cells)]
            good = [g for g in good if used and all(_fact_holds(f, g[1]) for f in used)]
        if len(good) == 1 and (checked or used):
            for r, split in zip(free, good[0][0], strict=True):
                ref = values[("requests", r, cols[0])]["source_ref"]
                if used:
                    notes.append(
                        _by_prose("requests", r, values[("requests", r, cols[0])], split, used)
                    )
                    ref = _prose_ref(ref, used)
                _store(values, tpl, "requests", r, [_cell(v, ref, "inferred") for v in split])
    for r in specs:
        cell = values.get(("requests", r, cols[0]))
        if cell and cell["status"] == "ambiguous":
            notes.append(_undecided("requests", r, len(cols), cell, len(cands.get(r, []))))


def _fitting(
    free: list[str],
    cands: dict[str, list[list[str]]],
    base: dict,
    specs: list[str],
    cols: tuple[str, ...],
    stop: int,
) -> list[tuple[tuple[list[str], ...], dict]]:
    """Combinations of the free rows' candidates (with the grid they make) that no identity of
    section 三 rules out; the search ends at `stop` of them."""
    leaves = specs[2:-2]
    good = []
    for k, combo in enumerate(
        itertools.islice(itertools.product(*(cands[r] for r in free)), 20_000)
    ):
        if k % 1024 == 0:
            check_time("三、收到和处理政府信息公开申请情况")
        grid = dict(base)
        for r, split in zip(free, combo, strict=True):
            grid.update({(r, c): float(v) for c, v in zip(cols, split, strict=True)})
        if _identities_hold(grid, specs, leaves, cols) is not False:
            good.append((combo, grid))
            if len(good) >= stop:
                break
    return good


_PROSE_LIMIT = 64  # readings a row may have for the report's sentences to choose among


def _fact_holds(fact: Fact, grid: dict) -> bool:
    """The cells' sum is the stated number (a blank or unread cell never states one)."""
    got = [grid.get(cell, math.nan) for cell in fact.cells]
    return not any(math.isnan(v) for v in got) and abs(sum(got) - fact.value) < 1e-9


def _prose_ref(ref: str, used: list[Fact]) -> str:
    return "; ".join([ref, *(f'{f.ref}; 正文 "{f.quote}"' for f in used)])


def _by_prose(table: str, row: str, cell: dict, split: list[str], used: list[Fact]) -> Note:
    shown = " | ".join(split)
    said = "；".join(f"“{f.quote}”" for f in used)
    return Note(
        table,
        row,
        f"该行印出的“{cell['raw']}”有多种拆分，报告正文{said}只与 {shown} 相符，据此推断（inferred）",
        f"printed '{cell['raw']}' splits several ways; the report's own sentences fit only "
        f"{shown}: inferred from them",
        _prose_ref(cell["source_ref"], used),
    )


def _identities_hold(
    grid: dict, specs: list[str], leaves: list[str], cols: tuple[str, ...]
) -> bool | None:
    """False when an identity of section 三 fails, True when all that can be checked hold, None
    when none can (cells outside the candidates unread)."""
    checked = False
    for c in cols:
        sides = [
            (
                grid[(specs[0], c)] + grid[(specs[1], c)],
                grid[(specs[-2], c)] + grid[(specs[-1], c)],
            ),
            (grid[(specs[-2], c)], sum(grid[(r, c)] for r in leaves)),
        ]
        for left, right in sides:
            if math.isnan(left) or math.isnan(right):
                continue
            checked = True
            if abs(left - right) > 1e-9:
                return False
    return True if checked else None


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
            if tok[0].isdigit() or (tok[0] in "+-" and len(tok) > 1):
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
    raw = _clean(text)
    value, unit = _number(raw)
    if math.isnan(value) and _spaced(raw):  # "2 0": one number or two? never 20
        status = "ambiguous"
    return {"value": value, "raw": raw, "unit": unit, "status": status, "source_ref": ref}


def _store(values: dict, tpl: Template, table: str, row: str, cells: list[dict]) -> None:
    for col, cell in zip(tpl.columns(table, row), cells, strict=True):
        values[(table, row, col)] = cell


# ---------------------------------------------------------------- grid strategy
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
def _is_label(text: str) -> bool:
    t = _clean(text)
    return bool(t) and _labelish(t) and not _numberish(t)


def _label_of(labels: list[Cell], specs: tuple[RowSpec, ...]) -> int | None:
    for c in reversed(labels):
        key = _key(c.text)
        if not key:
            continue
        for i, spec in enumerate(specs):
            if spec.matches(key):
                return i
    return None


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


_ASIDE = re.compile(r"\([^)]*\)?$|[。:：]+$")


def _tolerance(label: str) -> int:
    """Edits a label of this length may differ by: one in four characters, none below four."""
    return len(label) // 4


@lru_cache(maxsize=4096)
def _closest(key: str, labels: tuple[str, ...]) -> int | None:
    """The one label within its tolerance of `key` and nearer than every other, else None.

    `key` is a printed label (numbering and a trailing aside such as （区分处理的…） dropped)."""
    key = _ASIDE.sub("", key)
    if len(_CJK.findall(key)) < 4 or len(key) > 40:
        return None
    scored = sorted(
        (d, i)
        for i, lab in enumerate(labels)
        if (bound := _tolerance(lab)) and (d := _distance(key, lab, bound)) <= bound
    )
    if not scored or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None  # none near enough, or two labels equally near: neither
    return scored[0][1]


@dataclass
class _Line:
    """One printed table row: the template row or group its label names and its value cells."""

    at: int  # position among the section's rows
    vals: list[Cell]
    idx: int | None = None  # template row (index into the table's specs)
    group: GroupSpec | None = None
    label: str = ""  # the printed label
    tolerant: bool = False  # the label names its row only by the tolerant match
    numbers: bool = True  # False: a printed row with no number in it (blank, /, 暂无 …)


_SUBTOTAL = ("小计", "合计")


def _name(
    texts: list[str], tpl: Template, table: str
) -> tuple[int, int | None, GroupSpec | None, bool] | None:
    """(cell, row, group, tolerant) for the label of a row whose label cells are `texts`.

    The rightmost text names the row; a row label left of it is a label wrapped into the next
    cell. A group label counts only as the rightmost text (with 小计/合计 after it): left of an
    unknown text it is the group's name in its first sub-row, whose own label was cut."""
    rightmost = True
    for j in range(len(texts) - 1, -1, -1):
        key = _key(texts[j])
        if not key or key in _SUBTOTAL:
            continue
        idx, group, tolerant = _names(key, tpl.version, table)
        if idx is not None:
            return j, idx, None, tolerant
        if group is not None and rightmost:
            return j, None, tpl.groups[table][group], False
        rightmost = False
    return None


@lru_cache(maxsize=16384)
def _names(key: str, version: str, table: str) -> tuple[int | None, int | None, bool]:
    """(row, group, tolerant) a label key names: a row exactly, else a group, else a row within
    the tolerance of its wording; indices into the template's rows and groups of the table."""
    tpl = get_template(version)
    specs = tpl.rows[table]
    if _CJK.search(key):
        for i, spec in enumerate(specs):
            if spec.matches(key):
                return i, None, False
        for k, g in enumerate(tpl.groups[table]):
            if g.matches(key):
                return None, k, False
        i = _closest(key, tuple(s.label for s in specs))
        if i is not None:
            return i, None, True
    return None, None, False


def _continues(label: str, text: str, target: str) -> bool:
    """`text` is the rest of a wrapped label: it brings the label nearer the template's wording."""
    if text in ("小计", "合计"):
        return True
    grown = label + _key(text)
    bound = len(target)
    return _distance(grown, target, bound) < _distance(label, target, bound)


def _fit(vals: list[Cell], n: int, label: str, target: str) -> list[Cell]:
    """Drop layout cells while the row has more than n: trailing blanks, then leading blanks
    (merged-cell residue) and leading text that continues the label (a label wrapped into the
    next cell). Value cells are never dropped or joined."""
    if len(vals) == n + 1 and not _clean(vals[0].text) and not _clean(vals[-1].text):
        return _either_blank(vals, n)
    while len(vals) > n and not _clean(vals[-1].text):
        vals = vals[:-1]
    while len(vals) > n:
        t = _clean(vals[0].text)
        if t and (not target or _numberish(t) or not _continues(label, t, target)):
            break
        label += _key(t)
        vals = vals[1:]
    return vals


def _either_blank(vals: list[Cell], n: int) -> list[Cell]:
    """One cell too many, blank at both ends: merged-cell residue after the label, or a blank
    column at the end? Only a section 三 row's own total (its last cell, the sum of the others)
    can tell; when it does not, the row keeps its n + 1 cells and is read as ambiguous."""
    options = [vals[1:], vals[:-1]]
    if n == 7:
        fits = [o for o in options if _total_fits(o)]
        if len(fits) == 1:
            return fits[0]
    return vals


def _total_fits(cells: list[Cell]) -> bool:
    """The last cell is blank (nothing to refute) or the sum of the others (blank counted 0)."""
    nums = [_number(_clean(c.text))[0] for c in cells]
    if math.isnan(nums[-1]):
        return True
    return abs(sum(0.0 if math.isnan(x) else x for x in nums[:-1]) - nums[-1]) < 1e-9


def _read_line(
    at: int, row: Row, tpl: Template, table: str, columns: frozenset[str]
) -> _Line | None:
    """The row's label and value cells, or None for a row that is not a table row of `table`."""
    specs = tpl.rows[table]
    texts = [_clean(c.text) for c in row]
    first = next((j for j, t in enumerate(texts) if _numberish(t)), len(texts))
    hit = _name(texts[:first], tpl, table)
    if hit is None:
        return None if first == len(texts) else _unlabelled(at, row, texts, first, tpl, table)
    j, idx, group, tolerant = hit
    numbers = first < len(texts)
    if (
        not numbers
        and (
            j + 1 == len(texts)  # a label alone (a wrapped label's line, a heading): not a row
            or any(_key(t) in columns for t in texts[:j] + texts[j + 1 :])  # a header row
            or _name(texts[j + 1 :], tpl, table) is not None
        )
    ):
        return None
    if idx is not None:
        n, target = len(tpl.columns(table, specs[idx].row)), specs[idx].label
    else:
        n, target = len(tpl.columns(table, group.row)), group.row
    vals = _fit(list(row[j + 1 :]), n, _key(texts[j]), target)
    return _Line(at, vals, idx, group, texts[j], tolerant, numbers)


def _unlabelled(
    at: int, row: Row, texts: list[str], first: int, tpl: Template, table: str
) -> _Line:
    """A row with numbers whose label names no row (cut, torn away, or a fragment such as "3.补").
    The text before the first number is its label, unless the row holds exactly the table's
    cells counting that text as a value ("暂无 | 0 | … | 0")."""
    n = len(tpl.columns(table, tpl.rows[table][0].row))
    j = max((k for k in range(first) if texts[k]), default=-1)
    vals = _fit(list(row[j + 1 :]), n, "", "")
    if len(vals) != n and j >= 0:
        whole = _fit(list(row), n, "", "")
        if len(whole) == n:
            return _Line(at, whole)
    return _Line(at, vals, label=texts[j] if j >= 0 else "")


def _line_cells(line: _Line, n: int, groups: Groups, notes: list[Note], where: tuple[str, str]):
    """n cells for a line: as printed when the counts agree; blank cells for a blank row; else
    only a split its own cell's white space or the template's sums make unique."""
    vals = line.vals
    if len(vals) == n:  # the common case: one printed cell per template cell
        cells = [_cell(c.text, c.ref, "ok") for c in vals]
        notes.extend(_spaced_note(*where, c) for c in cells if c["status"] == "ambiguous")
        return cells, []
    ref = vals[0].ref if vals else ""
    if len(vals) < n and not any(_clean(c.text) for c in vals):
        return [_cell("", ref, "ok") for _ in range(n)], []
    pieces = _numeric_pieces([vals[0].text])[0] if len(vals) == 1 else None
    constrained = bool(groups) or (pieces is not None and len(pieces) == n)
    cells, sols = resolve(
        [(c.text, c.ref) for c in vals], n, groups, may_segment=len(vals) == 1 and constrained
    )
    return cells, sols


def _spaced_note(table: str, row: str, cell: dict) -> Note:
    return Note(
        table,
        row,
        f"单元格“{cell['raw']}”中数字之间有空白或换行，无法确定是一个数还是几个数，数值留空",
        f"cell '{cell['raw']}' has white space between digits (one number or several?); value left empty",
        cell["source_ref"],
    )


def _tolerant_note(table: str, line: _Line, spec_row: str) -> Note:
    label = display_label(spec_row)
    return Note(
        table,
        spec_row,
        f"行标签“{line.label}”与模板“{label}”文字不完全一致，按最相近的模板行读取",
        f"row label '{line.label}' differs from the template's '{label}'; read as the nearest template row",
        line.vals[0].ref if line.vals else "",
    )


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
    for i, row in enumerate(rows):
        if i % 1024 == 0:
            check_time("heading")
        for c in row:
            hit = _heading_of(c.text)
            if hit is None:
                continue
            name, exact = hit
            if exact:
                at = found.setdefault(name, [])
                if not at or at[-1] != i:
                    at.append(i)
            else:
                near.append((i, name, c))
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


def _grid_tables(doc: Document, tpl: Template, values: dict, notes: list[Note]) -> None:
    rows = doc.rows
    heads = _heading_rows(rows, notes)
    i3 = _find_heading(heads, "收到和处理政府信息公开申请情况")
    first_req = tpl.rows["requests"][0]
    if i3 is None:
        i3 = next(
            (i for i, r in enumerate(rows) if _label_of(list(r), (first_req,)) is not None), None
        )
    if i3 is None:
        raise ParseError(
            "找不到第三部分“收到和处理政府信息公开申请情况”的表格",
            "section 三 (requests) table not found",
            source=doc.source,
            where=TABLE_NAMES["requests"],
        )
    i2 = _find_heading(heads, "主动公开政府信息情况")
    if i2 is None or i2 > i3:
        i2 = next((i for i in range(i3) if any("第二十条" in norm(c.text) for c in rows[i])), i3)
    i4 = _find_heading(heads, "政府信息公开行政复议、行政诉讼情况", i3 + 1)
    end4 = len(rows)
    for name in ("存在的主要问题及改进情况", "其他需要报告的事项"):
        j = _find_heading(heads, name, (i4 or i3) + 1)
        if j is not None:
            end4 = min(end4, j)
    _grid_active(rows[i2:i3], tpl, values, notes)
    _grid_requests(rows[i3 : i4 if i4 is not None else end4], tpl, values, notes, doc.source)
    if i4 is not None:
        _grid_review(rows[i4:end4], tpl, values, notes)
    else:
        notes.append(
            Note(
                "review_litigation",
                "",
                "找不到第四部分（行政复议、行政诉讼）表格",
                "section 四 (review/litigation) table not found",
            )
        )


@lru_cache(maxsize=16)
def _columns_of(version: str, table: str) -> frozenset[str]:
    """Column header words of a table: a row naming them is a header row, not a blank row."""
    tpl = get_template(version)
    names = {c.rsplit("/", 1)[-1] for (t, _), cols in tpl.cols.items() if t == table for c in cols}
    return frozenset(label_key(c) for c in names | {"信息内容", "申请人情况", "法人或其他组织"})


def _grid_active(rows: list[Row], tpl: Template, values: dict, notes: list[Note]) -> None:
    specs = tpl.rows["active"]
    columns = _columns_of(tpl.version, "active")
    lines = [
        ln for at, row in enumerate(rows) if (ln := _read_line(at, row, tpl, "active", columns))
    ]
    done: set[int] = set()
    exact = _exact(lines)
    # rows with numbers first: a blank row naming the same template row is a header or a repeat
    for line in sorted(lines, key=lambda ln: not ln.numbers):
        check_time(TABLE_NAMES["active"])
        if line.idx is None or line.idx in done or (line.tolerant and line.idx in exact):
            continue
        done.add(line.idx)
        spec = specs[line.idx]
        n = len(tpl.columns("active", spec.row))
        cells, sols = _line_cells(line, n, (), notes, ("active", spec.row))
        _store(values, tpl, "active", spec.row, cells)
        if line.tolerant:
            notes.append(_tolerant_note("active", line, spec.row))
        if cells[0]["status"] == "ambiguous" and len(line.vals) != n:
            notes.append(_undecided("active", spec.row, n, cells[0], len(sols)))


def _exact(lines: list[_Line]) -> set[int]:
    """Rows named exactly by some line: a tolerant match to one of them yields (one label a row)."""
    return {ln.idx for ln in lines if ln.idx is not None and not ln.tolerant}


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


def _label_fragment(row: Row) -> bool:
    """Text cells then blank cells, no number: perhaps a label wrapped over printed rows."""
    texts = [_clean(c.text) for c in row]
    last = max((k for k, t in enumerate(texts) if t), default=-1)
    return 0 <= last < len(row) - 1 and not any(_numberish(t) for t in texts)


def _continue_label(line: _Line, at: int, row: Row, tpl: Template) -> None:
    """Numbers beside a label fragment ("1.申请人无正当理由逾期"), the rest of the label on the next
    printed rows ("不补正、行政机关不再处理…"): the line takes the row the whole label names."""
    if (
        line.numbers
        and line.idx is None
        and line.group is None
        and line.label
        and at - line.at <= 3
    ):
        both = line.label + next((t for c in reversed(row) if (t := _clean(c.text))), "")
        hit = _name([both], tpl, "requests")
        if hit is not None and hit[1] is not None:
            line.idx, line.label, line.tolerant = hit[1], both, hit[3]


def _wrap(first: Row, second: Row) -> Row:
    """`first` with its last text continued by the last text of `second` (the rest of the label)."""
    j = max(k for k, c in enumerate(first) if _clean(c.text))
    rest = next((t for c in reversed(second) if (t := _clean(c.text))), "")  # a damaged file
    return (*first[:j], Cell(_clean(first[j].text) + rest, first[j].ref), *first[j + 1 :])


def _join_wrapped(lines: list[_Line], specs: tuple[RowSpec, ...]) -> list[_Line]:
    """A label wrapped over two printed rows (or cut by a page break), the numbers beside one
    part: "5.要求行政机关确认或 | 0 …" then "重新出具已获取信息 | (blank) …". The part without numbers
    is not a blank row: the numbers take the row both parts name together."""
    out: list[_Line] = []
    for k, line in enumerate(lines):
        if not line.numbers and line.idx is not None:
            target = specs[line.idx].label
            alone = _distance(_key(line.label), target, len(target))
            for m in (k - 1, k + 1):
                other = lines[m] if 0 <= m < len(lines) else None
                if (
                    other is None
                    or not (other.numbers and other.idx is None and other.label)
                    or abs(other.at - line.at) > 3  # rows between: more fragments of the label
                ):
                    continue
                both = (other.label + line.label) if m < k else (line.label + other.label)
                if _distance(_key(both), target, len(target)) < alone:
                    other.idx, other.label = line.idx, both
                break  # joined, or a fragment of a label that is not its own row: never a blank row
            else:
                out.append(line)
            continue
        out.append(line)
    return out


def _in_order(lines: list[_Line]) -> list[_Line]:
    """Drop rows without numbers that contradict the order of the rows with numbers (a header
    cell that happens to name a row) or name a row another row prints with numbers. Linear: the
    largest row named before each position and the smallest after it are running extremes."""
    strong = [(ln.at, ln.idx) for ln in lines if ln.numbers and ln.idx is not None]
    taken = {i for _, i in strong}
    ats = [at for at, _ in strong]
    before = list(itertools.accumulate((i for _, i in strong), max))
    after = list(itertools.accumulate((i for _, i in reversed(strong)), min))[::-1]
    kept = []
    for ln in lines:
        if not ln.numbers and ln.idx is not None:
            k = bisect.bisect_left(ats, ln.at)
            lo = before[k - 1] if k else -1
            hi = after[k] if k < len(after) else 1 << 30
            if ln.idx in taken or not lo < ln.idx < hi:
                continue
        kept.append(ln)
    return kept


def _request_lines(rows: list[Row], tpl: Template, notes: list[Note]) -> list[_Line]:
    """Section 三's printed rows read as lines, labels wrapped over printed rows joined."""
    n = 7
    columns = _columns_of(tpl.version, "requests")
    lines: list[_Line] = []
    wrapped: Row | None = None  # a blank row whose label names nothing yet: its label may go on
    for at, row in enumerate(rows):
        if at % 1024 == 0:
            check_time(TABLE_NAMES["requests"])
        line = _read_line(at, row, tpl, "requests", columns)
        if line is None and wrapped is not None:
            line = _read_line(at, _wrap(wrapped, row), tpl, "requests", columns)
        if line is None and lines and _label_fragment(row):
            _continue_label(lines[-1], at, row, tpl)
        wrapped = row if line is None and _label_fragment(row) else None
        if line is None:
            continue
        if line.idx is None and line.group is None and len(line.vals) != n:
            notes.append(
                Note(
                    "requests",
                    "",
                    f"忽略了表中无法对应模板的一行：“{_show(row)}”",
                    f"ignored a row that matches no template row: '{_show(row)}'",
                    row[0].ref,
                )
            )
            continue
        lines.append(line)
    return lines


def _grid_requests(
    rows: list[Row], tpl: Template, values: dict, notes: list[Note], source: str
) -> None:
    specs = tpl.rows["requests"]
    n = 7
    lines = _request_lines(rows, tpl, notes)
    lines = _join_wrapped(lines, specs)
    exact = _exact(lines)
    for line in lines:  # one label per row: an exact label beats a tolerant one
        if line.tolerant and line.idx in exact:
            line.idx, line.tolerant = None, False
    lines = _in_order(lines)
    found = [(ln.idx, ln.vals) for ln in lines if ln.group is None]
    by_vals = {id(ln.vals): ln for ln in lines}
    placed = _align(found, len(specs), notes)
    if len(placed) < len(specs) // 2:
        raise ParseError(
            f"第三部分表格只能对应模板 {len(specs)} 行中的 {len(placed)} 行（报告可能被截断或格式不符）",
            f"section 三 table: only {len(placed)} of {len(specs)} template rows found (truncated or not the template)",
            source=source,
            where=TABLE_NAMES["requests"],
        )
    cands: dict[str, list[list[str]]] = {}
    for idx, vals in placed.items():
        row = specs[idx].row
        line = by_vals[id(vals)]
        if line.tolerant:
            notes.append(_tolerant_note("requests", line, row))
        cells, sols = _line_cells(line, n, GROUPS["requests"], notes, ("requests", row))
        _store(values, tpl, "requests", row, cells)
        if sols:
            cands[row] = sols
    _group_rows([ln for ln in lines if ln.group is not None], placed, tpl, values, notes)
    infer_requests(values, tpl, cands, notes)


def _group_rows(
    lines: list[_Line],
    placed: dict[int, list[Cell]],
    tpl: Template,
    values: dict,
    notes: list[Note],
) -> None:
    """A group's own printed row: a subtotal above its sub-rows (noted, checked by the audit from
    the sub-rows), or, with none of its sub-rows printed, the group collapsed into one row."""
    specs = tpl.rows["requests"]
    seen: set[str] = set()
    for line in lines:
        g = line.group
        if g.row in seen:
            continue
        seen.add(g.row)
        ref = line.vals[0].ref if line.vals else ""
        cols = tpl.columns("requests", g.row)
        cells, _ = _line_cells(line, len(cols), GROUPS["requests"], notes, ("requests", g.row))
        if any(i in placed for i in g.leaves):
            if not line.numbers:  # the group's name on a row of its own, above its sub-rows
                continue
            notes.append(
                Note(
                    "requests",
                    g.row,
                    f"“{line.label}”一行是其下各小项的小计，不作为小项读取",
                    f"'{line.label}' is a subtotal of its sub-rows, not read as a sub-row",
                    ref,
                )
            )
            continue
        for col, cell in zip(cols, cells, strict=True):
            values[("requests", g.row, col)] = cell
        for i in g.leaves:
            for col in cols:
                values[("requests", specs[i].row, col)] = {**_COLLAPSED, "source_ref": ref}
        notes.append(
            Note(
                "requests",
                g.row,
                f"“{line.label}”印成一行、没有分列其下 {len(g.leaves)} 个小项，按该组合计读取",
                f"'{line.label}' printed as one row without its {len(g.leaves)} sub-rows; read as the group's total",
                ref,
            )
        )


_COLLAPSED = {"value": math.nan, "raw": "", "unit": "", "status": "collapsed"}


def _show(row: Row) -> str:
    return " | ".join(_clean(c.text) for c in row)[:80]


def _align(
    found: list[tuple[int | None, list[Cell]]], size: int, notes: list[Note]
) -> dict[int, list[Cell]]:
    """Place labelled rows by label (in any order: sub-rows may be printed in another order),
    then the unlabelled ones by order into the gap between their labelled neighbours, when the
    neighbours are in template order and the gap has exactly as many free rows."""
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
    for (k0, i0), (k1, i1) in itertools.pairwise(anchors):
        pending = [vals for idx, vals in found[k0 + 1 : k1] if idx is None]
        if not pending:
            continue
        gap = [i for i in range(i0 + 1, i1) if i not in placed]
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


def _review_vals(row: Row) -> list[Cell]:
    """The value cells of a section 四 row: after its label, without trailing blanks."""
    texts = [_clean(c.text) for c in row]
    first = next((j for j, t in enumerate(texts) if _numberish(t)), len(texts))
    j = max((k for k in range(first) if _labelish(texts[k])), default=-1)
    size = len(texts)
    while size and not texts[size - 1]:
        size -= 1
    after = next((k for k in range(j + 1, size) if texts[k]), j + 1)
    for start in (j + 1, after, next((k for k, t in enumerate(texts) if t), 0)):
        # after the label; else blanks between label and numbers are merged-cell residue; else
        # the leading text is a value ("持平 | 0 | … | 0" holds exactly the cells of a block)
        if size - start in (5, 15):
            return list(row[start:size])
    return list(row[j + 1 : size])


def _grid_review(rows: list[Row], tpl: Template, values: dict, notes: list[Note]) -> None:
    """Section 四's 15 numbers: one printed row, or one per block when the table is printed as
    three small tables (each with its own header row, skipped as it holds no number)."""
    n = 15
    acc: list[Cell] = []
    for row in rows[1:]:
        if not _has_number(list(row)):
            continue
        acc.extend(_review_vals(row))
        if len(acc) >= n:
            break
    if not acc:
        notes.append(
            Note(
                "review_litigation",
                "数量",
                "第四部分表格没有数字",
                "section 四 table has no numbers",
            )
        )
        return
    line = _Line(0, acc)
    cells, sols = _line_cells(
        line, n, GROUPS["review_litigation"], notes, ("review_litigation", "数量")
    )
    _store(values, tpl, "review_litigation", "数量", cells)
    if cells[0]["status"] == "ambiguous" and len(acc) != n:
        notes.append(_undecided("review_litigation", "数量", n, cells[0], len(sols)))


# ---------------------------------------------------------------- flat strategy


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
    for at in re.finditer(rf"(?<![一二三四五六七八九十]){numeral}\s*[、.]\s*", text[start:end]):
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


_CUT = re.compile(r"[(]|[一二三四五六七八九十]、|第二十条")
# a row's values: digits, white space, signs, value text (暂无, 增加, a placeholder "/" …)
_RUN = re.compile(rf"(?:[\d\s.,+/—–-]|{_WORDS}|无(?=[\s\d/]|$)|{_NUMERAL_CELL})*(?:[万亿]?元)?")


# where a row's values start after its label: a digit, a sign, value text, a placeholder
_VALUES_START = re.compile(rf"\d|-\d|{_WORDS}|{_NUMERAL_CELL}|[/—–-](?=[\s\d/—–-]|$)")


def _flat_tables(doc: Document, tpl: Template, values: dict, notes: list[Note]) -> None:
    text = doc.normalized
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def ref(pos: int) -> str:
        line = bisect.bisect_right(line_starts, pos)
        return f"line {line}, char {pos - line_starts[line - 1] + 1}"

    h3 = find_heading(text, "收到和处理政府信息公开申请情况", 0, notes)
    if h3 is None:
        raise ParseError(
            "找不到第三部分“收到和处理政府信息公开申请情况”",
            "section 三 heading not found",
            source=doc.source,
            where=TABLE_NAMES["requests"],
        )
    h2 = find_heading(text, "主动公开政府信息情况", 0, notes)
    h4 = find_heading(text, "政府信息公开行政复议、行政诉讼情况", h3.end(), notes)
    ends = [
        m.start()
        for name in ("存在的主要问题及改进情况", "其他需要报告的事项")
        if (m := find_heading(text, name, (h4 or h3).end(), notes))
    ]
    end4 = min(ends, default=len(text))
    a0 = (
        h2.end()
        if h2 and h2.start() < h3.start()
        else max(0, text.rfind("第二十条", 0, h3.start()))
    )
    facts = _prose_facts(doc, tpl, (a0, end4))
    _flat_rows(text, a0, h3.start(), tpl, "active", values, notes, ref, facts)
    req_end = h4.start() if h4 else end4
    got = _flat_rows(text, h3.end(), req_end, tpl, "requests", values, notes, ref, facts)
    if got < len(tpl.rows["requests"]) // 2:
        raise ParseError(
            f"第三部分只找到模板 {len(tpl.rows['requests'])} 行中的 {got} 行（报告可能被截断）",
            f"section 三: only {got} of {len(tpl.rows['requests'])} template rows found (truncated?)",
            source=doc.source,
            where=TABLE_NAMES["requests"],
        )
    if h4 is None:
        notes.append(
            Note(
                "review_litigation",
                "",
                "找不到第四部分（行政复议、行政诉讼）",
                "section 四 heading not found",
            )
        )
        return
    region = text[h4.end() : end4]
    last = max((m.end() for m in re.finditer(r"总计|审结|起诉|结果", region)), default=0)
    run = _CUT.split(region[last:], maxsplit=1)[0]
    table, row = "review_litigation", tpl.rows["review_litigation"][0].row
    # no number after section 四's heading: nothing was found, not a printed blank row
    cells, sols = _split_chunks(run, 15, GROUPS[table], ref(h4.end() + last), "missing")
    _store(values, tpl, table, row, cells)
    if cells[0]["status"] == "ambiguous" and not _decide_by_prose(
        table, row, run, tpl, values, notes, facts
    ):
        notes.append(_undecided(table, row, 15, cells[0], len(sols)))


def _prose_facts(
    doc: Document, tpl: Template, tables_span: tuple[int, int]
) -> Callable[[str], list[Fact]]:
    """The report's sentences stating cells of a table, looked for only when a table needs them."""
    found: dict[str, list[Fact]] = {}

    def get(table: str) -> list[Fact]:
        if table not in found:
            year = report_year(doc.squeezed)
            found[table] = find_facts(doc.normalized, tpl.version, year, tables_span, (table,))
        return found[table]

    return get


def _decide_by_prose(
    table: str,
    row: str,
    run: str,
    tpl: Template,
    values: dict,
    notes: list[Note],
    facts: Callable[[str], list[Fact]],
) -> bool:
    """Split an undecided row the one way the report's sentences about its cells allow.

    Only sentences about this row's cells count. Every reading the template allows is tried
    (section 二: blank cells included); the row is decided when exactly one agrees with all of
    them. A sentence no reading agrees with means the prose and the table disagree: no decision.
    """
    cols = tpl.columns(table, row)
    used = [f for f in facts(table) if all(r == row for r, _ in f.cells)]
    digits = "".join(run.split())
    if not used or any(len(f.cells) == 1 and _fmt_count(f.value) not in digits for f in used):
        return False  # no sentence about this row, or one whose number the row does not print
    pieces, _ = _numeric_pieces(run.split())
    if pieces is None:
        return False
    groups = GROUPS[table]
    if groups:
        readings = segment(pieces, len(cols), groups, limit=_PROSE_LIMIT + 1)
    else:
        readings = layouts(pieces, len(cols), _PROSE_LIMIT) or []
    if not readings or len(readings) > _PROSE_LIMIT:
        return False
    fits = []
    for split in readings:
        grid = {(row, c): _number(v)[0] for c, v in zip(cols, split, strict=True)}
        if all(_fact_holds(f, grid) for f in used):
            fits.append(split)
    if len(fits) != 1:
        return False
    cell = values[(table, row, cols[0])]
    notes.append(_by_prose(table, row, cell, fits[0], used))
    ref = _prose_ref(cell["source_ref"], used)
    _store(values, tpl, table, row, [_cell(v, ref, "inferred") for v in fits[0]])
    return True


def _fmt_count(x: float) -> str:
    return str(int(x)) if x == int(x) else repr(x)


def _split_chunks(
    run: str, n: int, groups: Groups, ref: str, blank: str = "ok"
) -> tuple[list[dict], list[list[str]]]:
    """n cells from a crawler run: white space (and a sign) always falls between cells."""
    chunks = [(t, ref) for t in run.split()]
    if not chunks:  # the label is printed, its cells are blank: blank cells, not a missing row
        return [
            {"value": math.nan, "raw": "", "unit": "", "status": blank, "source_ref": ref}
            for _ in range(n)
        ], []
    pieces, _ = _numeric_pieces([t for t, _ in chunks])
    if pieces is not None and len(pieces) == n:  # every cell delimited by white space or sign
        return [_cell(p, ref, "ok") for p in pieces], []
    cells, sols = resolve(chunks, n, groups, may_segment=True)
    if cells[0]["status"] == "ambiguous":
        for c in cells:
            c["raw"] = " ".join(run.split())  # the run as printed, not joined with " | "
    return cells, sols


def _flat_rows(
    text: str,
    start: int,
    end: int,
    tpl: Template,
    table: str,
    values: dict,
    notes: list[Note],
    ref: Callable[[int], str],
    facts: Callable[[str], list[Fact]],
) -> int:
    """Find each template row's label in order; the text up to the next label holds its values."""
    hits: list[tuple[RowSpec, int, int]] = []
    cands: dict[str, list[list[str]]] = {}
    pos = start
    for spec in tpl.rows[table]:
        m = spec.flat.search(text, pos, end)
        if not m:
            notes.append(
                Note(table, spec.row, "报告中找不到该行", "row label not found in the report")
            )
            continue
        hits.append((spec, m.start(), m.end()))
        pos = m.end()
    for k, (spec, _start, label_end) in enumerate(hits):
        check_time(TABLE_NAMES[table])
        j = label_end
        vend = hits[k + 1][1] if k + 1 < len(hits) else end
        # the rest of the label (e.g. （区分处理的，…）) runs up to the first value
        first = _VALUES_START.search(text, j, vend)
        j = first.start() if first else vend
        run = _RUN.match(text, j, vend).group(0)
        if k + 1 < len(hits) and (pre := hits[k + 1][0].prefix)[:1].isdigit():
            run = re.sub(
                rf"{pre[:-1]}\s*[.、]\s*$", "", run
            )  # "00000002." : 2. numbers the next row
        n = len(tpl.columns(table, spec.row))
        cells, sols = _split_chunks(run, n, GROUPS[table], ref(j if run.strip() else label_end))
        _store(values, tpl, table, spec.row, cells)
        if table == "requests":
            if sols:
                cands[spec.row] = sols
        elif cells[0]["status"] == "ambiguous" and not _decide_by_prose(
            table, spec.row, run, tpl, values, notes, facts
        ):
            notes.append(_undecided(table, spec.row, n, cells[0], len(sols)))
    if table == "requests":
        infer_requests(values, tpl, cands, notes, facts)
    return len(hits)
