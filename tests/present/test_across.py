"""Views across reports: copied sentences, the publication note and units are escaped text."""

from __future__ import annotations

import pandas as pd

import govkit
from govkit.across.copied import SENTENCE_COLUMNS, copied_text, normalise
from govkit.across.regions import UnitsComparison
from govkit.present import across
from tests.conftest import SEED

HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)">'


def _frame(rows):
    df = pd.DataFrame(rows, columns=["source", "agency", "year", "text"])
    df["section"] = "总体情况"
    df["pos"] = df.groupby("source").cumcount()
    df["key"] = normalise(df["text"])
    return df[SENTENCE_COLUMNS]


def test_copied_sentences_and_their_sources_are_escaped():
    text = "本机关全年主动公开政府信息一千余条，重点做好财政预决算信息公开" + HOSTILE
    c = copied_text(_frame([("a.txt", "甲" + HOSTILE, 2024, text), ("b.txt", "乙县", 2024, text)]))
    page = across.copied_view(c.of("b.txt"), c.summary[c.summary["source"] == "b.txt"])
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;" in page and "<mark>" in page
    assert "与同年其他机关报告相同" in page


def test_a_report_not_compared_says_so():
    assert "未与其他报告比较" in across.copied_view(pd.DataFrame(), None)


def test_publication_note_counts_what_could_not_be_checked():
    seed = govkit.read_report(SEED)  # no publication date
    dated = govkit.read_report(SEED, meta={"published": "2021-02-01", "agency": "某市人民政府"})
    note = across.publication_note([seed, dated])
    assert "2 份报告中 1 份没有发布日期" in note and "其余 1 份已按" in note


def test_units_view_escapes_agency_names():
    region = govkit.read_report(SEED, meta={"agency": "区" + HOSTILE})
    unit = govkit.read_report(SEED, meta={"agency": "镇", "parent": "区" + HOSTILE})
    page = across.units_view(govkit.compare_units([region, unit]))
    assert "<script>" not in page and "本级报告" in page and "不是勾稽关系" in page


def test_units_view_of_many_regions_shows_the_flagged_ones_and_says_how_many_not():
    regions = [f"区{i}" for i in range(across.UNITS_SHOWN + 5)]
    totals = pd.DataFrame(
        {"region": regions, "year": 2023, "name": "收到申请数", "region_value": 9.0}
    ).assign(units_sum=5.0, units_read=1)
    missing = pd.DataFrame(
        {"region": "区24", "year": 2023, "unit": [f"镇{i}" for i in range(across.UNIT_NAMES + 3)]}
    )
    exceeding = pd.DataFrame(
        columns=["region", "year", "unit", "name", "unit_value", "region_value"]
    )
    page = across.units_view(UnitsComparison(totals, missing, exceeding))
    assert page.count("<h4>") == across.UNITS_SHOWN and "区24 2023 年度" in page  # flagged first
    assert "另有 5 个未显示（全部见 units_totals.csv）" in page
    assert (
        f"镇{across.UNIT_NAMES - 1}（属 区24）" in page and f"镇{across.UNIT_NAMES}（" not in page
    )
    assert f"另有 3 条未显示（共 {across.UNIT_NAMES + 3} 条，全部见 units_missing.csv）" in page
