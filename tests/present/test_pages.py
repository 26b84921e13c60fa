"""Pages people read: index.html from the outcome table, the agency page's tables and notes,
charts that explain themselves, light pages, and notebooks that run from anywhere."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import lxml.html
import numpy as np
import pandas as pd
import pytest
from conftest import DATA, ROOT, SEED, corpus_file

import govkit
from govkit.present import charts
from govkit.present.findings import (
    findings_view,
    is_reading,
    page_header,
    reading_view,
    verdict_headline,
)
from govkit.present.index import render_index
from govkit.present.pages import page_html
from govkit.present.tables import table_view
from govkit.report import stack_cells

# ------------------------------------------------------------------------------- index.html


def _outcomes() -> pd.DataFrame:
    rows = [
        dict(source="/in/a.html", agency="宁河区造甲城镇人民政府", year=2020, template="2019",
             errors=5, warnings=1, page="a-1", status="rendered"),
        dict(source="/in/a.txt", agency="宁河区造甲城镇人民政府", year=2020, template="2019",
             errors=5, warnings=1, status="duplicate", duplicate_of="/in/a.html",
             reason="与 /in/a.html 是同一份报告"),
        dict(source="/in/logo.png", status="not_report", errors=0, warnings=0,
             reason="不是年度报告：这是一张 PNG 图片 / not a report: a PNG image"),
        dict(source="/in/b.pdf", agency="某局<script>alert(1)</script>", year=2019.0,
             status="failed", stage="read", errors=0, warnings=0, reason="PDF 已损坏 / broken"),
        dict(source="/in/c.md", agency="上海市科委", year=2024, template="2021", errors=3,
             warnings=2, status="read"),
    ]  # fmt: skip
    return pd.DataFrame(rows).astype({"year": "float"})  # a float year column, as concat gives


def _row(doc, name: str) -> dict[str, str]:
    """The cells of a file's row, by column header (cells carry no labels: styled by position)."""
    heads = [th.text_content() for th in doc.iter("th")]
    for tr in doc.iter("tr"):
        cells = dict(zip(heads, (td.text_content() for td in tr.findall("td")), strict=False))
        if cells.get("文件") == name:
            return cells
    raise AssertionError(f"no row for {name}")


def test_index_rows_say_what_became_of_each_file(tmp_path):
    doc = lxml.html.document_fromstring(render_index(_outcomes(), tmp_path))
    rendered, dup = _row(doc, "a.html"), _row(doc, "a.txt")
    assert (rendered["年度"], rendered["错误"], rendered["警告"]) == ("2020", "5", "1")
    assert rendered["模板"] == "2019 版"
    assert (dup["错误"], dup["警告"]) == ("", "")  # not audited on its own: blanks, not counts
    assert "a.html" in dup["结果"] and "同一份报告" in dup["结果"]
    assert doc.xpath('//a[@href="a-1.html"]')  # the duplicate links to the kept page
    png = _row(doc, "logo.png")
    assert (png["错误"], png["警告"], png["年度"]) == ("", "", "")
    assert "PNG 图片" in png["结果"]
    failed = _row(doc, "b.pdf")
    assert failed["年度"] == "2019"  # never 2019.0
    assert (failed["错误"], failed["警告"]) == ("", "")
    assert failed["结果"].startswith("读取失败：PDF 已损坏")
    assert _row(doc, "c.md")["结果"] == "已审核，未生成页面"
    assert "2019.0" not in doc.text_content()


def test_index_is_escaped_phone_ready_and_offline(tmp_path):
    page = render_index(_outcomes(), tmp_path)
    doc = lxml.html.document_fromstring(page)
    assert "<script>alert(1)" not in page and "某局<script>alert(1)</script>" in doc.text_content()
    assert doc.xpath('//meta[@name="viewport"]')
    assert "@media (max-width:640px)" in page  # rows become cards on a phone
    assert doc.xpath('//input[@id="filter"]') and len(doc.xpath("//th/button")) == 7
    assert not doc.xpath("//script[@src]") and "http" not in "".join(doc.xpath("//script/text()"))
    assert len(page.encode()) < 20_000  # five rows: the sorting and filtering cost ~2 KB
    assert "<td>logo.png</td>" in page  # plain cells: no per-cell attributes in a long index
    assert "overview.html" not in page  # no overview written yet: no dead link
    (tmp_path / "overview.html").write_text("")
    assert 'href="overview.html"' in render_index(_outcomes(), tmp_path)


