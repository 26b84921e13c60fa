"""Where the axes of a govkit figure go: margins computed from the texts the chart carries.

Constrained layout measured every tick label, title and legend of a chart twice on each save, a
third of a chart's cost. A chart's texts are all known once it is built, and the chart font's
advance widths give their sizes in points (to within a few per cent of the drawn glyphs), so
`fit` places each axes once, before anything is drawn: the left margin from the widest y tick
label and the y label, the right one from the value labels written past the bars, the top from
the title and the legend above the axes, the bottom from the x tick labels, the x label and the
footnote. The figure is then drawn once, by savefig.

Pixel identity with the constrained layout is not kept; what a reader sees is: the same texts at
the same sizes, nothing clipped at the figure's edge and nothing drawn over another text
(tests/present/charts/test_layout.py checks the drawn extents of every chart on every report).
"""

from __future__ import annotations

import functools
import math

from matplotlib import font_manager, rcParams
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ft2font import FT2Font, LoadFlags
from matplotlib.legend import Legend
from matplotlib.text import Annotation, Text

from govkit.present.charts.draw import _FOOT_GID, _wrap
from govkit.present.charts.fonts import _families

_GAP = 4.0  # pt: room left between a text and the figure edge, or between two blocks
_SLACK = 1.02  # ChartFigure draws unhinted glyphs: a text is as wide as its advances (+ rounding)
_LINE = 1.2  # a line of Noto Sans SC is 1.2 em tall (ascender 1.16 + descender 0.29, as drawn)
_TICK = 3.5 + 3.5  # pt: default tick length and tick label pad (rcParams xtick.major.*)
_LABEL_PAD = 4.0  # pt: axes.labelpad
_TITLE_PAD = 6.0  # pt: axes.titlepad
_MIN_AXES = 0.3  # the axes keep at least this share of the figure's width


@functools.cache
def _font() -> FT2Font:
    """The chart font at 100 pt, 72 dpi: an instance of its own (the one `get_font` caches is
    the renderers', whose size changes with every text drawn)."""
    font = FT2Font(font_manager.findfont(font_manager.FontProperties(family=_families())))
    font.set_size(100, 72)
    return font


@functools.cache
def _advance(ch: str) -> float:
    """Advance width of one character in em, from the chart font (1 em when it lacks the glyph:
    a fallback font draws it, and CJK glyphs are 1 em)."""
    font = _font()
    if not font.get_char_index(ord(ch)):
        return 1.0
    return font.load_char(ord(ch), flags=LoadFlags.NO_HINTING).linearHoriAdvance / 65536 / 100


def text_width(text: str, size: float) -> float:
    """Width in points of `text` (its longest line) drawn at `size` points."""
    lines = str(text).split("\n")
    return max(sum(_advance(ch) for ch in line) for line in lines) * size * _SLACK + 1.0


def text_height(text: str, size: float, linespacing: float | str = "normal") -> float:
    """Height in points of `text` drawn at `size` points: `linespacing` em a line, 1.2 em for
    matplotlib's "normal" (which draws 1 em; the glyphs' ascender and descender reach 1.45)."""
    lines = str(text).count("\n") + 1 if text else 0
    return lines * size * (_LINE if linespacing == "normal" else max(float(linespacing), 1.0))


def legend_width(legend: Legend) -> float:
    """Width in points of a legend's box (its columns filled top to bottom, matplotlib's way)."""
    size = legend.prop.get_size_in_points()
    texts = [t.get_text() for t in legend.texts]
    if not texts:
        return 0.0
    ncols = min(_is_above(legend) or 1, len(texts))
    rows = math.ceil(len(texts) / ncols)
    columns = [texts[k : k + rows] for k in range(0, len(texts), rows)]
    entry = (legend.handlelength + legend.handletextpad) * size
    widest = [entry + max(text_width(t, size) for t in col) for col in columns]
    return (
        sum(widest) + (len(columns) - 1) * legend.columnspacing * size + 2 * legend.borderpad * size
    )


def legend_height(legend: Legend) -> float:
    """Height in points of a legend's box plus its gap to the axes (matplotlib's defaults)."""
    size = legend.prop.get_size_in_points()
    n = len(legend.legend_handles)
    rows = math.ceil(n / (_is_above(legend) or 1)) if n else 0
    row = max(_LINE, legend.handleheight) * size
    box = 2 * legend.borderpad * size + rows * row + max(rows - 1, 0) * legend.labelspacing * size
    return box + legend.borderaxespad * size


# ------------------------------------------------------------------------------------ axes


