"""govkit.audit.arithmetic: the identity rules, the undecidable rule and the single-cell diagnosis,
called directly on an audit Context.

The seed (2019 template) prints its （七）总计 row as 1 0 0 0 0 0 with 总计 0 while 一、本年新收 is
1 … 1 and 5.属于三类内部事务信息 is 1 … 1: three identities break and 总计/总计 = 1 mends them all.
Section 四 prints 0 0 0 0 0 | 1 0 0 0 1 | 0 0 0 0 0 (every block holds).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import govkit
from govkit.audit import arithmetic
from govkit.audit.context import Context
from tests.audit_inputs import PEER_TEXT, with_cells, without_table

TOTAL = ("requests", "总计", "总计")
INNER = "不予公开/属于三类内部事务信息"


def _set(report, cell: tuple[str, str, str], raw: str, status: str = "ok"):
    """`report` with one cell printed as `raw` (a number, or text with no value)."""
    cells = report.cells.copy()
    t, r, c = cell
    k = (cells["table"] == t) & (cells["row"] == r) & (cells["col"] == c)
    assert k.sum() == 1
    try:
        value = float(raw) if raw else 0.0
    except ValueError:
        value = math.nan
    if raw in ("", "/"):
        value = math.nan
    cells.loc[k, ["raw", "value", "status"]] = [raw, value, status]
    return with_cells(report, cells)


def _ctx(report) -> Context:
    return Context(report)


@pytest.fixture(scope="module")
def fixed(seed):
    return _set(seed, TOTAL, "1")


@pytest.fixture(scope="module")
def peer():
    return govkit.parse_report(PEER_TEXT, source="peer.md")


def test_balance_of_the_seed_total_column(seed):
    (f,) = arithmetic.requests_balance(_ctx(seed))
    assert (f["table"], f["row"], f["col"]) == TOTAL
    assert (f["actual"], f["expected"], f["difference"]) == (1, 0, 1)  # left 1 + 0, right 0 + 0
    assert f["message"].endswith("不成立：左边 1，右边 0，相差 1。")
    assert f["cells"] == [
        "本年新收政府信息公开申请数量｜总计",
        "上年结转政府信息公开申请数量｜总计",
        "总计｜总计",
        "结转下年度继续办理｜总计",
    ]


def test_results_and_row_totals_of_the_seed(seed):
    (f,) = arithmetic.requests_results_total(_ctx(seed))
    assert (f["row"], f["col"], f["actual"], f["expected"]) == ("总计", "总计", 0, 1)
    (g,) = arithmetic.requests_row_total(_ctx(seed))
    assert (g["row"], g["col"], g["actual"], g["expected"]) == ("总计", "总计", 0, 1)
    assert g["formula"].startswith("“（七）总计”行：总计 = 自然人 + ")
    assert arithmetic.review_litigation_total(_ctx(seed)) == []


def test_every_identity_rule_is_quiet_when_the_total_is_mended(fixed):
    ctx = _ctx(fixed)
    for rule in (
        arithmetic.requests_balance,
        arithmetic.requests_results_total,
        arithmetic.requests_row_total,
        arithmetic.review_litigation_total,
        arithmetic.single_cell,
        arithmetic.arithmetic_undecidable,
    ):
        assert rule(ctx) == [], rule.__name__


def test_the_peers_published_failures(peer):
    ctx = _ctx(peer)
    (row,) = arithmetic.requests_row_total(ctx)
    assert (row["row"], row["actual"], row["expected"]) == ("予以公开", 68, 72)
    results = {
        (f["col"], f["actual"], f["expected"]) for f in arithmetic.requests_results_total(ctx)
    }
    assert results == {("自然人", 93, 95), ("总计", 160, 158)}
    (rl,) = arithmetic.review_litigation_total(ctx)
    assert (rl["col"], rl["actual"], rl["expected"]) == ("行政诉讼/未经复议直接起诉/总计", 6, 5)
    assert arithmetic.requests_balance(ctx) == []


def test_single_cell_names_the_one_fix(seed):
    (f,) = arithmetic.single_cell(_ctx(seed))
    assert (f["row"], f["col"], f["actual"], f["expected"], f["difference"]) == (
        "总计",
        "总计",
        0,
        1,
        -1,
    )
    assert f["suggestion"] == "（七）总计/总计 应为 1"
    assert f["message"].startswith("诊断：3 个不成立的勾稽关系都可由同一处错误解释")
    assert "印为 0，改为 1" in f["message"] and "severity" not in f


@pytest.mark.parametrize(("raw", "said"), [("", "为空白（按 0 计）"), ("/", "印为“/”（按 0 计）")])
def test_single_cell_says_how_the_wrong_cell_was_printed(seed, raw, said):
    (f,) = arithmetic.single_cell(_ctx(_set(seed, TOTAL, raw)))
    assert said in f["message"] and f["expected"] == 1


def test_single_cell_two_errors_is_a_warning(peer):
    (f,) = arithmetic.single_cell(_ctx(peer))
    assert f["severity"] == "warning" and "至少有两处" in f["message"]
    assert f["message"].startswith("诊断：4 个")


def test_single_cell_several_candidates_is_info(fixed):
    # 行政复议 结果维持 1 with its 总计 0: either cell could be the wrong one
    rep = _set(fixed, ("review_litigation", "数量", "行政复议/结果维持"), "1")
    (f,) = arithmetic.single_cell(_ctx(rep))
    assert f["severity"] == "info" and "任意一个" in f["message"]
    assert {"数量｜行政复议/结果维持", "数量｜行政复议/总计"} <= set(f["cells"])
    assert "行政复议/结果维持 改为 0" in f["message"] and "行政复议/总计 改为 1" in f["message"]


def test_single_cell_never_proposes_a_negative_count(fixed):
    """结果纠正 0 → -1 is no correction (found here, fixed in main)."""
    rep = _set(fixed, ("review_litigation", "数量", "行政复议/结果维持"), "1")
    (f,) = arithmetic.single_cell(_ctx(rep))
    assert "改为 -" not in f["message"]
    assert set(f["cells"]) == {"数量｜行政复议/结果维持", "数量｜行政复议/总计"}


def test_a_bounded_identity_is_reported_with_its_reason(fixed):
    # 5.属于三类内部事务信息 with 总计 0 and 商业企业 unreadable: 自然人 1 alone exceeds 0
    rep = _set(fixed, ("requests", INNER, "总计"), "0")
    rep = _set(rep, ("requests", INNER, "商业企业"), "不详")
    found = arithmetic.requests_row_total(_ctx(rep))
    (f,) = [f for f in found if f["row"] == INNER]
    assert (f["actual"], f["expected"]) == (0, 1)
    assert "未能读出数字" in f["message"] and f"{INNER}｜商业企业" in f["message"]
    assert "右边至少比左边多 1" in f["message"]


def test_undecidable_is_the_agencys_when_its_text_blocks_it(fixed):
    rep = _set(fixed, ("requests", INNER, "总计"), "见附件")
    found = arithmetic.arithmetic_undecidable(_ctx(rep))
    rows = {(f["row"], f["kind"]) for f in found}
    assert (INNER, "agency") in rows
    assert all("印为“见附件”" in f["message"] for f in found)


def test_undecidable_is_a_reading_note_when_govkit_could_not_read(fixed):
    rep = _set(fixed, ("requests", INNER, "总计"), "1 0", status="ambiguous")
    found = arithmetic.arithmetic_undecidable(_ctx(rep))
    assert found and {f["kind"] for f in found} == {"reading"}
    assert all("未能读出：ambiguous" in f["message"] for f in found)


def test_undecidable_for_a_row_the_report_does_not_print(fixed):
    cells = fixed.cells
    gone = (cells["row"] == INNER) & (cells["col"] == "总计")
    rep = with_cells(fixed, cells[~gone])
    found = arithmetic.arithmetic_undecidable(_ctx(rep))
    assert found and all("（报告中没有该行）" in f["message"] for f in found)


def test_undecidable_is_silent_about_an_absent_table(fixed):
    rep = without_table(fixed, "review_litigation")
    assert arithmetic.arithmetic_undecidable(_ctx(rep)) == []
    assert arithmetic.review_litigation_total(_ctx(rep)) == []


def test_messages_never_print_minus_zero(seed):
    f = arithmetic.requests_balance(_ctx(seed))[0]
    assert "-0" not in f["message"] and not np.signbit(f["difference"])
