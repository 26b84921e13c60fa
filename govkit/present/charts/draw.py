"""What every chart shares: new axes, the footnote that defines what it shows, number formats, report labels."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from govkit.present.charts.fonts import ChartFigure
from govkit.present.definitions import MIN_BASE
from govkit.present.metrics import as_cells, report_keys

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
    """`ax`, or the Axes of a new figure whose height grows with the footnote. Its axes are
    placed by `layout.fit` once the chart is built (no layout engine runs at draw)."""
    return ax if ax is not None else _panels(width, [height])[0]


def _panels(width: float, heights: list[float], total: float | None = None) -> list[Axes]:
    """A new chart figure of panels stacked in proportion to `heights`, `total` inches tall
    (default their sum; the footnote's room is added by `layout.fit`), marked as govkit's own
    so its axes are placed once, by `layout.fit`."""
    import matplotlib.pyplot as plt  # lazily: importing govkit.present.charts must not touch pyplot

    total = sum(heights) if total is None else total
    fig, axes = plt.subplots(
        len(heights),
        1,
        figsize=(width, total),
        height_ratios=heights,
        squeeze=False,
        FigureClass=ChartFigure,
    )
    fig._govkit_plot_height = total  # type: ignore[attr-defined]
    return list(axes[:, 0])


def _legend_above(ax: Axes, *, ncols: int, **kwargs) -> None:
    """A legend in `ncols` columns centred on the axes' top edge, outside the axes; `layout.fit`
    reads the mark (its columns) to size it and put the title above it."""
    legend = ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=ncols, **kwargs)
    legend._govkit_above = ncols  # type: ignore[attr-defined]


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
    if plot_in is not None:  # our own figure: make room instead of squeezing the plot (fit)
        fig.set_figheight(plot_in + foot_in)
        return
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
        return as_cells(data)
    from govkit.report import stack_cells

    return pd.concat([stack_cells(r) for r in data], ignore_index=True)


def _single(data) -> tuple[pd.DataFrame, str]:
    """One report's long cells and a label such as "某某区人民政府 2023年"."""
    cells = as_cells(data)
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


# ------------------------------------------------------------- section 三's outcomes, shared

_OUTCOMES = [
    ("disclosed", "（一）予以公开"),
    ("partly", "（二）部分公开"),
    ("withheld", "（三）不予公开"),
    ("unavailable", "（四）无法提供"),
    ("not_processed", "（五）不予处理"),
    ("other", "（六）其他处理"),
]


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


def _same_agency(names: Iterable) -> dict[str, str]:
    """Each agency name mapped to the shortest name of the batch it ends with: a web page's
    breadcrumb glued before the agency ("首页政务公开…平潭综合实验区") is the same agency."""
    known = {str(n) for n in names if pd.notna(n)}

    def shortest(name: str) -> str:  # its suffixes from the shortest (4 characters) up: O(length)
        return next((name[i:] for i in range(len(name) - 4, 0, -1) if name[i:] in known), name)

    return {n: shortest(n) for n in known}
