"""govkit.present.findings: the agency's findings apart from the reader's, the verdict, the page
header and the HTML views, on the seed (whose 第三部分 prints （七）总计/总计 as 0 where the
applicant columns sum to 1) and on small inline findings."""

from __future__ import annotations

import os

import lxml.html
import pandas as pd
import pytest
from conftest import DATA

import govkit
from govkit.present.findings import (
    DIAGNOSIS,
    LONG_LIST,
    LONG_MESSAGE,
    HtmlText,
    agency_findings,
    file_link,
    findings_view,
    is_reading,
    page_header,
    reading_findings,
    reading_view,
    template_label,
    verdict,
    verdict_headline,
    verdict_items,
    verdict_view,
)


@pytest.fixture(scope="module")
def seed_findings(seed):
    return seed.audit()


def _findings(rows: list[dict]) -> pd.DataFrame:
    """Findings as the audit shapes them, with only the columns these functions read."""
    base = {
        "rule": "x.rule",
        "severity": "error",
        "kind": "agency",
        "table": "requests",
        "row": None,
        "col": None,
        "cells": None,
        "message": "",
        "suggestion": "",
    }
    return pd.DataFrame([base | r for r in rows], columns=list(base))


def _fragment(markup: str):
    return lxml.html.fragment_fromstring(str(markup), create_parent="div")


# ------------------------------------------------------------------- agency vs reading notes


def test_reading_and_agency_findings_split_the_findings():
    f = _findings(
        [
            {"rule": "requests.balance", "kind": "agency"},
            {"rule": "cells.ambiguous", "kind": "reading", "severity": "warning"},
            {"rule": "cells.blank", "kind": "agency", "severity": "warning"},
        ]
    )
    assert list(agency_findings(f)["rule"]) == ["requests.balance", "cells.blank"]
    assert list(reading_findings(f)["rule"]) == ["cells.ambiguous"]
    # without a kind column the rule decides
    bare = f.drop(columns="kind")
    assert list(reading_findings(bare)["rule"]) == ["cells.ambiguous"]
    assert is_reading(bare).tolist() == [False, True, False]


def test_reading_notes_are_never_counted_as_the_agencys_errors():
    f = _findings([{"rule": "cells.ambiguous", "kind": "reading", "message": "读不出"}])
    headline = verdict_headline(f)
    assert headline.startswith("未发现机关报告本身的错误或警告。")
    assert "另有 1 条读取说明" in headline
    assert verdict_items(f) == []
    # the same finding charged to the agency is an error
    assert verdict_headline(f.assign(kind="agency")).startswith("发现 1 个错误、0 个警告。")


# ------------------------------------------------------------------------------ the verdict


def test_seed_verdict_names_the_diagnosed_cell(seed_findings):
    # errors: three identities broken by （七）总计/总计 = 0, their diagnosis, 行政处罚 本年增/减 = "增";
    # warning: 上年结转/商业企业 left blank; the unitless 采购总金额 is only info
    headline = verdict_headline(seed_findings)
    assert headline == "发现 5 个错误、1 个警告。最可能的更正：（七）总计/总计 应为 1。"
    items = verdict_items(seed_findings)
    assert len(items) == 3, items
    assert items[0].startswith("改正：（七）总计/总计 应为 1（3 个不成立的勾稽关系")
    # the identities the diagnosis explains are not listed again
    assert not any("左边" in i for i in items)
    assert items[1].startswith("改正：") and "“增”" in items[1]
    assert items[2].startswith("核对：") and "上年结转" in items[2] and "空白" in items[2]
    text = verdict(seed_findings)
    assert text.startswith("审核结论：" + headline)
    assert text.splitlines()[1:] == [f"{i}. {item}" for i, item in enumerate(items, 1)]


def test_clean_findings_say_every_identity_holds():
    empty = _findings([]).iloc[0:0]
    assert verdict_headline(empty) == "未发现错误或警告，统计表各项勾稽关系均成立。"
    assert verdict_items(empty) == []
    assert verdict(empty) == "审核结论：未发现错误或警告，统计表各项勾稽关系均成立。"
    box = verdict_view(empty)
    assert "#15803d" in box and "<ol>" not in box  # green, nothing to do


