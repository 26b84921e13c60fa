"""govkit.present.metrics: hand-computed expectations on the seed, on data/2023_pingtan.txt and on small
inline cell tables (zero denominators, the small-base flag, blank leaves, several reports)."""

from __future__ import annotations

import inspect
import math

import numpy as np
import pandas as pd
import pytest
from conftest import DATA, SEED

import govkit
from govkit.present import metrics
from govkit.present.definitions import (
    METRICS,
    MIN_BASE,
    QUANTITY_IDS,
    get_metric,
    metric_note,
    metrics_table,
)
from govkit.present.metrics import report_metrics, report_quantities, wide_metrics
from govkit.report import stack_cells

APPLICANTS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


def _by_id(m: pd.DataFrame) -> pd.DataFrame:
    assert m["metric"].is_unique
    return m.set_index("metric")


# ------------------------------------------------------------------------------------ seed


@pytest.fixture(scope="module")
def seed_metrics(seed):
    return _by_id(report_metrics(seed.cells))


def test_seed_counts(seed_metrics):
    # 本年新收 总计 1; 上年结转 0; （七）总计 row, 总计 column printed as 0 (自然人 says 1); 结转 0
    v = seed_metrics["value"]
    assert v["received"] == 1
    assert v["carried_in"] == 0
    assert v["closed"] == 0
    assert v["carried_over"] == 0
    # 第四部分: 行政复议 all 0; 未经复议直接起诉 维持 1 总计 1; 复议后起诉 all 0
    assert v["review_cases"] == 0
    assert v["litigation_cases"] == 1
    counts = seed_metrics[seed_metrics["kind"] == "count"]
    assert counts["denominator"].isna().all()
    assert not counts["small_base"].any()


def test_seed_shares_have_zero_denominator(seed_metrics):
    # 办结数 (（七）总计/总计) is 0 in the seed, so every share of it is NaN, not inf
    for mid, numerator in [
        ("disclosure_rate", 0),  # 予以公开 0 + 部分公开 0
        ("withheld_share", 1),  # 5.属于三类内部事务信息 = 1
        ("unavailable_share", 0),
        ("not_processed_share", 0),
        ("other_share", 0),
    ]:
        row = seed_metrics.loc[mid]
        assert row["numerator"] == numerator, mid
        assert row["denominator"] == 0, mid
        assert math.isnan(row["value"]), mid
        assert row["small_base"], mid


def test_seed_other_rates(seed_metrics):
    carry = seed_metrics.loc["carryover_rate"]  # 0 / (1 + 0)
    assert (carry["value"], carry["numerator"], carry["denominator"]) == (0.0, 0.0, 1.0)
    assert carry["small_base"]
    review = seed_metrics.loc["review_correction_rate"]  # 0 / (0 - 0)
    assert review["denominator"] == 0 and math.isnan(review["value"])
    lit = seed_metrics.loc["litigation_correction_rate"]  # (0 + 0) / ((1 - 0) + (0 - 0))
    assert (lit["value"], lit["denominator"]) == (0.0, 1.0)
    assert lit["small_base"]


def test_seed_from_report_and_long_cells_agree(seed):
    from_report = report_metrics(seed)
    assert list(from_report.columns[:3]) == ["agency", "year", "source"]
    assert (from_report["agency"] == "宁河区造甲城镇人民政府").all()
    assert (from_report["year"] == 2020).all()
    plain = report_metrics(seed.cells)  # one report's cells, no key columns
    assert list(plain.columns) == metrics.METRIC_COLUMNS
    pd.testing.assert_frame_equal(
        from_report[metrics.METRIC_COLUMNS].reset_index(drop=True), plain, check_dtype=False
    )
    pd.testing.assert_frame_equal(report_metrics(stack_cells(seed)), from_report, check_dtype=False)


