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
    resolve,
)

_CUT = re.compile(r"[(]|[一二三四五六七八九十]、|第二十条")
# a row's values: digits, white space, signs, value text (暂无, 增加, a placeholder "/" …)
_RUN = re.compile(rf"(?:[\d\s.,+/—–-]|{_WORDS}|无(?=[\s\d/]|$)|{_NUMERAL_CELL})*(?:[万亿]?元)?")


# where a row's values start after its label: a digit, a sign, value text, a placeholder
_VALUES_START = re.compile(
    rf"\d|-\d|{_WORDS}|{_NUMERAL_CELL}|(?:[/—–-]|无)(?=[\s\d/—–-]|$)"  # 无 glued: '信息无1302…'
)
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
    m = _CUT_BEFORE.search(text, done, label_start)
    if not m or not spec.row.rsplit("/", 1)[-1].startswith(m.group(1) + m.group(3)):
        return None
    return m.start(2), m.group(2)


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
    done = start  # where the previous row's values ended
    for k, (spec, label_start, label_end) in enumerate(hits):
        check_time(TABLE_NAMES[table])
        vend = hits[k + 1][1] if k + 1 < len(hits) else end
        j, run = _values_after(text, label_end, vend)
        if k + 1 < len(hits) and (pre := hits[k + 1][0].prefix)[:1].isdigit():
            run = re.sub(
                rf"{pre[:-1]}\s*[.、]\s*$", "", run
            )  # "00000002." : 2. numbers the next row
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
    if table == "requests":
        infer_requests(values, tpl, cands, notes, facts)
    return len(hits)