def test_index_summary_counts_each_status(tmp_path):
    text = lxml.html.document_fromstring(render_index(_outcomes(), tmp_path)).text_content()
    assert (
        "共 5 个文件：生成页面 1 个，已审核未生成页面 1 个，失败 1 个，不是年度报告 1 个，重复文件 1 个。"
        in text
    )
    assert "已审核的 2 份报告中 2 份有错误" in text


def test_overview_lists_what_the_batch_did_not_audit():
    from govkit.present.overview import failures_view
    from govkit.run.outcomes import failure_table

    skipped = failure_table(_outcomes())
    assert list(skipped["source"]) == ["/in/a.txt", "/in/logo.png", "/in/b.pdf"]
    html = failures_view(skipped).to_html()
    assert "重复（只算一次）" in html and "不是年度报告" in html and "PDF 已损坏" in html


# ------------------------------------------------------------------------------ agency page


def test_ambiguous_run_is_shown_once_per_row():
    report = govkit.read_report(DATA / "2023_pingtan.txt")  # 行政规范性文件 printed "77132470"
    row = table_view(report, "active").loc["第二十条第（一）项/行政规范性文件"]
    shown = row[row != ""].tolist()
    assert shown == ["77132470", "？", "？"]


def test_money_cells_carry_their_unit():
    report = govkit.read_report(DATA / "2023_pingtan.txt")
    view = table_view(report, "active")
    assert view.loc["第二十条第（八）项/行政事业性收费", "本年收费金额"] == "5949.088667 万元"


def test_reading_notes_are_apart_and_not_the_agencys_errors():
    report = govkit.read_report(DATA / "2023_pingtan.txt")
    findings = report.audit()
    reading = is_reading(findings)
    assert set(findings.loc[reading, "rule"]) == {"cells.ambiguous", "cells.inferred"}
    headline = verdict_headline(findings)
    assert headline.startswith("未发现机关报告本身的错误或警告。另有 3 条读取说明")
    notes = str(reading_view(report, findings))
    assert "77132470" in notes
    with_kind = findings.assign(kind=np.where(reading, "reading", "agency"))
    assert is_reading(with_kind).equals(reading)  # the audit's kind column decides when present
    assert not is_reading(with_kind.assign(kind="agency")).any()


def test_long_lists_fold_into_details():
    cells = "、".join(
        f"二、上年结转政府信息公开申请数量/列{i}（未能读出：ambiguous）" for i in range(6)
    )
    message = (
        f"“总计”列：一、本年新收 + 二、上年结转 = （七）总计 + 四无法判定：{cells}，"
        "这些单元格取某些非负整数时该关系可以成立。"
    )
    frame = pd.DataFrame(
        {"severity": ["warning"], "message": [message], "suggestion": [""], "rule": ["x"]}
    )
    doc = lxml.html.fragment_fromstring(str(findings_view(frame)), create_parent="div")
    summary = doc.xpath("string(//summary)")
    assert summary.endswith("无法判定：6 个单元格不可用（点开查看）")
    items = doc.xpath("//details/ul/li/text()")
    assert items[0] == "二、上年结转政府信息公开申请数量/列0（未能读出：ambiguous）"
    assert len(items) == 6 and "这些单元格取某些非负整数" in doc.xpath("string(//details/p)")
    short = message.replace(cells, cells.split("、二、")[0])
    assert "<details>" not in str(findings_view(frame.assign(message=[short])))


def test_header_labels_are_chinese(seed):
    report = govkit.read_report(DATA / "2023_pingtan.txt")
    text = str(page_header(report, report.audit()))
    assert "网页抓取文本" in text and "crawler-text" not in text