def test_seed_quantities(seed):
    q = report_quantities(seed.cells)
    assert list(q.columns) == list(QUANTITY_IDS)
    assert len(q) == 1
    row = q.iloc[0]
    assert row["withheld"] == 1  # sum of the 8 不予公开 leaves
    assert row["other"] == 0  # 2019 template: one 其他处理 row
    assert row["litigation_upheld"] == 1 and row["litigation_total"] == 1


# ------------------------------------------------------------------- real batch, data/ folder


def test_pingtan_2023_hand_computed():
    rep = govkit.read_report(DATA / "2023_pingtan.txt")
    m = _by_id(report_metrics(rep))
    v, d = m["value"], m["denominator"]
    assert v["received"] == 81 and v["closed"] == 81
    assert v["disclosure_rate"] == pytest.approx((22 + 20) / 81)
    assert v["withheld_share"] == pytest.approx(5 / 81)  # narrative: 不予公开5
    assert v["unavailable_share"] == pytest.approx(31 / 81)
    assert v["not_processed_share"] == pytest.approx(1 / 81)
    assert v["other_share"] == pytest.approx(2 / 81)  # 2021 template: leaves 1 + 1 + 0
    assert v["carryover_rate"] == 0 and d["carryover_rate"] == 81
    # 第四部分 '110024001510102' = 1,1,0,0,2 | 4,0,0,1,5 | 1,0,1,0,2
    assert v["review_correction_rate"] == pytest.approx(0.5) and d["review_correction_rate"] == 2
    assert m.loc["review_correction_rate", "small_base"]
    assert v["litigation_correction_rate"] == 0 and d["litigation_correction_rate"] == 6
    assert m.loc["litigation_correction_rate", "small_base"]
    assert not m.loc["disclosure_rate", "small_base"]


def test_batch_one_row_per_report_and_metric():
    cells, _failures = govkit.read_reports(DATA, keep_duplicates=True)  # both seed files
    m = report_metrics(cells)
    n_reports = len(cells[["agency", "year", "source"]].drop_duplicates())
    assert len(m) == n_reports * len(METRICS)
    assert not m.duplicated(["source", "metric"]).any()
    assert not np.isinf(m["value"]).any()
    wide = wide_metrics(m)
    assert len(wide) == n_reports
    assert list(wide.columns) == [x.id for x in METRICS]
    named = wide_metrics(m, label="name")
    assert "实质公开率" in named.columns
    flags = wide_metrics(m, values="small_base")
    seed_row = flags[flags.index.get_level_values("source").str.endswith(SEED.name)]
    assert len(seed_row) == 1
    assert seed_row["disclosure_rate"].iloc[0]  # 办结数 0 < MIN_BASE
    assert not seed_row["received"].iloc[0]  # counts are never flagged


# --------------------------------------------------------------------------- inline tables


def _cells(requests: dict[str, float], review: dict[str, float] | None = None, **keys):
    """Long cells with a 总计 column for the given 第三部分 rows and the given 第四部分 columns."""
    rows = [{"table": "requests", "row": r, "col": "总计", "value": v} for r, v in requests.items()]
    rows += [
        {"table": "requests", "row": r, "col": "自然人", "value": 999.0} for r in requests
    ]  # other columns must not count
    rows += [
        {"table": "review_litigation", "row": "数量", "col": c, "value": v}
        for c, v in (review or {}).items()
    ]
    df = pd.DataFrame(rows)
    for k, v in keys.items():
        df.insert(0, k, v)
    return df


