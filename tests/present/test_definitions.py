"""govkit.present.definitions: each quantity sums the cells its definition names (checked on
data/2023_pingtan.txt, summed by hand from the printed 第三部分 and 第四部分), metrics by id or
name, the codebook and the footnote text."""

from __future__ import annotations

import pytest
from conftest import DATA

import govkit
from govkit.present.definitions import (
    METRIC_COLUMNS,
    METRIC_IDS,
    METRICS,
    MIN_BASE,
    QUANTITIES,
    QUANTITY_IDS,
    REPORT_KEYS,
    SMALL_BASE_NOTE,
    get_metric,
    metric_note,
    metrics_table,
)
from govkit.present.metrics import report_metrics, report_quantities

# data/2023_pingtan.txt (2021 template), 总计 column of 第三部分 and the 15 cells of 第四部分
# '110024001510102' = 复议 1,1,0,0,2 | 直接起诉 4,0,0,1,5 | 复议后起诉 1,0,1,0,2
PINGTAN = {
    "received": 81,
    "carried_in": 0,
    "disclosed": 22,
    "partly": 20,
    "withheld": 0 + 0 + 0 + 1 + 0 + 1 + 1 + 2,  # 不予公开 1–8
    "unavailable": 31 + 0 + 0,  # 无法提供 1–3
    "not_processed": 0 + 1 + 0 + 0 + 0,  # 不予处理 1–5
    "other": 1 + 0 + 1,  # 2021: 其他处理 1–3
    "closed": 81,
    "carried_over": 0,
    "review_upheld": 1,
    "review_corrected": 1,
    "review_other": 0,
    "review_pending": 0,
    "review_total": 2,
    "litigation_upheld": 4 + 1,
    "litigation_corrected": 0 + 0,
    "litigation_other": 0 + 1,
    "litigation_pending": 1 + 0,
    "litigation_total": 5 + 2,
}


def test_every_quantity_sums_the_cells_it_names():
    report = govkit.read_report(DATA / "2023_pingtan.txt")
    q = report_quantities(report).iloc[0]
    assert set(PINGTAN) == set(QUANTITY_IDS)
    assert {k: q[k] for k in QUANTITY_IDS} == PINGTAN


def test_quantities_say_where_they_come_from():
    assert tuple(q.id for q in QUANTITIES) == QUANTITY_IDS
    for q in QUANTITIES:
        part = "第四部分" if q.id.startswith(("review_", "litigation_")) else "第三部分"
        assert q.where.startswith(part), q
        assert q.name and q.where
    by_id = {q.id: q for q in QUANTITIES}
    assert "1–8" in by_id["withheld"].where and "1–3" in by_id["unavailable"].where
    assert "两类行政诉讼" in by_id["litigation_total"].where


def test_kind_follows_the_denominator():
    kinds = {m.id: m.kind for m in METRICS}
    assert kinds["received"] == "count" and kinds["litigation_cases"] == "count"
    assert kinds["disclosure_rate"] == "rate" and kinds["carryover_rate"] == "rate"
    assert all((m.kind == "rate") == bool(m.denominator) for m in METRICS)
    assert tuple(m.id for m in METRICS) == METRIC_IDS


def test_a_subtracted_term_is_subtracted():
    # pingtan's 行政诉讼: 纠正 0 of (总计 7 − 尚未审结 1) = 6 decided cases
    m = report_metrics(govkit.read_report(DATA / "2023_pingtan.txt")).set_index("metric")
    assert get_metric("litigation_correction_rate").denominator == (
        "litigation_total",
        "-litigation_pending",
    )
    assert m.loc["litigation_correction_rate", "denominator"] == 7 - 1
    assert m.loc["litigation_cases", "value"] == 7
    assert set(METRIC_COLUMNS) <= set(m.reset_index().columns)


def test_get_metric_by_id_or_chinese_name():
    assert get_metric("disclosure_rate") is get_metric("实质公开率")
    assert get_metric("行政复议纠错率").id == "review_correction_rate"
    with pytest.raises(KeyError, match=r"unknown metric 'disclosure'.*disclosure_rate"):
        get_metric("disclosure")


def test_codebook_writes_sums_and_differences():
    table = metrics_table().set_index("id")
    assert list(metrics_table().columns) == [
        "id",
        "name",
        "kind",
        "formula",
        "numerator",
        "denominator",
    ]
    assert table.loc["disclosure_rate", "numerator"] == "disclosed + partly"
    assert table.loc["carryover_rate", "denominator"] == "received + carried_in"
    assert table.loc["litigation_correction_rate", "denominator"] == (
        "litigation_total - litigation_pending"
    )
    assert table.loc["received", "denominator"] == ""  # a count has none


def test_metric_note_keeps_the_given_order_and_one_small_base_rule():
    note = metric_note(["carryover_rate", "received", "disclosure_rate"])
    lines = note.split("\n")
    assert lines == [
        get_metric("carryover_rate").formula,
        get_metric("received").formula,
        get_metric("disclosure_rate").formula,
        SMALL_BASE_NOTE,
    ]
    assert metric_note(("received", "closed")).count(SMALL_BASE_NOTE) == 0
    assert (
        metric_note(["收到申请数", "received"]) == get_metric("received").formula
    )  # same metric once


def test_small_base_note_and_keys():
    assert f"小于 {MIN_BASE}" in SMALL_BASE_NOTE and MIN_BASE == 10
    assert REPORT_KEYS == ("agency", "year", "source")
