"""govkit.audit.text: numbers the prose states against the tables, and the fee statement.

The peer fixture (tests/audit_inputs.py) says 共收到政府信息公开申请170件，上年结转15件；办结160件，
结转下年度继续办理25件 and 行政复议5件，行政诉讼7件（未经复议直接起诉6件，复议后起诉1件）; its table
prints 新收 170, 上年结转 15, （七）总计 160, 结转下年度 25 (总计 column), （一）予以公开 总计 68 and
（二）部分公开 10+5+2+1+1+1 = 20, 行政复议 总计 5, 诉讼 6 + 1.
"""

from __future__ import annotations

import pytest

import govkit
from govkit.audit import text
from govkit.audit.context import Context
from tests.audit_inputs import PEER_TEXT, with_cells

SAID = (
    "2023年，本机关共收到政府信息公开申请170件，上年结转15件；办结160件，结转下年度继续办理25件。"
)
SIX = "本年度未收取信息处理费。"


@pytest.fixture(scope="module")
def peer():
    return govkit.parse_report(PEER_TEXT, source="peer.md")


def _say(report, sentence: str, old: str = SAID) -> Context:
    """The report with its overview (or `old`) saying `sentence` instead."""
    assert old in report.text
    return Context(with_cells(report, report.cells, report.text.replace(old, sentence)))


def test_the_peers_prose_agrees_with_its_tables(peer):
    ctx = Context(peer)
    assert text.text_requests(ctx) == []
    assert text.text_review(ctx) == []
    assert text.text_outcomes(ctx) == []
    assert text.text_percent(ctx) == []
    assert text.text_fee(ctx) == []


def test_received_count_that_differs(peer):
    (f,) = text.text_requests(_say(peer, "本机关共收到政府信息公开申请171件。"))
    assert (f["row"], f["col"], f["expected"], f["actual"], f["difference"]) == (
        "本年新收政府信息公开申请数量",
        "总计",
        170,
        171,
        1,
    )
    assert f["sentence"] == "本机关共收到政府信息公开申请171件"
    assert "本年新收 170；本年新收+上年结转 185" in f["message"]


def test_received_may_count_the_carried_over_ones(peer):
    assert text.text_requests(_say(peer, "本机关共受理政府信息公开申请185件。")) == []


def test_closed_and_carried_on(peer):
    (f,) = text.text_requests(_say(peer, "全年办结159件。"))
    assert (f["row"], f["expected"], f["actual"]) == ("总计", 160, 159)
    (g,) = text.text_requests(_say(peer, "另有30件结转下年度办理。"))
    assert (g["row"], g["expected"], g["actual"]) == ("结转下年度继续办理", 25, 30)
    assert text.text_requests(_say(peer, "另有25件结转下年度办理。")) == []


def test_review_and_litigation(peer):
    old = "全年发生政府信息公开行政复议5件，行政诉讼7件"
    (f,) = text.text_review(_say(peer, "全年发生政府信息公开行政复议4件，行政诉讼7件", old))
    assert (f["col"], f["expected"], f["actual"]) == ("行政复议/总计", 5, 4)
    (g,) = text.text_review(_say(peer, "全年发生政府信息公开行政复议5件，行政诉讼9起", old))
    assert (g["col"], g["expected"], g["actual"]) == ("行政诉讼/未经复议直接起诉/总计", 7, 9)


def test_outcomes(peer):
    assert text.text_outcomes(_say(peer, "其中予以公开68件，部分公开20件。")) == []
    (f,) = text.text_outcomes(_say(peer, "其中予以公开和部分公开90件。"))
    assert (f["row"], f["expected"], f["actual"]) == ("予以公开", 88, 90)
    assert "予以公开及部分公开 90 件，表格合计为 88 件" in f["message"]
    (g,) = text.text_outcomes(_say(peer, "不予处理16件。"))  # 6 + 5 + 1 + 2 + 1 printed
    assert (g["row"], g["expected"], g["actual"]) == ("不予处理", 15, 16)


def test_percentages(peer):
    assert text.text_percent(_say(peer, "予以公开68件（占42.5%）。")) == []  # of 办结 160
    assert text.text_percent(_say(peer, "予以公开68件（40.0%）。")) == []  # of 新收 170
    (f,) = text.text_percent(_say(peer, "予以公开68件，占比为43.0%。"))
    assert (f["expected"], f["actual"]) == (42.5, 43.0)
    assert "按办结数 160 算为 42.5%" in f["message"] and f["message"].endswith("”")


def test_claims_about_other_things_are_not_read(peer):
    ctx = _say(peer, "本机关全年主动公开政府信息3200条，收到群众来信12封。")
    assert text.text_requests(ctx) == [] and text.text_percent(ctx) == []


# ------------------------------------------------------------------ 信息处理费


def test_fee_statement_of_the_peer(peer):
    got = text.fee_statement(peer)
    assert got == {
        "asked": True,
        "stated": True,
        "charged": False,
        "amount": 0.0,
        "shown": "未收取",
        "sentence": "本年度未收取信息处理费",
        "where": "六",
    }


@pytest.mark.parametrize(
    ("six", "charged", "amount", "shown"),
    [
        ("本年度收取信息处理费3,940元。", True, 3940.0, "3,940 元"),
        ("本年度实际收取信息处理费0.12万元。", True, 1200.0, "0.12 万元"),
        ("发出收费通知0件，收取费用0元。", False, 0.0, "未收取（0 元）"),
    ],
)
def test_fee_amounts(peer, six, charged, amount, shown):
    rep = with_cells(peer, peer.cells, peer.text.replace(SIX, six))
    got = text.fee_statement(rep)
    assert (got["charged"], got["amount"], got["shown"], got["where"]) == (
        charged,
        amount,
        shown,
        "六",
    )


def test_fee_rule_fires_only_when_the_2021_template_asks(peer, seed):
    ctx = _say(peer, "本年度无其他需要报告的事项。", SIX)
    (f,) = text.text_fee(ctx)
    assert f["row"] == "其他需要报告的事项" and f["sentence"] == "本年度无其他需要报告的事项。"
    assert "写的是“本年度无其他需要报告的事项。”" in f["message"]
    seed_fee = text.fee_statement(seed)
    assert (seed_fee["asked"], seed_fee["stated"], seed_fee["shown"]) == (False, False, "未说明")
    assert text.text_fee(Context(seed)) == []  # the 2019 template does not ask


def test_a_report_without_section_six_is_told_so(peer):
    ctx = _say(peer, "", f"六、其他需要报告的事项\n{SIX}")
    (f,) = text.text_fee(ctx)
    assert f["sentence"] == "" and f["message"].startswith("报告没有第六部分")
