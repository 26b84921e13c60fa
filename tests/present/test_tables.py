"""govkit.present.tables: a report's tables as printed (values, text and blanks in the template's
order) and coloured where the audit found something, on the seed and data/2024_shanghai_kewei.md."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest
from conftest import DATA

import govkit
from govkit.present.findings import COLOURS, DIAGNOSIS
from govkit.present.tables import styled_table, table_view

APPLICANTS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


@pytest.fixture(scope="module")
def kewei():
    report = govkit.read_report(DATA / "2024_shanghai_kewei.md")
    return report, report.audit()


def _colours(styler) -> dict[tuple[str, str], str]:
    """The CSS the Styler gives each (row label, column) of its data."""
    styler._compute()
    data = styler.data
    return {
        (data.index[i], data.columns[j]): ";".join(f"{k}:{v}" for k, v in props)
        for (i, j), props in styler.ctx.items()
    }


# ------------------------------------------------------------------------------ table_view


def test_seed_requests_as_printed(seed):
    view = table_view(seed, "requests")
    assert list(view.columns) == APPLICANTS
    assert view.index[0] == "一、本年新收政府信息公开申请数量"
    assert list(view.index[-2:]) == ["（七）总计", "四、结转下年度继续办理"]
    # printed: 一、本年新收 " 1|0|0|0|0|0|1"; （七）总计 " 1|0 |0 |0 |0 |0 |0"
    assert view.loc["一、本年新收政府信息公开申请数量"].tolist() == [
        "1",
        "0",
        "0",
        "0",
        "0",
        "0",
        "1",
    ]
    assert view.loc["（七）总计"].tolist() == ["1", "0", "0", "0", "0", "0", "0"]
    # 二、上年结转/商业企业 is printed blank: blank, not 0
    assert view.loc["二、上年结转政府信息公开申请数量", "商业企业"] == ""
    assert view.loc["二、上年结转政府信息公开申请数量", "科研机构"] == "0"


def test_text_stays_text_and_numbers_keep_every_digit(seed):
    view = table_view(seed, "active")
    # 行政处罚: 上一年项目数量 11, 本年增/减 "增", 处理决定数量 20
    row = view.loc["第二十条第（六）项/行政处罚"]
    assert (row["上一年项目数量"], row["本年增/减"], row["处理决定数量"]) == ("11", "增", "20")
    assert (
        view.loc["第二十条第（九）项/政府集中采购", "采购总金额"] == "757000"
    )  # not 757,000 or 7.57e5
    assert view.loc["第二十条第（一）项/规章", "处理决定数量"] == ""  # not a column of that row


def test_a_table_of_another_report_is_in_the_template_layout(kewei):
    report, _ = kewei
    view = table_view(report, "review_litigation")
    assert list(view.index) == ["数量"]
    assert list(view.columns[:5]) == [
        f"行政复议/{c}" for c in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    ]
    # the report: 行政复议 1 维持, 0, 0, 0, 总计 1; no 行政诉讼 case
    assert view.iloc[0, :5].tolist() == ["1", "0", "0", "0", "1"]
    assert set(view.iloc[0, 5:]) == {"0"}


# ---------------------------------------------------------------------------- styled_table


def test_blank_and_text_cells_are_marked_without_findings(seed):
    colours = _colours(styled_table(seed, "requests"))
    assert colours == {("二、上年结转政府信息公开申请数量", "商业企业"): COLOURS["blank"]}
    active = _colours(styled_table(seed, "active"))
    assert active[("第二十条第（六）项/行政处罚", "本年增/减")] == COLOURS["text"]
    assert COLOURS["fail"] not in active.values()


def test_the_diagnosed_cell_is_red_and_identity_totals_only_take_part(kewei):
    report, findings = kewei
    # kewei prints 四、结转下年度继续办理/总计 blank where 自然人 is 1: the diagnosis names it
    colours = _colours(styled_table(report, "requests", findings))
    assert colours[("四、结转下年度继续办理", "总计")] == COLOURS["fail"]
    assert colours[("（七）总计", "总计")] == COLOURS["part"]  # in the broken balance
    assert colours[("一、本年新收政府信息公开申请数量", "总计")] == COLOURS["part"]
    assert colours[("四、结转下年度继续办理", "自然人")] == COLOURS["part"]  # in the row total
    assert ("（一）予以公开", "总计") not in colours  # not in a broken identity


def test_without_a_diagnosis_each_failing_identity_marks_its_own_cell(kewei):
    report, findings = kewei
    undiagnosed = findings[findings["rule"] != DIAGNOSIS]
    colours = _colours(styled_table(report, "requests", undiagnosed))
    assert colours[("（七）总计", "总计")] == COLOURS["fail"]  # requests.balance's anchor
    assert colours[("四、结转下年度继续办理", "总计")] == COLOURS["fail"]


def test_findings_of_another_table_leave_this_one_alone(kewei):
    report, findings = kewei
    assert _colours(styled_table(report, "review_litigation", findings)) == {}


def test_review_litigation_headers_span_the_template_levels(seed):
    columns = styled_table(seed, "review_litigation").data.columns
    assert isinstance(columns, pd.MultiIndex) and columns.nlevels == 3
    assert columns[0] == ("行政复议", "", "结果维持")
    assert columns[5] == ("行政诉讼", "未经复议直接起诉", "结果维持")
    assert columns[-1] == ("行政诉讼", "复议后起诉", "总计")


def test_caption_and_cells_are_escaped(seed):
    meta = replace(seed.meta, agency="<script>alert(1)</script>")
    cells = seed.cells.copy()
    hit = (cells["table"] == "active") & (cells["col"] == "本年增/减") & (cells["raw"] == "增")
    cells.loc[hit, "raw"] = "<b>增</b>"
    report = type(seed)(meta, cells, seed.notes)
    markup = styled_table(report, "active").to_html()
    assert "<script>" not in markup and "<b>增</b>" not in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 2020 年 · 二、主动公开政府信息情况" in markup
    assert "&lt;b&gt;增&lt;/b&gt;" in markup


def test_caption_says_when_the_agency_is_unknown(seed):
    report = type(seed)(replace(seed.meta, agency=None), seed.cells, seed.notes)
    assert (
        "（机关未识别） 2020 年 · 三、收到和处理政府信息公开申请情况"
        in styled_table(report, "requests").to_html()
    )


def test_caption_without_a_year_has_no_dangling_year(seed):
    report = type(seed)(replace(seed.meta, year=None), seed.cells, seed.notes)
    assert " 年 · " not in styled_table(report, "requests").caption
