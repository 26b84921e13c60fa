"""govkit.present.overview: the batch overview's tables on the three distinct reports of data/
(ninghe 2020, pingtan 2023, kewei 2024), expectations summed from the printed tables."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pandas as pd
import pytest
from batches import many_reports
from conftest import DATA

import govkit
from govkit.audit import audit
from govkit.present.overview import (
    SUMMARY_METRICS,
    common_findings_view,
    failures_view,
    overview_header,
    summary_table,
    summary_view,
    years_view,
)
from govkit.report import stack_cells
from govkit.run.outcomes import failure_table

FILES = ("2020_ninghe_zaojiachengzhen.html", "2023_pingtan.txt", "2024_shanghai_kewei.md")


@pytest.fixture(scope="module")
def batch():
    reports = [govkit.read_report(DATA / name) for name in FILES]
    cells = pd.concat([stack_cells(r) for r in reports], ignore_index=True)
    return reports, cells, audit(reports)


def _rows(styler) -> list[dict[str, str]]:
    """The rendered table as people see it: one dict per row, by column header."""
    doc = lxml.html.fragment_fromstring(styler.to_html(), create_parent="div")
    heads = [th.text_content() for th in doc.xpath("//thead/tr/th")]
    return [
        dict(zip(heads, (td.text_content() for td in tr.findall("td")), strict=True))
        for tr in doc.xpath("//tbody/tr")
    ]


def _outcomes() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "source": ["/in/a.txt", "/in/b.txt", "/in/c.pdf", "/in/d.png", "/in/e.html"],
            "status": ["rendered", "duplicate", "failed", "not_report", "read"],
            "reason": ["", "与 /in/a.txt 是同一份报告", "PDF 已损坏", "一张图片", None],
        }
    )


# ------------------------------------------------------------------------------- summaries


def test_summary_table_one_row_per_report_with_the_agencys_own_counts(batch):
    _reports, cells, findings = batch
    table = summary_table(cells, findings).set_index("文件")
    assert list(table.index) == list(FILES)
    assert table.loc["2023_pingtan.txt", "机关"] == "平潭综合实验区"
    assert table.loc["2023_pingtan.txt", "收到申请数"] == 81
    assert table.loc["2023_pingtan.txt", "实质公开率"] == pytest.approx((22 + 20) / 81)
    assert table.loc["2024_shanghai_kewei.md", "办结数"] == 35
    # ninghe prints 办结数 0: no rate, not 0 %
    assert pd.isna(table.loc["2020_ninghe_zaojiachengzhen.html", "实质公开率"])
    # pingtan's only warning is a reading note (77132470 cannot be split): not the agency's
    assert table[["错误", "警告"]].to_dict("index") == {
        "2020_ninghe_zaojiachengzhen.html": {"错误": 5, "警告": 1},
        "2023_pingtan.txt": {"错误": 0, "警告": 0},
        "2024_shanghai_kewei.md": {"错误": 3, "警告": 1},
    }


def test_summary_view_for_people(batch):
    _reports, cells, findings = batch
    rows = {r["文件"]: r for r in _rows(summary_view(cells, findings))}
    heads = list(next(iter(rows.values())))
    names = [govkit.present.definitions.get_metric(m).name for m in SUMMARY_METRICS]
    assert heads == ["机关", "年度", "文件", *names, "错误", "警告"]
    pingtan = rows["2023_pingtan.txt"]
    assert pingtan["年度"] == "2023" and pingtan["收到申请数"] == "81"
    assert pingtan["实质公开率"] == "51.9%"  # 42 / 81
    assert pingtan["行政复议纠错率"] == "样本过小（2）"  # 1 of 2 decided: not a rate to rank
    kewei = rows["2024_shanghai_kewei.md"]
    assert kewei["实质公开率"] == "25.7%"  # 9 / 35
    assert kewei["结转率"] == "—"  # 结转下年度/总计 printed blank
    assert kewei["行政诉讼纠错率"] == "—"  # no case at all
    assert rows["2020_ninghe_zaojiachengzhen.html"]["实质公开率"] == "—"  # 办结数 0


def test_summary_view_escapes_agency_names(batch):
    _reports, cells, findings = batch
    hostile = cells.assign(agency=cells["agency"].where(cells["year"] != 2023, "<b>某局</b>"))
    markup = summary_view(hostile, findings).to_html()
    assert "<b>某局</b>" not in markup and "&lt;b&gt;某局&lt;/b&gt;" in markup


def test_years_view_pools_applications_not_reports():
    cells, _ = govkit.read_reports(DATA, keep_duplicates=True)  # ninghe 2020 in two formats
    rows = {r["年度"]: r for r in _rows(years_view(cells))}
    assert list(rows) == ["2020", "2023", "2024"]
    assert rows["2020"]["报告数"] == "2" and rows["2020"]["收到申请数"] == "2"  # 1 + 1
    assert rows["2023"]["报告数"] == "1" and rows["2023"]["实质公开率"] == "51.9%"
    assert rows["2024"]["办结数"] == "35"


# --------------------------------------------------------------------------- common findings


def test_common_findings_put_the_agencies_problems_before_reading_notes(batch):
    _reports, _cells, findings = batch
    rows = _rows(common_findings_view(findings, govkit.rules()))
    kinds = [r["类别"] for r in rows]
    assert kinds == sorted(kinds, key=lambda k: k == "读取说明")
    assert kinds[-1] == "读取说明"
    by_rule = {r["规则"]: r for r in rows}
    # requests.balance breaks in ninghe (（七）总计 0) and in kewei (结转下年度 blank)
    assert (
        by_rule["requests.balance"]["次数"] == "2"
        and by_rule["requests.balance"]["涉及报告数"] == "2"
    )
    assert by_rule["requests.balance"]["级别"] == "错误" and by_rule["requests.balance"]["含义"]
    assert by_rule["cells.ambiguous"]["类别"] == "读取说明"
    assert "cells.no_unit" not in by_rule  # info is not a problem to list
    agency = [r for r in rows if r["类别"] == "机关报告的问题"]
    counts = [int(r["次数"]) for r in agency]
    assert counts == sorted(counts, reverse=True)


# --------------------------------------------------------------------------- skipped inputs


def test_failures_view_shows_file_names_and_what_became_of_them():
    rows = _rows(failures_view(failure_table(_outcomes())))
    assert rows[1] == {"文件": "c.pdf", "结果": "失败", "原因": "PDF 已损坏"}
    assert [r["结果"] for r in rows] == ["重复（只算一次）", "失败", "不是年度报告"]
    assert str(failures_view(failure_table(_outcomes().iloc[[0, 4]]))) == "<p>无。</p>"


def test_overview_header_counts_files_agencies_years_and_problems(batch):
    reports, _cells, findings = batch
    skipped = failure_table(_outcomes())
    doc = lxml.html.fragment_fromstring(str(overview_header(reports, skipped, findings)))
    lines = [t.strip() for t in doc.itertext()]
    text = "".join(lines)
    assert (
        "共 6 个文件：审核 3 份报告，失败 1 个，不是年度报告 1 个，重复（只算一次） 1 个（见文末）。"
        in text
    )
    assert "涉及 3 个机关，2020–2024 年度；模板：" in text
    assert "2021 年版（国办公开办函〔2021〕30号） 2 份" in text
    assert "2019 年版（国办公开办函〔2019〕60号） 1 份" in text
    # 5 + 3 errors, 1 + 1 warnings; pingtan's 3 and kewei's 2 reading notes apart
    assert "2 份报告有错误；合计 8 个错误、2 个警告（另有 5 条读取说明，不计入）。" in text
    assert doc.xpath("//b")[0].text_content() == "失败 1 个"  # failures stand out
    assert "#b91c1c" in doc.get("style")


def test_overview_header_of_one_clean_report():
    report = govkit.read_report(DATA / "2023_pingtan.txt")
    findings = audit([report])
    no_skip = failure_table(_outcomes().iloc[[0]])
    text = lxml.html.fragment_fromstring(str(overview_header([report], no_skip, findings)))
    content = text.text_content()
    assert "共 1 个文件：审核 1 份报告。" in content and "见文末" not in content
    assert "2023 年度" in content and "–" not in content
    assert "0 份报告有错误；合计 0 个错误、0 个警告" in content
    assert "#15803d" in text.get("style")  # green


# ------------------------------------------------------------------------------ big batches


def test_summary_view_of_a_big_batch_shows_the_reports_with_errors_first_and_says_how_many_not(
    batch,
):
    _reports, _cells, findings = batch
    cells = many_reports(120)  # copies of pingtan (no error), kewei (3) and 宁河 (5)
    copies = {
        "2023_pingtan.txt": 0,
        "2024_shanghai_kewei.md": 1,
        "2020_ninghe_zaojiachengzhen.txt": 2,
    }
    seed = audit([govkit.read_report(DATA / "2020_ninghe_zaojiachengzhen.txt")])
    own = pd.concat([findings, seed], ignore_index=True)
    own["source"] = own["source"].map(lambda s: Path(s).name).map(copies)
    found = pd.concat(
        [own[own["source"] == i % 3].assign(source=f"/in/{i:05d}.txt") for i in range(120)],
        ignore_index=True,
    )
    view = summary_view(cells, found, rows=50)
    rows = _rows(view)
    assert len(rows) == 50
    assert [r["错误"] for r in rows] == ["5"] * 40 + ["3"] * 10  # 宁河's 40 copies, then kewei's
    assert "另有 70 行未显示（全部 120 行见 summary.csv）" in view.to_html()
    assert "未显示" not in summary_view(many_reports(3), found).to_html()


def test_failures_view_of_many_inputs_lists_failures_first_and_says_how_many_not():
    many = failure_table(pd.concat([_outcomes()] * 30, ignore_index=True))  # 90 skipped
    view = failures_view(many, rows=40)
    rows = _rows(view)
    assert [r["结果"] for r in rows] == ["失败"] * 30 + ["不是年度报告"] * 10
    assert "另有 50 行未显示（全部 90 行见 skipped.csv）" in view.to_html()
    assert "未显示" not in failures_view(failure_table(_outcomes())).to_html()
