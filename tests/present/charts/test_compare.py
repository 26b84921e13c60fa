"""govkit.present.charts.compare: the batch charts on the three distinct reports of data/
(宁河 2020: 本年新收 1, 办结 0; 平潭 2023: 81, 81; 上海市科委 2024: 34, 35), bar lengths and
footnotes checked against the printed tables (Agg backend)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import pytest
from batches import footnote, many_reports

from govkit.present.charts.compare import (
    BARS_MAX,
    compare_correction_chart,
    compare_outcomes_chart,
    compare_received_chart,
    copied_share_chart,
)
from govkit.present.charts.spread import ENDS
from govkit.present.metrics import report_metrics
from govkit.report import stack_cells

NINGHE, PINGTAN, KEWEI = "宁河区造甲城镇人民政府 2020", "平潭综合实验区 2023", "上海市科委 2024"


def _labels(ax) -> list[str]:
    return [t.get_text() for t in ax.get_yticklabels()]


def _by_label(ax, container) -> dict[str, float]:
    """Bar length per y tick label (bars sit on the tick, or offset within a group)."""
    ticks = dict(zip(ax.get_yticks(), _labels(ax), strict=True))
    out = {}
    for rect in container:
        centre = rect.get_y() + rect.get_height() / 2
        nearest = min(ticks, key=lambda y: abs(y - centre))
        out[ticks[nearest]] = rect.get_width()
    return out


def test_received_bars_sorted_with_small_bases_marked(cells):
    ax = compare_received_chart(cells)
    assert _labels(ax) == [f"{NINGHE} †", KEWEI, PINGTAN]  # ascending: 1, 34, 81
    rects = list(ax.containers[0])
    assert [r.get_width() for r in rects] == [1, 34, 81]
    assert [r.get_hatch() for r in rects] == ["//", None, None]  # 1 < MIN_BASE
    note = footnote(ax)
    assert f"该报告的各项申请比率为小基数，仅供参考：{NINGHE}（1 件）。" in note
    assert "各报告收到申请数均不少于" not in note


def test_received_without_small_bases_says_so(reports):
    ax = compare_received_chart(reports[1:])
    assert _labels(ax) == [KEWEI, PINGTAN]
    assert "各报告收到申请数均不少于 10。" in footnote(ax)


def test_outcome_shares_ranked_with_small_bases_below(cells):
    ax = compare_outcomes_chart(cells)
    # 宁河's 办结数 is 0: no shares, below and unranked; then by 实质公开率 9/35 < 42/81
    assert _labels(ax) == [f"{NINGHE} †", KEWEI, PINGTAN]
    by_name = {c.get_label(): _by_label(ax, c) for c in ax.containers}
    assert by_name["实质公开"][PINGTAN] == pytest.approx((22 + 20) / 81)
    assert by_name["实质公开"][KEWEI] == pytest.approx(9 / 35)
    assert by_name["不予公开"][PINGTAN] == pytest.approx(5 / 81)
    assert by_name["无法提供"][KEWEI] == pytest.approx((4 + 6) / 35)
    assert by_name["其他处理"][KEWEI] == pytest.approx((10 + 0 + 4) / 35)
    assert all(by_name[n][f"{NINGHE} †"] == 0 for n in by_name)
    assert "办结数为 0 或缺失，不计算比例" in [t.get_text() for t in ax.texts]
    assert "办结 81" in [t.get_text() for t in ax.texts]
    note = footnote(ax)
    assert f"小基数（办结数 < 10，比率仅供参考）：{NINGHE}（办结数 0）。" in note
    assert "各项之和不等于 100%" not in note  # both reports' results add up to 办结数


def test_outcome_shares_that_do_not_add_up_are_named(reports):
    cells = stack_cells(reports[1])
    hit = (cells["table"] == "requests") & (cells["row"] == "总计") & (cells["col"] == "总计")
    cells.loc[hit, "value"] = 100  # the six results still sum to 81
    note = footnote(compare_outcomes_chart(cells))
    assert "各项之和不等于 100%" in note and "平潭综合实验区 2023（合计 81.0%）" in note


def test_correction_rates_on_small_bases_get_no_bar(cells):
    ax = compare_correction_chart(cells)
    texts = [t.get_text() for t in ax.texts]
    assert all(r.get_width() == 0 for c in ax.containers for r in c)
    # 平潭: 复议 纠正 1 of 2 decided; 诉讼 0 of 5 + 2 − 1 = 6
    assert "复议：样本过小（纠正 1/已审结 2）†" in texts
    assert "诉讼：样本过小（纠正 0/已审结 6）†" in texts
    assert "复议：无已审结案件" in texts  # 宁河 复议 all 0
    note = footnote(ax)
    assert f"行政复议纠错率——{NINGHE}" not in note
    assert f"{PINGTAN}（2）" in note and f"{PINGTAN}（6）" in note


def test_a_correction_rate_on_ten_or_more_cases_is_a_bar(reports):
    cells = stack_cells(reports[1])
    litigation = (cells["table"] == "review_litigation") & cells["col"].str.startswith(
        "行政诉讼/未经复议直接起诉/"
    )
    new = {"结果维持": 6, "结果纠正": 4, "其他结果": 0, "尚未审结": 1, "总计": 11}
    cells.loc[litigation, "value"] = (
        cells.loc[litigation, "col"].str.rsplit("/", n=1).str[-1].map(new)
    )
    ax = compare_correction_chart(cells)
    # 纠正 4 + 0 of (11 + 2) − (1 + 0) = 12 decided
    review, litigation = ax.containers
    assert [r.get_width() for r in litigation] == [pytest.approx(4 / 12)]
    assert [r.get_width() for r in review] == [0]  # 复议 1 of 2: still a small base
    assert "诉讼 33.3%（4/12）" in [t.get_text() for t in ax.texts]


def test_copied_share_histogram_counts_reports_per_tenth():
    summary = pd.DataFrame(
        {
            "chars": [100, 200, 0, 50],
            "share_previous_year": [0.05, 0.55, 0.9, 1.0],
            "share_other_agency": [0.0, 0.12, 0.9, 0.95],
        }
    )
    ax = copied_share_chart(summary)
    previous, other = ax.containers
    # the report without narrative (chars 0) is left out; 1.0 falls in the last tenth
    assert [r.get_height() for r in previous] == [1, 0, 0, 0, 0, 1, 0, 0, 0, 1]
    assert [r.get_height() for r in other] == [1, 1, 0, 0, 0, 0, 0, 0, 0, 1]
    assert footnote(ax).startswith("3 份报告参与比较。")


def test_copied_share_without_narrative_says_why():
    summary = pd.DataFrame(
        {"chars": [0], "share_previous_year": [0.0], "share_other_agency": [0.0]}
    )
    ax = copied_share_chart(summary)
    assert not ax.containers
    assert any("没有可比较的叙述文字" in t.get_text() for t in ax.texts)


# ------------------------------------------------------------------------------ big batches


def _counts(ax) -> dict[str, int]:
    """Reports per bin of a distribution panel: bar length by y tick label."""
    return {k: int(v) for k, v in _by_label(ax, ax.containers[0]).items()}


def test_up_to_bars_max_reports_each_gets_a_bar_and_beyond_their_distribution():
    at_most = compare_received_chart(many_reports(BARS_MAX))
    assert len(_labels(at_most)) == BARS_MAX and len(at_most.get_figure(root=True).axes) == 1
    big = many_reports(BARS_MAX + 1)
    ax = compare_received_chart(big)
    upper, lower = ax.get_figure(root=True).axes
    received = report_metrics(big).query("metric == 'received'")["value"]
    counts = _counts(upper)
    assert sum(counts.values()) == BARS_MAX + 1
    assert counts["0"] == 0 and counts["1–2"] == int(received.between(1, 2).sum())
    assert counts["10–29"] == int(received.between(10, 29).sum())
    # the ends: the 8 smallest at the bottom, then a free row, the 8 largest on top
    shown = [r.get_width() for r in lower.containers[0]]
    ranked = sorted(received)
    assert shown == [*ranked[:ENDS], *ranked[-ENDS:]]
    assert any(f"中间 {BARS_MAX + 1 - 2 * ENDS} 份报告未画出" in t.get_text() for t in lower.texts)
    note = footnote(ax)
    assert f"本批 {BARS_MAX + 1} 份报告" in note and "summary.csv" in note
    small = int((received < 10).sum())  # 宁河's copies: 本年新收 1
    assert small and f"收到申请数 < 10（{small} 份）" in note


def test_a_big_batchs_outcomes_rank_only_reports_of_ten_or_more_closed():
    big = many_reports(60)
    ax = compare_outcomes_chart(big)
    upper, lower = ax.get_figure(root=True).axes
    m = report_metrics(big).query("metric == 'disclosure_rate'")
    ranked = m[m["denominator"] >= 10]
    assert sum(_counts(upper).values()) == len(ranked)
    note = footnote(ax)
    assert (
        f"办结数 < 10 或缺失的 {len(m) - len(ranked)} 份报告为小基数，不计入分布、不排序。" in note
    )
    assert f"办结数不少于 10 的 {len(ranked)} 份报告" in note
    # the drawn ends are ranked reports only: no faint (small base) bar among them
    assert all(r.get_alpha() is None for c in lower.containers for r in c)


def test_a_big_batchs_correction_rates_count_small_bases_apart():
    big = many_reports(60)
    ax = compare_correction_chart(big)
    m = report_metrics(big).query("metric == 'litigation_correction_rate'")
    d = m["denominator"]
    note = footnote(ax)
    assert (
        f"行政诉讼纠错率：{int((d >= 10).sum())} 份报告计入" in note
        and f"小基数（已审结 1–9 件，样本过小，不计入）{int(((d > 0) & (d < 10)).sum())} 份" in note
        and f"无已审结案件 {int((d == 0).sum())} 份" in note
    )


def test_a_big_batch_in_the_callers_axes_is_its_distribution_alone():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 5))
    drawn = compare_outcomes_chart(many_reports(BARS_MAX + 5), ax=ax)
    assert drawn is ax and fig.axes == [ax]
    assert _labels(ax)[0] == "0–10%" and "下图" not in footnote(ax)


def test_a_big_batch_counts_misprinted_values_outside_the_scale_instead_of_dropping_them():
    big = many_reports(BARS_MAX + 3)
    received = (big["table"] == "requests") & (big["row"] == "本年新收政府信息公开申请数量")
    first = big["source"] == big["source"].iloc[0]
    big.loc[received & first & (big["col"] == "总计"), "value"] = -5
    ax = compare_received_chart(big)
    counts = _counts(ax.get_figure(root=True).axes[0])
    assert counts["小于 0"] == 1 and sum(counts.values()) == BARS_MAX + 3
    assert "小于 0" not in _labels(compare_received_chart(many_reports(BARS_MAX + 3)))
