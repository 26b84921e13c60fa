"""Charts of a batch: received, outcome shares and correction rates per report, trends, copied text."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator, PercentFormatter

from govkit.present.charts.draw import (
    _as_batch,
    _empty,
    _fmt_n,
    _fmt_pct,
    _footnote,
    _legend_above,
    _new_axes,
    _plain,
    _report_labels,
    _same_agency,
    _small_base_line,
    _wrap,
)
from govkit.present.charts.fonts import ChartFigure, _styled
from govkit.present.charts.layout import fit, text_height
from govkit.present.definitions import MIN_BASE, metric_note
from govkit.present.metrics import report_keys, report_metrics, wide_metrics

# ---------------------------------------------------------------------------------- batches


def _batch_metrics(data) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, list[str]]:
    """Wide value, numerator and denominator tables of a batch, and a label per report."""
    cells = _as_batch(data)
    m = report_metrics(cells)
    value = wide_metrics(m)
    num = wide_metrics(m, values="numerator")
    den = wide_metrics(m, values="denominator")
    labels = _report_labels(value.index) if report_keys(cells) else ["本报告"]
    return value, num, den, labels


BARS_MAX = 40
"""Up to this many reports the compare charts draw a bar (or a group) per report, ~19-26 in tall
at 40; a bigger batch gets the distribution over its reports and the reports at both ends."""
ENDS = 8
"""Reports (or agencies) named at each end of a big batch's chart."""
TREND_LINES = 6
"""Up to this many agencies the trend chart draws a labelled line each."""
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
    import matplotlib.pyplot as plt  # lazily, as draw._new_axes

    top, bottom = 1.6 + 0.34 * bins, 1.8 + 0.42 * rows
    fig, (upper, lower) = plt.subplots(
        2, 1, figsize=(10, top + bottom), height_ratios=[top, bottom], FigureClass=ChartFigure
    )
    fig._govkit_plot_height = top + bottom  # type: ignore[attr-defined]
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


@_styled
def compare_received_chart(data, *, ax: Axes | None = None, title: str | None = None) -> Axes:
    """Bars comparing 收到申请数 (本年新收/总计) across the reports of a batch; past BARS_MAX
    reports, their distribution and the reports at both ends."""
    value, _num, _den, labels = _batch_metrics(data)
    s = pd.Series(value["received"].to_numpy(), index=labels)
    title = title or "各报告收到政府信息公开申请数"
    if len(s) > BARS_MAX:
        return _received_spread(s, ax, title)
    s = s.sort_values(ascending=True)
    ax = _new_axes(ax, 10, max(3.2, 1.9 + 0.42 * len(s)))
    small = _received_bars(ax, s, np.arange(len(s)))
    ax.set_title(title)
    items = [f"{lab}（{_fmt_n(v)} 件）" for lab, v in s[small].items()]
    notes = [
        metric_note("received"),
        (
            f"† 浅色斜线：收到申请数 < {MIN_BASE}，该报告的各项申请比率为小基数，仅供参考："
            + "；".join(items)
            + "。"
        )
        if items
        else f"各报告收到申请数均不少于 {MIN_BASE}。",
    ]
    _footnote(ax, notes)
    return ax


def _received_bars(ax: Axes, s: pd.Series, y: np.ndarray) -> np.ndarray:
    """One bar per report of `s` (收到申请数 by label) at heights `y`, small bases light and
    hatched, each with its count; returns which are small bases."""
    small = (s < MIN_BASE).to_numpy()
    bars = ax.barh(y, s.fillna(0).to_numpy(), color="#1565c0", height=0.6)
    for rect, is_small in zip(bars, small, strict=True):
        if is_small:
            rect.set_facecolor("#90caf9")
            rect.set_hatch("//")
    top = max(float(np.nanmax([*s.to_numpy(), 1.0])), 1.0)
    for yi, v in zip(y, s, strict=True):
        ax.text(np.nan_to_num(v) + top * 0.01, yi, _fmt_n(v), va="center", fontsize=9)
    ax.set_yticks(y, [f"{lab} †" if sm else lab for lab, sm in zip(s.index, small, strict=True)])
    ax.set_xlim(0, top * 1.12)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("收到申请数（件）")
    ax.set_ylabel("报告（机关 年度）")
    return small


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


