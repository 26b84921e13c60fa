"""The compare charts of a big batch (more than BARS_MAX reports): how a figure spreads over the
reports (reports per bin) above, the reports at its ends drawn one bar each below, and footnotes
that count instead of listing (each report's figures are in the overview's summary.csv)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from govkit.present.charts.bars import (
    _KINDS,
    _NOT_WHOLE,
    _SHARES,
    _correction_bars,
    _not_whole,
    _outcome_bars,
    _received_bars,
)
from govkit.present.charts.draw import (
    _fmt_n,
    _fmt_pct,
    _footnote,
    _legend_above,
    _panels,
)
from govkit.present.definitions import MIN_BASE, metric_note

ENDS = 8
"""Reports (or agencies) named at each end of a big batch's chart."""
NAMES_MAX = 10
"""Names a footnote lists before it says 等 N 个 and points to summary.csv."""


def _some(names: list[str], sep: str, unit: str, what: str) -> str:
    """ "：a、b、c" for a few names; past NAMES_MAX the first ones and how many in all."""
    if len(names) <= NAMES_MAX:
        return "：" + sep.join(names)
    return (
        f"（共 {len(names):,} {unit}，各报告见 summary.csv）："
        + sep.join(names[:NAMES_MAX])
        + f" 等 {len(names):,} {unit}{what}"
    )


def _spread_axes(ax: Axes | None, bins: int, rows: int) -> tuple[Axes, Axes | None]:
    """The distribution's axes and, in a figure of the chart's own, the named reports' below it;
    a caller's `ax` gets the distribution only."""
    if ax is not None:
        return ax, None
    upper, lower = _panels(10, [1.6 + 0.34 * bins, 1.8 + 0.42 * rows])
    return upper, lower


def _histogram(
    ax: Axes, counts: pd.DataFrame, colors: list[str], faint: np.ndarray | None = None
) -> None:
    """Reports per bin as horizontal bars: a row per bin (index labels, the first at the bottom),
    a bar per column, each with its count; `faint` bins light and hatched (small bases)."""
    k = counts.shape[1]
    h = 0.8 / k
    y = np.arange(len(counts))
    top = max(float(counts.to_numpy().max(initial=0)), 1.0)
    for j, (col, color) in enumerate(zip(counts.columns, colors, strict=True)):
        at = y + (k - 1 - 2 * j) * h / 2
        bars = ax.barh(at, counts[col].to_numpy(), height=h * 0.92, color=color, label=col)
        for rect, is_faint in zip(bars, faint if faint is not None else [], strict=False):
            if is_faint:
                rect.set_facecolor("#90caf9")
                rect.set_hatch("//")
        for yi, c in zip(at, counts[col], strict=True):
            if c:  # an empty bin has no bar and needs no "0"
                ax.text(c + top * 0.01, yi, f"{c:,} 份", va="center", fontsize=8)
    ax.set_yticks(y, counts.index)
    ax.set_xlim(0, top * 1.15)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("报告数（份）")


def _ends(s: pd.Series, n: int, fmt, *, low: bool = True) -> tuple[pd.Series, list[str]]:
    """The `n` smallest (if `low`) and `n` largest values of `s`, ascending (ties in input
    order), and a note for each end where reports of the same value are left out."""
    ranked = s.dropna().sort_values(kind="stable")
    if len(ranked) <= (2 * n if low else n):
        return ranked, []
    picks = ([("最小", ranked.iloc[:n])] if low else []) + [("最大", ranked.iloc[-n:])]
    notes = []
    for end, part in picks:
        edge = part.iloc[-1] if end == "最小" else part.iloc[0]
        left_out = int((ranked == edge).sum() - (part == edge).sum())
        if left_out:
            notes.append(f"{end}一端与图中同为 {fmt(edge)} 的另有 {left_out:,} 份未画出")
    return pd.concat([part for _, part in picks]), notes


def _end_rows(count: int, hidden: int) -> np.ndarray:
    """Heights of `count` named reports (as `_ends` gives them): with some `hidden` between the
    two ends, the ENDS low ones, a free row (row ENDS) and the high ones."""
    rows = np.arange(count)
    return np.where(rows < ENDS, rows, rows + 1) if hidden else rows


def _gap_note(ax: Axes, row: int, hidden: int, unit: str = "份报告") -> None:
    """Says, on the free row between the two ends, how many are not drawn and where they are."""
    ax.text(
        0.0,
        row,
        f"⋯⋯ 中间 {hidden:,} {unit}未画出（见 summary.csv）",
        va="center",
        fontsize=8.5,
        color="0.35",
    )


