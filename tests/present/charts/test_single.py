"""govkit.present.charts.single: what each one-report chart draws — bar lengths, value labels,
footnote lines — checked against the printed tables of the seed, data/2023_pingtan.txt and
data/2024_shanghai_kewei.md (Agg backend; no pixels compared)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pytest
from batches import footnote
from conftest import DATA

import govkit
from govkit.present.charts.single import (
    ACTIVE_COUNT_COLS,
    active_chart,
    applicant_chart,
    outcome_chart,
    review_litigation_chart,
)
from govkit.report import stack_cells


@pytest.fixture(scope="module")
def pingtan():
    return govkit.read_report(DATA / "2023_pingtan.txt")


@pytest.fixture(scope="module")
def kewei():
    return govkit.read_report(DATA / "2024_shanghai_kewei.md")


def _texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


# ---------------------------------------------------------------------------- outcome_chart


def test_outcome_bars_are_the_six_results_of_the_total_column(pingtan):
    ax = outcome_chart(pingtan)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    # （一） on top: the y positions run downwards
    by_label = dict(zip(labels, ax.get_yticks(), strict=True))
    assert by_label["（一）予以公开"] > by_label["（六）其他处理"]
    widths = {
        label: rect.get_width()
        for rect in ax.containers[0]
        for label, y in by_label.items()
        if abs(rect.get_y() + rect.get_height() / 2 - y) < 1e-9
    }
    # printed 总计 column: 22, 20, 不予公开 0+0+0+1+0+1+1+2, 无法提供 31, 不予处理 1, 其他 1+0+1
    assert widths == {
        "（一）予以公开": 22,
        "（二）部分公开": 20,
        "（三）不予公开": 5,
        "（四）无法提供": 31,
        "（五）不予处理": 1,
        "（六）其他处理": 2,
    }
    assert "22（27.2%）" in _texts(ax) and "31（38.3%）" in _texts(ax)
    assert ax.get_xlabel() == "件数（第三部分“总计”列；办结数 = 81）"
    note = footnote(ax)
    assert "原表不平" not in note and "小基数：办结数为" not in note


def test_outcome_of_an_unbalanced_small_report_says_both(seed):
    # the seed: （三）不予公开 5 = 1, the rest 0, while （七）总计 prints 0
    ax = outcome_chart(seed)
    assert sorted(r.get_width() for r in ax.containers[0]) == [0, 0, 0, 0, 0, 1]
    assert "1" in _texts(ax) and not any("%" in t for t in _texts(ax))  # no share of 0
    note = footnote(ax)
    assert "小基数：办结数为 0（< 10）" in note
    assert "六类办理结果之和（1）≠“（七）总计”（0），原表不平，请核对。" in note
    assert ax.get_title() == "宁河区造甲城镇人民政府 2020年 依申请公开办理结果"


def test_a_given_title_replaces_the_default(seed):
    assert outcome_chart(seed, title="自定义").get_title() == "自定义"


# -------------------------------------------------------------------------- applicant_chart


def test_applicant_bars_are_the_new_requests_by_applicant(kewei):
    ax = applicant_chart(kewei)
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    # printed: | 一、本年新收政府信息公开申请数量 | 32 | 2 | 0 | 0 | 0 | 0 | 34 |
    assert [r.get_height() for r in ax.containers[0]] == [32, 2, 0, 0, 0, 0]
    assert "32\n94.1%" in _texts(ax) and "2\n5.9%" in _texts(ax)
    assert ax.get_ylabel() == "本年新收申请数（件；总计 34）"
    assert "小基数" not in footnote(ax) and "原表不平" not in footnote(ax)


def test_applicant_chart_flags_a_small_base(seed):
    ax = applicant_chart(seed)  # 本年新收: 自然人 1, total 1
    assert [r.get_height() for r in ax.containers[0]] == [1, 0, 0, 0, 0, 0]
    assert "小基数：收到申请数为 1（< 10），构成比例仅供参考。" in footnote(ax)


# ------------------------------------------------------------------ review_litigation_chart


def test_review_bars_stack_the_results_of_each_block(pingtan):
    # 第四部分 '110024001510102': 复议 1,1,0,0,2 | 直接起诉 4,0,0,1,5 | 复议后起诉 1,0,1,0,2
    ax = review_litigation_chart(pingtan)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["行政复议", "行政诉讼：未经复议直接起诉", "行政诉讼：复议后起诉"]
    order = {label: y for label, y in zip(labels, ax.get_yticks(), strict=True)}
    widths = {}
    for container in ax.containers:
        for rect in container:
            block = next(
                lab
                for lab, y in order.items()
                if abs(rect.get_y() + rect.get_height() / 2 - y) < 1e-9
            )
            widths[(block, container.get_label())] = rect.get_width()
    assert widths[("行政复议", "维持")] == 1 and widths[("行政复议", "纠正")] == 1
    assert widths[("行政诉讼：未经复议直接起诉", "维持")] == 4
    assert widths[("行政诉讼：未经复议直接起诉", "尚未审结")] == 1
    assert widths[("行政诉讼：复议后起诉", "其他")] == 1
    assert sum(widths.values()) == 2 + 5 + 2
    assert {"总计 2", "总计 5"} <= set(_texts(ax))
    note = footnote(ax)
    assert "本报告行政复议纠错率：50.0%（分母 2）；本报告行政诉讼纠错率：0.0%（分母 6）。" in note
    assert "行政复议纠错率（分母 2）；行政诉讼纠错率（分母 6）" in note


def test_review_chart_names_a_block_that_does_not_add_up(pingtan):
    cells = stack_cells(pingtan)
    hit = (cells["table"] == "review_litigation") & (cells["col"] == "行政复议/总计")
    cells.loc[hit, "value"] = 3  # 1 + 1 + 0 + 0 printed as 3
    note = footnote(review_litigation_chart(cells))
    assert "注意：行政复议（分项和 2 ≠ 总计 3），原表不平，请核对。" in note
    assert "原表不平" not in footnote(review_litigation_chart(pingtan))


# ------------------------------------------------------------------------------ active_chart


def test_active_bars_are_the_count_cells_only(seed):
    ax = active_chart(seed)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    ys = list(ax.get_yticks())
    by_y = {rect.get_y() + rect.get_height() / 2: rect.get_width() for rect in ax.containers[0]}
    values = {label: by_y[y] for label, y in zip(labels, ys, strict=True)}
    # printed count cells of 第二部分 (本年增/减 and 采购总金额 are not counts)
    assert values == {
        "规章·本年新制作数量": 0,
        "规章·本年新公开数量": 0,
        "规章·对外公开总数量": 0,
        "规范性文件·本年新制作数量": 0,
        "规范性文件·本年新公开数量": 0,
        "规范性文件·对外公开总数量": 0,
        "行政许可·上一年项目数量": 0,
        "行政许可·处理决定数量": 0,
        "其他对外管理服务事项·上一年项目数量": 0,
        "其他对外管理服务事项·处理决定数量": 0,
        "行政处罚·上一年项目数量": 11,
        "行政处罚·处理决定数量": 20,
        "行政强制·上一年项目数量": 1,
        "行政强制·处理决定数量": 0,
        "行政事业性收费·上一年项目数量": 0,
        "政府集中采购·采购项目数量": 5,
    }
    assert labels[0] == "规章·本年新制作数量"  # report order, top down
    assert "未画出" not in footnote(ax) and "带 *" not in footnote(ax)


def test_active_chart_splits_by_scale_and_names_what_it_could_not_draw(pingtan):
    # printed run together: 规章000 行政规范性文件77132470 … 行政许可2629 … 行政处罚1330 行政强制54
    ax = active_chart(pingtan)
    upper, lower = ax.get_figure(root=True).axes
    assert upper is ax
    assert [t.get_text() for t in upper.get_yticklabels()] == [
        "行政许可·本年处理决定数量",
        "行政处罚·本年处理决定数量",
    ]
    assert [r.get_width() for r in upper.containers[0]] == [2629, 1330]
    # 54 is below 2629 / 20: a panel of its own scale, with the zeros
    assert [t.get_text() for t in lower.get_yticklabels()] == [
        "规章·本年制发件数 *",
        "规章·本年废止件数 *",
        "规章·现行有效件数 *",
        "行政强制·本年处理决定数量",
    ]
    assert [r.get_width() for r in lower.containers[0]] == [0, 0, 0, 54]
    assert lower.get_title() == "第 2 栏：最大 54（刻度与上栏不同）"
    note = footnote(ax)
    assert (
        "未画出（空白或拆分不确定）：行政规范性文件·本年制发件数、本年废止件数、现行有效件数"
        "（原文“77132470”）。" in note
    )
    assert "带 * 的数值由连写数字拆分或推断得到" in note  # 规章's 000 was split
    assert "按大小分 2 栏画" in note


def test_active_count_columns_are_counts_only():
    assert "采购总金额" not in ACTIVE_COUNT_COLS and "本年收费金额" not in ACTIVE_COUNT_COLS
    assert "本年增/减" not in ACTIVE_COUNT_COLS
    assert {"本年新制作数量", "处理决定数量", "采购项目数量"} <= set(ACTIVE_COUNT_COLS)
