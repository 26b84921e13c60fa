"""govkit.present.charts.draw: what every chart shares — the footnote (wrapped, extended, given
room), number formats, literal report text, report labels that stay unique, one report or a batch."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from conftest import DATA

import govkit
from govkit.present.charts.draw import (
    _as_batch,
    _empty,
    _fmt_n,
    _fmt_pct,
    _footnote,
    _new_axes,
    _plain,
    _report_labels,
    _same_agency,
    _single,
    _small_base_line,
    _wrap,
)
from govkit.report import stack_cells


def _foot(ax):
    (text,) = [t for t in ax.get_figure(root=True).texts if t.get_gid() == "govkit-footnote"]
    return text


# ----------------------------------------------------------------------------- wrapping


def test_wrap_counts_chinese_as_one_em_and_latin_as_about_half():
    assert _wrap("甲" * 25, 10) == ["甲" * 10, "甲" * 10, "甲" * 5]
    assert _wrap("a" * 36, 10) == ["a" * 18, "a" * 18]  # 18 × 0.55 = 9.9 em
    assert _wrap("短句", 10) == ["短句"]
    assert "".join(_wrap("混合 text 与中文，" * 9, 12)) == "混合 text 与中文，" * 9  # nothing lost


def test_wrap_breaks_after_punctuation_near_the_end_and_never_before_it():
    assert _wrap("一二三四五六七，八九十一二", 10) == ["一二三四五六七，", "八九十一二"]
    # a comma too early in the line is not worth a short line
    assert _wrap("一，二三四五六七八九十一二", 10) == ["一，二三四五六七八九", "十一二"]
    # closing punctuation that would start a line stays on the line before
    lines = _wrap("一二三四五六七八九十。后文", 10)
    assert lines[0] == "一二三四五六七八九十。" and not any(ln.startswith("。") for ln in lines)


# ----------------------------------------------------------------------------- footnote


def test_footnote_is_one_text_extended_without_repeats():
    ax = _new_axes(None, 6, 3)
    _footnote(ax, ["第一行", "第二行\n第三行"])
    _footnote(ax, ["第二行", "第四行", ""])
    assert _foot(ax).get_text().split("\n") == ["第一行", "第二行", "第三行", "第四行"]


def test_footnote_makes_room_in_its_own_figure():
    ax = _new_axes(None, 6, 3)
    fig = ax.get_figure(root=True)
    _footnote(ax, ["甲" * 20])
    one = fig.get_figheight()
    _footnote(ax, ["乙" * 200])  # wraps to several lines at 6 inches
    lines = _foot(ax).get_text().count("\n") + 1
    assert lines > 3
    assert fig.get_figheight() > one > 3  # the plot keeps its 3 inches, the note adds to it
    assert fig.get_figheight() == pytest.approx(3 + lines * 7.5 * 1.35 / 72 + 0.15)


def test_footnote_in_a_given_axes_keeps_the_figure_size():
    fig, ax = plt.subplots(figsize=(6, 4))
    _footnote(ax, ["说明" * 50])
    assert fig.get_figheight() == 4
    assert fig.subplotpars.bottom > 0.1  # room below the axes instead


def test_new_axes_uses_the_given_one():
    _fig, ax = plt.subplots()
    assert _new_axes(ax, 9, 4) is ax
    new = _new_axes(None, 9, 4)
    assert new is not ax and tuple(new.get_figure(root=True).get_size_inches()) == (9, 4)


# ------------------------------------------------------------------------- number formats


@pytest.mark.parametrize(
    ("value", "shown"),
    [(1234, "1,234"), (0, "0"), (2.5, "2.50"), (693957.0, "693,957"), (np.nan, "—")],
)
def test_fmt_n(value, shown):
    assert _fmt_n(value) == shown


def test_fmt_pct():
    assert _fmt_pct(42 / 81) == "51.9%"
    assert _fmt_pct(1 / 3, digits=0) == "33%"
    assert _fmt_pct(np.nan) == "—"


def test_plain_escapes_mathtext_dollars_only():
    assert _plain("甲$x$乙") == r"甲\$x\$乙"
    assert _plain(2020) == "2020"
    assert _plain("（一）予以公开") == "（一）予以公开"


def test_small_base_line():
    assert _small_base_line("办结数", []) == "小基数：无（各报告的办结数均不少于 10）。"
    assert _small_base_line("办结数", ["甲（3）", "乙（0）"]) == (
        "小基数（办结数 < 10，比率仅供参考）：甲（3）；乙（0）。"
    )


def test_empty_axes_say_why_and_show_no_ticks():
    _fig, ax = plt.subplots()
    _empty(ax, "无数据")
    assert [t.get_text() for t in ax.texts] == ["无数据"]
    assert list(ax.get_xticks()) == [] and list(ax.get_yticks()) == []
    assert not ax.spines["left"].get_visible()


# ---------------------------------------------------------------------- reports and labels


def test_report_labels_are_readable_and_unique():
    index = pd.MultiIndex.from_tuples(
        [
            ("某局", 2020, "a/x.txt"),
            ("某局", 2020, "b/x.txt"),
            ("某局", 2021, "a/y.txt"),
            (np.nan, np.nan, "c/z.txt"),
        ],
        names=["agency", "year", "source"],
    )
    assert _report_labels(index) == [
        "某局 2020（a/x.txt）",  # one file name is not enough: its folder is added
        "某局 2020（b/x.txt）",
        "某局 2021",
        "（机关未识别）",
    ]


def test_report_labels_without_sources_are_numbered():
    index = pd.MultiIndex.from_tuples([("甲", 2020), ("甲", 2020)], names=["agency", "year"])
    assert _report_labels(index) == ["甲 2020 #1", "甲 2020 #2"]


def test_same_agency_joins_a_breadcrumb_to_the_agency_it_ends_with():
    names = ["平潭综合实验区", "首页政务公开平潭综合实验区", "上海市科委", "某局", "市某局", None]
    same = _same_agency(names)
    assert same["首页政务公开平潭综合实验区"] == "平潭综合实验区"
    assert same["上海市科委"] == "上海市科委"
    assert same["市某局"] == "市某局"  # "某局" is too short to be sure
    assert None not in same


def test_single_labels_one_report_and_refuses_several(seed):
    cells, label = _single(seed)
    assert label == "宁河区造甲城镇人民政府 2020年" and len(cells) == len(seed.cells)
    _cells, label = _single(stack_cells(seed).assign(agency=np.nan, year=np.nan))
    assert label == "（机关未识别）"
    assert _single(seed.cells)[1] == ""  # bare cells: no label
    two = pd.concat([stack_cells(seed), stack_cells(seed).assign(source="other.txt")])
    with pytest.raises(ValueError, match="these cells hold 2 reports"):
        _single(two)


def test_as_batch_takes_cells_a_report_or_reports(seed):
    other = govkit.read_report(DATA / "2023_pingtan.txt")
    from_reports = _as_batch([seed, other])
    assert from_reports["source"].nunique() == 2
    assert len(from_reports) == len(seed.cells) + len(other.cells)
    assert _as_batch(seed).equals(stack_cells(seed))
    assert _as_batch(from_reports) is from_reports
