"""govkit.present.charts.spread: the bins, ends and capped lists of a big batch's charts (the charts
themselves are tested through compare_*_chart in test_compare.py)."""

from __future__ import annotations

import pandas as pd

from govkit.present.charts.spread import NAMES_MAX, _count_bins, _ends, _rate_counts, _some


def test_count_bins_are_two_a_decade_with_ten_an_edge():
    edges, labels = _count_bins(120)
    assert edges == [0, 1, 3, 10, 30, 100, 300]
    assert labels == ["0", "1–2", "3–9", "10–29", "30–99", "100–299"]
    assert _count_bins(0) == ([0, 1], ["0"])


def test_ends_say_how_many_of_the_same_value_are_not_drawn():
    s = pd.Series([0, 0, 0, 0, 5, 6, 7, 9, 9, 9], index=list("abcdefghij"))
    ends, notes = _ends(s, 2, str)
    assert list(ends.index) == ["a", "b", "i", "j"]  # ties in input order
    assert notes == [
        "最小一端与图中同为 0 的另有 2 份未画出",
        "最大一端与图中同为 9 的另有 1 份未画出",
    ]
    top, notes = _ends(s, 3, str, low=False)
    assert list(top.index) == ["h", "i", "j"] and notes == []
    assert list(_ends(s.head(4), 2, str)[0].index) == list("abcd")  # all fit: all drawn


def test_name_lists_are_capped_with_how_many_in_all():
    few = [f"机关{i}" for i in range(NAMES_MAX)]
    assert _some(few, "、", "个", "机关") == "：" + "、".join(few)
    many = [f"机关{i}" for i in range(25)]
    text = _some(many, "、", "个", "机关")
    assert text.startswith("（共 25 个，各报告见 summary.csv）：机关0、") and text.endswith(
        "机关9 等 25 个机关"
    )


def test_rate_bins_hold_100_percent_in_the_last_tenth_and_misprints_in_rows_of_their_own():
    counts = _rate_counts(pd.DataFrame({"r": [0.0, 0.1, 0.999, 1.0, 1.2, None]}))["r"]
    assert counts.index[0] == "0–10%" and counts.index[-1] == "超过 100%"
    assert counts[["0–10%", "10–20%", "90–100%", "超过 100%"]].tolist() == [1, 1, 2, 1]
    assert counts.sum() == 5
