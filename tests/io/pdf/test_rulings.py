"""govkit.io.pdf.rulings: tables from ruling lines (the lattice method), text placed in their cells.

Private to the PDF reader, tested directly: small grids built here, and the seed PDF's first page
(tests/fixtures, made from data/2020_ninghe_zaojiachengzhen.html), whose table is section 二.
"""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from govkit.errors import InputError
from govkit.io import pdf as pdf_reader
from govkit.io.pdf.chars import _Char, _chars, _page_transform
from govkit.io.pdf.rulings import _extract, _find_tables, _inside, _merge, _pieces, _rulings
from tests.conftest import ROOT

SEED_PDF = ROOT / "tests" / "fixtures" / "2020_ninghe_zaojiachengzhen.pdf"


def _grid(xs: list[float], ys: list[float]) -> list[tuple[str, float, float, float]]:
    """Full-length ruling lines at xs (vertical) and ys (horizontal)."""
    return [("v", x, ys[0], ys[-1]) for x in xs] + [("h", y, xs[0], xs[-1]) for y in ys]


def _at(text: str, x: float, y: float) -> list[_Char]:
    return [_Char(ch, x + 10 * i, x + 10 * (i + 1), y, y + 10, 10.0) for i, ch in enumerate(text)]


@pytest.fixture(scope="module")
def page1():
    pdf = pdfium.PdfDocument(SEED_PDF.read_bytes())
    page = pdf[0]
    t = _page_transform(page)
    yield page, t
    page.close()
    pdf.close()


# ---------------------------------------------------------------- line pieces


def test_pieces_of_lines_and_rectangles():
    out: list = []
    _pieces([(10, 50), (90, 50)], out)  # a horizontal line
    _pieces([(30, 80), (30, 20)], out)  # a vertical one, drawn upward
    _pieces([(0, 0), (40, 0), (40, 30), (0, 30), (0, 0)], out)  # a closed rectangle
    assert out == [
        ("h", 50, 10, 90),
        ("v", 30, 20, 80),
        ("h", 0, 0, 40),
        ("v", 40, 0, 30),
        ("h", 30, 0, 40),
        ("v", 0, 0, 30),
    ]


def test_a_slanted_line_counts_as_vertical_as_pdfplumber_does():
    out: list = []
    _pieces([(10, 0), (12, 40)], out)
    assert out == [("v", 10, 0, 40)]
    _pieces([(0, 0), (10, 5), (20, 5)], out)  # a polyline: its slanted side is no ruling line
    assert out[1:] == [("h", 5, 10, 20)]


def test_merge_snaps_joins_and_drops():
    merged = _merge(
        [
            ("h", 100.0, 0, 50),
            ("h", 101.5, 52, 100),  # 1.5 pt lower, 2 pt on: the same line
            ("h", 200.0, 0, 40),
            ("h", 200.0, 50, 90),  # 10 pt apart: two lines
            ("h", 300.0, 0, 2.5),  # shorter than the 3 pt tolerance
            ("v", 10.0, 0, 0.5),  # a dot
        ]
    )
    assert merged == [("h", 100.75, 0, 100), ("h", 200.0, 0, 40), ("h", 200.0, 50, 90)]


def test_lines_side_by_side_stay_two_lines_though_a_piece_between_chains_them():
    """A table squeezed narrow (LibreOffice, a short row after it): the borders of a 4.6 pt column
    run side by side down two rows; the short row's divider, 2.6 pt from one and 2 pt from the
    other, and another table's line below chain all four within the 3 pt tolerance. Snapped as
    one chain they were one line and the column was lost; each is a line of its own."""
    pieces = [
        ("v", 130.7, 28.6, 138.25),
        ("v", 135.3, 28.6, 138.25),
        ("v", 133.3, 138.0, 158.25),  # the short row below
        ("v", 128.3, 205.6, 280.35),  # another table further down
    ]
    merged = sorted(_merge(pieces))
    assert [m[1] for m in merged] == [128.3, 130.7, 133.3, 135.3]


def test_offset_pieces_of_one_line_still_snap():
    """Without two pieces side by side, a chain is one line (pdfplumber's rule): a border drawn
    per row with small offsets, 2 pt then 2 pt again, is one line at the mean position."""
    pieces = [("v", 100.0, 0, 20), ("v", 102.0, 20, 40), ("v", 104.0, 40, 60)]
    assert _merge(pieces) == [("v", 102.0, 0, 60)]
    double = [("v", 50.0, 0, 60), ("v", 50.8, 0, 60), ("v", 53.5, 60, 80)]  # a double line
    assert [m[1] for m in _merge([*double, ("v", 56.0, 0, 60)])] == [50.4, 53.5, 56.0]