def _count_bins(top: float) -> tuple[list[float], list[str]]:
    """Edges 0, 1, 3, 10, 30, … (two a decade; 10 = MIN_BASE is an edge) up past `top`, and the
    bins' labels ("0", "1–2", "3–9", …): counts are whole numbers."""
    edges, labels, low = [0.0, 1.0], ["0"], 1
    while edges[-1] <= top:
        high = low * 3 if str(low)[0] == "1" else low * 10 // 3
        edges.append(float(high))
        labels.append(f"{low:,}–{high - 1:,}")
        low = high
    return edges, labels


def _received_spread(s: pd.Series, ax: Axes | None, title: str) -> Axes:
    """A big batch's 收到申请数: reports per bin, and the reports at both ends named."""
    known = s.dropna()
    edges, bins = _count_bins(float(known.max()) if len(known) else 0.0)
    if (known < 0).any():  # a misprint; counted, not hidden
        edges, bins = [-np.inf, *edges], ["小于 0", *bins]
    binned = pd.cut(known, edges, right=False, labels=bins)
    counts = binned.value_counts(sort=False).to_frame("报告数")
    ends, tie_notes = _ends(known, ENDS, _fmt_n)
    ax, low = _spread_axes(ax, len(counts), len(ends) + 1)
    _histogram(ax, counts, ["#1565c0"], faint=np.array(edges[1:]) <= MIN_BASE)
    ax.set_ylabel("收到申请数（件）")
    ax.set_title(title)
    drawn = f"上图是 {len(known):,} 份报告收到申请数的分布（每段的报告数）"
    if low is not None:
        hidden = len(known) - len(ends)
        _received_bars(low, ends, _end_rows(len(ends), hidden))
        if hidden:
            _gap_note(low, ENDS, hidden)
        low.set_title(f"收到申请数最少和最多的各 {ENDS} 份报告", fontsize=11)
        drawn += f"，下图画出最少和最多的各 {ENDS} 份（†：小基数）"
    small = int((known < MIN_BASE).sum())
    notes = [
        metric_note("received"),
        f"本批 {len(s):,} 份报告，每份一条会太长：{drawn}；每份报告的数字见概览的 summary.csv。"
        + ("".join(f"{n}。" for n in tie_notes) if tie_notes else ""),
        f"浅色斜线：收到申请数 < {MIN_BASE}（{small:,} 份），这些报告的各项申请比率为小基数，仅供参考。"
        if small
        else f"各报告收到申请数均不少于 {MIN_BASE}。",
    ]
    if len(known) < len(s):
        notes.append(f"收到申请数缺失的 {len(s) - len(known):,} 份报告不在图中。")
    _footnote(ax, notes)
    return ax


_RATE_BINS = [-np.inf, *(i / 10 for i in range(10)), 1.0 + 1e-9, np.inf]
_RATE_LABELS = ["小于 0%", *(f"{i * 10}–{i * 10 + 10}%" for i in range(10)), "超过 100%"]


def _rate_counts(rates: pd.DataFrame) -> pd.DataFrame:
    """Reports per tenth of each rate column (the last tenth includes 100%); rows for rates
    below 0% or above 100% (misprints) only when there are any."""
    counts = pd.DataFrame(
        {
            c: pd.cut(rates[c].dropna(), _RATE_BINS, right=False, labels=_RATE_LABELS)
            .value_counts(sort=False)
            .reindex(_RATE_LABELS, fill_value=0)
            for c in rates.columns
        }
    )
    outside = counts.index.isin(_RATE_LABELS[:: len(_RATE_LABELS) - 1])
    return counts[~outside | counts.any(axis=1).to_numpy()]


