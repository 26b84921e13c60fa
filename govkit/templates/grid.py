"""The grid strategy: the three tables from a document's table rows (HTML, Word, PDF, markdown)."""

from __future__ import annotations

from govkit.errors import ParseError
from govkit.io.document import Cell, Document
from govkit.limits import check_time
from govkit.templates import (
    TABLE_NAMES,
    RowSpec,
    Template,
)
from govkit.templates.headings import _find_heading, _heading_rows
from govkit.templates.infer import infer_requests
from govkit.templates.labels import (
    _columns_of,
    _drop_unnamed,
    _label_fragment,
    _label_of,
    _Line,
    _line_cells,
    _name,
    _read_line,
    _tolerant_note,
    _undecided_residue,
)
from govkit.templates.order import align, in_order
from govkit.templates.values import (
    Note,
    Row,
    _clean,
    _distance,
    _has_number,
    _key,
    _labelish,
    _numberish,
    _store,
    _undecided,
    collapse_group,
)
from govkit.textnorm import norm


def grid_tables(doc: Document, tpl: Template, values: dict, notes: list[Note]) -> None:
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
        unread = next((c for c in cells if c["status"] == "ambiguous"), None)
        if unread is not None and len(line.vals) != n:
            notes.append(_undecided("active", spec.row, n, unread, len(sols)))


def _exact(lines: list[_Line]) -> set[int]:
    """Rows named exactly by some line: a tolerant match to one of them yields (one label a row)."""
    return {ln.idx for ln in lines if ln.idx is not None and not ln.tolerant}


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
    is not a blank row: the numbers take the row both parts name together. A blank row whose
    label names its row exactly is whole, never a part of a neighbour's label."""
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
                    or other.group is not None  # a group's own row (collapsed): not a fragment
                    or abs(other.at - line.at) > 3  # rows between: more fragments of the label
                ):
                    continue
                both = (other.label + line.label) if m < k else (line.label + other.label)
                if _distance(_key(both), target, len(target)) < alone:
                    other.idx, other.label = line.idx, both
                    break  # joined: the numbers take the row
                if alone:
                    break  # a fragment of a label that is not its own row: never a blank row
                # a whole label ("2.重复申请", blank) beside another row's cut label ("1.信"):
                # its own blank row
            else:
                out.append(line)
            continue
        out.append(line)
    return out


def _request_lines(rows: list[Row], tpl: Template) -> list[_Line]:
    """Section 三's printed rows read as lines, labels wrapped over printed rows joined."""
    columns = _columns_of(tpl.version, "requests")
    lines: list[_Line] = []
    wrapped: Row | None = None  # a blank row whose label names nothing yet: its label may go on
    for at, row in enumerate(rows):
        if at % 1024 == 0:
            check_time(TABLE_NAMES["requests"])
        line = _read_line(at, row, tpl, "requests", columns)
        if line is None and wrapped is not None:
            line = _read_line(at, _wrap(wrapped, row), tpl, "requests", columns)
        fragment = line is None and _label_fragment(row)
        if fragment and lines:
            _continue_label(lines[-1], at, row, tpl)
        wrapped = row if fragment else None
        if line is not None:
            lines.append(line)
    return lines


def _grid_requests(
    rows: list[Row], tpl: Template, values: dict, notes: list[Note], source: str
) -> None:
    specs = tpl.rows["requests"]
    n = len(tpl.columns("requests", specs[0].row))
    lines = _join_wrapped(_request_lines(rows, tpl), specs)
    lines = _drop_unnamed(lines, rows, n, notes)
    exact = _exact(lines)
    for line in lines:  # one label per row: an exact label beats a tolerant one
        if line.tolerant and line.idx in exact:
            line.idx, line.tolerant = None, False
    lines = in_order(lines, tpl)
    found = [(ln.idx, ln.vals) for ln in lines if ln.group is None]
    by_vals = {id(ln.vals): ln for ln in lines}
    placed = align(found, tpl, notes)
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
        cells, sols = _line_cells(line, n, tpl.col_groups["requests"], notes, ("requests", row))
        _store(values, tpl, "requests", row, cells)
        if sols:
            cands[row] = sols
    _group_rows([ln for ln in lines if ln.group is not None], placed, tpl, values, notes)
    aligned = frozenset(specs[i].row for i, v in placed.items() if _undecided_residue(v, n))
    infer_requests(values, tpl, cands, notes, aligned=aligned)


def _group_rows(
    lines: list[_Line],
    placed: dict[int, list[Cell]],
    tpl: Template,
    values: dict,
    notes: list[Note],
) -> None:
    """A group's own printed row: a subtotal above its sub-rows (noted, checked by the audit from
    the sub-rows), or, with none of its sub-rows printed, the group collapsed into one row."""
    seen: set[str] = set()
    for line in lines:
        g = line.group
        if g.row in seen:
            continue
        seen.add(g.row)
        ref = line.vals[0].ref if line.vals else ""
        cols = tpl.columns("requests", g.row)
        cells, _ = _line_cells(
            line, len(cols), tpl.col_groups["requests"], notes, ("requests", g.row)
        )
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
        collapse_group(tpl, g, line.label, cells, ref, values, notes)


def _review_vals(row: Row, sizes: set[int]) -> list[Cell]:
    """The value cells of a section 四 row: after its label, without trailing blanks. `sizes`: the
    cells of one block (5) or of the whole table (15)."""
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
        if size - start in sizes:
            return list(row[start:size])
    return list(row[j + 1 : size])


def _grid_review(rows: list[Row], tpl: Template, values: dict, notes: list[Note]) -> None:
    """Section 四's 15 numbers: one printed row, or one per block when the table is printed as
    three small tables (each with its own header row, skipped as it holds no number)."""
    n = len(tpl.columns("review_litigation", "数量"))
    sizes = {n, *(len(parts) + 1 for _, parts in tpl.column_sums["review_litigation"])}
    acc: list[Cell] = []
    for row in rows[1:]:
        if not _has_number(list(row)):
            continue
        acc.extend(_review_vals(row, sizes))
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
        line, n, tpl.col_groups["review_litigation"], notes, ("review_litigation", "数量")
    )
    _store(values, tpl, "review_litigation", "数量", cells)
    if cells[0]["status"] == "ambiguous" and len(acc) != n:
        notes.append(_undecided("review_litigation", "数量", n, cells[0], len(sols)))
