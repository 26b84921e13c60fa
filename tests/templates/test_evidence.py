"""govkit.templates.evidence: sentences stating a table cell's value (Facts), and the report year.

Each case is a sentence worded as real reports word it; the expected cells follow from the words
alone (制发 → 本年制发件数, 收到 → 本年新收, 予以公开及部分公开 → both rows' 总计 …).
"""

from __future__ import annotations

import pytest

from govkit.templates.evidence import Fact, find_facts, report_year

ALL = ("active", "requests", "review_litigation")
DOCS = "第二十条第（一）项/行政规范性文件"
NEW = ("本年新收政府信息公开申请数量", "总计")


def facts(text: str, year: int | None = 2024, version: str = "2021", tables=ALL, skip=(0, 0)):
    return {(f.table, f.cells, f.value) for f in find_facts(text, version, year, skip, tables)}


@pytest.mark.parametrize(
    ("title", "year"),
    [
        ("某局2024年度政府信息公开工作年度报告", 2024),
        ("2023年某区人民政府信息公开工作年度报告", 2023),
        ("某局2022年政府信息公开年度报告", 2022),
        ("某局政府信息公开工作年度报告", None),
    ],
)
def test_report_year_from_the_title(title, year):
    assert report_year(title + "本机关2019年成立。") == year


def test_report_year_only_in_the_head():
    assert report_year("序" * 4000 + "2024年度政府信息公开工作年度报告") is None


def test_active_table_facts():
    text = "2024年，本机关制发行政规范性文件88件，废止3件，现行有效行政规范性文件698件。"
    assert facts(text) == {
        ("active", ((DOCS, "本年制发件数"),), 88.0),
        ("active", ((DOCS, "本年废止件数"),), 3.0),  # 文件 carried over from the clause before
        ("active", ((DOCS, "现行有效件数"),), 698.0),
    }


def test_request_facts_one_cell_and_a_sum_of_cells():
    text = "共收到政府信息公开申请42件，其中予以公开及部分公开30件，办结40件。"
    assert facts(text) == {
        ("requests", (NEW,), 42.0),
        ("requests", (("予以公开", "总计"), ("部分公开", "总计")), 30.0),
        ("requests", (("总计", "总计"),), 40.0),
    }


def test_review_facts_name_the_blocks_totals():
    got = facts("全年发生行政复议5件，行政诉讼3起。")
    assert got == {
        ("review_litigation", (("数量", "行政复议/总计"),), 5.0),
        (
            "review_litigation",
            (("数量", "行政诉讼/未经复议直接起诉/总计"), ("数量", "行政诉讼/复议后起诉/总计")),
            3.0,
        ),
    }


def test_the_2019_template_words():
    got = facts("本年制发规范性文件7件。", year=2020, version="2019")
    assert got == {("active", (("第二十条第（一）项/规范性文件", "本年新制作数量"),), 7.0)}


@pytest.mark.parametrize(
    "sentence",
    [
        "收到申请同比增长42件。",  # a comparison
        "同比收到申请42件。",
        "较上年减少5件。",
        "累计收到申请420件。",  # a running total
        "2023年收到申请42件。",  # another year
        "收到申请42件次。",  # not a count of 件
        "收到申请5500余件。",
        "规范性文件中，有12件已清理。",  # the number belongs to something named after the row
        "制发和废止规范性文件12件。",  # two columns named at once
    ],
)
def test_numbers_that_are_not_evidence(sentence):
    assert facts(sentence) == set()


def test_a_year_named_needs_the_report_year():
    assert facts("2024年收到申请42件。", year=2024) == {("requests", (NEW,), 42.0)}
    assert facts("2024年收到申请42件。", year=None) == set()
    assert facts("收到申请42件。", year=None) == {("requests", (NEW,), 42.0)}


def test_carried_to_the_next_year_by_name():
    want = {("requests", (("结转下年度继续办理", "总计"),), 6.0)}
    assert (
        facts("2024年共收到申请42件，结转至2025年6件。", year=2024) - {("requests", (NEW,), 42.0)}
        == want
    )
    assert facts("申请结转至2025年6件。", year=2025) == set()


def test_not_closed_never_names_the_closed_total():
    """未办结 is no 办结: a clause with it states nothing about （七）总计 (found here, fixed in main)."""
    assert facts("未办结的申请结转至2025年6件。", year=2024) == set()
    assert facts("全年办结申请40件，未办结6件。") == {("requests", (("总计", "总计"),), 40.0)}


def test_two_sentences_that_disagree_cancel():
    assert facts("收到申请42件。全年共收到申请43件。") == set()
    assert facts("收到申请42件。全年共收到申请42件。") == {("requests", (NEW,), 42.0)}


def test_numbers_inside_the_skipped_span_are_not_read():
    text = "收到申请42件。" + "表格：收到申请9件。"
    at = text.index("表格")
    assert facts(text, skip=(at, len(text))) == {("requests", (NEW,), 42.0)}


def test_only_the_tables_asked_for():
    text = "制发行政规范性文件88件。收到申请42件。"
    assert {t for t, _, _ in facts(text, tables=("requests",))} == {"requests"}


def test_fact_says_where_and_quotes():
    (f,) = find_facts("报告\n本年收到申请42件。", "2021", 2024, (0, 0), ("requests",))
    assert isinstance(f, Fact)
    assert f.ref == "line 2, char 7" and f.quote == "…本年收到申请42件…"
