"""Charts of one report: outcomes, applicants, review and litigation results, section 二's items."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from govkit.present.charts.draw import (
    _OUTCOME_COLORS,
    _OUTCOMES,
    _RESULT_COLORS,
    _empty,
    _fmt_n,
    _fmt_pct,
    _footnote,
    _legend_above,
    _new_axes,
    _panels,
    _plain,
    _single,
    _title,
)
from govkit.present.charts.fonts import _styled
from govkit.present.charts.layout import text_width
from govkit.present.definitions import MIN_BASE, metric_note
from govkit.present.metrics import report_metrics, report_quantities
from govkit.templates import result_blocks


@_styled
def outcome_chart(data, *, ax: Axes | None = None, title: str | None = None) -> Axes:
    """Horizontal bars of 办理结果 （一）…（六） of one report (总计 column), with shares of 办结数."""
    cells, label = _single(data)
    q = report_quantities(cells).iloc[0]
    ax = _new_axes(ax, 9, 4.6)
    values = [q[k] for k, _ in _OUTCOMES]
    names = [n for _, n in _OUTCOMES]
    y = np.arange(len(values))[::-1]
    ax.barh(y, np.nan_to_num(values), color=[_OUTCOME_COLORS[k] for k, _ in _OUTCOMES], height=0.6)
    ax.set_yticks(y, names)
    closed = q["closed"]
    top = np.nanmax([*values, 1.0])
    for yi, v in zip(y, values, strict=True):
        share = v / closed if pd.notna(closed) and closed > 0 and pd.notna(v) else np.nan
        text = _fmt_n(v) if pd.isna(share) else f"{_fmt_n(v)}（{_fmt_pct(share)}）"
        ax.text(np.nan_to_num(v) + top * 0.01, yi, text, va="center", fontsize=9)
    ax.set_xlim(0, top * 1.22)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if all(pd.isna(v) for v in values):
        _empty(ax, "第三部分（一）至（六）的“总计”列全部空白或无法读取，无法作图")
    ax.set_title(title or _title(label, "依申请公开办理结果"))
    ax.set_xlabel(f"件数（第三部分“总计”列；办结数 = {_fmt_n(closed)}）")
    ax.set_ylabel("办理结果")
    notes = [
        metric_note(
            [
                "closed",
                "disclosure_rate",
                "withheld_share",
                "unavailable_share",
                "not_processed_share",
                "other_share",
            ]
        ),
        "括号内为占办结数的比例。",
    ]
    if pd.isna(closed) or closed < MIN_BASE:
        notes.append(
            f"小基数：办结数为 {_fmt_n(closed)}（< {MIN_BASE}），比例仅供参考；为 0 时不计算比例。"
        )
    parts = np.nansum(values)
    if pd.notna(closed) and parts != closed:
        notes.append(
            f"注意：六类办理结果之和（{_fmt_n(parts)}）≠“（七）总计”（{_fmt_n(closed)}），原表不平，请核对。"
        )
    _footnote(ax, notes)
    return ax


APPLICANTS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
_NEW = "本年新收政府信息公开申请数量"


@_styled
def applicant_chart(data, *, ax: Axes | None = None, title: str | None = None) -> Axes:
    """Bars of 本年新收 by the six applicant columns of one report."""
    cells, label = _single(data)
    row = cells[(cells["table"] == "requests") & (cells["row"] == _NEW)]
    by_col = pd.to_numeric(row.set_index("col")["value"], errors="coerce")
    values = by_col.reindex(APPLICANTS)
    total = by_col.get("总计", np.nan)
    ax = _new_axes(ax, 9, 4.8)
    x = np.arange(len(APPLICANTS))
    colors = ["#1565c0"] + ["#64b5f6"] * 5
    ax.bar(x, values.fillna(0).to_numpy(), color=colors, width=0.6)
    ax.set_xticks(x, APPLICANTS)
    top = np.nanmax([*values.to_numpy(), 1.0])
    for xi, v in zip(x, values, strict=True):
        share = v / total if pd.notna(total) and total > 0 and pd.notna(v) else np.nan
        text = _fmt_n(v) if pd.isna(share) else f"{_fmt_n(v)}\n{_fmt_pct(share)}"
        ax.text(xi, np.nan_to_num(v) + top * 0.02, text, ha="center", va="bottom", fontsize=9)
    ax.set_ylim(0, top * 1.3)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    if values.isna().all():
        _empty(ax, "第三部分“本年新收”一行的申请人各列全部空白或无法读取，无法作图")
    ax.set_title(title or _title(label, "本年新收申请的申请人构成"))
    ax.set_xlabel("申请人类型（商业企业至其他属“法人或其他组织”）")
    ax.set_ylabel(f"本年新收申请数（件；总计 {_fmt_n(total)}）")
    notes = [
        metric_note("received"),
        "各类申请人占比 = 该列数值 ÷ 本年新收总计列；空白单元格按缺失处理（图中为 0、标“—”）。",
    ]
    if pd.isna(total) or total < MIN_BASE:
        notes.append(f"小基数：收到申请数为 {_fmt_n(total)}（< {MIN_BASE}），构成比例仅供参考。")
    parts = np.nansum(values)
    if pd.notna(total) and parts != total:
        notes.append(
            f"注意：六类申请人之和（{_fmt_n(parts)}）≠ 总计列（{_fmt_n(total)}），原表不平，请核对。"
        )
    _footnote(ax, notes)
    return ax


def _review_bars(ax: Axes, grid: pd.DataFrame) -> None:
    """Stacked result bars per block of 第四部分 with the 总计 beside them. A bar's counts sit
    inside its segments when each segment is wide enough for its number; otherwise they follow
    the 总计 ("总计 26：维持 13，纠正 1，其他 4，尚未审结 8"), never drawn over each other."""
    y = np.arange(len(grid))[::-1]
    names = [n for _, n in _RESULTS]
    vals = grid[names].fillna(0).to_numpy()
    ends = vals.cumsum(axis=1)
    top = max(float(np.nanmax([*ends[:, -1], *grid["总计"].fillna(0)])), 1.0)
    xmax = top * 1.3
    # the axes' width before layout.fit, less a fifth: fit's margins take no more than that
    per_unit = ax.get_position().width * ax.get_figure(root=True).get_figwidth() * 72 * 0.8 / xmax
    wide = [[v * per_unit >= text_width(_fmt_n(v), 9) + 4 for v in row] for row in vals]
    inside = [
        all(w for w, v in zip(ws, row, strict=True) if v > 0)
        for ws, row in zip(wide, vals, strict=True)
    ]
    for j, name in enumerate(names):
        bars = ax.barh(
            y,
            vals[:, j],
            left=ends[:, j] - vals[:, j],
            height=0.55,
            color=_RESULT_COLORS.get(name, "#8d6e63"),
            label=name,
        )
        for rect, v, shown in zip(bars, vals[:, j], inside, strict=True):
            if v > 0 and shown:
                ax.text(
                    rect.get_x() + rect.get_width() / 2,
                    rect.get_y() + rect.get_height() / 2,
                    _fmt_n(v),
                    ha="center",
                    va="center",
                    fontsize=9,
                    color="white" if name in ("纠正", "尚未审结") else "black",
                )
    for yi, tot, end, row, shown in zip(y, grid["总计"], ends[:, -1], vals, inside, strict=True):
        x = max(end, np.nan_to_num(tot)) + top * 0.015
        counts = "，".join(f"{n} {_fmt_n(v)}" for n, v in zip(names, row, strict=True) if v > 0)
        text = f"总计 {_fmt_n(tot)}" + ("" if shown else f"：{counts}")
        ax.text(x, yi, text, va="center", fontsize=9, color="0.25")
    ax.set_xlim(0, xmax)
    ax.set_yticks(y, grid.index.tolist())
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    _legend_above(ax, ncols=4)


_BLOCK_PATHS, _RESULT_LEAVES = result_blocks()
_BLOCKS = [
    (b, b.replace("/", "：")) for b in _BLOCK_PATHS
]  # 行政诉讼/复议后起诉 → 行政诉讼：复议后起诉
_RESULTS = [(leaf, short) for leaf, short in _RESULT_LEAVES if leaf != "总计"]


def _review_grid(cells: pd.DataFrame) -> pd.DataFrame:
    """3 blocks × (4 results + 总计) of one report's 第四部分."""
    rl = cells[cells["table"] == "review_litigation"]
    by_col = pd.to_numeric(rl.set_index("col")["value"], errors="coerce")
    by_col = by_col[~by_col.index.duplicated()]
    cols = [r for r, _ in _RESULTS] + ["总计"]
    grid = pd.DataFrame(
        [[by_col.get(f"{b}/{c}", np.nan) for c in cols] for b, _ in _BLOCKS],
        index=[n for _, n in _BLOCKS],
        columns=[n for _, n in _RESULTS] + ["总计"],
    )
    return grid


