"""govkit.audit.crossyear: carry-over and active-table stock across consecutive years of one agency.

The seed (2020, 2019 template) prints 四、结转下年度继续办理 and 二、上年结转 as zeros (上年结转/商业企业
blank), 行政强制 上一年项目数量 1 本年增/减 0, 行政处罚 11 and 增. The peer (2023, 2021 template) prints
上年结转 8 3 1 1 1 1 15 and 行政规范性文件 制发 12 废止 3 现行有效 85.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

import govkit
from govkit.audit import crossyear
from govkit.report import Report
from tests.audit_inputs import PEER_TEXT, with_cells

FORCE = "第二十条第（六）项/行政强制"
RULES_2021 = "第二十条第（一）项/行政规范性文件"


@pytest.fixture(scope="module")
def peer():
    return govkit.parse_report(PEER_TEXT, source="peer.md")


def _as(report, year: int, agency: str | None = "某镇", source: str | None = None) -> Report:
    meta = replace(report.meta, year=year, agency=agency, source=source or f"{year}.txt")
    return Report(meta, report.cells, report.notes, report.text)


def _set(report, table: str, row: str, col: str, value: float) -> Report:
    cells = report.cells.copy()
    k = (cells["table"] == table) & (cells["row"] == row) & (cells["col"] == col)
    assert k.sum() == 1
    cells.loc[k, ["value", "raw"]] = [value, f"{value:g}"]
    return with_cells(report, cells)


def test_carryover_holds_between_two_years_of_zeros(seed):
    assert crossyear.carryover([_as(seed, 2019), _as(seed, 2020)]) == []


def test_carryover_per_column(seed):
    before = _set(_as(seed, 2019), "requests", crossyear.CARRY_OUT, "自然人", 2)
    (f,) = crossyear.carryover([_as(seed, 2020), before])  # any order
    assert (f["year"], f["source"], f["row"], f["col"]) == (
        2020,
        "2020.txt",
        crossyear.CARRY_IN,
        "自然人",
    )
    assert (f["expected"], f["actual"], f["difference"]) == (2, 0, -2)
    assert "2019 年报告“结转下年度继续办理”为 2" in f["message"]
    assert f["suggestion"] == f"{crossyear.CARRY_IN}／自然人 应为 2（或更正上一年报告）"


def test_carryover_skips_a_blank_cell(seed):
    before = _set(_as(seed, 2019), "requests", crossyear.CARRY_OUT, "商业企业", 4)
    assert crossyear.carryover([before, _as(seed, 2020)]) == []  # 2020 leaves 商业企业 blank


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ((2018, "某镇"), (2020, "某镇")),  # not consecutive
        ((2019, "某镇"), (2020, "另一镇")),  # not the same agency
        ((2019, None), (2020, None)),  # agency unknown
    ],
)
def test_carryover_only_pairs_consecutive_years_of_one_agency(seed, first, second):
    before = _set(_as(seed, first[0], first[1]), "requests", crossyear.CARRY_OUT, "自然人", 2)
    assert crossyear.carryover([before, _as(seed, second[0], second[1])]) == []


def test_carryover_across_the_template_change(seed, peer):
    """2022 on the old template, 2023 on the new: the columns are the same."""
    found = crossyear.carryover([_as(seed, 2022, "示范市"), _as(peer, 2023, "示范市")])
    got = {f["col"]: (f["expected"], f["actual"]) for f in found}
    assert got == {
        "自然人": (0, 8),
        "商业企业": (0, 3),
        "科研机构": (0, 1),
        "社会公益组织": (0, 1),
        "法律服务机构": (0, 1),
        "其他": (0, 1),
        "总计": (0, 15),
    }


def test_a_duplicate_year_pairs_once(seed):
    before = _set(_as(seed, 2019), "requests", crossyear.CARRY_OUT, "自然人", 2)
    found = crossyear.carryover([before, _as(seed, 2020), _as(seed, 2020, source="copy.txt")])
    assert len(found) == 1 and found[0]["source"] == "2020.txt"  # the first report of a year


def test_active_stock_2019_counts_of_items(seed):
    assert crossyear.active_stock([_as(seed, 2019), _as(seed, 2020)]) == []
    now = _set(_as(seed, 2020), "active", FORCE, "上一年项目数量", 2)
    (f,) = crossyear.active_stock([_as(seed, 2019), now])
    assert (f["row"], f["col"], f["expected"], f["actual"]) == (FORCE, "上一年项目数量", 1, 2)
    assert f["formula"] == "上一年项目数量 = 去年上一年项目数量 + 去年本年增/减"


def test_active_stock_2021_stock_of_documents(peer):
    before = _set(_as(peer, 2022), "active", RULES_2021, "现行有效件数", 76)
    assert crossyear.active_stock([before, _as(peer, 2023)]) == []  # 76 + 12 - 3 = 85
    before = _set(before, "active", RULES_2021, "现行有效件数", 80)
    (f,) = crossyear.active_stock([before, _as(peer, 2023)])
    assert (f["row"], f["col"], f["expected"], f["actual"]) == (RULES_2021, "现行有效件数", 89, 85)
    assert "按 2022 年报告应为 89，实际为 85" in f["message"]


def test_active_stock_skips_a_pair_on_two_templates(seed, peer):
    assert crossyear.active_stock([_as(seed, 2022, "示范市"), _as(peer, 2023, "示范市")]) == []
