"""Charts of one report or a batch, in Chinese, each with a footnote that defines what it shows.

Every function takes a `Report` or long cells (one report for the per-report charts; the output
of `govkit.read_reports` for the comparisons), draws into `ax` (or a new figure) and returns the
matplotlib Axes. Titles and axis labels are Chinese; a footnote (`fig.text`) quotes the metric
definitions from `govkit.metrics.metric_note` and names any small bases (denominator < MIN_BASE).

Chinese glyphs come from the Noto Sans SC font shipped inside the `zhplot` package. It is
registered with matplotlib's font manager at import, *without importing zhplot* (whose import
rewrites global rcParams). The font is applied only inside each chart function, through
`matplotlib.rc_context(chart_style())`, and pinned on every text of the chart's figure, so
importing this module leaves `matplotlib.rcParams` untouched and the figure still renders with
the right font when it is drawn or saved later.

    >>> from govkit import charts
    >>> ax = charts.outcome_chart(report)
    >>> ax.figure.savefig("outcome.png")
"""

from __future__ import annotations

import functools
import glob
import importlib.util
import os
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter, MaxNLocator, PercentFormatter

from govkit.metrics import (
    MIN_BASE,
    SMALL_BASE_NOTE,
    _as_cells,
    metric_note,
    report_keys,
    report_metrics,
    report_quantities,
    wide_metrics,
)

# --------------------------------------------------------------------------------------- fonts

FALLBACK_FONTS = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "PingFang SC",
    "SimHei",
    "WenQuanYi Zen Hei",
    "DejaVu Sans",
)
"""Tried after Noto Sans SC (e.g. if zhplot is missing); DejaVu Sans always exists but has no CJK."""


def _register_zhplot_font() -> tuple[str | None, str | None]:
    """Find zhplot's bundled font file without importing zhplot; add it to the font manager."""
    try:
        spec = importlib.util.find_spec("zhplot")
    except (ImportError, ValueError):
        spec = None
    if spec is None:
        return None, None
    folders = list(spec.submodule_search_locations or [])
    if not folders and spec.origin:
        folders = [os.path.dirname(spec.origin)]
    files = sorted(
        f
        for folder in folders
        for pattern in ("**/*.ttf", "**/*.otf")
        for f in glob.glob(os.path.join(folder, pattern), recursive=True)
    )
    files.sort(key=lambda f: ("NotoSansSC" not in os.path.basename(f), f))  # Noto Sans SC first
    for path in files:
        try:
            font_manager.fontManager.addfont(path)
            return path, font_manager.FontProperties(fname=path).get_name()
        except (OSError, RuntimeError, ValueError):
            continue
    return None, None


_FONT_PATH, _FONT_FAMILY = _register_zhplot_font()


def font_family() -> str:
    """The family name of the CJK font the charts use ("Noto Sans SC" from zhplot).

    Falls back to "sans-serif" (resolved through FALLBACK_FONTS) when zhplot's font is missing.
    """
    return _FONT_FAMILY or "sans-serif"


def font_path() -> str | None:
    """Path of the zhplot font file registered at import, or None."""
    return _FONT_PATH


def _families() -> list[str]:
    return [_FONT_FAMILY, "sans-serif"] if _FONT_FAMILY else ["sans-serif"]


def chart_style() -> dict[str, object]:
    """rcParams every chart is drawn under (use with `matplotlib.rc_context`); never set globally."""
    sans = [f for f in (_FONT_FAMILY, *FALLBACK_FONTS) if f]
    return {
        "font.family": _families(),
        "font.sans-serif": sans,
        "axes.unicode_minus": False,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": 13,
        "axes.labelsize": 10,
        "xtick.labelsize": 9,
        "ytick.labelsize": 9,
        "legend.fontsize": 9,
        "legend.frameon": False,
        "savefig.dpi": 150,
        "figure.dpi": 100,
    }


def _pin_fonts(fig: Figure) -> None:
    """Give every text of the figure the CJK family explicitly, so drawing it outside our
    rc_context (savefig later, notebook display) still finds the glyphs."""
    families = _families()
    for text in fig.findobj(Text):
        text.set_fontfamily(families)


def _styled(func: Callable[..., Axes]) -> Callable[..., Axes]:
    @functools.wraps(func)
    def wrapper(*args, **kwargs) -> Axes:
        with matplotlib.rc_context(chart_style()):
            ax = func(*args, **kwargs)
            _pin_fonts(ax.get_figure(root=True))
        return ax

    return wrapper


# ---------------------------------------------------------------------------- figure helpers