def test_a_narrow_last_column_keeps_its_blank_cell():
    """The columns of a squeezed table: 其他 is 4.6 pt wide, its '0' (6 pt wide) overhangs into
    总计; the character's centre puts it in 其他, and 总计 stays blank (it was read as 0)."""
    xs = [94.0, 121.5, 130.7, 135.3, 140.0]
    pieces = [("v", x, 28.6, 138.25) for x in xs[:-1]] + [("v", 140.0, 28.4, 158.55)]
    pieces += [("v", 56.8, 28.4, 158.6), ("v", 133.3, 138.0, 158.25)]
    pieces += [("h", y, 56.8, 140.0) for y in (28.6, 83.4, 138.2, 158.5)]
    ((_bbox, cells),) = _find_tables(pieces, 1)
    zero = [_Char("0", 132.2, 138.2, 103.0, 115.0, 12.0)]
    grid, _xs = _extract(cells, _at("四、", 60, 100) + zero)
    assert grid[1] == ["四、", "", "", "0", None, ""]


# ---------------------------------------------------------------- tables and cells


def test_a_two_by_two_grid_is_one_table_of_four_cells():
    ((bbox, cells),) = _find_tables(_grid([0, 50, 100], [0, 20, 40]), 1)
    assert bbox == (0, 0, 100, 40)
    assert sorted(cells) == [(0, 0, 50, 20), (0, 20, 50, 40), (50, 0, 100, 20), (50, 20, 100, 40)]


def test_a_lone_rectangle_is_not_a_table_and_lines_one_way_are_none():
    assert _find_tables(_grid([0, 100], [0, 20]), 1) == []
    assert _find_tables([("h", 0, 0, 100), ("h", 20, 0, 100)], 1) == []


def test_separate_grids_are_separate_tables_top_to_bottom():
    lower = _grid([0, 50, 100], [300, 320, 340])
    upper = _grid([0, 50, 100], [0, 20, 40])
    tables = _find_tables(lower + upper, 1)
    assert [t[0] for t in tables] == [(0, 0, 100, 40), (0, 300, 100, 340)]


def test_a_merged_cell_spans_where_the_line_stops():
    """The middle vertical line runs through the top row only: the bottom row is one cell."""
    pieces = [("v", 0, 0, 40), ("v", 50, 0, 20), ("v", 100, 0, 40)] + [
        ("h", y, 0, 100) for y in (0, 20, 40)
    ]
    ((_bbox, cells),) = _find_tables(pieces, 1)
    assert sorted(cells) == [(0, 0, 50, 20), (0, 20, 100, 40), (50, 0, 100, 20)]
    chars = _at("规章", 5, 5) + _at("0", 60, 5) + _at("合并", 5, 25)
    grid, xs = _extract(cells, chars)
    assert grid == [["规章", "0"], ["合并", None]] and xs == [0, 50]


def test_a_character_belongs_to_the_cell_its_centre_is_in():
    ((_bbox, cells),) = _find_tables(_grid([0, 50, 100], [0, 20, 40]), 1)
    spill = [_Char("9", 45, 53, 5, 15, 10.0)]  # centre 49: left cell, though it crosses the line
    grid, _ = _extract(cells, spill + _at("1", 60, 25))
    assert grid == [["9", ""], ["", "1"]]
    assert _inside(spill[0], (0, 0, 50, 20)) and not _inside(spill[0], (50, 0, 100, 20))


def test_crossing_limit(monkeypatch):
    monkeypatch.setattr(pdf_reader, "MAX_CROSSINGS", 8)
    with pytest.raises(InputError, match="MAX_CROSSINGS") as info:
        _find_tables(_grid([0, 50, 100], [0, 20, 40]), 7)  # 9 crossings
    assert "第 7 页" in info.value.zh
    _find_tables(_grid([0, 50], [0, 20, 40]), 7)  # 6: within


# ---------------------------------------------------------------- a real page


def test_the_seeds_section_2_table_from_page_1(page1):
    """Section 二 as printed (data/2020_ninghe_zaojiachengzhen.txt): 规章 0 0 0, 行政处罚 11 增 20;
    the 第二十条第（一）项 heading spans the table's four columns."""
    page, t = page1
    pieces = _rulings(page, t, 1)
    assert pieces and all(p[0] in "hv" and p[2] <= p[3] for p in pieces)
    ((_bbox, cells),) = _find_tables(pieces, 1)
    grid, xs = _extract(cells, _chars(page, t, 1))
    assert len(xs) == 4
    assert grid[0] == ["第二十条第（一）项", None, None, None]
    assert grid[1] == ["信息内容", "本年新\n制作数量", "本年新\n公开数量", "对外公开总数量"]
    assert ["规章", "0", "0", "0"] in grid and ["行政处罚", "11", "增", "20"] in grid
    assert grid.index(["规章", "0", "0", "0"]) < grid.index(["行政处罚", "11", "增", "20"])


def test_ruling_piece_limit_names_the_page(page1, monkeypatch):
    page, t = page1
    monkeypatch.setattr(pdf_reader, "MAX_RULINGS", 3)
    with pytest.raises(InputError, match="MAX_RULINGS") as info:
        _rulings(page, t, 4)
    assert "第 4 页的表格线过多" in info.value.zh
