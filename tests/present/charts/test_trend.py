"""govkit.present.charts.trend: 收到申请数 of the same agency over the years, on data/'s three
distinct reports (one year each) and on batches of copies (tests/batches.py), Agg backend."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd
from batches import footnote, many_reports

from govkit.present.charts.trend import _apart, trend_chart
from govkit.present.metrics import report_metrics
from govkit.report import stack_cells


def test_trend_names_the_agencies_with_one_year(cells):
    ax = trend_chart(cells)
    assert ax.get_lines() == []
    assert "本批报告中没有同一机关的两个以上年度" in [t.get_text() for t in ax.texts]
    note = footnote(ax)
    assert "只有一个年度、未画出的机关：" in note
    for agency in ("宁河区造甲城镇人民政府", "平潭综合实验区", "上海市科委"):
        assert agency in note


def test_trend_draws_one_agency_over_two_years(reports):
    pingtan = stack_cells(reports[1])
    later = pingtan.assign(year=2024, source="x/2024_pingtan.txt")
    ax = trend_chart(pd.concat([pingtan, later], ignore_index=True))
    (line,) = ax.get_lines()
    assert line.get_label() == "平潭综合实验区"
    assert list(line.get_xdata()) == [2023, 2024] and list(line.get_ydata()) == [81, 81]


def test_trend_of_many_agencies_shows_quartiles_and_the_largest_changes():
    big = many_reports(40)  # 16 agencies over 2022-2023, 8 with one year
    ax = trend_chart(big)
    upper, lower = ax.get_figure(root=True).axes
    (median,) = upper.get_lines()
    received = report_metrics(big).query("metric == 'received'")
    paired = received[received["source"].str[4:9].astype(int) < 32]
    assert list(median.get_ydata()) == list(paired.groupby("year")["value"].median())
    changes = sorted(r.get_width() for r in lower.containers[0])
    wide = paired.pivot_table(index="agency", columns="year", values="value")
    assert changes[-1] == (wide[2023] - wide[2022]).abs().max()
    note = footnote(ax)
    assert "有两个以上年度的机关 16 个" in note
    assert "只有一个年度、未画出的机关：" in note  # 8 names, all listed


def test_trend_caps_the_list_of_single_year_agencies():
    note = footnote(trend_chart(many_reports(1000)))  # 200 agencies with one year
    assert "只有一个年度、未画出的机关（共 200 个，各报告见 summary.csv）：" in note
    assert note.count("单位") < 40 and "等 200 个机关。" in note


def test_trend_labels_each_of_a_few_agencies_at_its_line_end():
    ax = trend_chart(many_reports(10))  # 4 agencies over two years, 2 with one
    lines = ax.get_lines()
    assert len(lines) == 4 and ax.get_legend() is None
    ends = [t.get_text() for t in ax.texts]
    assert sorted(ends) == sorted(
        f"{line.get_label()} {line.get_ydata()[-1]:,.0f}" for line in lines
    )


def test_labels_are_moved_apart_as_little_as_needed_and_kept_in_the_axes():
    # three 10-pt labels wanted at one height, a fourth far above: the three stack upwards, it stays
    assert _apart([50, 50, 50, 90], [10, 10, 10, 10], 100) == [50, 60, 70, 90]
    # crowded at the top: pushed down below the axes' top (100)
    assert _apart([99, 99], [10, 10], 100) == [85, 95]