@_styled
def review_litigation_chart(data, *, ax: Axes | None = None, title: str | None = None) -> Axes:
    """Stacked bars of 维持/纠正/其他/尚未审结 for 行政复议 and the two 行政诉讼 blocks of one report."""
    cells, label = _single(data)
    grid = _review_grid(cells)
    ax = _new_axes(ax, 9, 4.2)
    ax.set_title(title or _title(label, "政府信息公开行政复议、行政诉讼结果"))
    ax.set_xlabel("案件数（件）")
    ax.set_ylabel("案件类型")
    if grid.isna().all().all():
        _empty(ax, "第四部分全部空白或无法读取（不等于没有案件），无法作图")
    elif not np.nansum(grid.to_numpy()):
        _empty(ax, "本年度无行政复议、行政诉讼案件（第四部分各项均为 0）")
    else:
        _review_bars(ax, grid)
    metrics = report_metrics(cells).set_index("metric")  # one report: a row per metric
    m, den = metrics["value"], metrics["denominator"]
    rates = [
        f"本报告{n}：{_fmt_pct(m[k])}（分母 {_fmt_n(den[k])}）"
        for k, n in (
            ("review_correction_rate", "行政复议纠错率"),
            ("litigation_correction_rate", "行政诉讼纠错率"),
        )
    ]
    notes = [
        metric_note(["review_correction_rate", "litigation_correction_rate"]),
        "；".join(rates) + "。",
    ]
    small = [
        f"{n}（分母 {_fmt_n(den[k])}）"
        for k, n in (
            ("review_correction_rate", "行政复议纠错率"),
            ("litigation_correction_rate", "行政诉讼纠错率"),
        )
        if pd.notna(den[k]) and den[k] < MIN_BASE
    ]
    notes.append(
        f"小基数（已审结案件数 < {MIN_BASE}，纠错率仅供参考）：{'；'.join(small)}。"
        if small
        else f"小基数：无（已审结案件数均不少于 {MIN_BASE}）。"
    )
    parts = grid[[n for _, n in _RESULTS]].sum(axis=1, min_count=1)
    bad = [
        f"{b}（分项和 {_fmt_n(p)} ≠ 总计 {_fmt_n(t)}）"
        for b, p, t in zip(grid.index, parts, grid["总计"], strict=True)
        if pd.notna(p) and pd.notna(t) and p != t
    ]
    if bad:
        notes.append("注意：" + "；".join(bad) + "，原表不平，请核对。")
    _footnote(ax, notes)
    return ax


