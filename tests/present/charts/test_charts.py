"""govkit.present.charts: every chart renders (Agg) on the seed and on the data/ batch, in Noto Sans SC,
without missing-glyph warnings, with a footnote, and without touching global rcParams."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from conftest import CORPUS, DATA, ROOT, needs_shared
from matplotlib import font_manager
from matplotlib.axes import Axes

import govkit
from govkit.present import charts
from govkit.present.definitions import MIN_BASE, metric_note

SINGLE = ["outcome", "applicant", "review_litigation", "active"]
BATCH = ["compare_received", "compare_outcomes", "compare_correction"]
DATA_FILES = sorted(
    p for p in DATA.iterdir() if p.suffix in {".txt", ".md"} and not p.name.startswith("README")
)


@pytest.fixture(scope="module")
def batch():
    cells, failures = govkit.read_reports(DATA_FILES)
    assert failures.empty, failures
    return cells


def _footnote(ax: Axes) -> str:
    texts = [t.get_text() for t in ax.figure.texts if t.get_gid() == "govkit-footnote"]
    assert len(texts) == 1
    return texts[0]


def _has_cjk(s: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in s)


class _FontLog(logging.Handler):
    """Collects matplotlib.font_manager warnings ("findfont: Font family … not found")."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _draw_without_glyph_warnings(ax: Axes) -> None:
    """Draw and save as the notebooks do, every warning an error (a missing glyph is a
    UserWarning), and no font look-up falling back to another family."""
    fig = ax.get_figure(root=True)
    log = _FontLog()
    logger = logging.getLogger("matplotlib.font_manager")
    logger.addHandler(log)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            fig.canvas.draw()
            fig.savefig(io.BytesIO(), format="png", bbox_inches="tight")
    finally:
        logger.removeHandler(log)
    assert not log.messages, log.messages[:3]


def test_glyph_check_catches_a_missing_glyph():
    """Control: the same check fails on Chinese drawn in a font without CJK glyphs."""
    _fig, ax = plt.subplots()
    ax.set_title("依申请公开办理结果", fontfamily="DejaVu Sans")
    with pytest.raises(UserWarning, match="missing from font"):
        _draw_without_glyph_warnings(ax)


def _check(ax: Axes) -> None:
    assert isinstance(ax, Axes)
    assert _has_cjk(ax.get_title())
    assert _has_cjk(ax.get_xlabel()) and _has_cjk(ax.get_ylabel())
    assert _footnote(ax)
    _draw_without_glyph_warnings(ax)


# ------------------------------------------------------------------------------- rendering


@pytest.mark.parametrize("name", SINGLE)
def test_single_report_charts_on_seed(seed, name):
    ax = charts.CHARTS[name](seed)
    _check(ax)
    assert "宁河区造甲城镇人民政府" in ax.get_title()


@pytest.mark.parametrize("name", SINGLE)
@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_single_report_charts_on_data_files(name, path):
    rep = govkit.read_report(path)
    _check(charts.CHARTS[name](rep))


@pytest.mark.parametrize("name", SINGLE)
def test_single_report_charts_accept_long_cells(batch, name):
    one = batch[batch["source"] == batch["source"].iloc[0]]
    _check(charts.CHARTS[name](one))
    with pytest.raises(ValueError, match="reports"):
        charts.CHARTS[name](batch)


@pytest.mark.parametrize("name", BATCH)
def test_batch_charts(batch, name):
    ax = charts.CHARTS[name](batch)
    _check(ax)
    n_reports = batch["source"].nunique()
    assert len(ax.get_yticklabels()) == n_reports


@pytest.mark.parametrize("name", BATCH)
def test_batch_charts_accept_reports(seed, name):
    other = govkit.read_report(DATA / "2023_pingtan.txt")
    _check(charts.CHARTS[name]([seed, other]))


def test_charts_draw_into_given_axes(seed, batch):
    _fig, (a, b) = plt.subplots(1, 2, figsize=(16, 6))
    assert charts.outcome_chart(seed, ax=a) is a
    assert charts.compare_received_chart(batch, ax=b) is b
    note = _footnote(a)  # one footnote per figure, holding both charts' definitions
    assert "实质公开率" in note and "收到申请数" in note
    _draw_without_glyph_warnings(a)