_SHARES = [
    ("disclosure_rate", "实质公开", "#2e7d32"),
    ("withheld_share", "不予公开", "#c62828"),
    ("unavailable_share", "无法提供", "#ef6c00"),
    ("not_processed_share", "不予处理", "#6a1b9a"),
    ("other_share", "其他处理", "#9e9e9e"),
]


@_styled
def compare_outcomes_chart(data, *, ax: Axes | None = None, title: str | None = None) -> Axes:
    """100% stacked bars of 实质公开率 and the 不予公开/无法提供/不予处理/其他处理 shares per report;
    past BARS_MAX reports, the distribution of 实质公开率 and the reports at both ends."""
    value, _num, den, labels = _batch_metrics(data)
    shares = pd.DataFrame({name: value[k].to_numpy() for k, name, _ in _SHARES}, index=labels)
    closed = pd.Series(den["disclosure_rate"].to_numpy(), index=labels)
    title = title or "各报告依申请公开办理结果构成（占办结数）"
    if len(shares) > BARS_MAX:
        return _outcomes_spread(shares, closed, ax, title)
    # ranked by 实质公开率 (highest on top); small bases sit below them, unranked, in input order
    is_small = (closed < MIN_BASE) | closed.isna()
    ranked = shares.loc[~is_small.to_numpy(), "实质公开"].sort_values(kind="stable").index
    order = [*shares.index[is_small.to_numpy()][::-1], *ranked]
    shares, closed = shares.loc[order], closed.loc[order]
    ax = _new_axes(ax, 10, max(3.4, 2.3 + 0.45 * len(shares)))
    small = _outcome_bars(ax, shares, closed, np.arange(len(shares)))
    ax.set_title(title)
    items = [
        f"{lab}（办结数 {_fmt_n(c)}）"
        for lab, c, sm in zip(shares.index, closed, small, strict=True)
        if sm
    ]
    notes = [
        metric_note([k for k, _, _ in _SHARES]),
        "† 浅色、排在最下、不参与排序：" + _small_base_line("办结数", items),
    ]
    off = _not_whole(shares)
    if len(off):
        notes.append(
            _NOT_WHOLE + "；".join(f"{lab}（合计 {_fmt_pct(t)}）" for lab, t in off.items()) + "。"
        )
    _footnote(ax, notes)
    return ax


_NOT_WHOLE = "各项之和不等于 100%（分项与“（七）总计”不一致，按原表计算、未作调整）："


def _not_whole(shares: pd.DataFrame) -> pd.Series:
    """The reports whose shares do not add up to 100% (total by label)."""
    total = shares.sum(axis=1, min_count=1)
    return total[total.notna() & ((total - 1).abs() > 0.005)]


