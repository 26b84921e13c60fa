"""govkit.report: Report views and sections, meta overrides, read_reports' failure table, stacking.

Expectations are read off the seed's printed text (data/2020_ninghe_zaojiachengzhen.txt): a 2020
report on the 2019 template whose （七）总计 row prints 1 0 0 0 0 0 0 and whose 上年结转 row leaves
商业企业 blank.
"""

from __future__ import annotations

import math
import shutil

import pandas as pd
import pytest

import govkit
from govkit.errors import GovkitError, InputError
from govkit.report import CELL_COLUMNS, Report, ReportMeta, parse_report, read_reports, stack_cells
from govkit.templates import col_order, get_template, row_order
from tests.conftest import SEED

SEED_TEXT = SEED.read_text(encoding="utf-8")
APPLICANTS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


def test_meta_from_the_printed_report(seed):
    m = seed.meta
    assert (m.year, m.period_year, m.template, m.format) == (2020, 2020, "2019", "text")
    assert m.agency == "宁河区造甲城镇人民政府" and m.title.startswith("2020年度")
    assert m.published is None and m.published_source == ""
    assert repr(seed).startswith("<Report 宁河区造甲城镇人民政府 2020 template=2019 text cells=")


def test_requests_view_is_the_printed_table_in_template_order(seed):
    req = seed.requests
    assert list(req.columns) == APPLICANTS
    assert list(req.index) == [s.row for s in get_template("2019").rows["requests"]]
    assert req.index.name is None and req.columns.name is None
    assert req.loc["本年新收政府信息公开申请数量"].tolist() == [1, 0, 0, 0, 0, 0, 1]
    assert req.loc["总计"].tolist() == [1, 0, 0, 0, 0, 0, 0]  # printed so: 总计 column says 0
    carried = req.loc["上年结转政府信息公开申请数量"]
    assert math.isnan(carried["商业企业"]) and carried.drop("商业企业").eq(0).all()  # blank cell


def test_review_and_active_views(seed):
    rl = seed.review_litigation
    assert list(rl.index) == ["数量"] and len(rl.columns) == 15
    assert rl.loc["数量"].tolist() == [0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0]
    act = seed.active
    punish = act.loc["第二十条第（六）项/行政处罚"]
    assert punish["上一年项目数量"] == 11 and punish["处理决定数量"] == 20
    assert math.isnan(punish["本年增/减"])  # printed "增": text, no value
    assert act.loc["第二十条第（九）项/政府集中采购", "采购总金额"] == 757000
    # rows and columns follow the cross-version order (mixed batches line up)
    assert list(act.index) == [r for r in row_order("active") if r in act.index]
    assert list(act.columns) == [c for c in col_order("active") if c in act.columns]


def test_view_of_a_table_follows_the_cells_not_a_copy(seed):
    cells = seed.cells.copy()
    k = cells.index[(cells["row"] == "总计") & (cells["col"] == "总计")][0]
    cells.loc[k, "value"] = 1.0
    fixed = Report(seed.meta, cells, seed.notes, seed.text)
    assert (
        fixed.view("requests").loc["总计", "总计"] == 1 and seed.requests.loc["总计", "总计"] == 0
    )


def test_sections_split_on_first_use(seed):
    s = seed.sections
    assert list(s) == [
        "总体情况",
        "主动公开政府信息情况",
        "收到和处理政府信息公开申请情况",
        "政府信息公开行政复议、行政诉讼情况",
        "存在的主要问题及改进情况",
        "其他需要报告的事项",
    ]
    assert "本年度无其他需要报告的事项" in s["其他需要报告的事项"]
    assert "本年度无其他需要报告的事项" not in s["存在的主要问题及改进情况"]


def test_audit_method_is_the_audit_of_the_report(seed):
    from govkit.audit import audit_report

    mine, theirs = seed.audit(), audit_report(seed)
    assert mine.drop(columns="cells").equals(theirs.drop(columns="cells"))
    assert "requests.row_total" in set(mine["rule"])  # the 总计 row: 0 printed, 1 summed