ACTIVE_COUNT_COLS = (
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "本年制发件数",
    "本年废止件数",
    "现行有效件数",
    "上一年项目数量",
    "处理决定数量",
    "本年处理决定数量",
    "采购项目数量",
)
"""Columns of 第二部分 that are counts (件/项). Amounts (采购总金额, 本年收费金额) and the signed
change 本年增/减 are left out of `active_chart`."""

_ITEM_COLORS = ["#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#ad1457"]


SCALE_SPLIT = 20
"""The 主动公开 chart draws values below 1/SCALE_SPLIT of the largest in a panel of their own
with its own scale (and so on down), so that one 693,957 does not flatten bars of 0–32."""


@_styled
def active_chart(data, *, ax: Axes | None = None, title: str | None = None) -> Axes:
    """Horizontal bars of the count cells of 第二部分（主动公开政府信息情况） of one report.

    When the values differ by more than SCALE_SPLIT times, the small ones get a panel of their own
    below (split by scale, each panel with its own axis; said in the footnote). Drawn into a given
    `ax`, which cannot be split, the axis is symmetric-logarithmic instead. The legend sits above
    the bars, never over them.
    """
    cells, label = _single(data)
    act = cells[(cells["table"] == "active") & cells["col"].isin(ACTIVE_COUNT_COLS)].copy()
    act["value"] = pd.to_numeric(act["value"], errors="coerce")
    act = act[act["value"].notna()]
    if "unit" in act.columns:
        act = act[act["unit"].fillna("").eq("")]
    act["item"] = act["row"].str.split("/").str[0]
    flagged = (
        act["status"].ne("ok") if "status" in act.columns else pd.Series(False, index=act.index)
    )
    act["label"] = (
        act["row"].str.split("/").str[-1] + "·" + act["col"] + np.where(flagged, " *", "")
    )
    items = list(dict.fromkeys(act["item"]))
    color_of = {it: _ITEM_COLORS[i % len(_ITEM_COLORS)] for i, it in enumerate(items)}
    bands = _scale_bands(act["value"])
    if len(bands) > 1 and ax is None:
        axes = _band_axes([len(b) for b in bands])
        for k, (band_ax, band) in enumerate(zip(axes, bands, strict=True)):
            _active_bars(band_ax, act.loc[band], color_of)
            if k:
                band_ax.set_title(
                    f"第 {k + 1} 栏：最大 {_fmt_n(act.loc[band, 'value'].max())}（刻度与上栏不同）",
                    fontsize=10,
                )
        for band_ax in axes:
            band_ax.set_xlabel("数量（件/项）")
        ax = axes[0]
        how = (
            f"数值相差悬殊，按大小分 {len(bands)} 栏画、各用自己的横轴刻度（一栏内的数值不小于该栏"
            f"最大值的 1/{SCALE_SPLIT}，最后一栏收其余数值和 0）；条形长短只在同一栏内可比。"
        )
    else:
        ax = _new_axes(ax, 9, max(3.2, 1.9 + 0.32 * len(act)))
        _active_bars(ax, act, color_of)
        how = ""
        if len(bands) > 1:  # a given axes cannot be split
            ax.set_xscale("symlog", linthresh=1)
            ax.set_xlim(0, float(act["value"].max()) * 3)
            how = "数值相差悬殊，横轴为对称对数刻度（0–1 为线性，其上每一大格为 10 倍）。"
        ax.set_xlabel("数量（件/项）")
    if items:
        handles = [Patch(color=color_of[i], label=i) for i in items]
        _legend_above(ax, handles=handles, ncols=min(3, len(items)), fontsize=8.5)
    else:
        _empty(ax, "第二部分没有可画的计数：相关单元格全部空白或无法读取（见下方脚注和统计表）")
    ax.set_title(title or _title(label, "主动公开政府信息情况（计数类指标）"))
    ax.set_ylabel("信息内容·指标")
    notes = [
        "取第二部分（主动公开政府信息情况）中的计数类单元格："
        + "、".join(ACTIVE_COUNT_COLS)
        + "。",
        "金额（采购总金额、本年收费金额）与“本年增/减”不是件数，不列入；空白或无法识别的单元格不画。",
        "本图不含派生比率，无小基数问题。",
    ]
    if how:
        notes.append(how)
    if flagged.any():
        notes.append("带 * 的数值由连写数字拆分或推断得到（status 不是 ok），请核对原文。")
    missing = _missing_active(cells)
    if missing:
        notes.append("未画出（空白或拆分不确定）：" + "；".join(missing) + "。")
    _footnote(ax, notes)
    return ax