def _tick_labels(axis) -> list[str]:
    """The tick labels the axis will draw: its locator's ticks inside the view, formatted."""
    shown = axis.get_tick_params()
    if not axis.get_visible() or not (shown.get("labelbottom") or shown.get("labelleft")):
        return []
    low, high = sorted(axis.get_view_interval())
    locs = [x for x in axis.get_major_locator()() if low - 1e-9 <= x <= high + 1e-9]
    return [s for s in axis.get_major_formatter().format_ticks(locs) if s] if locs else []


def _size(text: Text) -> tuple[float, float]:
    """Width and height of a text in points, rotation taken into account."""
    if not text.get_visible() or not text.get_text():
        return 0.0, 0.0
    s = text.get_fontsize()
    w = text_width(text.get_text(), s)
    h = text_height(text.get_text(), s, text.get_linespacing())
    return (h, w) if abs(text.get_rotation() % 180 - 90) < 1 else (w, h)


def _extent(text: Text, ax: Axes) -> tuple[float, float, float, float, float, float] | None:
    """(fx, fy, left, right, below, above): a text's anchor as a fraction of the axes and how
    far it reaches from there, in points; None for texts not placed in data or axes coords."""
    if not text.get_visible() or not text.get_text():
        return None
    if isinstance(text, Annotation):
        if text.xycoords != "data":
            return None
        fx, fy = (ax.transScale + ax.transLimits).transform(text.xy)
        dx, dy = text.xyann if text.anncoords == "offset points" else (0.0, 0.0)
    elif text.get_transform() == ax.transData:
        fx, fy = (ax.transScale + ax.transLimits).transform(text.get_position())
        dx = dy = 0.0
    elif text.get_transform() == ax.transAxes:
        fx, fy = text.get_position()
        dx = dy = 0.0
    else:
        return None
    w, h = _size(text)
    if text.get_wrap():  # matplotlib wraps it to the figure's width when drawn
        w = 0.0
    ha, va = text.get_horizontalalignment(), text.get_verticalalignment()
    left = {"left": 0.0, "center": w / 2, "right": w}[ha] - dx
    below = {"bottom": 0.0, "baseline": 0.25 * h, "center": h / 2, "center_baseline": h / 2}.get(
        va, h
    ) - dy
    return fx, fy, left, w - left, below, h - below


class _Needs:
    """Room one axes needs around it, in points; the overflow of its texts depends on its size."""

    def __init__(self, ax: Axes) -> None:
        ax.get_xlim(), ax.get_ylim()  # settle autoscaling before reading the limits
        self.ax = ax
        xt, yt = _tick_labels(ax.xaxis), _tick_labels(ax.yaxis)
        tick_size = _tick_size(ax.xaxis)
        self.x_tick_h = (_TICK + max(text_height(s, tick_size) for s in xt)) if xt else 0.0
        self.x_tick_half = text_width(xt[-1], tick_size) / 2 if xt else 0.0
        self.y_tick_w = (_TICK + max(text_width(s, _tick_size(ax.yaxis)) for s in yt)) if yt else 0
        self.xlabel = _size(ax.xaxis.label)[1]
        self.ylabel, self.ylabel_len = _size(ax.yaxis.label)
        legend = ax.get_legend()
        self.legend = legend if legend is not None and _is_above(legend) else None
        self.above = legend_height(legend) if self.legend is not None else 0.0
        self.texts = [e for t in ax.texts if (e := _extent(t, ax)) is not None]
        self.title = ax.title.get_text() if ax.title.get_visible() else ""

    def left(self) -> float:
        return self.y_tick_w + (self.ylabel + _LABEL_PAD if self.ylabel else 0.0) + _GAP

    def bottom(self) -> float:
        return self.x_tick_h + (self.xlabel + _LABEL_PAD if self.xlabel else 0.0) + _GAP

    def top(self) -> float:
        """Title, its pad and a legend above the axes."""
        title = text_height(self.title, self.ax.title.get_fontsize()) if self.title else 0.0
        return (self.above + _TITLE_PAD + title if title else self.above) + _GAP

    def wrap_title(self, left: float, width: float, fig_w: float) -> None:
        """Break a title wider than the figure allows around the axes' centre: at the space
        between report and subject when that suffices, else where it fills the room."""
        text, size = self.ax.title.get_text(), self.ax.title.get_fontsize()
        room = 2 * min(left + width / 2, fig_w - left - width / 2) - 2 * _GAP
        if not text or text_width(text, size) <= room:
            self.title = text
            return
        head, _, tail = text.replace("\n", " ").rpartition(" ")
        if head and max(text_width(head, size), text_width(tail, size)) <= room:
            self.title = f"{head}\n{tail}"
        else:
            self.title = "\n".join(_wrap(text.replace("\n", ""), room / size / _SLACK))

    def place_legend(self, left: float, width: float, fig_w: float) -> None:
        """Centre the legend above the axes, or as near as the figure's edges allow."""
        if self.legend is None:
            return
        half = legend_width(self.legend) / 2
        centre = min(max(left + width / 2, half + _GAP), fig_w - half - _GAP)
        self.legend.set_bbox_to_anchor(((centre - left) / width, 1.0), self.ax.transAxes)

    def place_title(self) -> None:
        """The title above the legend (if any), fixed there: no search for a free place at draw."""
        if self.title:
            size = self.ax.title.get_fontsize()
            self.ax.set_title(self.title, pad=self.above + _TITLE_PAD, y=1.0, fontsize=size)

    def overflow(self, width: float, height: float) -> tuple[float, float, float, float]:
        """How far (left, right, bottom, top) the axes' own texts reach past an axes of this size."""
        beyond = max(self.ylabel_len - height, 0.0) / 2  # a y label longer than the axes
        out = [0.0, self.x_tick_half, beyond, beyond]
        for fx, fy, left, right, below, above in self.texts:
            x, y = fx * width, fy * height
            out[0] = max(out[0], left - x)
            out[1] = max(out[1], x + right - width)
            out[2] = max(out[2], below - y)
            out[3] = max(out[3], y + above - height)
        return out[0], out[1], out[2], out[3]