def test_verdict_items_are_limited_and_say_how_many_more():
    f = _findings(
        [{"message": f"错误{i}"} for i in range(7)]
        + [{"severity": "warning", "message": f"警告{i}"} for i in range(2)]
    )
    items = verdict_items(f, limit=5)
    assert items[:5] == [f"改正：错误{i}" for i in range(5)]
    assert items[5] == "另有 2 个错误，见问题清单。"
    assert items[6:] == ["核对：警告0", "核对：警告1"]
    assert len(verdict_items(f, limit=7)) == 9  # at the limit nothing is folded


def test_reviewed_findings_leave_the_counts():
    f = _findings([{"message": "甲"}, {"message": "乙"}]).assign(
        review_state=["reviewed", ""], review=["accepted", ""], review_note=["", ""]
    )
    assert verdict_headline(f).startswith("发现 1 个错误、0 个警告。")
    assert verdict_headline(f.assign(review_state="")).startswith("发现 2 个错误")


def test_verdict_view_is_escaped_and_coloured_by_severity():
    f = _findings([{"severity": "warning", "message": "<b>单元格</b>"}])
    box = verdict_view(f)
    assert isinstance(box, HtmlText) and box._repr_html_() == str(box)
    assert "#b45309" in box  # amber: warnings only
    assert "<b>单元格</b>" not in box and "&lt;b&gt;单元格&lt;/b&gt;" in box
    doc = _fragment(box)
    assert doc.xpath("string(//li)") == "核对：<b>单元格</b>"
    assert "#b91c1c" in verdict_view(f.assign(severity="error"))  # red with an error


# ------------------------------------------------------------------------------ the views


def test_findings_view_is_a_table_in_chinese_with_the_rule_last(seed_findings):
    doc = _fragment(findings_view(seed_findings))
    assert [th.text_content() for th in doc.iter("th")] == ["级别", "说明", "建议更正", "规则"]
    rows = doc.xpath("//tbody/tr")
    assert len(rows) == len(seed_findings)
    first = [td.text_content() for td in rows[0].findall("td")]
    assert first[0] == "错误" and first[3] == seed_findings["rule"].iloc[0]
    levels = {tr.findall("td")[0].text_content() for tr in rows}
    assert levels == {"错误", "警告", "提示"}
    assert str(findings_view(seed_findings.iloc[0:0])) == "<p>无。</p>"


