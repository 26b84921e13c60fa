"""govkit.io.pdf.chars: a page's characters in page coordinates, grouped into words, lines, cells.

The module's functions are private to the PDF reader (no other module uses them); they are
tested directly because their geometry decides which text lands in which cell. Real geometry
comes from the seed PDF (tests/fixtures, made from data/2020_ninghe_zaojiachengzhen.html).
"""

from __future__ import annotations

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from govkit.io.pdf.chars import (
    _Char,
    _chars,
    _clusters,
    _gap_cells,
    _join,
    _key,
    _objects,
    _page_transform,
    _text_lines,
    _times,
    _word_lines,
)
from tests.conftest import ROOT

SEED_PDF = ROOT / "tests" / "fixtures" / "2020_ninghe_zaojiachengzhen.pdf"


@pytest.fixture(scope="module")
def page1():
    pdf = pdfium.PdfDocument(SEED_PDF.read_bytes())
    page = pdf[0]
    yield page
    page.close()
    pdf.close()


def _c(text: str, x0: float, top: float, size: float = 10.0) -> _Char:
    return _Char(text, x0, x0 + size, top, top + size, size)


def _run(text: str, x0: float, top: float, size: float = 10.0) -> list[_Char]:
    return [_c(ch, x0 + i * size, top, size) for i, ch in enumerate(text)]


# ---------------------------------------------------------------- from PDFium


def test_characters_of_the_seeds_first_page(page1):
    """Page 1 opens with the title 政府信息公开工作年度报告, then the opening paragraphs; section
    一's heading comes before section 二's table."""
    chars = _chars(page1, _page_transform(page1), 1)
    text = "".join(c.text for c in chars)
    assert text.startswith("政府信息公开工作年度报告")
    assert "\n" not in text and "\r" not in text  # PDFium's generated line breaks are left out
    height, width = _page_transform(page1)[6:8]
    assert all(0 <= c.x0 < c.x1 <= width and 0 <= c.top < c.bottom <= height for c in chars)
    title, body = chars[0], chars[text.index("根据")]
    assert title.size > body.size and title.top < body.top  # y grows downward


def _rotated(c: _Char, rotation: int, height: float, width: float) -> tuple:
    """Where a character of the upright page is shown once the page is turned clockwise."""
    return (
        c.text,
        *{
            90: (height - c.bottom, height - c.top, c.x0, c.x1),
            180: (width - c.x1, width - c.x0, height - c.bottom, height - c.top),
            270: (c.top, c.bottom, width - c.x1, width - c.x0),
        }[rotation],
    )


def _by_place(boxes: list[tuple]) -> list[tuple]:
    return sorted(boxes, key=lambda b: (b[0], round(b[1]), round(b[3])))


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_a_rotated_page_gives_its_characters_where_they_are_shown(page1, rotation):
    """The same page with /Rotate set: every character where the turned page shows it."""
    height, width = _page_transform(page1)[6:8]
    upright = _chars(page1, _page_transform(page1), 1)
    pdf = pdfium.PdfDocument(SEED_PDF.read_bytes())
    page = pdf[0]
    try:
        page.set_rotation(rotation)
        turned = _chars(page, _page_transform(page), 1)
    finally:
        page.close()
        pdf.close()
    got = _by_place([(c.text, c.x0, c.x1, c.top, c.bottom) for c in turned])
    want = _by_place([_rotated(c, rotation, height, width) for c in upright])
    assert [g[0] for g in got] == [w[0] for w in want]
    assert [v for g in got for v in g[1:]] == pytest.approx(
        [v for w in want for v in w[1:]], abs=0.01
    )


def test_lines_of_the_seeds_first_page(page1):
    lines = [ln["text"] for ln in _text_lines(_chars(page1, _page_transform(page1), 1), False)]
    assert lines[0] == "政府信息公开工作年度报告"
    assert lines[1].startswith("根据《中华人民共和国政府信息公开条例》")
    assert lines.index("一、总体情况") < lines.index("二、主动公开政府信息情况")


def test_objects_finds_the_ruling_paths_and_no_images(page1):
    assert sum(1 for _ in _objects(page1, pdfium_c.FPDF_PAGEOBJ_PATH)) > 0
    assert not any(True for _ in _objects(page1, pdfium_c.FPDF_PAGEOBJ_IMAGE))


class _Page:
    def __init__(self, box, rotation):
        self.box, self.rotation = box, rotation

    def get_mediabox(self):
        return self.box

    def get_rotation(self):
        return self.rotation


def _apply(t, x, y):
    a, b, c, d, e, f = t[:6]
    return (a * x + c * y + e, b * x + d * y + f)