def _tick_size(axis) -> float:
    size = axis.get_tick_params().get("labelsize", rcParams[f"{axis.axis_name}tick.labelsize"])
    return font_manager.FontProperties(size=size).get_size_in_points()


def _is_above(legend: Legend) -> int:
    """The columns of a legend anchored on the axes' top edge, outside the axes (made by
    `draw._legend_above`); 0 for any other legend."""
    return getattr(legend, "_govkit_above", 0)


def fit(fig: Figure) -> None:
    """Place the figure's axes (one column, top to bottom) inside margins made for their texts.

    The plot keeps the figure's height less the footnote; the axes share what their texts leave
    by the gridspec's height ratios. A title wider than the figure is wrapped.
    """
    axes = [ax for ax in fig.axes if ax.get_visible()]
    if not axes:
        return
    needs = [_Needs(ax) for ax in axes]
    w_pt, h_pt = fig.get_figwidth() * 72, fig.get_figheight() * 72
    foot = _footnote_top(fig, h_pt)
    ratios = _ratios(axes)
    over = [(0.0, 0.0, 0.0, 0.0)] * len(axes)
    for _round in range(3):  # the overflow depends on the axes' size, which depends on it
        left = max(n.left() + o[0] for n, o in zip(needs, over, strict=True))
        right = max(o[1] for o in over) + _GAP
        width = max(w_pt - left - right, _MIN_AXES * w_pt)
        for n in needs:
            n.wrap_title(left, width, w_pt)
        blocks = [n.top() + n.bottom() + o[2] + o[3] for n, o in zip(needs, over, strict=True)]
        free = max(h_pt - foot - sum(blocks), 0.2 * (h_pt - foot))
        heights = [free * r / sum(ratios) for r in ratios]
        over = [n.overflow(width, h) for n, h in zip(needs, heights, strict=True)]
    y = h_pt
    for n, o, h in zip(needs, over, heights, strict=True):
        y -= n.top() + o[3] + h
        n.ax.set_position((left / w_pt, y / h_pt, width / w_pt, h / h_pt))
        n.place_legend(left, width, w_pt)
        n.place_title()
        y -= n.bottom() + o[2]


def _footnote_top(fig: Figure, h_pt: float) -> float:
    """Points from the figure's bottom to the top of its footnote, plus a gap."""
    foot = next((t for t in fig.texts if t.get_gid() == _FOOT_GID), None)
    if foot is None or not foot.get_text():
        return 0.0
    bottom = foot.get_position()[1] * h_pt
    return bottom + text_height(foot.get_text(), foot.get_fontsize(), foot.get_linespacing()) + _GAP


def _ratios(axes: list[Axes]) -> list[float]:
    spec = axes[0].get_subplotspec()
    ratios = spec.get_gridspec().get_height_ratios() if spec is not None else None
    return list(ratios) if ratios is not None and len(ratios) == len(axes) else [1.0] * len(axes)