# ----------------------------------------------------------------------------------- charts


def _with_active(seed, value: float) -> pd.DataFrame:
    cells = stack_cells(seed)
    hit = (
        (cells["table"] == "active")
        & (cells["row"].str.endswith("行政处罚"))
        & (cells["col"] == "处理决定数量")
    )
    cells.loc[hit, "value"] = value
    return cells


def test_active_chart_splits_a_huge_value_from_small_ones(seed):
    ax = charts.active_chart(_with_active(seed, 693957))
    fig = ax.get_figure(root=True)
    assert len(fig.axes) == 2  # 693,957 apart; 0–11 on their own axis
    assert "分 2 栏" in _footnote(ax)
    upper, lower = fig.axes
    assert [t.get_text() for t in upper.get_yticklabels()] == ["行政处罚·处理决定数量"]
    assert lower.get_xlim()[1] < 30
    legend = ax.get_legend()
    assert legend is not None and legend.get_bbox_to_anchor().y0 >= ax.bbox.y1 - 1  # above bars


def test_active_chart_in_a_given_axes_uses_a_log_axis(seed):
    import matplotlib.pyplot as plt

    _fig, ax = plt.subplots()
    charts.active_chart(_with_active(seed, 693957), ax=ax)
    assert ax.get_xscale() == "symlog"
    assert "对称对数刻度" in _footnote(ax)
    plt.close(_fig)


def test_active_chart_of_like_values_is_one_panel(seed):
    ax = charts.active_chart(seed)
    assert len(ax.get_figure(root=True).axes) == 1


def test_empty_blocks_say_why(seed):
    cells = stack_cells(seed)
    blank = cells.assign(value=np.nan, raw="")
    for draw, words in [
        (charts.outcome_chart, "全部空白或无法读取"),
        (charts.applicant_chart, "全部空白或无法读取"),
        (charts.review_litigation_chart, "不等于没有案件"),
        (charts.active_chart, "全部空白或无法读取"),
    ]:
        ax = draw(blank)
        assert any(words in t.get_text() for t in ax.texts), draw.__name__
        assert list(ax.get_yticks()) == []
    zeros = cells.assign(value=cells["value"].where(cells["table"] != "review_litigation", 0))
    ax = charts.review_litigation_chart(zeros)
    assert any("无行政复议、行政诉讼案件" in t.get_text() for t in ax.texts)
    assert ax.get_legend() is None and not ax.patches


def _footnote(ax) -> str:
    return " ".join(t.get_text() for t in ax.get_figure(root=True).texts).replace("\n", "")


def test_save_png_is_a_small_palette_png(seed, tmp_path):
    from PIL import Image

    ax = charts.outcome_chart(seed)
    small = charts.save_png(ax.figure, tmp_path / "small.png")
    ax.figure.savefig(tmp_path / "rgba.png", dpi=110)
    with Image.open(small) as im, Image.open(tmp_path / "rgba.png") as ref:
        assert im.mode == "P" and im.size == ref.size
        diff = np.abs(np.asarray(im.convert("RGB"), int) - np.asarray(ref.convert("RGB"), int))
    assert small.stat().st_size < (tmp_path / "rgba.png").stat().st_size / 2
    assert diff.max() <= 16  # every pixel within 16/255 of the full-colour chart


# ------------------------------------------------------------------------------- page shell


def test_page_shell_links_back_and_is_small():
    page = page_html("<p>正文</p>", "标题<b>")
    doc = lxml.html.document_fromstring(page)
    assert doc.xpath('//nav/a[@href="index.html"]')
    assert doc.findtext(".//title") == "标题<b>"
    assert doc.xpath('//meta[@name="viewport"]')
    assert len(page.encode()) < 4_000  # the lab template's CSS alone was ~260 KB


# -------------------------------------------------------------------------------- notebooks


