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
)
from govkit.present.charts.fonts import _styled
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


@_styled
def compare_received_chart(data, *, ax: Axes | None = None, title: str | None = None) -> Axes:
    """Bars comparing 收到申请数 (本年新收/总计) across the reports of a batch."""
    value, _num, _den, labels = _batch_metrics(data)
    s = pd.Series(value["received"].to_numpy(), index=labels).sort_values(ascending=True)
    n = len(s)
    ax = _new_axes(ax, 10, max(3.2, 1.9 + 0.42 * n))
    y = np.arange(n)
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
    ax.set_title(title or "各报告收到政府信息公开申请数")
    ax.set_xlabel("收到申请数（件）")
    ax.set_ylabel("报告（机关 年度）")
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


_SHARES = [
    ("disclosure_rate", "实质公开", "#2e7d32"),
    ("withheld_share", "不予公开", "#c62828"),
    ("unavailable_share", "无法提供", "#ef6c00"),
    ("not_processed_share", "不予处理", "#6a1b9a"),
    ("other_share", "其他处理", "#9e9e9e"),
]


@_styled
def compare_outcomes_chart(data, *, ax: Axes | None = None, title: str | None = None) -> Axes:
    """100% stacked bars of 实质公开率 and the 不予公开/无法提供/不予处理/其他处理 shares per report."""
    value, _num, den, labels = _batch_metrics(data)
    shares = pd.DataFrame({name: value[k].to_numpy() for k, name, _ in _SHARES}, index=labels)
    closed = pd.Series(den["disclosure_rate"].to_numpy(), index=labels)
    # ranked by 实质公开率 (highest on top); small bases sit below them, unranked, in input order
    is_small = (closed < MIN_BASE) | closed.isna()
    ranked = shares.loc[~is_small.to_numpy(), "实质公开"].sort_values(kind="stable").index
    order = [*shares.index[is_small.to_numpy()][::-1], *ranked]
    shares, closed = shares.loc[order], closed.loc[order]
    n = len(shares)
    ax = _new_axes(ax, 10, max(3.4, 2.3 + 0.45 * n))
    y = np.arange(n)
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
    ax.set_title(title or "各报告依申请公开办理结果构成（占办结数）")
    ax.set_xlabel("占办结数的比例")
    ax.set_ylabel("报告（机关 年度）")
    items = [
        f"{lab}（办结数 {_fmt_n(c)}）"
        for lab, c, sm in zip(shares.index, closed, small, strict=True)
        if sm
    ]
    notes = [
        metric_note([k for k, _, _ in _SHARES]),
        "† 浅色、排在最下、不参与排序：" + _small_base_line("办结数", items),
    ]
    total = shares.sum(axis=1, min_count=1)
    off = [
        f"{lab}（合计 {_fmt_pct(t)}）"
        for lab, t in total.items()
        if pd.notna(t) and abs(t - 1) > 0.005
    ]
    if off:
        notes.append(
            "各项之和不等于 100%（分项与“（七）总计”不一致，按原表计算、未作调整）："
            + "；".join(off)
            + "。"
        )
    _footnote(ax, notes)
    return ax


@_styled
def compare_correction_chart(data, *, ax: Axes | None = None, title: str | None = None) -> Axes:
    """Grouped bars of 行政复议纠错率 and 行政诉讼纠错率 per report, with their bases."""
    value, num, den, labels = _batch_metrics(data)
    kinds = [
        ("review_correction_rate", "行政复议纠错率", "复议", "#00838f"),
        ("litigation_correction_rate", "行政诉讼纠错率", "诉讼", "#d84315"),
    ]
    n = len(labels)
    ax = _new_axes(ax, 10, max(3.4, 2.3 + 0.6 * n))
    y = np.arange(n)[::-1]
    h = 0.36
    small_by_kind: dict[str, list[str]] = {}
    for j, (k, name, short, color) in enumerate(kinds):
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
            f"{lab}（{_fmt_n(d)}）" for lab, d, sm in zip(labels, bases, small, strict=True) if sm
        ]
    ax.set_yticks(y, labels)
    big = [value[k].where(den[k] >= MIN_BASE) for k, *_ in kinds]
    top = float(np.nanmax([*pd.concat(big).to_numpy(), 0.0]))
    ax.set_xlim(0, max(top, 0.2) * 1.35 + 0.06)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    handles = [Patch(color=color, label=name) for _, name, _, color in kinds]
    _legend_above(ax, handles=handles, ncols=3)
    ax.set_title(title or "各报告行政复议、行政诉讼纠错率")
    ax.set_xlabel("纠错率（结果纠正 ÷ 已审结）")
    ax.set_ylabel("报告（机关 年度）")
    notes = [
        metric_note([k for k, *_ in kinds]),
        "条形旁为 纠错率（纠正件数/已审结件数）；“无已审结案件”表示分母为 0，不计算纠错率。",
    ]
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
def trend_chart(data, *, ax: Axes | None = None, title: str | None = None) -> Axes:
    """收到申请数 year by year, one line per agency that appears in two or more years of the batch."""
    value, _num, _den, _labels = _batch_metrics(data)
    # the same report in two formats (a .txt and an .html) must not count twice: first one wins
    value = value.rename(index=_same_agency(value.index.get_level_values("agency")), level="agency")
    received = value["received"].groupby(level=["agency", "year"]).first()
    years = received.reset_index().dropna(subset=["year"])
    counts = years.groupby("agency")["year"].nunique()
    several = counts[counts >= 2].index.tolist()
    ax = _new_axes(ax, 10, 4.6)
    for agency in several:
        s = years[years["agency"] == agency].sort_values("year")
        ax.plot(s["year"], s["received"], marker="o", label=_plain(agency))
        for x, y in zip(s["year"], s["received"], strict=True):
            if y == y:
                ax.annotate(
                    _fmt_n(y),
                    (x, y),
                    textcoords="offset points",
                    xytext=(0, 6),
                    ha="center",
                    fontsize=8.5,
                )
    if several:
        ax.legend(loc="upper left", fontsize=9, frameon=False)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    else:
        ax.text(
            0.5,
            0.5,
            "本批报告中没有同一机关的两个以上年度",
            ha="center",
            va="center",
            transform=ax.transAxes,
            color="0.35",
        )
        ax.set_xticks([])
        ax.set_yticks([])
    ax.set_title(title or "同一机关各年度收到的政府信息公开申请数")
    ax.set_xlabel("报告年度")
    ax.set_ylabel("收到申请数（件）")
    single = [_plain(a) for a in counts.index if a not in several]
    notes = [metric_note("received")]
    if single:
        notes.append("只有一个年度、未画出的机关：" + "、".join(single) + "。")
    notes.append("同一机关同一年度有多份报告（如同一报告的网页版和文本版）时取第一份。")
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
