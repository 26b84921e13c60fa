"""A bar (or a pair) per report of a batch, with its figures written out and small bases marked:
what the compare charts draw for up to BARS_MAX reports, and for the reports at the ends of a
bigger batch."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator, PercentFormatter

from govkit.present.charts.draw import (
    _as_batch,
    _fmt_n,
    _fmt_pct,
    _legend_above,
    _report_labels,
)
from govkit.present.definitions import MIN_BASE
from govkit.present.metrics import report_keys, report_metrics, wide_metrics


def _batch_metrics(data) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, list[str]]:
    """Wide value, numerator and denominator tables of a batch, and a label per report."""
    cells = _as_batch(data)
    m = report_metrics(cells)
    value = wide_metrics(m)
    num = wide_metrics(m, values="numerator")
    den = wide_metrics(m, values="denominator")
    labels = _report_labels(value.index) if report_keys(cells) else ["本报告"]
    return value, num, den, labels


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


_SHARES = [
    ("disclosure_rate", "实质公开", "#2e7d32"),
    ("withheld_share", "不予公开", "#c62828"),
    ("unavailable_share", "无法提供", "#ef6c00"),
    ("not_processed_share", "不予处理", "#6a1b9a"),
    ("other_share", "其他处理", "#9e9e9e"),
]


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


_KINDS = [
    ("review_correction_rate", "行政复议纠错率", "复议", "#00838f"),
    ("litigation_correction_rate", "行政诉讼纠错率", "诉讼", "#d84315"),
]


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
