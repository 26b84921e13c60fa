"""The flat strategy: the three tables from run-together text (a crawler's copy of a page), labels found in order."""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable

from govkit.errors import ParseError
from govkit.io.document import Document
from govkit.limits import check_time
from govkit.templates import (
    TABLE_NAMES,
    RowSpec,
    Template,
)
from govkit.templates.evidence import Fact
from govkit.templates.headings import find_heading
from govkit.templates.infer import _decide_by_prose, _prose_facts, infer_requests
from govkit.templates.segment import Groups
from govkit.templates.values import (
    _NUMERAL_CELL,
    _WORDS,
    Note,
    _cell,
    _numeric_pieces,
    _store,
    _undecided,
    collapse_group,
    resolve,
)

_CUT = re.compile(r"[(]|[一二三四五六七八九十]、|第二十条")
# a row's values: digits, white space, signs, value text (暂无, 增加, a placeholder "/" …)
_RUN = re.compile(rf"(?:[\d\s.,+/—–-]|{_WORDS}|无(?=[\s\d/]|$)|{_NUMERAL_CELL})*(?:[万亿]?元)?")


# where a row's values start after its label: a digit, a sign, value text, a placeholder
_VALUES_START = re.compile(
    rf"\d|-\d|{_WORDS}|{_NUMERAL_CELL}|(?:[/—–-]|无)(?=[\s\d/—–-]|$)"  # 无 glued: '信息无1302…'
)
_NEXT_NUMBER = re.compile(r"[1-9]\s*[.、]\s*$")
# a group's or section's numbering, (六) or 四、: another label starts, the rest of this one ended
_NUMBERING = re.compile(r"\([一二三四五六七八九十]{1,2}\)|[一二三四五六七八九十]{1,2}、")


def flat_tables(doc: Document, tpl: Template, values: dict, notes: list[Note]) -> None:
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
    n = len(tpl.columns(table, row))
    cells, sols = _split_chunks(run, n, tpl.col_groups[table], ref(h4.end() + last), "missing")
    _store(values, tpl, table, row, cells)
    if cells[0]["status"] == "ambiguous" and not _decide_by_prose(
        table, row, run, tpl, values, notes, facts
    ):
        notes.append(_undecided(table, row, n, cells[0], len(sols)))


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


def _values_after(text: str, label_end: int, vend: int) -> tuple[int, str]:
    """Where a row's values start after its label, and their run."""
    # the rest of the label (e.g. （区分处理的，…）) runs up to the first value
    first = _VALUES_START.search(text, label_end, vend)
    j = first.start() if first else vend
    if other := _NUMBERING.search(text, label_end, j):  # '…已获取信息 (六)其他处理1 2 …'
        j = vend = other.start()  # a blank row, the numbers are the next label's
    return j, _RUN.match(text, j, vend).group(0)


_LOOK_BACK = 200  # characters: a label's first part and its values are short
# the first words of a label cut short, its values beside them: '5.要求行政机关确认或0522009 '
# (or '5.要求行政机关0522009 确认或' before the key words 重新出具)
_CUT_BEFORE = re.compile(
    r"([\u4e00-\u9fff]{2,}?)\s*((?:\d|(?:[/—–-]+|无)(?=[\s\d/—–-]))[\d\s/—–-]*?)"
    r"\s*([\u4e00-\u9fff]*)$"  # the label's words between its values and its key words
)


def _values_before(text: str, spec: RowSpec, done: int, label_start: int) -> tuple[int, str] | None:
    """A row's values printed before the words that name it: the label cut over two printed rows,
    the numbers beside its first part ('5.要求行政机关确认或 | 0 | 5 | … ' then '重新出具已获取
    信息'). Only when the text before them begins the row's own name, so an unlisted row's numbers
    (a subtotal) are never taken."""
    # a bounded look back keeps this linear in the text's length
    m = _CUT_BEFORE.search(text, max(done, label_start - _LOOK_BACK), label_start)
    if not m or not spec.row.rsplit("/", 1)[-1].startswith(m.group(1) + m.group(3)):
        return None
    return m.start(2), m.group(2)


def _group(spec: RowSpec) -> str:
    return spec.row.split("/")[0]


def _find_labels(
    text: str, start: int, end: int, specs: tuple[RowSpec, ...]
) -> list[tuple[RowSpec, int, int]]:
    """Each row's label, in the template's order; then a row not found so is looked for among
    its group's printed rows in any order (sub-rows printed in another order: '(三)不予公开8.属于
    行政查询事项… 1.属于国家秘密…'), never outside the group nor over another row's label.
    Returns (spec, start, end) in printed order."""
    hits: list[tuple[RowSpec, int, int]] = []
    pos = start
    for spec in specs:
        if m := spec.flat.search(text, pos, end):
            hits.append((spec, m.start(), m.end()))
            pos = m.end()
    found = {spec.row for spec, _, _ in hits}
    order = {spec.row: i for i, spec in enumerate(specs)}
    for spec in specs:
        if spec.row in found or "/" not in spec.row:
            continue
        at = order[spec.row]
        others = [(order[h.row], b, e) for h, b, e in hits if _group(h) != _group(spec)]
        lo = max((e for i, _, e in others if i < at), default=start)
        hi = min((b for i, b, _ in others if i > at), default=end)
        for m in spec.flat.finditer(text, lo, hi):
            if not any(b < m.end() and m.start() < e for _, b, e in hits):
                hits.append((spec, m.start(), m.end()))
                break
    return sorted(hits, key=lambda h: h[1])