_FOOT_SIZE = 7.5  # pt
_FOOT_GID = "govkit-footnote"
_OUTCOME_COLORS = {
    "disclosed": "#2e7d32",
    "partly": "#81c784",
    "withheld": "#c62828",
    "unavailable": "#ef6c00",
    "not_processed": "#6a1b9a",
    "other": "#9e9e9e",
}
_RESULT_COLORS = {"维持": "#90a4ae", "纠正": "#d84315", "其他": "#fbc02d", "尚未审结": "#5c6bc0"}


def _new_axes(ax: Axes | None, width: float, height: float) -> Axes:
    """`ax`, or the Axes of a new constrained-layout figure whose height grows with the footnote."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt  # lazily: importing govkit.charts must not touch pyplot

    fig, new = plt.subplots(figsize=(width, height), layout="constrained")
    fig._govkit_plot_height = height  # type: ignore[attr-defined]
    return new


def _char_width(ch: str) -> float:
    return 1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.55


_NO_LINE_START = "，。；：、）)”’》%"


def _wrap(line: str, width: float) -> list[str]:
    """Wrap mixed Chinese/Latin text at `width` em, preferring to break after punctuation."""
    out, cur, w = [], "", 0.0
    for ch in line:
        cw = _char_width(ch)
        if w + cw > width and cur and ch not in _NO_LINE_START:
            cut = max(cur.rfind(p) for p in "，；、。）)")
            if cut >= len(cur) * 0.6:  # break after punctuation near the end
                out.append(cur[: cut + 1])
                cur = cur[cut + 1 :]
            else:
                out.append(cur)
                cur = ""
            w = sum(_char_width(c) for c in cur)
        cur += ch
        w += cw
    if cur:
        out.append(cur)
    return out


def _footnote(ax: Axes, lines: Iterable[str]) -> None:
    """Write (or extend) the figure footnote and reserve room for it below the axes."""
    fig = ax.get_figure(root=True)
    old = next((t for t in fig.texts if t.get_gid() == _FOOT_GID), None)
    raw = list(getattr(old, "_govkit_lines", [])) if old is not None else []
    for line in (part for text in lines for part in text.split("\n")):
        if line and line not in raw:
            raw.append(line)
    width_in = fig.get_figwidth()
    em_per_line = (width_in * 72 - 20) / _FOOT_SIZE * 0.96
    wrapped = [w for line in raw for w in _wrap(line, em_per_line)]
    text = "\n".join(wrapped)
    if old is None:
        old = fig.text(
            0.01,
            0.008,
            text,
            ha="left",
            va="bottom",
            fontsize=_FOOT_SIZE,
            color="0.3",
            linespacing=1.35,
            gid=_FOOT_GID,
        )
    else:
        old.set_text(text)
    old._govkit_lines = raw  # type: ignore[attr-defined]
    foot_in = len(wrapped) * _FOOT_SIZE * 1.35 / 72 + 0.15
    plot_in = getattr(fig, "_govkit_plot_height", None)
    if plot_in is not None:  # our own figure: make room instead of squeezing the plot
        fig.set_figheight(plot_in + foot_in)
    frac = min(foot_in / fig.get_figheight(), 0.6)
    engine = fig.get_layout_engine()
    if engine is not None and hasattr(engine, "set") and "rect" in _engine_params(engine):
        engine.set(rect=(0, frac, 1, 1 - frac))
    else:
        fig.subplots_adjust(bottom=max(fig.subplotpars.bottom, frac + 0.08))


def _engine_params(engine) -> dict:
    try:
        return engine.get()
    except Exception:  # pragma: no cover - other layout engines
        return {}


def _plain(text: object) -> str:
    """Report text (agency names, raw cells) drawn literally: a `$` pair would start mathtext,
    which garbles the label or raises on bad TeX."""
    return str(text).replace("$", r"\$")


def _fmt_pct(x: float, digits: int = 1) -> str:
    return "—" if pd.isna(x) else f"{x * 100:.{digits}f}%"


def _fmt_n(x: float) -> str:
    if pd.isna(x):
        return "—"
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}"


# ------------------------------------------------------------------------------ data helpers


def _as_batch(data) -> pd.DataFrame:
    """Long cells from a DataFrame, a Report, or an iterable of Reports."""
    if isinstance(data, pd.DataFrame) or hasattr(data, "cells"):
        return _as_cells(data)
    from govkit.report import stack_cells

    return pd.concat([stack_cells(r) for r in data], ignore_index=True)


def _single(data) -> tuple[pd.DataFrame, str]:
    """One report's long cells and a label such as "某某区人民政府 2023年"."""
    cells = _as_cells(data)
    keys = report_keys(cells)
    if keys:
        reports = cells[keys].drop_duplicates()
        if len(reports) > 1:
            raise ValueError(
                f"these cells hold {len(reports)} reports; pass one report "
                "(or use compare_received_chart / compare_outcomes_chart / compare_correction_chart)"
            )
    label = ""
    if "agency" in cells.columns and len(cells):
        agency, year = cells["agency"].iloc[0], cells.get("year", pd.Series([None])).iloc[0]
        parts = [_plain(agency) if pd.notna(agency) else "（机关未识别）"]
        if pd.notna(year):
            parts.append(f"{int(year)}年")
        label = " ".join(parts)
    return cells, label


