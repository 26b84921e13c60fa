"""A printed row's label named as a template row or group (exactly, or within a tolerance), and its value cells."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter

from govkit.io.document import Cell
from govkit.templates import (
    GroupSpec,
    RowSpec,
    Template,
    display_label,
    get_template,
)
from govkit.templates.segment import Groups
from govkit.templates.values import (
    _CJK,
    Note,
    Row,
    _cell,
    _clean,
    _clean_numberish,
    _distance,
    _key,
    _memo,
    _number,
    _numberish,
    _numeric_pieces,
    _spaced_note,
    resolve,
)
from govkit.textnorm import label_key, norm

_TEXT, _NUMBER = itemgetter(0), itemgetter(1)  # a Cell's text; a _clean_numberish's flag


def _label_of(labels: list[Cell], specs: tuple[RowSpec, ...]) -> int | None:
    for c in reversed(labels):
        key = _key(c.text)
        if not key:
            continue
        for i, spec in enumerate(specs):
            if spec.matches(key):
                return i
    return None


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
    if label.count("(") > label.count(")") and grown.count("(") == grown.count(")"):
        return True  # the rest of a bracketed aside: 部分公开（区分处理的， | 只计这一情形…）
    bound = len(target)
    return _distance(grown, target, bound) < _distance(label, target, bound)


def _fit(vals: list[Cell], n: int, label: str, target: str, summed: bool = False) -> list[Cell]:
    """Drop layout cells while the row has more than n: trailing blanks, then leading blanks
    (merged-cell residue) and leading text that continues the label (a label wrapped into the
    next cell). Value cells are never dropped or joined. `summed`: the last cell is the row's
    total (section 三)."""
    if len(vals) == n + 1 and not _clean(vals[0].text) and not _clean(vals[-1].text):
        return _either_blank(vals, summed)
    while len(vals) > n and not _clean(vals[-1].text):
        vals = vals[:-1]
    while len(vals) > n:
        t = _clean(vals[0].text)
        if t and (not target or _numberish(t) or not _continues(label, t, target)):
            break
        label += _key(t)
        vals = vals[1:]
    return vals


def _either_blank(vals: list[Cell], summed: bool) -> list[Cell]:
    """One cell too many, blank at both ends: merged-cell residue after the label, or a blank
    column at the end? A section 三 row's own total (its last cell, the sum of the others) may
    tell; when it does not, the row keeps its n + 1 cells and both readings stay candidates
    (`_line_cells`), for section 三's column identities to decide or the row to stay blank."""
    options = [vals[1:], vals[:-1]]
    if summed:
        fits = [o for o in options if _total_fits(o)]
        if len(fits) == 1:
            return fits[0]
    return vals


def _undecided_residue(vals: list[Cell], n: int) -> bool:
    """The row `_either_blank` could not decide: n + 1 cells, blank at both ends."""
    return len(vals) == n + 1 and not _clean(vals[0].text) and not _clean(vals[-1].text)


def _row_summed(tpl: Template, table: str) -> bool:
    """The table's last column is the sum of all the others (section 三's 总计)."""
    return table in tpl.summed_tables


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
    read = list(map(_clean_numberish, map(_TEXT, row)))  # memo lookups in C: no frame per cell
    texts = list(map(_TEXT, read))
    numbers = list(map(_NUMBER, read))
    first = numbers.index(True) if True in numbers else len(texts)
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
    vals = _fit(list(row[j + 1 :]), n, _key(texts[j]), target, _row_summed(tpl, table))
    return _Line(at, vals, idx, group, texts[j], tolerant, numbers)


def _label_fragment(row: Row) -> bool:
    """Text cells then blank cells, no number: perhaps a label wrapped over printed rows."""
    read = list(map(_clean_numberish, map(_TEXT, row)))
    texts = list(map(_TEXT, read))  # some text, the last cell blank
    return bool(texts) and not texts[-1] and any(texts) and not any(map(_NUMBER, read))


def _unlabelled(
    at: int, row: Row, texts: list[str], first: int, tpl: Template, table: str
) -> _Line:
    """A row with numbers whose label names no row (cut, torn away, or a fragment such as "3.补").
    The text before the first number is its label, unless it is what a value cell may print
    (暂无, 增加, a placeholder) and the row holds exactly the table's cells counting it as a value
    ("暂无 | 0 | … | 0"; "5.属于三类内部事 | —— | 0 | … | 0": the label is the text before it).
    A label cut short ("四、结转下 | 1 | … | 0", its blank last cell lost)
    is never a value: its row has a cell too few and is read ambiguous, not shifted a column."""
    n = len(tpl.columns(table, tpl.rows[table][0].row))
    j = max((k for k in range(first) if texts[k]), default=-1)
    summed = _row_summed(tpl, table)
    vals = _fit(list(row[j + 1 :]), n, "", "", summed)
    if len(vals) != n and j >= 0:
        k = max(
            (i for i in range(j) if texts[i] and _numeric_pieces([texts[i]])[0] is None), default=-1
        )
        if _numeric_pieces(texts[k + 1 : j + 1])[0] is not None:
            whole = _fit(list(row[k + 1 :]), n, "", "", summed)
            if len(whole) == n:
                return _Line(at, whole, label=texts[k] if k >= 0 else "")
    return _Line(at, vals, label=texts[j] if j >= 0 else "")