SMALL_BAND = 100
MAX_BANDS = 3


def _scale_bands(values: pd.Series) -> list[pd.Index]:
    """Index labels of `values` in bands of like scale, largest first: a band takes the values
    down to 1/SCALE_SPLIT of its largest. A band whose largest is at most SMALL_BAND (0–100 read
    well on one axis), or the MAX_BANDS-th, takes all the rest; zeros join the last band."""
    positive = values[values > 0].sort_values(ascending=False)
    bands: list[list] = []
    for label, v in positive.items():
        top = positive[bands[-1][0]] if bands else None
        last = top is not None and (top <= SMALL_BAND or len(bands) == MAX_BANDS)
        if top is None or (v < top / SCALE_SPLIT and not last):
            bands.append([])
        bands[-1].append(label)
    zeros = values.index.difference(positive.index, sort=False).tolist()
    if not bands:
        return [values.index]
    bands[-1].extend(zeros)
    return [values.index[values.index.isin(b)] for b in bands]  # each band in report order


def _band_axes(sizes: list[int]) -> list[Axes]:
    """A figure with one bar panel per band, stacked, each as tall as its bars need."""
    heights = [max(n, 1) * 0.32 + 0.9 for n in sizes]
    return _panels(9, heights, sum(heights) + 1.2)


def _active_bars(ax: Axes, act: pd.DataFrame, color_of: dict[str, str]) -> None:
    """One panel of the 主动公开 chart: a labelled bar per cell, the value written beside it."""
    n = len(act)
    y = np.arange(n)[::-1]
    vals = act["value"].to_numpy()
    ax.barh(y, vals, color=[color_of[i] for i in act["item"]], height=0.65)
    top = max(float(np.max(vals)) if n else 0.0, 1.0)
    for yi, v in zip(y, vals, strict=True):
        ax.text(v + top * 0.01, yi, _fmt_n(v), va="center", fontsize=8.5)
    ax.set_yticks(y, act["label"].tolist())
    ax.set_xlim(0, top * 1.15)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.0f}"))


def _missing_active(cells: pd.DataFrame) -> list[str]:
    """Count cells of 第二部分 without a value, per row: "行政规范性文件（原文“5845546”）"."""
    act = cells[(cells["table"] == "active") & cells["col"].isin(ACTIVE_COUNT_COLS)]
    gone = act[pd.to_numeric(act["value"], errors="coerce").isna()]
    if gone.empty:
        return []
    raw = gone["raw"].fillna("").astype(str).str.strip() if "raw" in gone else ""
    rows = gone.assign(name=gone["row"].str.split("/").str[-1], raw=raw)
    out = []
    for (name, text), grp in rows.groupby(["name", "raw"], sort=False):
        cols = "、".join(grp["col"])
        out.append(f"{name}·{cols}" + (f"（原文“{_plain(text)}”）" if text else "（空白）"))
    return out