def _title(label: str, what: str) -> str:
    return f"{label} {what}" if label else what


def _report_labels(index: pd.Index) -> list[str]:
    """Readable, unique labels for the report rows of wide metrics ("机关 年份")."""
    frame = index.to_frame(index=False)
    agency = frame["agency"] if "agency" in frame else pd.Series("", index=frame.index)
    year = frame["year"] if "year" in frame else pd.Series(np.nan, index=frame.index)
    base = [
        (_plain(a) if pd.notna(a) else "（机关未识别）") + (f" {int(y)}" if pd.notna(y) else "")
        for a, y in zip(agency, year, strict=True)
    ]
    labels = pd.Series(base)
    if "source" in frame:
        for depth in (1, 2, 3):
            dup = labels.duplicated(keep=False)
            if not dup.any():
                break
            tails = [
                "/".join(Path(str(s)).parts[-depth:]) for s in frame.loc[dup, "source"].tolist()
            ]
            labels[dup] = [f"{b}（{t}）" for b, t in zip(pd.Series(base)[dup], tails, strict=True)]
    if labels.duplicated().any():
        labels = labels + [f" #{i + 1}" for i in range(len(labels))]
    return labels.tolist()


def _small_base_line(what: str, items: list[str]) -> str:
    if not items:
        return f"小基数：无（各报告的{what}均不少于 {MIN_BASE}）。"
    return f"小基数（{what} < {MIN_BASE}，比率仅供参考）：" + "；".join(items) + "。"


# ---------------------------------------------------------------------------- single report

_OUTCOMES = [
    ("disclosed", "（一）予以公开"),
    ("partly", "（二）部分公开"),
    ("withheld", "（三）不予公开"),
    ("unavailable", "（四）无法提供"),
    ("not_processed", "（五）不予处理"),
    ("other", "（六）其他处理"),
]


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
    """Stacked result bars per block of 第四部分, the counts inside and the 总计 beside them."""
    y = np.arange(len(grid))[::-1]
    left = np.zeros(len(grid))
    for _, name in _RESULTS:
        vals = grid[name].fillna(0).to_numpy()
        bars = ax.barh(y, vals, left=left, color=_RESULT_COLORS[name], label=name, height=0.55)
        for rect, v in zip(bars, vals, strict=True):
            if v > 0:
                ax.text(
                    rect.get_x() + rect.get_width() / 2,
                    rect.get_y() + rect.get_height() / 2,
                    _fmt_n(v),
                    ha="center",
                    va="center",
                    fontsize=9,
                    color="white" if name in ("纠正", "尚未审结") else "black",
                )
        left += vals
    top = max(float(np.nanmax([*left, *grid["总计"].fillna(0)])), 1.0)
    for yi, tot, end in zip(y, grid["总计"], left, strict=True):
        x = max(end, np.nan_to_num(tot)) + top * 0.015
        ax.text(x, yi, f"总计 {_fmt_n(tot)}", va="center", fontsize=9, color="0.25")
    ax.set_xlim(0, top * 1.3)
    ax.set_yticks(y, grid.index.tolist())
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(ncols=4, loc="lower center", bbox_to_anchor=(0.5, 1.0), title=None)


