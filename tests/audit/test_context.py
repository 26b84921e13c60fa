"""govkit.audit.context: a report's cells as arrays, and the questions several rules share.

The seed (data/2020_ninghe_zaojiachengzhen.txt, 2019 template) prints 5.属于三类内部事务信息 as
1 0 0 0 0 0 1, leaves 上年结转/商业企业 blank and prints 增 for 行政处罚/本年增/减; the peer fixture
(tests/audit_inputs.py) is a 2021 report built with known values.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import govkit
from govkit.audit.context import PLACEHOLDERS, Context, cells_of, group_of
from tests.audit_inputs import PEER_TEXT, collapsed, with_cells, without_table

CARRIED = "上年结转政府信息公开申请数量"
PUNISH = "第二十条第（六）项/行政处罚"


def _edit(report: govkit.Report, row: str, col: str, raw: str, table: str = "requests"):
    """`report` with one cell printed as `raw` (read as the readers read it: number or text)."""
    cells = report.cells.copy()
    k = cells.index[(cells["table"] == table) & (cells["row"] == row) & (cells["col"] == col)][0]
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    cells.loc[k, ["raw", "value"]] = [raw, value]
    return with_cells(report, cells)


@pytest.fixture(scope="module")
def peer():
    return govkit.parse_report(PEER_TEXT, source="peer.md")


def test_cells_of_keeps_every_cell_in_order(seed):
    c = cells_of(seed.cells)
    assert len(c) == len(seed.cells)
    assert c.row.tolist() == seed.cells["row"].tolist()
    assert (
        c.pos[("requests", "总计", "自然人")]
        == seed.cells.index[(seed.cells["row"] == "总计") & (seed.cells["col"] == "自然人")][0]
    )
    assert c.value_at("requests", "不予公开/属于三类内部事务信息", "自然人") == 1
    assert math.isnan(c.value_at("requests", "没有这一行", "总计"))
    assert c.raw.dtype == object and c.value.dtype == float


def test_text_and_blank_cells_of_the_seed(seed):
    c = cells_of(seed.cells)
    k = c.pos[("active", PUNISH, "本年增/减")]
    assert c.raw[k] == "增" and math.isnan(c.value[k]) and not c.placeholder[k]
    assert not c.zero[k]  # text is not a zero
    b = c.pos[("requests", CARRIED, "商业企业")]
    assert c.raw[b] == "" and c.zero[b]  # a blank counts as 0
    zero_printed = c.pos[("requests", CARRIED, "自然人")]
    assert (
        c.raw[zero_printed].strip() == "0" and not c.zero[zero_printed]
    )  # a printed 0 is a number


@pytest.mark.parametrize("mark", sorted(PLACEHOLDERS))
def test_placeholders_count_as_zero(seed, mark):
    c = cells_of(_edit(seed, CARRIED, "自然人", mark).cells)
    k = c.pos[("requests", CARRIED, "自然人")]
    assert c.placeholder[k] and c.zero[k]


@pytest.mark.parametrize("raw", ["…", "一", "暂无", "增", "0"])
def test_other_marks_are_not_placeholders(seed, raw):
    c = cells_of(_edit(seed, CARRIED, "自然人", raw).cells)
    k = c.pos[("requests", CARRIED, "自然人")]
    assert not c.placeholder[k]


def test_a_placeholder_in_a_cell_not_read_ok_is_not_zero(seed):
    cells = _edit(seed, CARRIED, "自然人", "/").cells
    cells.loc[(cells["row"] == CARRIED) & (cells["col"] == "自然人"), "status"] = "ambiguous"
    c = cells_of(cells)
    k = c.pos[("requests", CARRIED, "自然人")]
    assert c.placeholder[k] and not c.zero[k]


def test_total_sums_a_row_and_its_sub_rows(seed, peer):
    ctx = Context(seed)
    assert ctx.total("requests", "不予公开") == 1  # only 5.属于三类内部事务信息 prints 1
    assert ctx.total("requests", "不予公开", "商业企业") == 0
    assert ctx.total("requests", "本年新收政府信息公开申请数量") == 1
    assert math.isnan(ctx.total("requests", CARRIED, "商业企业"))  # blank: not a number
    assert math.isnan(ctx.total("requests", "没有这一行"))
    # the peer prints 不予处理 1.–5. with 总计 column 6, 5, 1, 2, 1
    assert Context(peer).total("requests", "不予处理") == 15


def test_total_leaves_collapsed_leaves_out(peer):
    rep = collapsed(peer, "其他处理")
    # the three sub-rows print 总计 5 (2+1+1+1), 0 and 5 (2+2+1): the group row holds 10
    assert Context(rep).total("requests", "其他处理") == 10
    assert Context(peer).total("requests", "其他处理") == 10


def test_requests_totals_are_the_total_column(peer):
    assert Context(peer).requests_totals == {"new": 170, "old": 15, "closed": 160, "next": 25}


def test_absent_tables_in_template_order(seed):
    assert Context(seed).absent_tables == ()
    gone = without_table(without_table(seed, "review_litigation"), "active")
    assert Context(gone).absent_tables == ("active", "review_litigation")


def test_noted_rows_are_the_readers_notes(seed):
    assert Context(seed).noted_rows == frozenset()
    notes = pd.DataFrame(
        {
            "table": ["requests", ""],
            "row": ["总计", ""],
            "message": ["x", "y"],
            "message_en": ["x", "y"],
            "source_ref": ["", ""],
        }
    )
    rep = govkit.Report(seed.meta, seed.cells, notes, seed.text)
    assert Context(rep).noted_rows == {("requests", "总计"), ("", "")}


def test_collapsed_groups_map_to_their_leaf_cells(peer):
    assert Context(peer).collapsed == {}
    ctx = Context(collapsed(peer, "其他处理"))
    assert list(ctx.collapsed) == [("requests", "其他处理")]
    ks = ctx.collapsed[("requests", "其他处理")]
    assert len(ks) == 3 * 7 and set(ctx.cells.status[ks]) == {"collapsed"}


def test_prose_is_the_overview_section(seed):
    ctx = Context(seed)
    assert ctx.prose.startswith("持续强化组织领导")
    assert "主动公开政府信息情况" not in ctx.prose


def test_prose_without_an_overview_heading_is_the_text_before_the_tables(peer):
    text = PEER_TEXT.replace("一、总体情况\n", "")
    rep = with_cells(peer, peer.cells, text)
    prose = Context(rep).prose
    assert "共收到政府信息公开申请170件" in prose and "行政规范性文件" not in prose


def test_group_of():
    assert group_of("其他处理/其他") == "其他处理"
    assert group_of("行政诉讼/复议后起诉/总计") == "行政诉讼/复议后起诉"
    assert group_of("总计") == "总计"


def test_empty_frame_gives_empty_arrays(seed):
    c = cells_of(seed.cells.iloc[:0])
    assert len(c) == 0 and c.pos == {} and c.zero.shape == (0,)
    assert np.isnan(c.value_at("requests", "总计", "总计"))