@pytest.mark.parametrize(
    ("rotation", "top_left", "size"),
    [
        (0, (10, 820), (800, 600)),
        (90, (10, 20), (600, 800)),
        (180, (610, 20), (800, 600)),
        (270, (610, 820), (600, 800)),
    ],
)
def test_page_transform_puts_the_displayed_top_left_at_the_origin(rotation, top_left, size):
    """A 600 x 800 media box at (10, 20): /Rotate turns the page clockwise, so its displayed
    top-left corner is the box's top-left (0), bottom-left (90), bottom-right (180), top-right (270)."""
    t = _page_transform(_Page((10, 20, 610, 820), rotation))
    assert _apply(t, *top_left) == (0, 0)
    assert t[6:8] == size  # (height, width) as displayed
    corners = [_apply(t, x, y) for x in (10, 610) for y in (20, 820)]
    assert {(round(x), round(y)) for x, y in corners} == {
        (0, 0),
        (size[1], 0),
        (0, size[0]),
        (size[1], size[0]),
    }


def test_times_applies_the_first_matrix_first():
    move, double = (1.0, 0.0, 0.0, 1.0, 5.0, 0.0), (2.0, 0.0, 0.0, 2.0, 0.0, 0.0)
    assert _apply(_times(move, double), 1, 0) == (12, 0)  # (1 + 5) * 2
    assert _apply(_times(double, move), 1, 0) == (7, 0)  # 1 * 2 + 5
    assert _times(move, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)) == move


# ---------------------------------------------------------------- grouping


def test_clusters_chain_within_the_tolerance():
    assert _clusters([0, 1, 2.5, 7, 20], float) == [[0, 1, 2.5], [7], [20]]
    assert _clusters([5.8, 0, 2.9], float) == [[5.8, 0, 2.9]]  # each step within 3 pt; order kept
    assert _clusters([9, 0, 2], float) == [[0, 2], [9]]  # groups in key order
    assert _clusters([], float) == []


def test_a_cells_lines_and_words():
    """`本年新` over `制作数量`, as a header cell wraps; `行政 处罚` has a space between words."""
    chars = _run("制作数量", 0, 20) + _run("本年新", 0, 5)
    lines = _word_lines(chars)
    assert ["".join(c.text for w in line for c in w) for line in lines] == ["本年新", "制作数量"]
    spaced = [*_run("行政", 0, 0), _c(" ", 20, 0), *_run("处罚", 30, 0)]
    assert [["".join(c.text for c in w) for w in line] for line in _word_lines(spaced)] == [
        ["行政", "处罚"]
    ]
    gap = _run("规章", 0, 0) + _run("0", 60, 0)
    assert [["".join(c.text for c in w) for w in line] for line in _word_lines(gap)] == [
        ["规章", "0"]
    ]


def test_text_lines_give_their_box_and_characters_when_asked():
    chars = _run("97", 50, 0) + _run("行政许可", 0, 0)
    (line,) = _text_lines(chars, with_chars=True)
    assert line["text"] == "行政许可 97"
    assert (line["x0"], line["x1"], line["top"], line["bottom"]) == (0, 70, 0, 10)
    assert "".join(c.text for c in line["chars"]) == "行政许可97"
    assert _text_lines(chars, with_chars=False)[0]["chars"] == []


def test_gap_cells_cut_at_gaps_wider_than_the_font_size_rule():
    """A table without ruling lines: a gap over 0.6 x font size starts a new cell."""
    row = _run("行政许可", 0, 0) + _run("97", 100, 0) + _run("0", 150, 0)
    assert _gap_cells(row) == ["行政许可", "97", "0"]
    close = [*_run("其他", 0, 0), _c(" ", 20, 0), *_run("事项", 25, 0)]  # 5 pt: under 6
    assert _gap_cells(close) == ["其他事项"]


@pytest.mark.parametrize(
    ("parts", "joined"),
    [
        (["本年新", "制作数量"], "本年新制作数量"),
        (["根据《条例》(国务院令第711", "号)"], "根据《条例》(国务院令第711号)"),
        (["Not", "Found"], "Not Found"),
        (
            ["统计期限自2020年1月1日起至2020年12", "月31日止"],
            "统计期限自2020年1月1日起至2020年12月31日止",
        ),
        (["x"], "x"),
    ],
)
def test_join_puts_a_space_only_between_latin_words(parts, joined):
    assert _join(parts) == joined


def test_key_ignores_white_space():
    assert _key([(0.0, "本年 新\n制作数量"), (9.0, " 0 ")]) == ("本年新制作数量", "0")