def test_save_png(seed, batch, tmp_path):
    for name, fn in charts.CHARTS.items():
        ax = fn(batch if name in BATCH else seed)
        out = tmp_path / f"{name}.png"
        ax.figure.savefig(out)
        assert out.stat().st_size > 10_000


@pytest.mark.parametrize("name", SINGLE)
def test_save_png_keeps_the_pixels_of_matplotlibs_png(seed, name, tmp_path):
    """save_png takes the figure's pixels raw instead of encoding and decoding an RGBA PNG, and
    its palette is 128 of the chart's own colours picked farthest first: every pixel of
    matplotlib's own PNG of a new figure within 3/255, 95% exactly."""
    from PIL import Image

    buf = io.BytesIO()
    charts.CHARTS[name](seed).figure.savefig(buf, format="png", dpi=110, facecolor="white")
    with Image.open(buf) as im:
        ref = np.asarray(im.convert("RGB"), int)
    saved = charts.save_png(charts.CHARTS[name](seed).figure, tmp_path / "c.png")
    plt.close("all")
    with Image.open(saved) as im:
        assert im.mode == "P"
        got = np.asarray(im.convert("RGB"), int)
    assert got.shape == ref.shape
    diff = np.abs(got - ref).max(axis=2)
    assert diff.max() <= 3 and (diff == 0).mean() > 0.95


