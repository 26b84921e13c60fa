"""govkit.templates.grid: the three tables from a document's table rows.

Inputs are printed by tests/layouts.py (numbers that satisfy every identity, known cell by cell)
and edited the way real reports differ; what grid_tables reads is compared with what was printed.
"""

from __future__ import annotations

import pytest

from govkit.errors import ParseError
from govkit.io import parse_document
from govkit.templates import TABLE_NAMES, get_template
from govkit.templates.grid import grid_tables
from govkit.templates.values import Note
from tests.layouts import Report, to_html, to_markdown, to_text

RENDERS = [to_markdown, to_html, to_text]


def _read(body, version: str = "2021", render=to_markdown) -> tuple[dict, list[Note]]:
    values: dict = {}
    notes: list[Note] = []
    grid_tables(parse_document(render(body), source="x"), get_template(version), values, notes)
    return values, notes


def _requests(body) -> list[list[str]]:
    return next(t for t in body if isinstance(t, list) and t[0][0].startswith("（本列数据"))


def _row(table, label: str) -> list[str]:
    return next(r for r in table if label in r)


def _raw(values: dict, rep: Report, table: str | None = None) -> dict:
    return {k: values[k]["raw"] for k in rep.expected if table is None or k[0] == table}


def _printed(rep: Report, table: str | None = None) -> dict:
    return {k: v for k, v in rep.expected.items() if table is None or k[0] == table}


@pytest.mark.parametrize("render", RENDERS)
@pytest.mark.parametrize("version", ["2019", "2021"])
def test_every_printed_cell_is_read(version, render):
    rep = Report(version, 11)
    values, notes = _read(rep.body(), version, render)
    assert _raw(values, rep) == rep.expected
    assert {values[k]["status"] for k in rep.expected} == {"ok"}
    assert notes == []


def test_no_section_three_is_a_parse_error():
    rep = Report("2021", 11)
    body = rep.body()
    body = [x for x in body if x != rep.headings[2] and x is not _requests(body)]
    with pytest.raises(ParseError) as info:
        _read(body)
    assert info.value.where == TABLE_NAMES["requests"] and info.value.source == "x"


def test_a_truncated_section_three_is_a_parse_error():
    rep = Report("2021", 11)
    body = rep.body()
    table = _requests(body)
    del table[8:]  # the header and the first five rows only
    with pytest.raises(ParseError, match="只能对应模板"):
        _read(body)


def test_no_section_four_is_noted_and_three_still_read():
    rep = Report("2021", 11)
    body = rep.body()
    k = body.index(rep.headings[3])
    del body[k : k + 2]
    values, notes = _read(body)
    assert _raw(values, rep, "requests") == _printed(rep, "requests")
    assert [n.table for n in notes if "找不到第四部分" in n.zh] == ["review_litigation"]
    assert not any(k[0] == "review_litigation" for k in values)


def test_section_two_without_its_heading_is_found_by_its_items():
    rep = Report("2021", 11)
    body = [x for x in rep.body() if x != rep.headings[1]]
    values, _ = _read(body)
    assert _raw(values, rep, "active") == _printed(rep, "active")


def test_a_row_printed_twice_keeps_the_first():
    rep = Report("2021", 11)
    body = rep.body()
    table = _requests(body)
    row = _row(table, rep.labels["不予处理/重复申请"])
    copy = [c if not c.isdigit() else "9" for c in row]
    table.insert(table.index(row) + 1, copy)
    values, notes = _read(body)
    assert _raw(values, rep) == rep.expected
    assert any("同一模板行出现多次" in n.zh for n in notes)


def test_a_row_naming_nothing_is_ignored_and_said():
    rep = Report("2021", 11)
    body = rep.body()
    table = _requests(body)
    at = table.index(_row(table, rep.labels["总计"]))
    table.insert(at, ["", "其中：网上申请", "1", "2"])
    values, notes = _read(body)
    assert _raw(values, rep) == rep.expected
    (note,) = [n for n in notes if "忽略了表中无法对应模板的一行" in n.zh]
    assert "其中：网上申请" in note.zh and note.table == "requests"


@pytest.mark.parametrize("render", [to_markdown, to_html])
def test_unlabelled_rows_are_placed_by_order_between_labelled_ones(render):
    rep = Report("2021", 11)
    body = rep.body()
    table = _requests(body)
    for r in ("无法提供/没有现成信息需要另行制作", "无法提供/补正后申请内容仍不明确"):
        row = _row(table, rep.labels[r])
        row[row.index(rep.labels[r])] = ""
    values, notes = _read(body, render=render)
    assert _raw(values, rep) == rep.expected
    assert notes == []


def test_unlabelled_rows_that_do_not_fit_their_gap_are_left_out():
    rep = Report("2021", 11)
    body = rep.body()
    table = _requests(body)
    r = "无法提供/没有现成信息需要另行制作"
    row = _row(table, rep.labels[r])
    row[row.index(rep.labels[r])] = ""
    table.insert(table.index(row), ["", "", *["1"] * 7])  # two unlabelled rows, one free row
    values, notes = _read(body)
    (note,) = [n for n in notes if "无标签的数字行" in n.zh]
    assert "2 个无标签的数字行无法对应 1 个模板行" in note.zh
    assert all(values.get(("requests", r, c), {}).get("status") != "ok" for c in ("自然人", "总计"))


def test_section_four_values_are_read_whatever_its_header_rows():
    rep = Report("2021", 11)
    body = rep.body()
    k = body.index(rep.headings[3]) + 1
    review = body[k]
    body[k] = [review[0], review[-1]]  # the header rows cut to one
    values, _ = _read(body)
    assert _raw(values, rep, "review_litigation") == _printed(rep, "review_litigation")


def test_section_four_without_numbers_is_noted():
    rep = Report("2021", 11)
    body = rep.body()
    k = body.index(rep.headings[3]) + 1
    body[k] = body[k][:3]  # header rows only
    _, notes = _read(body)
    assert any(n.table == "review_litigation" and "没有数字" in n.zh for n in notes)
