"""Charts of one report or a batch, in Chinese, each with a footnote that defines what it shows.

Every function takes a `Report` or long cells (one report for the per-report charts; the output
of `govkit.read_reports` for the comparisons), draws into `ax` (or a new figure) and returns the
matplotlib Axes. Titles and axis labels are Chinese; a footnote (`fig.text`) quotes the metric
definitions from `govkit.present.metrics.metric_note` and names any small bases (denominator < MIN_BASE).

Chinese glyphs come from the Noto Sans SC font shipped inside the `zhplot` package. It is
registered with matplotlib's font manager at import, *without importing zhplot* (whose import
rewrites global rcParams). The font is applied only inside each chart function, through
`matplotlib.rc_context(chart_style())`; a chart's own figure is a `ChartFigure`, drawn under the
same style whoever draws it (savefig later, a notebook's display), and the texts of axes the
caller passes in are pinned to the family, so importing this module leaves `matplotlib.rcParams`
untouched and every drawing finds the glyphs.

A chart's own figure is laid out once, from its texts (`layout.fit`), not by constrained layout
at every draw. Pixel identity with the constrained-layout charts is not kept (issue 15): the
chart types, texts and font sizes are the same, and no text is clipped or drawn over another
(tests/present/charts/test_layout.py, every report of data/ and the corpus).

    >>> from govkit import charts
    >>> ax = charts.outcome_chart(report)
    >>> ax.figure.savefig("outcome.png")
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from matplotlib.figure import Figure

from govkit.present.charts.compare import (
    compare_correction_chart,
    compare_outcomes_chart,
    compare_received_chart,
    copied_share_chart,
)
from govkit.present.charts.fonts import FALLBACK_FONTS, chart_style, font_family, font_path
from govkit.present.charts.single import (
    ACTIVE_COUNT_COLS,
    active_chart,
    applicant_chart,
    outcome_chart,
    review_litigation_chart,
)
from govkit.present.charts.trend import trend_chart
from govkit.present.definitions import SMALL_BASE_NOTE


def save_png(fig: Figure, path: str | Path, *, dpi: int = 110, colors: int = 128) -> Path:
    """Save a chart as a palette PNG: a quarter of the bytes of matplotlib's RGBA PNG at the same
    dpi (charts are flat colours and anti-aliased text), so a page with four charts stays light.
    Glyphs are pixels: no Chinese font needed to view.

    The figure is drawn once, its pixels taken raw (no RGBA PNG encoded and decoded on the way).
    A chart has a few hundred colours. The palette is `colors` of them picked farthest first
    (the most frequent, then each time the colour farthest from those picked), all of them when
    there are no more, and each pixel takes its nearest: it moves by at most the largest
    distance left, 1-3/255 on govkit's charts at 128 colours (7/255 at 64, 1/255 at 256 for
    12% more bytes). Pillow's max-coverage quantiser to 64 colours, used before, moved pixels
    by up to 16/255 and took twice as long; median cut shifted small legend swatches by up to
    91/255. zlib level 6 packs the pixels (a third of level 8's time for ~6% more bytes)."""
    import io

    from PIL import Image

    buf = io.BytesIO()
    fig.savefig(buf, format="raw", dpi=dpi, facecolor="white")
    # as matplotlib sizes its canvas (FigureCanvasBase.get_width_height): whole pixels, a width
    # within 1e-8 below one (9.0909… in × 110 dpi) rounded up
    width = int(fig.get_figwidth() * dpi + 1e-8)
    size = (width, len(buf.getbuffer()) // (4 * width))
    image = Image.frombuffer("RGBA", size, buf.getbuffer(), "raw", "RGBA", 0, 1)
    counted = image.getcolors(1 << 16)
    if counted is None:  # not a chart: an image with more than 65,536 colours
        palette = image.convert("RGB").quantize(
            colors, method=Image.Quantize.MAXCOVERAGE, dither=Image.Dither.NONE
        )
    else:
        palette = _palette_image(buf.getbuffer(), size, counted, colors)
    path = Path(path)
    palette.save(path, format="PNG", compress_level=6)
    return path


def _palette_image(rgba: memoryview, size: tuple[int, int], counted: list, colors: int):
    """The RGBA pixels as a palette image: each colour of `counted` ((count, (r, g, b, a)), as
    `Image.getcolors` gives) mapped to its nearest palette entry through a table indexed by the
    24-bit colour (16 MB, mostly untouched zero pages), the alpha byte dropped."""
    from PIL import Image

    rgb = np.array([c[:3] for _, c in counted], dtype=np.int16)
    chosen, nearest = _farthest_first(rgb, np.array([n for n, _ in counted]), colors)
    table = np.zeros(1 << 24, np.uint8)
    table[rgb.astype(np.uint32) @ np.array([1, 1 << 8, 1 << 16], np.uint32)] = nearest
    words = np.frombuffer(rgba, dtype="<u4") & 0xFFFFFF  # little-endian R, G, B, A bytes
    image = Image.frombytes("P", size, table[words].tobytes())
    image.putpalette(rgb[chosen].astype(np.uint8).tobytes())
    return image


def _farthest_first(rgb: np.ndarray, counts: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices of at most `n` palette colours, from the most frequent on, each next the colour
    farthest (largest channel difference) from those picked, and each colour's nearest pick."""
    if len(rgb) <= n:
        every = np.arange(len(rgb))
        return every, every
    chosen = [int(counts.argmax())]
    dist = np.abs(rgb - rgb[chosen[0]]).max(axis=1)
    nearest = np.zeros(len(rgb), np.intp)
    while len(chosen) < n and dist.max() > 0:
        k = int(dist.argmax())
        d = np.abs(rgb - rgb[k]).max(axis=1)
        closer = d < dist
        nearest[closer], dist[closer] = len(chosen), d[closer]
        chosen.append(k)
    return np.array(chosen), nearest


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