def _collapsed(
    tpl: Template,
    at: dict[str, int],
    orphans: list[tuple[int, str]],
    values: dict,
    notes: list[Note],
    ref: Callable[[int], str],
) -> list[tuple[int, str]]:
    """A group none of whose sub-rows is printed, its name and numbers printed as one row
    ('(六)其他处理12051130139'): read as the group's total, its sub-rows collapsed (as the grid
    reads it). Only when the unnamed text is the group's name and values, nothing else.
    Returns the orphans left."""
    specs = tpl.rows["requests"]
    left = list(orphans)
    for g in tpl.groups["requests"]:
        if any(specs[i].row in at for i in g.leaves):
            continue
        name = g.row.rsplit("/", 1)[-1]
        for pos, t in left:
            rest = t.strip().removeprefix(name)
            if rest == t.strip() or not _RUN.fullmatch(rest):
                continue
            n = len(tpl.columns("requests", g.row))
            cells, _ = _split_chunks(rest, n, tpl.col_groups["requests"], ref(pos))
            collapse_group(tpl, g, name, cells, ref(pos), values, notes)
            left.remove((pos, t))
            break
    return left


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
    hits = _find_labels(text, start, end, tpl.rows[table])
    cands: dict[str, list[list[str]]] = {}
    orphans: list[tuple[int, str]] = []  # printed text with values that names no row found
    done = start  # where the previous row's values ended
    for k, (spec, label_start, label_end) in enumerate(hits):
        check_time(TABLE_NAMES[table])
        orphans += _orphans(text, done, label_start)
        vend = hits[k + 1][1] if k + 1 < len(hits) else end
        j, run = _values_after(text, label_end, vend)
        # "00000002." : 2. numbers the next printed row (found or not: '2.其他法律行政止公开')
        run = _NEXT_NUMBER.sub("", run)
        before = None if run.strip() else _values_before(text, spec, done, label_start)
        done = label_end if before else j + len(run)
        j, run = before or (j, run)
        n = len(tpl.columns(table, spec.row))
        cells, sols = _split_chunks(
            run, n, tpl.col_groups[table], ref(j if run.strip() else label_end)
        )
        _store(values, tpl, table, spec.row, cells)
        if table == "requests":
            if sols:
                cands[spec.row] = sols
        elif cells[0]["status"] == "ambiguous" and not _decide_by_prose(
            table, spec.row, run, tpl, values, notes, facts
        ):
            notes.append(_undecided(table, spec.row, n, cells[0], len(sols)))
    orphans += _orphans(text, done, end)
    at = {spec.row: b for spec, b, _ in hits}
    if table == "requests":
        orphans = _collapsed(tpl, at, orphans, values, notes, ref)
        infer_requests(values, tpl, cands, notes, facts)
    _unplaced(tpl, table, at, orphans, end, values, notes, ref)
    return len(hits)


def _orphans(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """The parts of text between rows found (cut at each (六) / 四、 numbering) that print words
    then values: a label not recognised, or a group printed as one row."""
    marks = list(_NUMBERING.finditer(text, start, end))
    parts = zip([start, *(m.end() for m in marks)], [*(m.start() for m in marks), end], strict=True)
    found = []
    for a, b in parts:  # the first word, then a digit after it: linear in the text's length
        word = _HAN.search(text, a, b)
        if word and _DIGIT.search(text, word.end(), b):
            found.append((word.start(), text[word.start() : b].strip()))
    return found


# a label's words then values, in text no row's label was found in ('2.其他法律行政止公开5111…')
_DIGIT = re.compile(r"\d")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _unplaced(
    tpl: Template,
    table: str,
    at: dict[str, int],
    orphans: list[tuple[int, str]],
    end: int,
    values: dict,
    notes: list[Note],
    ref: Callable[[int], str],
) -> None:
    """A row whose label was not found is missing from the report only when nothing unnamed is
    printed where it belongs (between the rows found before and after it in the template's
    order). Text with values there may be its misprinted label, or a label cut inside its key
    words: the row is unread (ambiguous, noted with that text), never called missing. The text
    is not the cells' raw: it may as well be another row's (a collapsed group's name)."""
    specs = tpl.rows[table]
    for k, spec in enumerate(specs):
        if spec.row in at or tpl.cell_keys(table, spec.row)[0] in values:  # collapsed
            continue
        # a sub-row may be printed anywhere among its group's rows (in another order)
        bounds = [
            (i, at[s.row]) for i, s in enumerate(specs) if s.row in at and _group(s) != _group(spec)
        ]
        lo = max((b for i, b in bounds if i < k), default=-1)
        hi = min((b for i, b in bounds if i > k), default=end)
        near = [(pos, t) for pos, t in orphans if lo < pos < hi]
        if not near:
            notes.append(
                Note(table, spec.row, "报告中找不到该行", "row label not found in the report")
            )
            continue
        raw = " ".join(" ".join(t.split()) for _, t in near)
        cell = {"value": math.nan, "raw": "", "unit": "", "status": "ambiguous"}
        n = len(tpl.columns(table, spec.row))
        _store(values, tpl, table, spec.row, [{**cell, "source_ref": ref(near[0][0])}] * n)
        notes.append(
            Note(
                table,
                spec.row,
                f"找不到该行的标签；该处印有未能对应到任何一行的内容“{raw}”，数值留空",
                f"row label not found; unmatched printed text here: '{raw}'; values left empty",
                ref(near[0][0]),
            )
        )