def _drop_unnamed(lines: list[_Line], rows: list[Row], n: int, notes: list[Note]) -> list[_Line]:
    """Drop, with a note, rows naming no row whose cells are not n (unplaceable), once the rest of
    a cut label on the next printed rows could name them ("四、结转下 | 1 | … | 0", "年度继续办理")."""
    kept = []
    for line in lines:
        if line.idx is not None or line.group is not None or len(line.vals) == n:
            kept.append(line)
            continue
        row = rows[line.at]
        shown = " | ".join(_clean(c.text) for c in row)[:80]
        zh = f"忽略了表中无法对应模板的一行：“{shown}”"
        notes.append(
            Note(
                "requests",
                "",
                zh,
                f"ignored a row that matches no template row: '{shown}'",
                row[0].ref,
            )
        )
    return kept


def _line_cells(line: _Line, n: int, groups: Groups, notes: list[Note], where: tuple[str, str]):
    """n cells for a line: as printed when the counts agree; blank cells for a blank row; else
    only a split its own cell's white space or the template's sums make unique."""
    vals = line.vals
    if vals and _label_piece(vals[0].text):  # where a cut label's piece lands: after the label
        return _unplaced(vals, n, notes, where), []
    if len(vals) == n:  # the common case: one printed cell per template cell
        cells = [_cell(c.text, c.ref, "ok") for c in vals]
        notes.extend(_spaced_note(*where, c) for c in cells if c["status"] == "ambiguous")
        return cells, []
    ref = vals[0].ref if vals else ""
    if not any(_clean(c.text) for c in vals):  # a blank row, however many cells it prints
        return [_cell("", ref, "ok") for _ in range(n)], []
    if _undecided_residue(vals, n):  # never a blank end dropped at a guess: both readings,
        # and a cell both print alike is read ('' | 0 0 0 0 0 0 | '': all but the two ends)
        run = " | ".join(_clean(c.text) for c in vals)
        options = [[_clean(c.text) for c in o] for o in (vals[1:], vals[:-1])]
        cells = [
            _cell(a, c.ref, "ok")
            if a == b
            else {
                "value": math.nan,
                "raw": run,
                "unit": "",
                "status": "ambiguous",
                "source_ref": ref,
            }
            for a, b, c in zip(*options, vals[1:], strict=True)
        ]
        return cells, options
    pieces = _numeric_pieces([vals[0].text])[0] if len(vals) == 1 else None
    constrained = bool(groups) or (pieces is not None and len(pieces) == n)
    cells, sols = resolve(
        [(c.text, c.ref) for c in vals], n, groups, may_segment=len(vals) == 1 and constrained
    )
    return cells, sols


@_memo
def _label_piece(text: str) -> bool:
    """A row's numbering followed by words ('四、结转下', '2.没有现成'): a piece of a label that
    the layout put among the values (a label cut short), never a value nor the agency's text."""
    t = "".join(norm(text).split())
    key = _key(t)
    return len(key) < len(t) and _CJK.search(key) is not None


def _unplaced(vals: list[Cell], n: int, notes: list[Note], where: tuple[str, str]) -> list[dict]:
    """A piece of a label in a row's first value cell: which printed number belongs to which
    column is not known (the numbers may have moved a column): the row is left blank, text kept."""
    piece = vals[0]
    run = " | ".join(t for c in vals if (t := _clean(c.text)))
    shown = _clean(piece.text)
    notes.append(
        Note(
            *where,
            f"该行数值之间有行标签的一部分“{shown}”，无法确定各数对应哪一列，数值留空",
            f"part of a row label ('{shown}') among the row's values: which number belongs to "
            "which column is not known; values left empty",
            piece.ref,
        )
    )
    return [
        {"value": math.nan, "raw": run, "unit": "", "status": "ambiguous", "source_ref": piece.ref}
        for _ in range(n)
    ]


def _tolerant_note(table: str, line: _Line, spec_row: str) -> Note:
    label = display_label(spec_row)
    return Note(
        table,
        spec_row,
        f"行标签“{line.label}”与模板“{label}”文字不完全一致，按最相近的模板行读取",
        f"row label '{line.label}' differs from the template's '{label}'; read as the nearest template row",
        line.vals[0].ref if line.vals else "",
    )


@lru_cache(maxsize=16)
def _columns_of(version: str, table: str) -> frozenset[str]:
    """Column header words of a table: a row naming them is a header row, not a blank row."""
    tpl = get_template(version)
    names = {c.rsplit("/", 1)[-1] for (t, _), cols in tpl.cols.items() if t == table for c in cols}
    return frozenset(label_key(c) for c in names | {"信息内容", "申请人情况", "法人或其他组织"})