def _saved_and_drawn(pixels: np.ndarray, tmp_path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A figure showing `pixels` (h × w × 3) saved by save_png and by matplotlib: the palette
    PNG's pixels, matplotlib's, and the palette."""
    from PIL import Image

    h, w, _ = pixels.shape
    fig = plt.figure(figsize=(w / 110, h / 110), dpi=110)
    fig.figimage(pixels)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, facecolor="white")
    with Image.open(buf) as im:
        ref = np.asarray(im.convert("RGB"), int)
    with Image.open(charts.save_png(fig, tmp_path / "p.png")) as im:
        assert im.mode == "P"
        palette = np.array(im.getpalette(), int).reshape(-1, 3)
        return np.asarray(im.convert("RGB"), int), ref, palette


def test_save_png_keeps_up_to_128_colours_exactly(tmp_path):
    greys = np.repeat(np.arange(120, dtype=np.uint8), 3).reshape(1, 120, 3).repeat(20, axis=0)
    got, ref, _palette = _saved_and_drawn(greys, tmp_path)
    assert (got == ref).all()


def test_save_png_maps_more_colours_to_the_nearest_of_128(tmp_path):
    """5,000 colours: every pixel takes the palette colour nearest to it, and the palette is
    128 of the figure's own colours."""
    rng = np.random.default_rng(0)
    pixels = rng.integers(0, 256, (50, 100, 3), dtype=np.uint8)
    got, ref, palette = _saved_and_drawn(pixels, tmp_path)
    colours = np.unique(ref.reshape(-1, 3), axis=0)
    assert len(palette) == 128 and len(colours) > 128
    assert {tuple(c) for c in palette} <= {tuple(c) for c in colours}
    nearest = np.abs(ref.reshape(-1, 1, 3) - palette[None]).max(axis=2).min(axis=1)
    assert (np.abs(got - ref).max(axis=2).ravel() == nearest).all()


def test_save_png_of_a_photo_with_more_than_65536_colours_is_still_a_palette_png(tmp_path):
    rng = np.random.default_rng(1)
    got, ref, palette = _saved_and_drawn(rng.integers(0, 256, (300, 300, 3), np.uint8), tmp_path)
    assert len(palette) <= 128 and got.shape == ref.shape


# ------------------------------------------------------------------------------- footnotes


def test_footnotes_quote_metric_definitions(seed, batch):
    note = _footnote(charts.outcome_chart(seed)).replace("\n", "")
    assert metric_note("disclosure_rate").split("\n")[0] in note
    assert "小基数" in note and "办结数为 0" in note  # the seed's 办结数 is 0
    assert "原表不平" in note  # （三） says 1, （七）总计 says 0

    note = _footnote(charts.compare_outcomes_chart(batch)).replace("\n", "")
    assert "不予公开占比 = 不予公开 1–8 项之和 ÷ 办结数" in note
    assert "小基数" in note and "宁河区造甲城镇人民政府 2020" in note

    note = _footnote(charts.compare_correction_chart(batch)).replace("\n", "")
    assert "行政复议纠错率 = 行政复议“结果纠正”" in note
    assert f"< {MIN_BASE}" in note

    note = _footnote(charts.review_litigation_chart(seed)).replace("\n", "")
    assert "行政诉讼纠错率（分母 1）" in note


def test_active_chart_only_counts(seed):
    ax = charts.active_chart(seed)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert "行政处罚·处理决定数量" in labels
    assert "政府集中采购·采购项目数量" in labels
    assert not any("采购总金额" in lab or "本年增/减" in lab for lab in labels)


# ---------------------------------------------------------------------------------- fonts


def test_font_is_noto_from_zhplot():
    assert charts.font_family() == "Noto Sans SC"
    path = Path(charts.font_path())
    assert path.suffix in {".ttf", ".otf"} and "zhplot" in path.parts
    assert "zhplot" not in sys.modules  # found with find_spec, never imported


def test_texts_use_the_noto_font(seed, batch):
    noto = Path(charts.font_path()).resolve()
    for ax in (charts.outcome_chart(seed), charts.compare_outcomes_chart(batch)):
        ax.figure.canvas.draw()
        texts = [ax.title, ax.xaxis.label, *ax.get_yticklabels(), *ax.figure.texts]
        for t in texts:
            if not _has_cjk(t.get_text()):
                continue
            assert t.get_fontfamily()[0] == "Noto Sans SC", t.get_text()
            found = font_manager.findfont(t.get_fontproperties(), fallback_to_default=False)
            assert Path(found).resolve() == noto, t.get_text()


def test_chart_call_leaves_rcparams_unchanged(seed):
    before = dict(matplotlib.rcParams)
    charts.outcome_chart(seed)
    after = dict(matplotlib.rcParams)
    assert before == after
    assert "Noto Sans SC" not in matplotlib.rcParams["font.sans-serif"]


def test_chart_style_is_local():
    style = charts.chart_style()
    assert style["font.family"][0] == "Noto Sans SC"
    assert style["font.sans-serif"][-1] == "DejaVu Sans"
    assert style["axes.unicode_minus"] is False


def test_import_leaves_rcparams_unchanged():
    code = """
import json, sys, matplotlib
before = {k: repr(v) for k, v in matplotlib.rcParams.items()}
import govkit.present.charts
after = {k: repr(v) for k, v in matplotlib.rcParams.items()}
diff = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
print(json.dumps({"diff": diff, "zhplot": "zhplot" in sys.modules,
                  "pyplot": "matplotlib.pyplot" in sys.modules}))
"""
    env = {**os.environ, "MPLBACKEND": "Agg"}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["diff"] == []
    assert not result["zhplot"]
    assert not result["pyplot"]


def test_report_text_is_drawn_literally(seed):
    """An agency name holding `$…$` is text, not mathtext (which garbles it or raises)."""
    from govkit.report import stack_cells

    ax = charts.outcome_chart(stack_cells(seed).assign(agency="甲$\\frac{$乙"))
    _draw_without_glyph_warnings(ax)
    assert ax.get_title().startswith(r"甲\$\frac{\$乙")


@needs_shared
def test_trend_chart_draws_agencies_with_several_years():
    cells, _ = govkit.read_reports(CORPUS)
    ax = charts.trend_chart(cells)
    _check(ax)
    lines = ax.get_lines()
    assert [ln.get_label() for ln in lines] == ["平潭综合实验区"]
    years = list(lines[0].get_xdata())
    assert years == [2019, 2020, 2021, 2023, 2025]
    assert list(lines[0].get_ydata()) == [23, 21, 70, 81, 154]  # 本年新收/总计 of each report
    assert "上海市科委" in _footnote(ax)  # one year only: named, not drawn


def test_trend_chart_counts_a_report_in_two_formats_once():
    # the seed as web text and as HTML: one agency, one year, so no line at all
    cells, _ = govkit.read_reports(
        [DATA / "2020_ninghe_zaojiachengzhen.txt", DATA / "2020_ninghe_zaojiachengzhen.html"]
    )
    ax = charts.trend_chart(cells)
    _check(ax)
    assert ax.get_lines() == []
