"""govkit.present.charts.layout: every chart, on every report of data/ and ../shared/corpus and on
long labels and many agencies, draws each of its texts inside the figure and none over another
(drawn extents at save_png's 110 dpi; the footnote included). Text sizes estimated from the
font's advances are checked against the drawn ones."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

from itertools import combinations
from unittest import mock

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from batches import many_reports
from conftest import CORPUS, DATA
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.text import Text
from matplotlib.transforms import Bbox

import govkit
from govkit.errors import GovkitError
from govkit.present import charts
from govkit.present.charts.layout import _advance, text_height, text_width
from govkit.report import stack_cells

SINGLE = ["outcome", "applicant", "review_litigation", "active"]
BATCH = ["compare_received", "compare_outcomes", "compare_correction", "trend"]
REPORTS = sorted(
    p
    for folder in (DATA, CORPUS)
    if folder.is_dir()
    for p in folder.iterdir()
    if p.suffix in {".txt", ".md", ".html", ".pdf"} and p.stem != "README"
)


def _drawn(fig: Figure) -> list[tuple[Text, Bbox]]:
    """Every text the figure draws, with its extent in pixels, at save_png's dpi."""
    fig.set_dpi(110)
    drawn: list[tuple[Text, Bbox]] = []
    draw = Text.draw

    def record(self: Text, renderer) -> None:
        draw(self, renderer)
        if self.get_visible() and self.get_text():
            with self._cm_set(text=self._get_wrapped_text() if self.get_wrap() else self._text):
                drawn.append((self, self.get_window_extent(renderer)))

    with mock.patch.object(Text, "draw", record):
        fig.canvas.draw()
    return drawn


def _problems(fig: Figure) -> list[str]:
    """Texts reaching past the figure's edge, and pairs of texts drawn over each other."""
    drawn = _drawn(fig)
    width, height = fig.bbox.width, fig.bbox.height
    out = [
        f"clipped: {t.get_text()[:30]!r} {box.bounds}"
        for t, box in drawn
        if box.x0 < -0.5 or box.y0 < -0.5 or box.x1 > width + 0.5 or box.y1 > height + 0.5
    ]
    for (a, box_a), (b, box_b) in combinations(drawn, 2):
        if (
            min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0) > 0.5
            and min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0) > 0.5
        ):
            out.append(f"overlap: {a.get_text()[:30]!r} and {b.get_text()[:30]!r}")
    return out


def _pre2019() -> set[str]:
    """Corpus reports the manifest calls pre-2019 free-form: no template tables, nothing to chart."""
    manifest = CORPUS / "MANIFEST.tsv"
    if not manifest.exists():
        return set()
    table = pd.read_csv(manifest, sep="\t", dtype=str)
    return set(table.loc[table["template"] == "pre2019", "file"])


@pytest.mark.parametrize("name", SINGLE)
@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name)
def test_single_report_charts_keep_their_texts_inside_and_apart(path, name):
    if path.name in _pre2019():  # refused before any chart: its reading error says why
        with pytest.raises(GovkitError):
            govkit.read_report(path)
        return
    ax = charts.CHARTS[name](govkit.read_report(path))
    assert _problems(ax.get_figure(root=True)) == []


@pytest.fixture(scope="module")
def corpus_cells():
    cells, _failures = govkit.read_reports(REPORTS)  # a pre-2019 report fails; the rest are read
    return cells


def _many_agencies(n: int, name_length: int) -> pd.DataFrame:
    """data/2023_pingtan.txt as `n` agencies with long names over two years, counts scaled by
    agency so that lines and labels do not all coincide."""
    one = stack_cells(govkit.read_report(DATA / "2023_pingtan.txt"))
    number = pd.to_numeric(one["value"], errors="coerce")
    parts = []
    for i in range(n):
        agency = f"某某省某某市某某区{'人民政府办公室' * (name_length // 7)}第{i + 1}分支"
        for year in (2022, 2023):
            scale = (i + 1) * (year - 2020)
            value = (number * scale).where(number.notna(), one["value"])
            parts.append(
                one.assign(agency=agency, year=year, source=f"x/{i}/{year}.txt", value=value)
            )
    return pd.concat(parts, ignore_index=True)