def test_findings_view_escapes_report_text_and_folds_long_messages():
    long = "甲" * (LONG_MESSAGE + 1)
    f = _findings(
        [
            {"message": "<script>alert(1)</script>", "suggestion": "<i>x</i>"},
            {"message": long},
            {"message": "乙" * LONG_MESSAGE},
        ]
    )
    markup = str(findings_view(f))
    assert "<script>" not in markup and "<i>x</i>" not in markup
    doc = _fragment(markup)
    cells = doc.xpath("//tbody/tr/td[2]")
    assert cells[0].text_content() == "<script>alert(1)</script>"
    assert cells[1].xpath("string(.//summary)") == "甲" * (LONG_MESSAGE // 2) + "…（点开查看全文）"
    assert cells[1].xpath("string(.//details/p)") == long
    assert not cells[2].xpath(".//details")  # at the threshold a message stays whole


def test_an_undecidable_list_folds_only_past_long_list():
    def message(n: int) -> str:
        listed = "、".join(f"单元格{i}（未能读出：ambiguous）" for i in range(n))
        return f"某关系无法判定：{listed}。"

    at = _findings([{"message": message(LONG_LIST)}])
    assert "<details>" not in findings_view(at)
    past = _fragment(findings_view(at.assign(message=[message(LONG_LIST + 1)])))
    assert past.xpath("string(//summary)") == (
        f"某关系无法判定：{LONG_LIST + 1} 个单元格不可用（点开查看）"
    )
    assert len(past.xpath("//details/ul/li")) == LONG_LIST + 1


def test_findings_view_shows_the_officers_review_under_the_message():
    f = _findings([{"message": "甲"}, {"message": "乙"}]).assign(
        review_state=["reviewed", ""], review=["accepted", ""], review_note=["<已核实>", ""]
    )
    doc = _fragment(findings_view(f))
    first, second = doc.xpath("//tbody/tr/td[2]")
    assert first.xpath("string(.//small)") == "已复核：accepted（<已核实>）"
    assert not second.xpath(".//small")


def test_reading_view_lists_what_could_not_be_read():
    report = govkit.read_report(DATA / "2024_shanghai_kewei.md")  # one unmatched table row "1"
    findings = report.audit()
    doc = _fragment(reading_view(report, findings))
    notes = reading_findings(findings)
    assert len(doc.xpath("/div/ul/li")) == len(notes) > 0
    assert doc.xpath("string(//details/summary)") == "读取器的其他说明（1 条）"
    note = doc.xpath("string(//details/ul/li)")
    assert note.startswith("三、收到和处理政府信息公开申请情况")
    assert note.endswith("忽略了表中无法对应模板的一行：“1”（line 172）")


def test_a_reader_note_without_a_row_has_no_dangling_separator():
    report = govkit.read_report(DATA / "2024_shanghai_kewei.md")
    doc = _fragment(reading_view(report, report.audit()))
    assert doc.xpath("string(//details/ul/li)") == (
        "三、收到和处理政府信息公开申请情况：忽略了表中无法对应模板的一行：“1”（line 172）"
    )


def test_reading_view_of_a_fully_read_report_says_so(seed, seed_findings):
    assert len(seed.notes) == 0 and not is_reading(seed_findings).any()
    assert str(reading_view(seed, seed_findings)) == "<p>无：每个单元格都按原样读出。</p>"


# ----------------------------------------------------------------------------- the header


def test_template_label_names_the_document_or_keeps_what_was_read():
    assert template_label("2019") == "2019 年版（国办公开办函〔2019〕60号）"
    assert template_label(2021) == "2021 年版（国办公开办函〔2021〕30号）"
    assert template_label("未识别") == "未识别"


def test_page_header_of_the_seed(seed, seed_findings):
    doc = _fragment(page_header(seed, seed_findings))
    assert (
        doc.xpath("string(//h2)")
        == "宁河区造甲城镇人民政府 · 2020 年度政府信息公开工作年度报告审核"
    )
    facts = {
        tr.findall("th")[0].text_content(): tr.findall("td")[0].text_content()
        for tr in doc.xpath("//table/tr")
    }
    assert facts == {
        "报告标题": "2020年度宁河区造甲城镇人民政府信息公开年度报告",
        "模板": "2019 年版（国办公开办函〔2019〕60号）",
        "统计期限": "2020 年 1 月 1 日至 12 月 31 日",
        "来源": "2020_ninghe_zaojiachengzhen.txt（纯文本，UTF-8）",
    }
    assert "发现 5 个错误、1 个警告" in doc.xpath("string(//div)")


def test_page_header_escapes_and_says_what_is_unknown(seed, seed_findings):
    from dataclasses import replace

    hostile = replace(seed.meta, agency="<img src=x>", year=None, period_year=None, title=None)
    report = type(seed)(hostile, seed.cells, seed.notes)
    markup = str(page_header(report, seed_findings))
    assert "<img" not in markup
    doc = _fragment(markup)
    assert doc.xpath("string(//h2)") == "<img src=x> · 年度未识别政府信息公开工作年度报告审核"
    facts = [th.text_content() for th in doc.xpath("//table/tr/th")]
    assert "报告标题" not in facts
    assert "正文未写明" in doc.xpath("string(//table)")


def test_file_link_is_relative_to_the_working_folder(tmp_path, monkeypatch):
    (tmp_path / "图表").mkdir()
    target = tmp_path / "图表" / "a b.png"
    monkeypatch.chdir(tmp_path)
    doc = _fragment(file_link(target, "下载 <图>"))
    a = doc.xpath("//a")[0]
    assert a.get("href") == "%E5%9B%BE%E8%A1%A8/a%20b.png"
    assert a.text_content() == "下载 <图>"
    monkeypatch.chdir(tmp_path / "图表")
    assert _fragment(file_link(target, "x")).xpath("//a")[0].get("href") == "a%20b.png"
    assert os.sep not in _fragment(file_link(target, "x")).xpath("//a")[0].get("href")


def test_diagnosis_rule_id_matches_the_audit(seed_findings):
    assert (seed_findings["rule"] == DIAGNOSIS).sum() == 1
