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
from govkit.templates import TABLE_NAMES, RowSpec, Template, get_template
from govkit.templates.evidence import Fact, find_facts, report_year
from govkit.templates.segment import Groups, layouts, segment
from govkit.textnorm import clean_cell, label_key, norm, parse_number

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
    keys = tpl.skeleton
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
    return {"value": value, "raw": raw, "unit": unit, "status": status, "source_ref": ref}


def _store(values: dict, tpl: Template, table: str, row: str, cells: list[dict]) -> None:
    for col, cell in zip(tpl.columns(table, row), cells, strict=True):
        values[(table, row, col)] = cell


# ---------------------------------------------------------------- grid strategy


def _labelish(text: str) -> bool:
    return len(_CJK.findall(text)) >= 2


@_memo
def _is_label(text: str) -> bool:
    t = _clean(text)
    return bool(t) and _labelish(t) and math.isnan(_number(t)[0])


def _split_row(row: Row) -> tuple[list[Cell], list[Cell]]:
    """Leading label cells (incl. empty rowspan placeholders) and the value cells after them."""
    last = -1
    for j, c in enumerate(row):
        if _is_label(c.text):
            last = j
    return list(row[: last + 1]), list(row[last + 1 :])


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
    return any(not math.isnan(_number(c.text)[0]) for c in cells)


def _heading_rows(rows: list[Row]) -> dict[str, list[int]]:
    """The rows holding each section heading, found in one pass over the cells."""
    found: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        if i % 1024 == 0:
            check_time("heading")
        for c in row:
            key = _key(c.text)
            m = _ANY_HEADING.fullmatch(key) if len(key) <= 40 else None
            if m:
                name = _HEADING_NAMES[int(next(g for g, v in m.groupdict().items() if v)[1:])]
                at = found.setdefault(name, [])
                if not at or at[-1] != i:
                    at.append(i)
    return found


def _find_heading(heads: dict[str, list[int]], name: str, start: int = 0) -> int | None:
    """The first row at or after `start` holding the heading."""
    at = heads.get(name, [])
    k = bisect.bisect_left(at, start)
    return at[k] if k < len(at) else None


def _grid_tables(doc: Document, tpl: Template, values: dict, notes: list[Note]) -> None:
    rows = doc.rows
    heads = _heading_rows(rows)
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


def _grid_active(rows: list[Row], tpl: Template, values: dict, notes: list[Note]) -> None:
    specs = tpl.rows["active"]
    split = [_split_row(row) for row in rows]
    for spec in specs:
        check_time(TABLE_NAMES["active"])
        n = len(tpl.columns("active", spec.row))
        for labels, vals in split:
            if not vals or _label_of(labels, (spec,)) is None:
                continue
            cells, sols = resolve(
                [(c.text, c.ref) for c in vals], n, (), may_segment=len(vals) == 1
            )
            _store(values, tpl, "active", spec.row, cells)
            if cells[0]["status"] == "ambiguous":
                notes.append(_undecided("active", spec.row, n, cells[0], len(sols)))
            break


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


def _grid_requests(
    rows: list[Row], tpl: Template, values: dict, notes: list[Note], source: str
) -> None:
    specs = tpl.rows["requests"]
    n = 7
    found: list[tuple[int | None, list[Cell]]] = []
    for i, row in enumerate(rows):
        if i % 1024 == 0:
            check_time(TABLE_NAMES["requests"])
        labels, vals = _split_row(row)
        if not _has_number(vals):
            continue
        idx = _label_of(labels, specs)
        trimmed = list(vals)
        while len(trimmed) > n and not _clean(trimmed[-1].text):
            trimmed.pop()
        if idx is None and len(trimmed) != n:
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
        found.append((idx, trimmed))
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
        cells, sols = resolve(
            [(c.text, c.ref) for c in vals], n, GROUPS["requests"], may_segment=len(vals) == 1
        )
        _store(values, tpl, "requests", row, cells)
        if sols:
            cands[row] = sols
    infer_requests(values, tpl, cands, notes)


def _show(row: Row) -> str:
    return " | ".join(_clean(c.text) for c in row)[:80]


def _align(
    found: list[tuple[int | None, list[Cell]]], size: int, notes: list[Note]
) -> dict[int, list[Cell]]:
    """Place labelled rows by label, unlabelled ones by order into the gaps between them."""
    placed: dict[int, list[Cell]] = {}
    pending: list[list[Cell]] = []
    prev = -1

    def fill(upto: int) -> None:
        gap = [i for i in range(prev + 1, upto) if i not in placed]
        if len(pending) == len(gap):
            placed.update(zip(gap, pending, strict=True))
        elif pending:
            notes.append(
                Note(
                    "requests",
                    "",
                    f"{len(pending)} 个无标签的数字行无法对应 {len(gap)} 个模板行，已忽略",
                    f"{len(pending)} unlabelled rows cannot be placed in a gap of {len(gap)} template rows",
                    pending[0][0].ref if pending[0] else "",
                )
            )
        pending.clear()

    for idx, vals in found:
        if idx is None:
            pending.append(vals)
            continue
        if idx in placed or idx <= prev:
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
        fill(idx)
        placed[idx] = vals
        prev = idx
    fill(size)
    return placed


def _grid_review(rows: list[Row], tpl: Template, values: dict, notes: list[Note]) -> None:
    n = 15
    acc: list[Cell] = []
    for row in rows[1:]:
        _, vals = _split_row(row)
        if not _has_number(vals):
            if acc:
                break
            continue
        acc.extend(vals)
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
    cells, sols = resolve(
        [(c.text, c.ref) for c in acc], n, GROUPS["review_litigation"], may_segment=len(acc) == 1
    )
    _store(values, tpl, "review_litigation", "数量", cells)
    if cells[0]["status"] == "ambiguous":
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
                (_edits(name, text[head : head + k], bound), k)
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


def _edits(a: str, b: str, bound: int) -> int:
    """Edit distance of a and b, or bound + 1 once it is sure to exceed bound."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            row.append(min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(row) > bound:
            return bound + 1
        prev = row
    return prev[-1]


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