@pytest.mark.parametrize("name", BATCH)
def test_batch_charts_keep_their_texts_inside_and_apart(corpus_cells, name):
    ax = charts.CHARTS[name](corpus_cells)
    assert _problems(ax.get_figure(root=True)) == []


@pytest.mark.parametrize(("name", "n"), [*((name, 12) for name in BATCH[:3]), ("trend", 3)])
def test_batch_charts_of_many_long_named_agencies(name, n):
    ax = charts.CHARTS[name](_many_agencies(n, 28))
    assert _problems(ax.get_figure(root=True)) == []


@pytest.fixture(scope="module")
def batches():
    return {n: many_reports(n) for n in (1, 12, 300, 2000)}


@pytest.mark.parametrize("n", [1, 12, 300, 2000])
@pytest.mark.parametrize("name", BATCH)
def test_batch_charts_stay_bounded_and_legible_at_any_size(batches, name, n):
    """One bar per report made charts 128-190 in tall at 300 reports and ~1,200 at 2,000."""
    fig = charts.CHARTS[name](batches[n]).get_figure(root=True)
    width, height = fig.get_size_inches()
    assert width == 10 and height <= 18
    assert _problems(fig) == []


@pytest.mark.parametrize("name", SINGLE)
def test_a_long_agency_name_wraps_the_title_inside_the_figure(seed, name):
    cells = stack_cells(seed).assign(agency="某某省某某市某某区" + "人民政府办公室" * 8)
    ax = charts.CHARTS[name](cells)
    assert "人民政府办公室" in ax.get_title() and "\n" in ax.get_title()
    assert _problems(ax.get_figure(root=True)) == []


def test_the_check_sees_a_clipped_and_an_overlapping_text():
    """Control: a text past the edge and two texts on one spot are reported."""
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.set_title("a title far wider than its figure " * 3)
    ax.text(0.5, 0.5, "one", transform=ax.transAxes)
    ax.text(0.5, 0.5, "two", transform=ax.transAxes)
    problems = _problems(fig)
    assert any(p.startswith("clipped") for p in problems)
    assert any(p.startswith("overlap") and "one" in p for p in problems)


# --------------------------------------------------------------------------- measuring


@pytest.mark.parametrize(
    "text", ["行政许可·本年处理决定数量", "1,234（56.7%）", "Mm%*/—", "办结 81", "甲\n乙乙乙"]
)
@pytest.mark.parametrize("size", [7.5, 8.5, 9, 10, 13])
@pytest.mark.parametrize("dpi", [72, 100, 110, 150])
def test_text_sizes_are_what_a_chart_draws_or_a_little_more(text, size, dpi):
    with matplotlib.rc_context(charts.chart_style()):  # as a ChartFigure draws: unhinted
        fig = plt.figure(figsize=(6, 2), dpi=dpi)
        t = fig.text(0.1, 0.5, text, fontsize=size)
        drawn = t.get_window_extent(fig.canvas.get_renderer())
    points = 72 / dpi
    assert drawn.width * points <= text_width(text, size) <= drawn.width * points * 1.05 + 1.5
    assert drawn.height * points <= text_height(text, size) <= drawn.height * points * 1.25


def test_measures_do_not_depend_on_what_was_drawn_before():
    """The font file matplotlib's renderers share changes size with every text drawn; the
    advances are read from an instance of its own (a kept kernel draws many pages)."""
    _advance.cache_clear()
    before = text_width("Mm%甲", 10)
    fig = plt.figure(dpi=300)  # the chart font by file: the renderer takes matplotlib's instance
    fig.text(0, 0, "Mm%甲", fontproperties=FontProperties(fname=charts.font_path(), size=31))
    fig.canvas.draw()
    _advance.cache_clear()
    assert text_width("Mm%甲", 10) == before


def test_trend_end_labels_of_agencies_with_the_same_counts_do_not_overlap():
    """Six agencies with the same counts: every end label at one height before they are moved."""
    cells = _many_agencies(6, 14)
    same = cells.assign(value=pd.to_numeric(cells["value"], errors="coerce").fillna(0) * 0 + 81)
    ax = charts.CHARTS["trend"](same)
    assert len(ax.get_lines()) == 6 and len(ax.texts) == 6
    assert _problems(ax.get_figure(root=True)) == []
