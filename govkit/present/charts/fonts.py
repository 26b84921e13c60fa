"""Chinese glyphs for charts: zhplot's Noto Sans SC registered without importing zhplot, applied per chart."""

from __future__ import annotations

import functools
import glob
import importlib.util
import os
from collections.abc import Callable

import matplotlib
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text

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
        # unhinted outlines: FreeType loads a glyph twice as fast (the text is most of a chart's
        # drawing time) and a text is exactly as wide as its advances at any dpi (layout.fit)
        "text.hinting": "no_hinting",
    }


class ChartFigure(Figure):
    """The figure of a govkit chart, drawn under `chart_style()` whoever draws it (save_png,
    savefig, a notebook's display): ticks made at draw time get the CJK font, and every drawing
    of the chart is the same, so its texts need no pinning."""

    def draw(self, renderer) -> None:
        with matplotlib.rc_context(chart_style()):
            super().draw(renderer)


def _pin_fonts(fig: Figure) -> None:
    """Give every text of the figure the CJK family explicitly, so drawing it outside our
    rc_context (savefig later, notebook display) still finds the glyphs."""
    families = _families()
    for text in fig.findobj(Text):
        text.set_fontfamily(families)


def _styled(func: Callable[..., Axes]) -> Callable[..., Axes]:
    @functools.wraps(func)
    def wrapper(*args, **kwargs) -> Axes:
        from govkit.present.charts.layout import fit  # layout measures with this module's font

        with matplotlib.rc_context(chart_style()):
            ax = func(*args, **kwargs)
            fig = ax.get_figure(root=True)
            if hasattr(fig, "_govkit_plot_height"):  # our own figure: its axes placed once
                fit(fig)
            if not isinstance(fig, ChartFigure):  # axes of the caller's figure
                _pin_fonts(fig)
        return ax

    return wrapper
