"""收到申请数 of the same agency over the years of a batch: a labelled line per agency, or for many
agencies the median and quartiles per year and the agencies whose count changed most."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from govkit.present.charts.bars import _batch_metrics
from govkit.present.charts.draw import (
    _empty,
    _fmt_n,
    _footnote,
    _legend_above,
    _new_axes,
    _plain,
    _same_agency,
    _wrap,
)
from govkit.present.charts.fonts import _styled
from govkit.present.charts.layout import fit, text_height
from govkit.present.charts.spread import ENDS, _end_rows, _ends, _gap_note, _some, _spread_axes
from govkit.present.definitions import metric_note

TREND_LINES = 6
"""Up to this many agencies the trend chart draws a labelled line each."""


@_styled
def trend_chart(data, *, ax: Axes | None = None, title: str | None = None) -> Axes:
    """收到申请数 year by year of the agencies that appear in two or more years of the batch: a
    line each, labelled at its end, up to TREND_LINES agencies; beyond, the median and quartiles
    per year and the agencies whose count changed most."""
    value, _num, _den, _labels = _batch_metrics(data)
    # the same report in two formats (a .txt and an .html) must not count twice: first one wins
    value = value.rename(index=_same_agency(value.index.get_level_values("agency")), level="agency")
    received = value["received"].groupby(level=["agency", "year"]).first()
    years = received.reset_index().dropna(subset=["year"])
    counts = years.groupby("agency")["year"].nunique()
    several = counts[counts >= 2].index.tolist()
    series = years[years["agency"].isin(several)].sort_values(["agency", "year"])
    title = title or "同一机关各年度收到的政府信息公开申请数"
    notes = [metric_note("received")]
    if len(several) > TREND_LINES:
        ax, spread = _trend_spread(series, len(several), ax, title)
        notes += spread
    else:
        ax = _new_axes(ax, 10, 4.6)
        _trend_lines(ax, series)
        ax.set_title(title)
        ax.set_xlabel("报告年度")
        ax.set_ylabel("收到申请数（件）")
    if not several:
        _empty(ax, "本批报告中没有同一机关的两个以上年度")
    single = [_plain(a) for a in counts.index if a not in several]
    if single:
        notes.append("只有一个年度、未画出的机关" + _some(single, "、", "个", "机关") + "。")
    notes.append("同一机关同一年度有多份报告（如同一报告的网页版和文本版）时取第一份。")
    _footnote(ax, notes)
    return ax


def _trend_lines(ax: Axes, series: pd.DataFrame) -> None:
    """A line per agency of `series` (agency, year, received), its name and last count written
    at its end, the ends moved apart so that no two overlap; with one agency every point's
    count is written too."""
    ends = []
    for agency, s in series.groupby("agency", sort=False):
        (line,) = ax.plot(s["year"], s["received"], marker="o", label=_plain(agency))
        known = s.dropna(subset=["received"])
        if len(known):
            ends.append((known.iloc[-1], line.get_color(), _plain(agency)))
        if series["agency"].nunique() == 1:
            _point_counts(ax, known["year"].iloc[:-1], known["received"].iloc[:-1])
    if not ends:
        return
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="y", color="0.9", lw=0.6)
    ax.set_ylim(bottom=min(0.0, float(series["received"].min())))
    texts = [
        "\n".join(_wrap(f"{name} {_fmt_n(row['received'])}", _END_EM)) for row, _c, name in ends
    ]
    heights = [text_height(t, _END_SIZE) + 2 for t in texts]
    fig = ax.get_figure(root=True)
    if hasattr(fig, "_govkit_plot_height"):  # our own figure: place the axes to know its height
        fit(fig)
    low, high = ax.get_ylim()
    scale = ax.get_position().height * fig.get_figheight() * 72 / (high - low)
    wanted = [(row["received"] - low) * scale for row, _c, _n in ends]
    placed = _apart(wanted, heights, (high - low) * scale)
    for (row, color, _name), text, want, at in zip(ends, texts, wanted, placed, strict=True):
        ax.annotate(
            text,
            (row["year"], row["received"]),
            textcoords="offset points",
            xytext=(8, at - want),
            va="center",
            fontsize=_END_SIZE,
            color=color,
        )


def _trend_spread(
    series: pd.DataFrame, agencies: int, ax: Axes | None, title: str
) -> tuple[Axes, list[str]]:
    """Many agencies' 收到申请数 over the years: per year the median and quartiles across the
    agencies of `series` reporting it, and the agencies whose count changed most."""
    known = series.dropna(subset=["received"])
    per_year = known.groupby("year")["received"]
    q = per_year.quantile([0.25, 0.5, 0.75]).unstack()
    spans = known.groupby("agency", sort=False).agg(
        first=("received", "first"), last=("received", "last"), years=("year", "nunique")
    )
    spans = spans[spans["years"] >= 2]
    change = spans["last"] - spans["first"]
    ends, tie_notes = _ends(change, ENDS, lambda v: f"{v:+,.0f}")
    ax, low = _spread_axes(ax, 8, len(ends) + 1)
    ax.fill_between(q.index, q[0.25], q[0.75], color="#90caf9", alpha=0.6, lw=0, label="四分位范围")
    ax.plot(q.index, q[0.5], marker="o", color="#1565c0", label="中位数")
    _point_counts(ax, q.index, q[0.5])
    sizes = per_year.size()
    ax.set_xticks(q.index, [f"{int(y)}\n{sizes[y]:,} 个机关" for y in q.index])
    ax.set_ylim(bottom=min(0.0, float(q[0.25].min())))
    ax.grid(axis="y", color="0.9", lw=0.6)
    _legend_above(ax, ncols=2)
    ax.set_title(title)
    ax.set_ylabel("收到申请数（件）")
    drawn = (
        f"本批有两个以上年度的机关 {agencies:,} 个，每个一条线会看不清：上图是这些机关各年度收到申请数的"
        "中位数（折线，标出数值）和四分位范围（浅色带，中间一半机关所在的范围），横轴下为该年度有数字的机关数"
        "（各年度的机关不必相同）"
    )
    if low is not None and len(ends):
        hidden = len(change) - len(ends)
        y = _end_rows(len(ends), hidden)
        colors = np.select([ends > 0, ends < 0], ["#1565c0", "#ef6c00"], "#9e9e9e")
        low.barh(y, ends.abs().to_numpy(), height=0.6, color=colors)
        top = max(float(ends.abs().max()), 1.0)
        for yi, lab, v in zip(y, ends.index, ends, strict=True):
            a, b = spans.loc[lab, ["first", "last"]]
            low.text(
                abs(v) + top * 0.01,
                yi,
                f"{v:+,.0f}（{_fmt_n(a)} → {_fmt_n(b)}）",
                va="center",
                fontsize=8.5,
            )
        low.set_yticks(y, [_plain(a) for a in ends.index])
        low.set_xlim(0, top * 1.12)
        if hidden:
            _gap_note(low, ENDS, hidden, "个机关")
        low.set_title(
            f"收到申请数变化（末年减首年）最小和最大的各 {ENDS} 个机关（蓝：增加，橙：减少，灰：不变）",
            fontsize=11,
        )
        low.set_xlabel("变化的件数（绝对值）")
        low.set_ylabel("机关")
        drawn += f"；下图是首末年度之间收到申请数变化最小（减少最多）和最大（增加最多）的各 {ENDS} 个机关"
    return ax, [drawn + "。" + "".join(f"{n}。" for n in tie_notes)]


def _point_counts(ax: Axes, xs, ys) -> None:
    """Each point's count written just above it."""
    for x, y in zip(xs, ys, strict=True):
        ax.annotate(
            _fmt_n(y), (x, y), textcoords="offset points", xytext=(0, 6), ha="center", fontsize=8.5
        )


_END_EM = 14  # an end label's line, in em
_END_SIZE = 8.5


def _apart(wanted: list[float], heights: list[float], room: float) -> list[float]:
    """Centres near `wanted` (points up the axes) for labels of `heights`, none overlapping:
    pushed up from the lowest, then down from `room` (the top) as far as they fit."""
    order = np.argsort(wanted, kind="stable")
    at = np.asarray(wanted, dtype=float)[order]
    h = np.asarray(heights, dtype=float)[order]
    floor = 0.0
    for i in range(len(at)):
        at[i] = max(at[i], floor + h[i] / 2)
        floor = at[i] + h[i] / 2
    ceiling = room
    for i in reversed(range(len(at))):
        at[i] = min(at[i], ceiling - h[i] / 2)
        ceiling = at[i] - h[i] / 2
    out = np.empty_like(at)
    out[order] = at
    return out.tolist()
