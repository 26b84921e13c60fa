"""govkit.audit.structure: template version, the six sections, the statistics period, section 五,
absent tables and collapsed groups — rules called directly on an audit Context."""

from __future__ import annotations

from dataclasses import replace

import pytest

import govkit
from govkit.audit import structure
from govkit.audit.context import Context
from govkit.report import Report
from tests.audit_inputs import PEER_TEXT, collapsed, with_cells, without_table

PROBLEMS = "存在的主要问题及改进情况"
PEER_FIVE = (
    "一是政策解读形式较为单一，二是依申请公开答复质量有待提高。下一步将丰富解读形式，加强答复审核。"
)


@pytest.fixture(scope="module")
def peer():
    return govkit.parse_report(PEER_TEXT, source="peer.md")


def _meta(report, **changes) -> Context:
    return Context(Report(replace(report.meta, **changes), report.cells, report.notes, report.text))


def _text(report, old: str, new: str) -> Context:
    assert old in report.text
    return Context(with_cells(report, report.cells, report.text.replace(old, new)))


def test_template_year_holds_for_the_printed_reports(seed, peer):
    assert structure.template_year(Context(seed)) == []  # 2020 on the 2019 template
    assert structure.template_year(Context(peer)) == []  # 2023 on the 2021 template


def test_template_year_a_2021_report_on_the_old_template(seed):
    (f,) = structure.template_year(_meta(seed, year=2021))
    assert (f["expected"], f["actual"]) == (2021.0, 2019.0)
    assert (
        "国办公开办函〔2021〕30号" in f["message"] and "2021 年度报告应使用 2021 版" in f["message"]
    )


def test_template_year_a_2020_report_on_the_new_template(peer):
    (f,) = structure.template_year(_meta(peer, year=2020))
    assert (f["expected"], f["actual"]) == (2019.0, 2021.0)


@pytest.mark.parametrize("year", [None, 2018])
def test_template_year_silent_without_a_year_or_before_the_templates(seed, year):
    assert structure.template_year(_meta(seed, year=year)) == []


def test_period(seed):
    assert structure.period(Context(seed)) == []
    (f,) = structure.period(_meta(seed, period_year=2019))
    assert (f["expected"], f["actual"]) == (2020.0, 2019.0)
    assert f["suggestion"] == "统计期限应为 2020年1月1日至2020年12月31日"
    (g,) = structure.period(_meta(seed, period_year=None))
    assert g["severity"] == "info" and "未写明统计期限" in g["message"]
    assert structure.period(_meta(seed, year=None)) == []


def test_sections_all_six_printed(seed, peer):
    assert structure.sections(Context(seed)) == []
    assert structure.sections(Context(peer)) == []


def test_a_lost_heading_is_named(peer):
    (f,) = structure.sections(_text(peer, "六、其他需要报告的事项\n", ""))
    assert f["row"] == "其他需要报告的事项" and "severity" not in f
    assert "找不到规定的部分“其他需要报告的事项”" in f["message"]


def test_a_lost_section_five_heading_with_its_sub_headings_is_a_reading_note(peer):
    ctx = _text(
        peer, f"五、{PROBLEMS}\n{PEER_FIVE}", "（一）存在的主要问题\n政策解读形式较为单一。"
    )
    (f,) = structure.sections(ctx)
    assert (f["severity"], f["kind"], f["row"]) == ("info", "reading", PROBLEMS)
    assert f["sentence"].startswith("（一）存在的主要问题")


def test_the_heading_of_an_absent_table_is_said_by_table_absent(peer):
    text = peer.text.replace("四、政府信息公开行政复议、行政诉讼情况\n", "")
    ctx = Context(without_table(peer, "review_litigation", text))
    assert structure.sections(ctx) == []
    (f,) = structure.table_absent(ctx)
    assert (f["table"], "severity" in f) == ("review_litigation", False)
    assert f["message"].startswith("报告没有第四部分“政府信息公开行政复议、行政诉讼情况”")
    assert "四、政府信息公开行政复议、行政诉讼情况" in f["suggestion"]


def test_table_absent_under_a_printed_heading_is_govkits_doubt(peer):
    ctx = Context(without_table(peer, "review_litigation"))
    (f,) = structure.table_absent(ctx)
    assert (f["severity"], f["kind"]) == ("warning", "reading")
    assert "找到了第四部分" in f["message"] and "读取说明：无" in f["message"]
    assert structure.table_absent(Context(peer)) == []


@pytest.mark.parametrize(
    "body", ["无。", "本年度无。", "暂无存在的主要问题及改进情况。", "人员不足。", ""]
)
def test_problems_empty(peer, body):
    (f,) = structure.problems_empty(_text(peer, PEER_FIVE, body))
    assert f["row"] == PROBLEMS and f["sentence"] == body
    assert ("为空" in f["message"]) == (body == "")


def test_problems_real_content_is_quiet(peer, seed):
    assert structure.problems_empty(Context(peer)) == []
    assert structure.problems_empty(Context(seed)) == []
    assert structure.problems_empty(_text(peer, PEER_FIVE, "培训不足，明年加强业务培训。")) == []


def test_problems_without_a_heading_is_left_to_sections(peer):
    assert structure.problems_empty(_text(peer, f"五、{PROBLEMS}\n{PEER_FIVE}", "")) == []


def test_collapsed_group(peer):
    assert structure.collapsed_group(Context(peer)) == []
    (f,) = structure.collapsed_group(Context(collapsed(peer, "其他处理", ref="table 2 row 22")))
    assert (f["table"], f["row"]) == ("requests", "其他处理") and len(f["cells"]) == 21
    assert "没有分列模板的 3 个子行" in f["message"] and "（table 2 row 22）" in f["message"]
    assert f["suggestion"] == "按 2021 版模板分列“其他处理”的子行"