FULL = {
    "本年新收政府信息公开申请数量": 40,
    "上年结转政府信息公开申请数量": 10,
    "予以公开": 20,
    "部分公开": 5,
    "不予公开/属于国家秘密": 3,
    "不予公开/属于四类过程性信息": 2,
    "无法提供/本机关不掌握相关政府信息": 6,
    "不予处理/重复申请": 2,
    "其他处理/申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请": 1,
    "其他处理/其他": 1,
    "总计": 40,
    "结转下年度继续办理": 10,
}
REVIEW = {
    "行政复议/结果维持": 3,
    "行政复议/结果纠正": 2,
    "行政复议/其他结果": 1,
    "行政复议/尚未审结": 4,
    "行政复议/总计": 10,
    "行政诉讼/未经复议直接起诉/结果纠正": 1,
    "行政诉讼/未经复议直接起诉/结果维持": 4,
    "行政诉讼/未经复议直接起诉/尚未审结": 0,
    "行政诉讼/未经复议直接起诉/总计": 5,
    "行政诉讼/复议后起诉/结果纠正": 1,
    "行政诉讼/复议后起诉/结果维持": 4,
    "行政诉讼/复议后起诉/尚未审结": 2,
    "行政诉讼/复议后起诉/总计": 7,
}


def test_inline_rates():
    m = _by_id(report_metrics(_cells(FULL, REVIEW)))
    v = m["value"]
    assert v["disclosure_rate"] == pytest.approx(25 / 40)
    assert v["withheld_share"] == pytest.approx(5 / 40)
    assert v["unavailable_share"] == pytest.approx(6 / 40)
    assert v["not_processed_share"] == pytest.approx(2 / 40)
    assert v["other_share"] == pytest.approx(2 / 40)
    assert v["carryover_rate"] == pytest.approx(10 / 50)
    assert v["review_correction_rate"] == pytest.approx(2 / 6)
    assert v["litigation_correction_rate"] == pytest.approx(2 / 10)
    assert v["review_cases"] == 10 and v["litigation_cases"] == 12
    # small-base guard: 6 < 10 flagged, 10 is not
    assert m.loc["review_correction_rate", "denominator"] == 6
    assert m.loc["review_correction_rate", "small_base"]
    assert m.loc["litigation_correction_rate", "denominator"] == MIN_BASE
    assert not m.loc["litigation_correction_rate", "small_base"]
    assert not m.loc["disclosure_rate", "small_base"]


def test_zero_denominators_give_nan_not_inf():
    zero = dict(FULL, 总计=0, 本年新收政府信息公开申请数量=0, 上年结转政府信息公开申请数量=0)
    review = {"行政复议/结果纠正": 1, "行政复议/总计": 3, "行政复议/尚未审结": 3}
    m = _by_id(report_metrics(_cells(zero, review)))
    for mid in [
        "disclosure_rate",
        "withheld_share",
        "unavailable_share",
        "not_processed_share",
        "other_share",
        "carryover_rate",
        "review_correction_rate",
    ]:
        assert m.loc[mid, "denominator"] == 0, mid
        assert math.isnan(m.loc[mid, "value"]), mid
        assert m.loc[mid, "small_base"], mid
    assert not np.isinf(m["value"]).any()


def test_negative_denominator_is_nan():
    # broken totals: more 尚未审结 than 总计
    review = {"行政复议/结果纠正": 1, "行政复议/总计": 2, "行政复议/尚未审结": 5}
    m = _by_id(report_metrics(_cells(FULL, review)))
    assert m.loc["review_correction_rate", "denominator"] == -3
    assert math.isnan(m.loc["review_correction_rate", "value"])


def test_blank_cells():
    blank = dict(FULL)
    blank["不予公开/属于国家秘密"] = np.nan  # one blank leaf: skipped
    blank["无法提供/本机关不掌握相关政府信息"] = np.nan  # the only leaf given: group unknown
    blank["结转下年度继续办理"] = np.nan
    m = _by_id(report_metrics(_cells(blank)))  # no 第四部分 at all
    assert m.loc["withheld_share", "numerator"] == 2
    assert math.isnan(m.loc["unavailable_share", "numerator"])
    assert math.isnan(m.loc["unavailable_share", "value"])
    assert math.isnan(m.loc["carryover_rate", "value"])
    assert not m.loc["carryover_rate", "small_base"]  # unknown base is not a small base
    assert math.isnan(m.loc["review_correction_rate", "value"])
    assert math.isnan(m.loc["review_cases", "value"])


