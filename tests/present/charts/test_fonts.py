"""govkit.present.charts.fonts: zhplot's Noto Sans SC found and registered, the chart style, and
`_styled` applying it only inside a chart call while pinning it on every text it drew."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import io

import matplotlib.pyplot as plt
import pytest
from conftest import ROOT
from matplotlib import font_manager
from matplotlib.figure import Figure

from govkit.present.charts import fonts
from govkit.present.charts.fonts import (
    FALLBACK_FONTS,
    ChartFigure,
    _styled,
    chart_style,
    font_family,
    font_path,
)


def test_the_registered_file_is_the_family_charts_ask_for():
    path = font_path()
    assert path is not None and Path(path).is_file()
    assert font_manager.FontProperties(fname=path).get_name() == font_family()
    found = font_manager.findfont(
        font_manager.FontProperties(family=font_family()), fallback_to_default=False
    )
    assert Path(found).resolve() == Path(path).resolve()


def test_chart_style_tries_noto_then_the_fallbacks_in_order():
    style = chart_style()
    assert style["font.family"] == [font_family(), "sans-serif"]
    assert style["font.sans-serif"] == [font_family(), *FALLBACK_FONTS]
    style["font.family"].append("changed")
    assert chart_style()["font.family"] == [font_family(), "sans-serif"]  # a fresh dict each call


def test_styled_applies_the_style_only_during_the_call():
    seen = {}

    @_styled
    def chart(*, ax=None):
        """A chart."""
        seen["minus"] = matplotlib.rcParams["axes.unicode_minus"]
        seen["family"] = list(matplotlib.rcParams["font.family"])
        _fig, ax = plt.subplots()
        ax.set_title("依申请公开办理结果")
        return ax

    before = matplotlib.rcParams["axes.unicode_minus"]
    chart()
    assert seen == {"minus": False, "family": [font_family(), "sans-serif"]}
    assert matplotlib.rcParams["axes.unicode_minus"] == before
    assert chart.__name__ == "chart" and chart.__doc__ == "A chart."


def test_styled_pins_the_font_on_axes_made_outside_the_chart():
    """Axes made before the call (a notebook's subplots) carry the default font in their title
    and labels; the chart's Chinese must still find its glyphs when drawn later."""

    @_styled
    def chart(*, ax):
        ax.set_title("依申请公开办理结果")
        ax.set_xlabel("件数（总计）")
        ax.get_figure(root=True).text(0, 0, "脚注：小基数")
        return ax

    fig, ax = plt.subplots()  # outside the style
    chart(ax=ax)
    for text in (ax.title, ax.xaxis.label, *fig.texts):
        assert text.get_fontfamily()[0] == font_family(), text.get_text()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph is a UserWarning
        fig.savefig(io.BytesIO(), format="png")


def _draw_chinese_ticks(figure_class) -> None:
    """A figure made outside the style whose tick labels (made when drawn) are Chinese."""
    from matplotlib.ticker import FuncFormatter

    fig = plt.figure(FigureClass=figure_class)
    ax = fig.add_subplot()
    ax.set_xlim(0, 10)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:.0f} 件"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph is a UserWarning
        fig.savefig(io.BytesIO(), format="png")


def test_a_chart_figure_draws_in_the_chart_style_whoever_draws_it():
    """Ticks are made at draw time, after the chart call: a ChartFigure gives them the CJK
    family (and unhinted glyphs, which layout.fit's widths assume) and leaves rcParams alone."""
    before = dict(matplotlib.rcParams)
    _draw_chinese_ticks(ChartFigure)
    assert dict(matplotlib.rcParams) == before
    with pytest.raises(UserWarning, match="missing from font"):  # control: a plain figure
        _draw_chinese_ticks(Figure)


def test_unstyled_chinese_misses_glyphs():
    """Control for the test above: without the pinned family, the default font lacks the glyphs."""
    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        _fig, ax = plt.subplots()
        ax.set_title("依申请公开办理结果")
        with warnings.catch_warnings(), pytest.raises(UserWarning, match="missing from font"):
            warnings.simplefilter("error")
            ax.get_figure(root=True).savefig(io.BytesIO(), format="png")


def test_an_error_inside_a_chart_leaves_rcparams_as_they_were():
    @_styled
    def broken():
        raise ValueError("bad")

    before = dict(matplotlib.rcParams)
    with pytest.raises(ValueError, match="bad"):
        broken()
    assert dict(matplotlib.rcParams) == before


def test_without_zhplot_the_fallbacks_are_used():
    # the module alone, by file: importing the govkit package would cost pandas and seconds
    code = f"""
import importlib.util, json, sys
sys.modules["zhplot"] = None  # as if not installed: find_spec gives None
spec = importlib.util.spec_from_file_location("fonts", {str(fonts.__file__)!r})
fonts = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fonts)
print(json.dumps({{"family": fonts.font_family(), "path": fonts.font_path(),
                  "style": fonts.chart_style()["font.family"]}}))
"""
    env = {**os.environ, "MPLBACKEND": "Agg"}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result == {"family": "sans-serif", "path": None, "style": ["sans-serif"]}