def _outcome_bars(ax: Axes, shares: pd.DataFrame, closed: pd.Series, y: np.ndarray) -> np.ndarray:
    """A 100% stacked bar per report of `shares` at heights `y`, with its 办结数; small bases
    faint and unlabelled. Returns which are small bases."""
    n = len(shares)
    left = np.zeros(n)
    small = ((closed < MIN_BASE) | closed.isna()).to_numpy()
    for _k, name, color in _SHARES:
        vals = shares[name].fillna(0).to_numpy()
        bars = ax.barh(y, vals, left=left, color=color, label=name, height=0.62)
        for rect, v, sm in zip(bars, vals, small, strict=True):
            if sm:
                rect.set_alpha(0.35)
            elif v >= 0.06:
                ax.text(
                    rect.get_x() + v / 2,
                    rect.get_y() + rect.get_height() / 2,
                    f"{v * 100:.0f}%",
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="white" if name != "其他处理" else "black",
                )
        left += vals
    for yi, c, tot in zip(y, closed, left, strict=True):
        if pd.isna(c) or c <= 0:
            ax.text(
                0.01, yi, "办结数为 0 或缺失，不计算比例", va="center", fontsize=8.5, color="0.35"
            )
        else:
            small_base = c < MIN_BASE
            label = f"样本过小（办结 {_fmt_n(c)}），不排序" if small_base else f"办结 {_fmt_n(c)}"
            shade = "0.35" if small_base else "0.25"
            ax.text(max(tot, 1.0) + 0.01, yi, label, va="center", fontsize=8.5, color=shade)
    right = max(1.0, float(np.nanmax([*left, 1.0])))
    ax.set_xlim(0, right * (1.3 if small.any() else 1.14))
    ax.axvline(1.0, color="0.3", lw=0.8, ls="--")
    ax.set_xticks(np.linspace(0, 1, 6))  # shares: no ticks past 100%
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_yticks(
        y, [f"{lab} †" if sm else lab for lab, sm in zip(shares.index, small, strict=True)]
    )
    handles = [Patch(color=color, label=name) for _, name, color in _SHARES]
    _legend_above(ax, handles=handles, ncols=5)
    ax.set_xlabel("占办结数的比例")
    ax.set_ylabel("报告（机关 年度）")
    return small


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


_KINDS = [
    ("review_correction_rate", "行政复议纠错率", "复议", "#00838f"),
    ("litigation_correction_rate", "行政诉讼纠错率", "诉讼", "#d84315"),
]


@_styled
def compare_correction_chart(data, *, ax: Axes | None = None, title: str | None = None) -> Axes:
    """Grouped bars of 行政复议纠错率 and 行政诉讼纠错率 per report, with their bases; past
    BARS_MAX reports, the distribution of both rates and the reports with the highest."""
    value, num, den, labels = _batch_metrics(data)
    value, num, den = (t.set_axis(labels) for t in (value, num, den))
    title = title or "各报告行政复议、行政诉讼纠错率"
    if len(labels) > BARS_MAX:
        return _correction_spread(value, num, den, ax, title)
    ax = _new_axes(ax, 10, max(3.4, 2.3 + 0.6 * len(labels)))
    small_by_kind = _correction_bars(ax, value, num, den, np.arange(len(labels))[::-1])
    ax.set_title(title)
    notes = [metric_note([k for k, *_ in _KINDS]), _CORRECTION_LABELS]
    flagged = [f"{name}——" + "、".join(items) for name, items in small_by_kind.items() if items]
    notes.append(
        f"† 小基数（已审结案件数 < {MIN_BASE}，样本过小）：不画条形、不参与比较，只写出件数；括号内为已审结件数："
        + "；".join(flagged)
        + "。"
        if flagged
        else f"小基数：无（各报告已审结案件数为 0 或不少于 {MIN_BASE}）。"
    )
    _footnote(ax, notes)
    return ax


_CORRECTION_LABELS = (
    "条形旁为 纠错率（纠正件数/已审结件数）；“无已审结案件”表示分母为 0，不计算纠错率。"
)


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


