"""govkit.templates.match: version detection, the tables test, and one long table of cells in the
template's order whatever the strategy (grid or flat)."""

from __future__ import annotations

import pytest

from govkit.io import load, parse_document
from govkit.templates import get_template
from govkit.templates.match import Match, detect_version, has_tables, match
from govkit.templates.values import CELL_FIELDS
from tests.conftest import DATA, SEED
from tests.layouts import APPLICANTS, GROUP_LABELS, Report, to_html, to_markdown


def _doc(rep: Report, render=to_markdown):
    return parse_document(render(rep.body()), source="x")


@pytest.mark.parametrize("version", ["2019", "2021"])
@pytest.mark.parametrize("render", [to_markdown, to_html])
def test_detect_version_from_the_printed_headers(version, render):
    assert detect_version(_doc(Report(version, 2), render)) == version


def test_detect_version_of_real_reports():
    assert detect_version(load(SEED)) == "2019"  # 本年新制作数量 … 采购总金额
    assert detect_version(load(DATA / "2023_pingtan.txt")) == "2021"
    assert detect_version(load(DATA / "2024_shanghai_kewei.md")) == "2021"


def test_detect_version_undecided_on_a_tie():
    assert detect_version(parse_document("本年新收政府信息公开申请数量 1 0 0")) is None
    both = "本年新制作数量 本年制发件数"  # one marker of each
    assert detect_version(parse_document(both)) is None
    assert detect_version(parse_document(both + " 现行有效件数")) == "2021"


def test_has_tables():
    assert has_tables(_doc(Report("2021", 1)))
    assert has_tables(parse_document("第二十条第（一）项\n规章 0 0 0"))
    assert not has_tables(parse_document("某局2024年政府信息公开工作年度报告\n本年度工作顺利。"))


@pytest.mark.parametrize("version", ["2019", "2021"])
def test_match_gives_every_template_cell_in_order(version):
    rep = Report(version, 5)
    m = match(_doc(rep), version)
    assert isinstance(m, Match) and m.version == version
    assert list(m.cells) == list(CELL_FIELDS)
    keys = list(zip(m.cells["table"], m.cells["row"], m.cells["col"], strict=True))
    assert keys == list(get_template(version).skeleton)
    got = dict(zip(keys, m.cells["raw"], strict=True))
    assert {k: got[k] for k in rep.expected} == rep.expected
    assert set(m.cells["status"]) == {"ok"}
    assert all(len(v) == len(keys) for v in m.cells.values())


def test_match_fills_the_headers_unit():
    m = match(_doc(Report("2021", 5)), "2021")
    units = {
        (t, c): u for t, c, u in zip(m.cells["table"], m.cells["col"], m.cells["unit"], strict=True)
    }
    assert (
        units[("active", "本年收费金额")] == "万元"
    )  # the header says 万元; the cell only a number
    assert units[("requests", "总计")] == ""


def test_match_adds_a_collapsed_group_after_the_skeleton():
    rep = Report("2021", 5)
    body = rep.body()
    table = next(t for t in body if isinstance(t, list) and t[0][0].startswith("（本列数据"))
    leaves = [r for r in rep.requests if r.startswith("其他处理/")]
    sums = [str(sum(int(rep.requests[r][c]) for r in leaves)) for c in range(7)]
    rows = [next(x for x in table if rep.labels[r] in x) for r in leaves]
    at = table.index(rows[0])
    for x in rows:
        table.remove(x)
    table.insert(at, ["", GROUP_LABELS["其他处理"], *sums])
    m = match(parse_document(to_markdown(body), source="x"), "2021")
    skeleton = get_template("2021").skeleton
    extra = list(zip(m.cells["row"], m.cells["col"], m.cells["raw"], strict=True))[len(skeleton) :]
    assert extra == [
        ("其他处理", c, s)
        for c, s in zip(
            get_template("2021").columns("requests", "其他处理/其他"), sums, strict=True
        )
    ]
    status = dict(
        zip(zip(m.cells["row"], m.cells["col"], strict=True), m.cells["status"], strict=True)
    )
    assert status[("其他处理/其他", "自然人")] == "collapsed"


def test_match_a_flat_document_takes_the_flat_strategy():
    """The crawler text runs each row together: 一、本年新收…数量801000081 is 80 1 0 0 0 0 81 (its
    total fixes the split), 四、结转下年度继续办理0000000 seven zeros, 规章000 three."""
    doc = load(DATA / "2023_pingtan.txt")
    assert doc.flat
    m = match(doc, "2021")
    keys = list(zip(m.cells["table"], m.cells["row"], m.cells["col"], strict=True))
    assert keys == list(get_template("2021").skeleton)
    value = dict(zip(keys, m.cells["value"], strict=True))
    new = [value[("requests", "本年新收政府信息公开申请数量", c)] for c in APPLICANTS]
    assert new == [80, 1, 0, 0, 0, 0, 81]
    assert [value[("requests", "结转下年度继续办理", c)] for c in APPLICANTS] == [0] * 7
    rules = "第二十条第（一）项/规章"
    assert [
        value[("active", rules, c)] for c in ("本年制发件数", "本年废止件数", "现行有效件数")
    ] == [0] * 3
