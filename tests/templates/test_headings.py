"""govkit.templates.headings: the six section headings, in running text (find_heading) and in a
table's rows (seen through the grid strategy, which cuts the tables at them)."""

from __future__ import annotations

import pytest

from govkit.io import parse_document
from govkit.templates import HEADINGS, get_template
from govkit.templates.grid import grid_tables
from govkit.templates.headings import find_heading
from govkit.templates.values import Note
from tests.layouts import Report, to_html, to_markdown

THREE = "收到和处理政府信息公开申请情况"
FOUR = "政府信息公开行政复议、行政诉讼情况"


@pytest.mark.parametrize(
    "printed",
    [
        "三、收到和处理政府信息公开申请情况",
        "三. 收到和处理政府信息公开申请情况",
        "三、 收到和处理政府信息公开申请的情况",
    ],
)
def test_find_heading_as_the_template_words_it(printed):
    text = f"前文。\n{printed}\n表格"
    span = find_heading(text, THREE)
    assert span is not None and text[span.start() : span.end()] == printed


@pytest.mark.parametrize(
    "printed", ["四、行政复议、行政诉讼情况", "四、政府信息公开行政复议和行政诉讼情况"]
)
def test_find_heading_tolerates_the_templates_variants(printed):
    assert find_heading(f"{printed}\n", FOUR) is not None


def test_find_heading_needs_its_numbering():
    assert find_heading("本部分介绍收到和处理政府信息公开申请情况。", THREE) is None


def test_find_heading_within_start_and_end():
    text = "三、收到和处理政府信息公开申请情况\n……\n三、收到和处理政府信息公开申请情况"
    second = text.rindex("三、")
    assert find_heading(text, THREE, start=1).start() == second
    assert find_heading(text, THREE, start=1, end=second) is None


def test_a_heading_a_character_off_is_found_only_with_notes():
    text = "前文。\n四、政府信息公开行政法复议、行政诉讼情况\n表格"
    assert find_heading(text, FOUR) is None
    notes: list[Note] = []
    span = find_heading(text, FOUR, notes=notes)
    assert span is not None and text[span.start() : span.end()].startswith(
        "四、政府信息公开行政法复议"
    )
    (note,) = notes
    assert "与模板的“政府信息公开行政复议、行政诉讼情况”不同" in note.zh and note.en


def test_a_different_heading_under_the_same_numeral_is_not_taken():
    notes: list[Note] = []
    assert find_heading("四、其他需要说明的事项\n", FOUR, notes=notes) is None
    assert notes == []


def test_every_heading_has_a_pattern_that_finds_its_own_name():
    for i, name in enumerate(HEADINGS):
        printed = f"{'一二三四五六'[i]}、{name}"
        assert find_heading(f"x\n{printed}\n", name) is not None, name


# ---------------------------------------------------------------- headings among table rows


def _grid(body, render=to_markdown):
    doc = parse_document(render(body), source="x")
    values: dict = {}
    notes: list[Note] = []
    grid_tables(doc, get_template("2021"), values, notes)
    return values, notes


@pytest.mark.parametrize("render", [to_markdown, to_html])
def test_a_heading_a_few_characters_off_still_cuts_the_tables(render):
    rep = Report("2021", 3)
    rep.headings[3] = "四、政府信息公开行政法复议、行政诉讼情况"
    values, notes = _grid(rep.body(), render)
    got = {k: values[k]["raw"] for k in rep.expected if k[0] == "review_litigation"}
    assert got == {k: v for k, v in rep.expected.items() if k[0] == "review_litigation"}
    assert any("不完全一致" in n.zh and "行政法复议" in n.zh for n in notes)


def test_a_near_heading_is_taken_only_in_its_place_among_the_six():
    """五's heading a character off: taken (and noted) after 四, not when printed before 三."""
    rep = Report("2021", 3)
    near = "五、存在的主要问题及改进情况况"
    rep.headings[4] = near
    _, notes = _grid(rep.body())
    assert any("不完全一致" in n.zh and near in n.zh for n in notes)
    body = [x for x in rep.body() if x != near]
    body.insert(body.index(rep.headings[2]), near)
    _, notes = _grid(body)
    assert not any("不完全一致" in n.zh for n in notes)
