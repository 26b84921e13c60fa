"""govkit.present.charts.bars: the per-report bars, drawn at the rows they are given (the small
batch's every row, or a big batch's two ends around a free row), Agg backend."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from conftest import DATA

import govkit
from govkit.present.charts.bars import _batch_metrics, _not_whole, _received_bars
from govkit.report import stack_cells


def test_batch_metrics_label_two_files_of_one_report_apart():
    one = stack_cells(govkit.read_report(DATA / "2023_pingtan.txt"))
    twice = pd.concat([one, one.assign(source="x/other/2023_pingtan.txt")], ignore_index=True)
    value, num, den, labels = _batch_metrics(twice)
    assert len(set(labels)) == 2 and all(lab.startswith("平潭综合实验区 2023（") for lab in labels)
    assert value["received"].tolist() == [81, 81] and den["disclosure_rate"].tolist() == [81, 81]
    assert len(num) == 2


def test_received_bars_sit_on_the_rows_given_with_small_bases_hatched():
    _fig, ax = plt.subplots()
    s = pd.Series([1.0, 3.0, 50.0, 70.0], index=["甲 2023", "乙 2023", "丙 2023", "丁 2023"])
    small = _received_bars(ax, s, np.array([0, 1, 3, 4]))  # row 2 left free
    assert small.tolist() == [True, True, False, False]
    bars = list(ax.containers[0])
    assert [r.get_y() + r.get_height() / 2 for r in bars] == pytest.approx([0, 1, 3, 4])
    assert [r.get_hatch() for r in bars] == ["//", "//", None, None]
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "甲 2023 †",
        "乙 2023 †",
        "丙 2023",
        "丁 2023",
    ]
    assert [t.get_text() for t in ax.texts] == ["1", "3", "50", "70"]


def test_not_whole_names_the_reports_whose_shares_miss_100_percent():
    shares = pd.DataFrame(
        {"a": [0.5, 0.5, 0.5, np.nan], "b": [0.5, 0.496, 0.3, np.nan]}, index=list("wxyz")
    )
    off = _not_whole(shares)
    assert off.index.tolist() == ["y"] and off["y"] == pytest.approx(
        0.8
    )  # 99.6% rounds; all-NaN is no total
