"""Charts of one report or a batch, in Chinese, each with a footnote that defines what it shows.

Every function takes a `Report` or long cells (one report for the per-report charts; the output
of `govkit.read_reports` for the comparisons), draws into `ax` (or a new figure) and returns the
matplotlib Axes. Titles and axis labels are Chinese; a footnote (`fig.text`) quotes the metric
definitions from `govkit.present.metrics.metric_note` and names any small bases (denominator < MIN_BASE).

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

from pathlib import Path

from matplotlib.figure import Figure

from govkit.present.charts.compare import (
    compare_correction_chart,
    compare_outcomes_chart,
    compare_received_chart,
    copied_share_chart,
    trend_chart,
)
from govkit.present.charts.fonts import FALLBACK_FONTS, chart_style, font_family, font_path
from govkit.present.charts.single import (
    ACTIVE_COUNT_COLS,
    active_chart,
    applicant_chart,
    outcome_chart,
    review_litigation_chart,
)
from govkit.present.definitions import SMALL_BASE_NOTE


def save_png(fig: Figure, path: str | Path, *, dpi: int = 110, colors: int = 64) -> Path:
    """Save a chart as a palette PNG: a quarter of the bytes of matplotlib's RGBA PNG at the same
    dpi (charts are flat colours and anti-aliased text), so a page with four charts stays light.
    Max-coverage quantisation keeps every pixel within 6/255 of the original (median cut shifted
    small legend swatches by up to 91/255). Glyphs are pixels: no Chinese font needed to view.

    The figure's pixels are taken raw (no RGBA PNG encoded and decoded on the way) and zlib
    level 6 packs them: the same pixels, ~6% more bytes than level 8 in a third of its time
    (37 → 12 ms for a page's four charts; the page stays far below its 300 KB)."""
    import io

    from PIL import Image

    buf = io.BytesIO()
    fig.savefig(buf, format="raw", dpi=dpi, facecolor="white")
    width = int(fig.get_figwidth() * dpi)  # as matplotlib sizes its canvas at this dpi
    size = (width, len(buf.getbuffer()) // (4 * width))
    image = Image.frombuffer("RGBA", size, buf.getbuffer(), "raw", "RGBA", 0, 1).convert("RGB")
    palette = image.quantize(colors, method=Image.Quantize.MAXCOVERAGE, dither=Image.Dither.NONE)
    path = Path(path)
    palette.save(path, format="PNG", compress_level=6)
    return path


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