def test_cells_and_notes_columns(seed):
    assert list(seed.cells.columns) == CELL_COLUMNS
    assert seed.notes.empty and list(seed.notes.columns) == [
        "table",
        "row",
        "message",
        "message_en",
        "source_ref",
    ]


@pytest.mark.parametrize(("given", "year"), [("2021年", 2021), ("2021年度", 2021), (2021.0, 2021)])
def test_meta_overrides_year_in_its_written_forms(given, year):
    rep = parse_report(SEED_TEXT, meta={"year": given, "agency": "某镇", "region": "天津"})
    assert (rep.meta.year, rep.meta.agency, rep.meta.region) == (year, "某镇", "天津")
    assert rep.meta.period_year == 2020  # what the report says stays where it is said


def test_meta_override_of_published_names_the_manifest():
    rep = parse_report(SEED_TEXT, meta={"published": "2021-01-20"})
    assert (rep.meta.published, rep.meta.published_source) == ("2021-01-20", "manifest")


def test_blank_overrides_change_nothing(seed):
    plain = parse_report(SEED_TEXT)
    assert parse_report(SEED_TEXT, meta={"year": "", "template": None}).meta == plain.meta
    assert (plain.meta.year, plain.meta.template) == (seed.meta.year, seed.meta.template)


@pytest.mark.parametrize(
    ("key", "value"), [("year", "去年"), ("template", "2018"), ("template", "x")]
)
def test_bad_overrides_are_refused_with_input_error(key, value):
    with pytest.raises(InputError) as info:
        parse_report(SEED_TEXT, source="s.txt", meta={key: value})
    assert info.value.source == "s.txt" and str(value) in info.value.zh


def test_template_override_wins_over_detection():
    assert parse_report(SEED_TEXT, meta={"template": "2019.0"}).meta.template == "2019"


def test_text_without_tables_is_a_govkit_error():
    with pytest.raises(GovkitError):
        parse_report("某局2020年政府信息公开工作年度报告\n\n本年度工作顺利。\n")


def test_stack_cells_puts_meta_in_front(seed):
    out = stack_cells(seed)
    assert list(out.columns) == ["agency", "year", "template", "source", *CELL_COLUMNS]
    assert len(out) == len(seed.cells) and (out["year"] == 2020).all()
    assert out[CELL_COLUMNS].equals(seed.cells)


def test_read_reports_keeps_every_input_accounted_for(tmp_path):
    shutil.copy(SEED, tmp_path / "a.txt")
    shutil.copy(SEED, tmp_path / "b.txt")  # the same report twice
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("会议纪要\n今天开会。\n", encoding="utf-8")
    cells, failures = read_reports(tmp_path)
    n = len(govkit.read_report(SEED).cells)
    assert len(cells) == n and cells["source"].nunique() == 1
    assert list(failures.columns) == ["source", "stage", "error", "message", "status"]
    names = failures["source"].map(lambda s: s.rsplit("/", 1)[-1])
    status = dict(zip(names, failures["status"], strict=True))
    assert status["b.txt"] == "duplicate" and status["empty.txt"] == "failed"
    assert "notes.txt" in status and status["notes.txt"] in ("failed", "not_report")
    assert "a.txt" not in status

    both, failures = read_reports(tmp_path, keep_duplicates=True)
    assert len(both) == 2 * n and "duplicate" not in set(failures["status"])


def test_read_reports_applies_a_manifest(tmp_path):
    shutil.copy(SEED, tmp_path / "a.txt")
    manifest = pd.DataFrame({"path": [str(tmp_path / "a.txt")], "agency": ["造甲城镇"]})
    cells, failures = read_reports(tmp_path, manifest=manifest)
    assert failures.empty and set(cells["agency"]) == {"造甲城镇"}


def test_read_reports_with_nothing_readable_has_the_standard_columns(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    cells, failures = read_reports(tmp_path)
    assert cells.empty and list(cells.columns) == [
        "agency",
        "year",
        "template",
        "source",
        *CELL_COLUMNS,
    ]
    assert failures["status"].tolist() == ["failed"]


def test_report_meta_is_frozen(seed):
    with pytest.raises(AttributeError):
        seed.meta.year = 2021  # type: ignore[misc]
    assert ReportMeta(None, None, "2021", "x", "text").kind is None
