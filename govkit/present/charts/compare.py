"""Charts comparing the reports of a batch: 收到申请数, outcome shares and correction rates per
report (a bar each up to BARS_MAX reports, their spread beyond), and copied text."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from govkit.present.charts.bars import (
    _KINDS,
    _NOT_WHOLE,
    _SHARES,
    _batch_metrics,
    _correction_bars,
    _not_whole,
    _outcome_bars,
    _received_bars,
)
from govkit.present.charts.draw import (
    _empty,
    _fmt_n,
    _fmt_pct,
    _footnote,
    _new_axes,
    _small_base_line,
)
from govkit.present.charts.fonts import _styled
from govkit.present.charts.spread import _correction_spread, _outcomes_spread, _received_spread
from govkit.present.definitions import MIN_BASE, metric_note

BARS_MAX = 40
"""Up to this many reports the compare charts draw a bar (or a group) per report, ~19-26 in tall
at 40; a bigger batch gets the distribution over its reports and the reports at both ends."""


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


_CORRECTION_LABELS = (
    "条形旁为 纠错率（纠正件数/已审结件数）；“无已审结案件”表示分母为 0，不计算纠错率。"
)


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