def _outcomes_spread(shares: pd.DataFrame, closed: pd.Series, ax: Axes | None, title: str) -> Axes:
    """A big batch's outcomes: reports per tenth of 实质公开率 (办结数 >= MIN_BASE), and the
    reports with the lowest and the highest, their whole make-up drawn."""
    ranked = (closed >= MIN_BASE).to_numpy()  # NaN compares False
    rate = shares.loc[ranked, "实质公开"].dropna()
    counts = _rate_counts(rate.to_frame("实质公开率"))
    ends, tie_notes = _ends(rate, ENDS, _fmt_pct)
    ax, low = _spread_axes(ax, len(counts), len(ends) + 1)
    _histogram(ax, counts, ["#2e7d32"])
    ax.set_ylabel("实质公开率")
    ax.set_title(title)
    drawn = (
        f"上图是办结数不少于 {MIN_BASE} 的 {len(rate):,} 份报告实质公开率的分布"
        "（每十个百分点的报告数，最后一段含 100%）"
    )
    if low is not None:
        hidden = len(rate) - len(ends)
        rows = _end_rows(len(ends), hidden)
        _outcome_bars(low, shares.loc[ends.index], closed.loc[ends.index], rows)
        if hidden:
            _gap_note(low, ENDS, hidden)
        low.set_title(f"实质公开率最低和最高的各 {ENDS} 份报告：办理结果构成", fontsize=11)
        drawn += f"，下图画出实质公开率最低和最高的各 {ENDS} 份的办理结果构成"
    notes = [
        metric_note([k for k, _, _ in _SHARES]),
        f"本批 {len(shares):,} 份报告，每份一条会太长：{drawn}；每份报告的数字见概览的 summary.csv。"
        + "".join(f"{n}。" for n in tie_notes),
        f"办结数 < {MIN_BASE} 或缺失的 {int((~ranked).sum()):,} 份报告为小基数，不计入分布、不排序"
        + (
            f"；另有 {int(ranked.sum()) - len(rate):,} 份实质公开率缺失"
            if ranked.sum() > len(rate)
            else ""
        )
        + "。",
    ]
    if len(rate):
        medians = shares.loc[rate.index].median()
        notes.append(
            f"这 {len(rate):,} 份报告各项占比的中位数："
            + "，".join(f"{name} {_fmt_pct(medians[name])}" for _k, name, _c in _SHARES)
            + "（各项的中位数分别计算，相加不必等于 100%）。"
        )
    off = _not_whole(shares)
    if len(off):
        notes.append(
            _NOT_WHOLE.removesuffix("：")
            + _some([f"{lab}（合计 {_fmt_pct(t)}）" for lab, t in off.items()], "；", "份", "报告")
            + "。"
        )
    _footnote(ax, notes)
    return ax


def _correction_spread(
    value: pd.DataFrame, num: pd.DataFrame, den: pd.DataFrame, ax: Axes | None, title: str
) -> Axes:
    """A big batch's correction rates: reports per tenth of each rate (已审结 >= MIN_BASE), and
    the reports with the highest of each, drawn with their counts."""
    judged = {k: value[k].where(den[k] >= MIN_BASE) for k, *_ in _KINDS}
    counts = _rate_counts(pd.DataFrame({name: judged[k] for k, name, *_ in _KINDS}))
    tops = {name: _ends(judged[k], ENDS, _fmt_pct, low=False) for k, name, *_ in _KINDS}
    rows = list(dict.fromkeys(lab for part, _ in tops.values() for lab in part.index[::-1]))
    ax, low = _spread_axes(ax, len(counts), len(rows))
    _histogram(ax, counts, [color for *_, color in _KINDS])
    ax.set_ylabel("纠错率")
    handles = [Patch(color=color, label=name) for _, name, _, color in _KINDS]
    _legend_above(ax, handles=handles, ncols=2)
    ax.set_title(title)
    drawn = f"上图是已审结案件不少于 {MIN_BASE} 件的报告纠错率的分布（每十个百分点的报告数，最后一段含 100%）"
    if low is not None and rows:
        _correction_bars(
            low, value.loc[rows], num.loc[rows], den.loc[rows], np.arange(len(rows))[::-1]
        )
        low.set_title(f"纠错率最高的报告（复议、诉讼各至多 {ENDS} 份）", fontsize=11, pad=24)
        drawn += f"，下图画出行政复议、行政诉讼纠错率最高的各 {ENDS} 份（两项都写出）"
    notes = [
        metric_note([k for k, *_ in _KINDS]),
        f"本批 {len(value):,} 份报告，每份一组会太长：{drawn}；每份报告的数字见概览的 summary.csv。"
        + "".join(f"{name}{n}。" for name, (_p, ns) in tops.items() for n in ns),
    ]
    for k, name, *_ in _KINDS:
        d = den[k]
        notes.append(
            f"{name}：{int(judged[k].notna().sum()):,} 份报告计入（其中纠错率为 0 的 "
            f"{int((judged[k] == 0).sum()):,} 份）；小基数（已审结 1–{MIN_BASE - 1} 件，样本过小，不计入）"
            f"{int(((d > 0) & (d < MIN_BASE)).sum()):,} 份；无已审结案件 {int((d == 0).sum()):,} 份"
            + (f"；数据缺失 {int(d.isna().sum()):,} 份" if d.isna().any() else "")
            + "。"
        )
    _footnote(ax, notes)
    return ax