_BLOCKS = [
    ("行政复议", "行政复议"),
    ("行政诉讼/未经复议直接起诉", "行政诉讼：未经复议直接起诉"),
    ("行政诉讼/复议后起诉", "行政诉讼：复议后起诉"),
]
_RESULTS = [
    ("结果维持", "维持"),
    ("结果纠正", "纠正"),
    ("其他结果", "其他"),
    ("尚未审结", "尚未审结"),
]


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
    ax.set_title(title or _title(label, "政府信息公开行政复议、行政诉讼结果"), pad=26)
    ax.set_xlabel("案件数（件）")
    ax.set_ylabel("案件类型")
    if grid.isna().all().all():
        _empty(ax, "第四部分全部空白或无法读取（不等于没有案件），无法作图")
    elif not np.nansum(grid.to_numpy()):
        _empty(ax, "本年度无行政复议、行政诉讼案件（第四部分各项均为 0）")
    else:
        _review_bars(ax, grid)
    m = wide_metrics(report_metrics(cells)).iloc[0]
    den = wide_metrics(report_metrics(cells), values="denominator").iloc[0]
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
        ax.legend(
            handles=handles,
            ncols=min(3, len(items)),
            loc="lower center",
            bbox_to_anchor=(0.5, 1.0),
            fontsize=8.5,
        )
    else:
        _empty(ax, "第二部分没有可画的计数：相关单元格全部空白或无法读取（见下方脚注和统计表）")
    ax.set_title(
        title or _title(label, "主动公开政府信息情况（计数类指标）"),
        pad=20 + 14 * ((len(items) + 2) // 3),
    )
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
    import matplotlib.pyplot as plt

    heights = [max(n, 1) * 0.32 + 0.9 for n in sizes]
    total = sum(heights) + 1.2
    fig, axes = plt.subplots(
        len(sizes), 1, figsize=(9, total), layout="constrained", height_ratios=heights
    )
    fig._govkit_plot_height = total  # type: ignore[attr-defined]
    return list(axes)


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


def _empty(ax: Axes, why: str) -> None:
    """An empty chart says why it is empty instead of showing a bare axis."""
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.text(
        0.5,
        0.5,
        why,
        transform=ax.transAxes,
        ha="center",
        va="center",
        fontsize=11,
        color="0.35",
        wrap=True,
    )


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
        elif c < MIN_BASE:
            ax.text(
                max(tot, 1.0) + 0.01,
                yi,
                f"样本过小（办结 {_fmt_n(c)}），不排序",
                va="center",
                fontsize=8.5,
                color="0.35",
            )
        else:
            ax.text(
                max(tot, 1.0) + 0.01,
                yi,
                f"办结 {_fmt_n(c)}",
                va="center",
                fontsize=8.5,
                color="0.25",
            )
    right = max(1.0, float(np.nanmax([*left, 1.0])))
    ax.set_xlim(0, right * (1.3 if small.any() else 1.14))
    ax.axvline(1.0, color="0.3", lw=0.8, ls="--")
    ax.set_xticks(np.linspace(0, 1, 6))  # shares: no ticks past 100%
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_yticks(
        y, [f"{lab} †" if sm else lab for lab, sm in zip(shares.index, small, strict=True)]
    )
    handles = [Patch(color=color, label=name) for _, name, color in _SHARES]
    ax.legend(handles=handles, ncols=5, loc="lower center", bbox_to_anchor=(0.5, 1.0))
    ax.set_title(title or "各报告依申请公开办理结果构成（占办结数）", pad=26)
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
    ax.legend(handles=handles, ncols=3, loc="lower center", bbox_to_anchor=(0.5, 1.0))
    ax.set_title(title or "各报告行政复议、行政诉讼纠错率", pad=26)
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


def save_png(fig: Figure, path: str | Path, *, dpi: int = 110, colors: int = 64) -> Path:
    """Save a chart as a palette PNG: a quarter of the bytes of matplotlib's RGBA PNG at the same
    dpi (charts are flat colours and anti-aliased text), so a page with four charts stays light.
    Max-coverage quantisation keeps every pixel within 6/255 of the original (median cut shifted
    small legend swatches by up to 91/255). Glyphs are pixels: no Chinese font needed to view."""
    import io

    from PIL import Image

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
    image = Image.open(buf).convert("RGB")
    palette = image.quantize(colors, method=Image.Quantize.MAXCOVERAGE, dither=Image.Dither.NONE)
    path = Path(path)
    palette.save(path, format="PNG", optimize=True)
    return path


def _same_agency(names: Iterable) -> dict[str, str]:
    """Each agency name mapped to the shortest name of the batch it ends with: a web page's
    breadcrumb glued before the agency ("首页政务公开…平潭综合实验区") is the same agency."""
    known = sorted({str(n) for n in names if pd.notna(n)}, key=len)
    return {n: next((k for k in known if 4 <= len(k) < len(n) and n.endswith(k)), n) for n in known}


CHARTS = {
    "outcome": outcome_chart,
    "applicant": applicant_chart,
    "review_litigation": review_litigation_chart,
    "active": active_chart,
    "compare_received": compare_received_chart,
    "compare_outcomes": compare_outcomes_chart,
    "compare_correction": compare_correction_chart,
    "trend": trend_chart,
}
"""Chart functions by name: the first four take one report, the compare_* and trend ones a batch."""

__all__ = [
    "ACTIVE_COUNT_COLS",
    "CHARTS",
    "FALLBACK_FONTS",
    "SMALL_BASE_NOTE",
    "active_chart",
    "applicant_chart",
    "chart_style",
    "compare_correction_chart",
    "compare_outcomes_chart",
    "compare_received_chart",
    "copied_share_chart",
    "font_family",
    "font_path",
    "outcome_chart",
    "review_litigation_chart",
    "save_png",
    "trend_chart",
]