def _correction_bars(
    ax: Axes, value: pd.DataFrame, num: pd.DataFrame, den: pd.DataFrame, y: np.ndarray
) -> dict[str, list[str]]:
    """Two bars per report (rows of the tables, by label) at heights `y`, each written out with
    its counts; a small base gets no bar. Returns the small bases' labels by rate."""
    h = 0.36
    small_by_kind: dict[str, list[str]] = {}
    for j, (k, name, short, color) in enumerate(_KINDS):
        vals, counts, bases = value[k].to_numpy(), num[k].to_numpy(), den[k].to_numpy()
        small = (bases < MIN_BASE) & (bases > 0)  # NaN compares False
        # a rate on fewer than MIN_BASE cases gets no bar to compare: its counts are written out
        shown = np.where(small, 0.0, np.nan_to_num(vals))
        bars = ax.barh(y + (0.5 - j) * h, shown, height=h * 0.92, color=color)
        for rect, v, c, d, sm in zip(bars, vals, counts, bases, small, strict=True):
            if pd.isna(v):
                text = f"{short}：无已审结案件" if pd.notna(d) else f"{short}：数据缺失"
            elif sm:
                text = f"{short}：样本过小（纠正 {_fmt_n(c)}/已审结 {_fmt_n(d)}）†"
            else:
                text = f"{short} {_fmt_pct(v)}（{_fmt_n(c)}/{_fmt_n(d)}）"
            ax.text(
                rect.get_width() + 0.008,
                rect.get_y() + rect.get_height() / 2,
                text,
                va="center",
                fontsize=8,
                color="0.15" if pd.notna(v) and not sm else "0.45",
            )
        small_by_kind[name] = [
            f"{lab}（{_fmt_n(d)}）"
            for lab, d, sm in zip(value.index, bases, small, strict=True)
            if sm
        ]
    ax.set_yticks(y, value.index)
    big = [value[k].where(den[k] >= MIN_BASE) for k, *_ in _KINDS]
    top = float(np.nanmax([*pd.concat(big).to_numpy(), 0.0]))
    ax.set_xlim(0, max(top, 0.2) * 1.35 + 0.06)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    handles = [Patch(color=color, label=name) for _, name, _, color in _KINDS]
    _legend_above(ax, handles=handles, ncols=3)
    ax.set_xlabel("纠错率（结果纠正 ÷ 已审结）")
    ax.set_ylabel("报告（机关 年度）")
    return small_by_kind


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
            for x, y in zip(known["year"].iloc[:-1], known["received"].iloc[:-1], strict=True):
                ax.annotate(
                    _fmt_n(y),
                    (x, y),
                    textcoords="offset points",
                    xytext=(0, 6),
                    ha="center",
                    fontsize=8.5,
                )
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
    for x, y in q[0.5].items():
        ax.annotate(
            _fmt_n(y), (x, y), textcoords="offset points", xytext=(0, 6), ha="center", fontsize=8.5
        )
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


@_styled
def copied_share_chart(
    summary: pd.DataFrame, *, ax: Axes | None = None, title: str | None = None
) -> Axes:
    """How the shares of copied narrative spread over a batch's reports (`Copying.summary`)."""
    ax = _new_axes(ax, 8, 3.6)
    shares = summary.loc[summary["chars"] > 0, ["share_previous_year", "share_other_agency"]]
    ax.set_title(title or "叙述部分与其他报告相同的比例：各报告的分布")
    if shares.empty:
        _empty(ax, "没有可比较的叙述文字（报告缺少第一、五、六部分或只有模板套话）")
        return ax
    bins = np.linspace(0, 1, 11)
    counts = [np.histogram(shares[c].fillna(0), bins=bins)[0] for c in shares.columns]
    x = np.arange(10)
    ax.bar(x - 0.2, counts[0], width=0.4, color="#1565c0", label="与本机关上一年度相同")
    ax.bar(x + 0.2, counts[1], width=0.4, color="#ef6c00", label="与同年其他机关相同")
    ax.set_xticks(x, [f"{i * 10}–{i * 10 + 10}%" for i in x], fontsize=8)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("相同文字占叙述部分的比例")
    ax.set_ylabel("报告数")
    ax.legend(loc="upper right", fontsize=8, frameon=False)
    _footnote(
        ax,
        [
            f"{len(shares)} 份报告参与比较。叙述部分指第一、五、六部分；数字、序号和标点不计，"
            "模板规定的套话和多个机关共有的句子不算相同。上一年度的比较只在本批次有该机关上一年度报告时进行。"
        ],
    )
    return ax
