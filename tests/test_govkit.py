"""govkit's public API (`govkit.__all__`): each name imports and does what README's 快速上手 says.

Expected figures are read from the reports themselves: the seed (data/2020_ninghe_zaojiachengzhen.txt)
prints 本年新收 总计 1 but （七）总计 总计 0; 平潭 2023 (data/2023_pingtan.txt) received 81 requests
and had 2 administrative reviews and 7 lawsuits (its narrative and tables agree).
"""

from __future__ import annotations

import pandas as pd
import pytest

import govkit
from tests.conftest import DATA, SEED

PINGTAN = DATA / "2023_pingtan.txt"


def test_all_names_import_and_nothing_else_is_promised():
    assert sorted(govkit.__all__) == sorted(
        [
            "GovkitError",
            "InputError",
            "ParseError",
            "Report",
            "ReportMeta",
            "UnsupportedTemplate",
            "audit",
            "compare_units",
            "copied_text",
            "parse_report",
            "read_manifest",
            "read_many",
            "read_report",
            "read_reports",
            "rules",
        ]
    )
    for name in govkit.__all__:
        assert getattr(govkit, name) is not None
    assert govkit.__version__.count(".") == 2


def test_errors_are_govkit_errors_and_bilingual():
    for cls in (govkit.InputError, govkit.ParseError, govkit.UnsupportedTemplate):
        assert issubclass(cls, govkit.GovkitError)
    err = govkit.InputError("文件为空", "file is empty", source="a.txt")
    assert str(err) == "文件为空 / file is empty（a.txt）"
    with pytest.raises(govkit.InputError, match="文件为空"):
        govkit.parse_report("   ")


def test_read_report_gives_meta_cells_and_views():
    r = govkit.read_report(SEED)
    assert isinstance(r, govkit.Report) and isinstance(r.meta, govkit.ReportMeta)
    assert (r.meta.agency, r.meta.year, r.meta.template, r.meta.format) == (
        "宁河区造甲城镇人民政府",
        2020,
        "2019",
        "text",
    )
    assert {"table", "row", "col", "value", "raw", "unit", "status", "source_ref"} <= set(
        r.cells.columns
    )
    assert r.requests.loc["本年新收政府信息公开申请数量", "总计"] == 1
    assert r.sections["总体情况"].startswith("持续强化组织领导")


def test_parse_report_reads_text_already_in_memory():
    text = SEED.read_text(encoding="utf-8")
    got = govkit.parse_report(text).cells[["table", "row", "col", "raw"]]
    want = govkit.read_report(SEED).cells[["table", "row", "col", "raw"]]
    pd.testing.assert_frame_equal(got, want)


def test_report_audit_and_audit_of_many():
    """（七）总计/总计 printed 0 against 1 received: an error, and the same from audit([...])."""
    r = govkit.read_report(SEED)
    own = r.audit()
    assert ((own["severity"] == "error") & (own["row"] == "总计") & (own["col"] == "总计")).any()
    many = govkit.audit([r, govkit.read_report(PINGTAN)])
    assert set(many["source"]) == {str(SEED), str(PINGTAN)}
    assert len(many[many["source"] == str(SEED)]) == len(own)


def test_read_reports_of_a_folder_gives_cells_once_and_the_other_files(tmp_path):
    for p in (SEED, PINGTAN):
        (tmp_path / p.name).write_bytes(p.read_bytes())
    (tmp_path / "copy.txt").write_bytes(SEED.read_bytes())  # the same report again
    (tmp_path / "README").write_text("说明", encoding="utf-8")
    cells, failures = govkit.read_reports(tmp_path)
    assert cells["source"].nunique() == 2
    assert sorted(failures["status"]) == ["duplicate", "not_report"]


def test_rules_lists_every_rule_the_audit_can_raise():
    rules = govkit.rules()
    assert {"rule", "severity", "kind"} <= set(rules.columns) and rules["rule"].is_unique
    found = govkit.read_report(SEED).audit()["rule"]
    assert set(found) <= set(rules["rule"])


def test_read_manifest_resolves_paths_from_its_folder(tmp_path):
    manifest = tmp_path / "清单.tsv"
    manifest.write_text("file\tagency\tyear\nsub/a.txt\t某局\t2024\n", encoding="utf-8")
    got = govkit.read_manifest(manifest)
    assert got == {(tmp_path / "sub" / "a.txt").resolve(): {"agency": "某局", "year": "2024"}}
    with pytest.raises(govkit.InputError, match="path"):
        govkit.read_manifest(pd.DataFrame({"agency": ["某局"]}))


def test_copied_text_finds_last_years_narrative_again():
    this_year = govkit.read_report(SEED, meta={"year": 2021})
    summary = govkit.copied_text([govkit.read_report(SEED), this_year]).summary.set_index("year")
    assert summary.loc[2021, "share_previous_year"] == 1.0
    assert summary.loc[2020, "share_previous_year"] == 0.0  # nothing before it in the batch


def test_compare_units_sets_a_region_beside_its_units_sum():
    region = govkit.read_report(PINGTAN)
    unit = govkit.read_report(SEED, meta={"year": 2023, "parent": "平潭综合实验区"})
    totals = govkit.compare_units([region, unit]).totals.set_index("measure")
    assert totals.loc["received", ["region_value", "units_sum"]].tolist() == [81, 1]
    assert (
        totals.loc["review_total", "region_value"] == 2
        and totals.loc["litigation_total", "region_value"] == 7
    )
    assert govkit.compare_units([region]).totals.empty  # no units named: nothing to compare