def test_explore_runs_from_any_folder_and_counts_a_report_once(tmp_path):
    import papermill as pm

    folder = tmp_path / "报告"
    folder.mkdir()
    for name in (SEED.name, SEED.with_suffix(".html").name, "2023_pingtan.txt"):
        (folder / name).write_bytes((DATA / name).read_bytes())
    out = tmp_path / "out.ipynb"
    pm.execute_notebook(
        str(ROOT / "notebooks" / "explore.ipynb"),
        str(out),
        parameters={"data_dir": str(folder)},
        cwd=str(tmp_path),  # not notebooks/: no relative path may depend on it
        progress_bar=False,
        kernel_name="python3",
    )
    nb = json.loads(out.read_text(encoding="utf-8"))
    texts = [
        "".join(o.get("data", {}).get("text/plain", ""))
        for c in nb["cells"]
        for o in c.get("outputs", [])
    ]
    pivot = next(t for t in texts if "自然人" in t and "商业企业" in t)
    assert pivot.count("宁河区造甲城镇人民政府") == 1  # the .txt and .html: one report
    assert any("duplicate" in t for t in texts)


@pytest.mark.parametrize("name", ["agency_audit.ipynb", "batch_overview.ipynb"])
def test_notebooks_default_to_a_temporary_output_folder(name):
    """nbval runs the notebooks with their defaults: they must not write into reports/."""
    nb = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))
    params = next(c for c in nb["cells"] if "parameters" in c["metadata"].get("tags", []))
    namespace: dict = {}
    exec("".join(params["source"]), namespace)
    assert namespace["output_dir"] == ""
    code = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert "tempfile.mkdtemp" in code and "reports/" not in code


def test_huaian_active_chart_in_three_bands():
    """淮安 2024: 3,985,758 and 447,228; 88,283; then 0–66 — each band on its own axis."""
    report = govkit.read_report(corpus_file("2024_huaian_shizhengfu.pdf"))
    ax = charts.active_chart(report)
    fig = ax.get_figure(root=True)
    assert len(fig.axes) == 3
    assert fig.axes[2].get_xlim()[1] < 100
    assert Path(charts.font_path() or "").exists()


@pytest.mark.parametrize(
    ("name", "params"),
    [
        (
            "agency_audit.ipynb",
            {"report_path", "output_dir", "meta", "copied_dir", "results_dir", "reviews_path"},
        ),
        (
            "batch_overview.ipynb",
            {
                "source",
                "manifest",
                "output_dir",
                "outcomes",
                "results",
                "reviews_path",
                "copied_dir",
            },
        ),
        ("explore.ipynb", {"data_dir"}),
    ],
)
def test_notebook_parameters_parse(name, params):
    """papermill reads every parameter (an "=" in a comment made it drop the line and warn)."""
    import papermill as pm

    assert set(pm.inspect_notebook(str(ROOT / "notebooks" / name))) == params


@pytest.mark.skipif(not shutil.which("chromium"), reason="headless chromium is not installed")
def test_index_sorts_and_filters_in_a_browser(tmp_path):
    """The inline script in a real browser: 错误 sorts numerically with blanks last either way;
    the filter keeps the rows holding every word."""
    table = pd.concat([_outcomes()] * 200, ignore_index=True)
    probe = """<script>
var th=document.querySelectorAll("th")[2],b=document.getElementById("outcomes").tBodies[0];
th.click();var asc=b.rows[0].cells[2].textContent;th.click();
var desc=b.rows[0].cells[2].textContent,last=b.rows[b.rows.length-1].cells[2].textContent;
var q=document.getElementById("filter");q.value="上海 2024";q.dispatchEvent(new Event("input"));
setTimeout(function(){var n=[].filter.call(b.rows,function(r){return !r.hidden;}).length;
document.body.setAttribute("data-probe",[asc,desc,"["+last+"]",n].join(" "));},300);
</script></body>"""
    page = tmp_path / "index.html"
    page.write_text(render_index(table, tmp_path).replace("</body>", probe), encoding="utf-8")
    dom = subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu",
         "--virtual-time-budget=3000", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout  # fmt: skip
    assert 'data-probe="3 5 [] 200"' in dom
