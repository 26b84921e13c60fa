"""Deciding between a row's readings: section 三's identities, or the report's own sentences about its cells."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

from govkit.io.document import Document
from govkit.limits import check_time
from govkit.templates import (
    Template,
)
from govkit.templates.evidence import Fact, find_facts, report_year
from govkit.templates.segment import layouts, segment
from govkit.templates.values import Note, _cell, _number, _numeric_pieces, _store, _undecided


def infer_requests(
    values: dict,
    tpl: Template,
    cands: dict[str, list[list[str]]],
    notes: list[Note],
    facts: Callable[[str], list[Fact]] | None = None,
    aligned: frozenset[str] = frozenset(),
) -> None:
    """Decide between rows' candidate splits with the table's column identities.

    Used only when exactly one combination of candidates satisfies every identity of section 三
    (一+二 = 总计+四 and 总计 = sum of results, per column); such cells are marked 'inferred'
    so the audit knows those identities hold by construction. When several combinations do, the
    report's own sentences (`facts`, e.g. 予以公开及部分公开42件) may single one out.
    `aligned` rows print every cell apart, one cell too many: their candidates only say which
    blank end is layout, so a decided one is read as printed ('ok'), with a note saying how.
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
        good = _fitting(free, cands, base, tpl, cols, stop=2 if facts is None else _PROSE_LIMIT + 1)
        used: list[Fact] = []
        checked = bool(good) and _identities_hold(good[0][1], tpl, cols)
        if (len(good) > 1 or not checked) and len(good) <= _PROSE_LIMIT and facts is not None:
            used = [f for f in facts("requests") if any(r in free for r, _ in f.cells)]
            good = [g for g in good if used and all(_fact_holds(f, g[1]) for f in used)]
        if len(good) == 1 and (checked or used):
            for r, split in zip(free, good[0][0], strict=True):
                ref = values[("requests", r, cols[0])]["source_ref"]
                if r in aligned and not used:
                    notes.append(_by_identities(r, values[("requests", r, cols[0])]))
                    _store(values, tpl, "requests", r, [_cell(v, ref, "ok") for v in split])
                    continue
                if used:
                    notes.append(
                        _by_prose("requests", r, values[("requests", r, cols[0])], split, used)
                    )
                    ref = _prose_ref(ref, used)
                _store(values, tpl, "requests", r, [_cell(v, ref, "inferred") for v in split])
    for r in specs:
        cell = values.get(("requests", r, cols[0]))
        if r in cands:  # a row with readings to choose from: the first cell they left unread
            row = (values.get(("requests", r, c)) for c in cols)
            cell = next((c for c in row if c and c["status"] == "ambiguous"), cell)
        if cell and cell["status"] == "ambiguous":
            notes.append(_undecided("requests", r, len(cols), cell, len(cands.get(r, []))))


def _fitting(
    free: list[str],
    cands: dict[str, list[list[str]]],
    base: dict,
    tpl: Template,
    cols: tuple[str, ...],
    stop: int,
) -> list[tuple[tuple[list[str], ...], dict]]:
    """Combinations of the free rows' candidates (with the grid they make) that no identity of
    section 三 rules out; the search ends at `stop` of them."""
    good = []
    for k, combo in enumerate(
        itertools.islice(itertools.product(*(cands[r] for r in free)), 20_000)
    ):
        if k % 1024 == 0:
            check_time("三、收到和处理政府信息公开申请情况")
        grid = dict(base)
        for r, split in zip(free, combo, strict=True):
            grid.update({(r, c): _number(v)[0] for c, v in zip(cols, split, strict=True)})
        if _identities_hold(grid, tpl, cols) is not False:
            good.append((combo, grid))
            if len(good) >= stop:
                break
    return good


_PROSE_LIMIT = 64  # readings a row may have for the report's sentences to choose among


def _fact_holds(fact: Fact, grid: dict) -> bool:
    """The cells' sum is the stated number (a blank or unread cell never states one)."""
    got = [grid.get(cell, math.nan) for cell in fact.cells]
    return not any(math.isnan(v) for v in got) and abs(sum(got) - fact.value) < 1e-9


def _by_identities(row: str, cell: dict) -> Note:
    return Note(
        "requests",
        row,
        f"该行印出的“{cell['raw']}”比模板多一个空白单元格（合并单元格残留或空白合计），"
        "只有一种对应方式使第三部分的勾稽关系成立，据此读取",
        f"printed '{cell['raw']}' has one blank cell too many (merged-cell residue or a blank "
        "total); only one placement satisfies section 三's identities: read so",
        cell["source_ref"],
    )


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


def _identities_hold(grid: dict, tpl: Template, cols: tuple[str, ...]) -> bool | None:
    """False when an identity of section 三 fails, True when all that can be checked hold, None
    when none can (cells outside the candidates unread)."""
    checked = False
    new, carried, total, nxt = tpl.balance
    for c in cols:
        sides = [
            (grid[(new, c)] + grid[(carried, c)], grid[(total, c)] + grid[(nxt, c)]),
            (grid[(total, c)], sum(grid[(r, c)] for r in tpl.results)),
        ]
        for left, right in sides:
            if math.isnan(left) or math.isnan(right):
                continue
            checked = True
            if abs(left - right) > 1e-9:
                return False
    return True if checked else None


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
    groups = tpl.col_groups[table]
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