def test_groups_by_agency_year_source():
    a = _cells(FULL, REVIEW, source="a.txt", year=2023, agency="甲")
    b = _cells(dict(FULL, 予以公开=0, 部分公开=0), source="b.txt", year=2023, agency="甲")
    c = _cells({"本年新收政府信息公开申请数量": 3}, source="c.txt", year=2024, agency=None)
    m = report_metrics(pd.concat([a, b, c], ignore_index=True))
    assert list(m.columns[:3]) == ["agency", "year", "source"]
    assert len(m) == 3 * len(METRICS)
    rate = m[m["metric"] == "disclosure_rate"].set_index("source")["value"]
    assert rate["a.txt"] == pytest.approx(25 / 40)
    assert rate["b.txt"] == 0
    assert math.isnan(rate["c.txt"])  # agency unknown: kept, not dropped
    received = m[m["metric"] == "received"].set_index("source")["value"]
    assert received["c.txt"] == 3
    wide = wide_metrics(m)
    assert wide.index.names == ["agency", "year", "source"]
    assert len(wide) == 3


def test_empty_cells():
    empty = pd.DataFrame(columns=["agency", "year", "source", "table", "row", "col", "value"])
    m = report_metrics(empty)
    assert m.empty
    assert list(m.columns) == ["agency", "year", "source", *metrics.METRIC_COLUMNS]


# ------------------------------------------------------------------------- the definitions


def test_metrics_table_is_consistent():
    ids = [m.id for m in METRICS]
    assert len(ids) == len(set(ids))
    for m in METRICS:
        for term in (*m.numerator, *m.denominator):
            assert term.lstrip("-") in QUANTITY_IDS, (m.id, term)
        assert m.name in m.formula
    table = metrics_table()
    assert list(table["id"]) == ids
    assert table.set_index("id").loc["review_correction_rate", "denominator"] == (
        "review_total - review_pending"
    )
    required = {
        "收到申请数",
        "办结数",
        "实质公开率",
        "不予公开占比",
        "无法提供占比",
        "不予处理占比",
    }
    required |= {"其他处理占比", "结转率", "行政复议纠错率", "行政诉讼纠错率"}
    assert required <= {m.name for m in METRICS}


def test_metric_note():
    note = metric_note(["disclosure_rate"])
    assert "实质公开率 =（予以公开 + 部分公开）÷ 办结数" in note
    assert f"小于 {MIN_BASE}" in note  # a rate brings the small-base rule
    assert "小基数" not in metric_note("received")  # a count does not
    assert metric_note("实质公开率") == note  # Chinese names work too
    assert metric_note(["closed", "closed"]).count("办结数 =") == 1
    assert metric_note(["received", "closed"], sep="；").count("；") == 1
    everything = metric_note()
    assert all(m.formula in everything for m in METRICS)
    with pytest.raises(KeyError):
        metric_note("no_such_metric")
    assert get_metric("结转率").id == "carryover_rate"


def test_vectorised_no_row_loops():
    src = inspect.getsource(metrics)
    assert "iterrows" not in src and "itertuples" not in src and ".apply(" not in src


def test_pooled_metrics_weigh_applications_not_reports():
    """Per year: Σ numerator ÷ Σ denominator over reports where both are known."""
    from govkit.present.metrics import pooled_metrics

    cells, _ = govkit.read_reports(DATA, keep_duplicates=True)  # two 2020 reports to pool
    per_report = report_metrics(cells)
    pooled = pooled_metrics(cells).set_index(["year", "metric"])
    rate = per_report[(per_report["year"] == 2020) & (per_report["metric"] == "carryover_rate")]
    row = pooled.loc[(2020, "carryover_rate")]
    assert row["reports"] == len(rate) == 2
    assert row["denominator"] == rate["denominator"].sum() and row["small_base"]
    kewei = pooled.loc[(2024, "carryover_rate")]  # 结转下年度 blank: nothing to pool
    assert kewei["reports"] == 0 and np.isnan(kewei["value"])
