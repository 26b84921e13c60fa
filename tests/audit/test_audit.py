"""Audit rules: each fires where the source says it should and stays quiet where it must not."""

from __future__ import annotations

import pandas as pd
import pytest

import govkit
from tests.conftest import SEED, corpus_file

SEED_TEXT = SEED.read_text(encoding="utf-8")


def rules_of(findings: pd.DataFrame, severity: str | None = None) -> set[str]:
    f = findings if severity is None else findings[findings["severity"] == severity]
    return set(f["rule"])


def test_seed_findings(seed):
    f = seed.audit()
    for rule in ("requests.balance", "requests.results_total", "requests.row_total"):
        hit = f[f["rule"] == rule]
        assert len(hit) == 1, rule
        assert "总计" in set(hit[["row", "col"]].iloc[0])
    diag = f[f["rule"] == "diagnosis.single_cell"].iloc[0]
    assert (diag["row"], diag["col"], diag["expected"], diag["actual"]) == (
        "总计",
        "总计",
        1.0,
        0.0,
    )
    assert diag["suggestion"] == "（七）总计/总计 应为 1"
    blank = f[f["rule"] == "cells.blank"]
    assert list(zip(blank["row"], blank["col"], strict=True)) == [
        ("上年结转政府信息公开申请数量", "商业企业")
    ]
    text = f[f["rule"] == "cells.text"]
    assert list(zip(text["row"], text["col"], strict=True)) == [
        ("第二十条第（六）项/行政处罚", "本年增/减")
    ]
    # every arithmetic finding names all cells of its identity
    bal = f[f["rule"] == "requests.balance"].iloc[0]
    assert len(bal["cells"]) == 4


def _fixed_seed() -> str:
    """The seed with its one wrong cell corrected: （七）总计/总计 0 -> 1."""
    lines = SEED_TEXT.split("\n")
    i = lines.index("\t（七）总计")
    assert lines[i + 7] == "\t0\xa0"
    lines[i + 7] = "\t1"
    return "\n".join(lines)


def test_identities_quiet_when_they_hold():
    f = govkit.parse_report(_fixed_seed()).audit()
    assert not rules_of(f) & {
        "requests.balance",
        "requests.results_total",
        "requests.row_total",
        "diagnosis.single_cell",
    }


def test_no_single_cell_fix_when_two_cells_wrong():
    text = _fixed_seed().replace(
        "\t5.属于三类内部事务信息\n\t1\n", "\t5.属于三类内部事务信息\n\t2\n", 1
    )
    text = text.replace(
        "\t6.属于四类过程性信息\n\t0\n\t0\n\t0\xa0\n",
        "\t6.属于四类过程性信息\n\t0\n\t3\n\t0\xa0\n",
        1,
    )
    f = govkit.parse_report(text).audit()
    diag = f[f["rule"] == "diagnosis.single_cell"]
    assert len(diag) == 1 and "至少有两处" in diag.iloc[0]["message"]


def test_review_total_fires_and_diagnoses():
    # seed section 四: 未经复议直接起诉 维持 1 ... 总计 1; make its 总计 2
    lines = SEED_TEXT.split("\n")
    start = lines.index("四、政府信息公开行政复议、行政诉讼情况")
    values = [i for i in range(start, start + 60) if lines[i].strip("\t \xa0") in {"0", "1"}]
    assert lines[values[9]].strip() == "1"  # 未经复议直接起诉/总计
    lines[values[9]] = "\t2"
    f = govkit.parse_report("\n".join(lines)).audit()
    hit = f[f["rule"] == "review_litigation.total"]
    assert list(hit["col"]) == ["行政诉讼/未经复议直接起诉/总计"]


def test_quality_rules_fire_on_negative_fraction_unit():
    text = _fixed_seed().replace(
        "\t其他对外管理服务事项\n\t0\n\t0\n\t0\n", "\t其他对外管理服务事项\n\t-3\n\t0\n\t2.5\n", 1
    )
    text = text.replace("\t行政强制\n\t1\n", "\t行政强制\n\t1元\n", 1)
    f = govkit.parse_report(text).audit()
    assert {"cells.negative", "cells.fraction", "cells.unit"} <= rules_of(f)
    g = govkit.parse_report(_fixed_seed()).audit()
    assert not rules_of(g) & {"cells.negative", "cells.fraction", "cells.unit"}


def test_structure_template_year_and_period():
    wrong_year = SEED_TEXT.replace("2020年度宁河区", "2022年度宁河区")
    f = govkit.parse_report(wrong_year).audit()
    assert "structure.template_year" in rules_of(f, "error")
    assert "structure.period" in rules_of(f, "error")
    assert not {"structure.template_year", "structure.period"} & rules_of(
        govkit.parse_report(SEED_TEXT).audit(), "error"
    )


def test_text_vs_table():
    path = corpus_file("2024_shanghai_kewei.md")
    text = path.read_text(encoding="utf-8")
    assert not rules_of(govkit.parse_report(text).audit()) & {
        "text.requests",
        "text.outcomes",
        "text.review_litigation",
    }
    bad = text.replace("全年收到政府信息公开申请 34 件", "全年收到政府信息公开申请 40 件").replace(
        "无法提供的 10 件", "无法提供的 12 件"
    )
    f = govkit.parse_report(bad).audit()
    req = f[f["rule"] == "text.requests"]
    assert (
        len(req) == 1
        and req.iloc[0]["actual"] == 40
        and "收到政府信息公开申请" in req.iloc[0]["sentence"]
    )
    out = f[f["rule"] == "text.outcomes"]
    assert out.iloc[0]["actual"] == 12 and out.iloc[0]["expected"] == 10


def test_text_percent():
    path = corpus_file("2025_shanghai_bangongting.md")
    text = path.read_text(encoding="utf-8")
    assert "text.percent" not in rules_of(govkit.parse_report(text).audit())
    f = govkit.parse_report(text.replace("208 件（17.46%）", "208 件（27.46%）")).audit()
    assert "text.percent" in rules_of(f)


def test_crossyear_carryover():
    a = govkit.read_report(corpus_file("2020_pingtan.txt"))
    b = govkit.read_report(corpus_file("2021_pingtan.txt"))
    assert "crossyear.carryover" not in rules_of(
        govkit.audit([a, b])
    )  # 2020 结转 0 = 2021 上年结转 0
    c = govkit.read_report(corpus_file("2023_pingtan.txt"))
    text = (
        corpus_file("2025_pingtan.txt").read_text(encoding="utf-8").replace("2025年度", "2024年度")
    )
    changed = text.replace(
        "上年结转政府信息公开申请数量0000000", "上年结转政府信息公开申请数量1000001"
    )
    d = govkit.parse_report(changed, meta={"year": 2024})
    f = govkit.audit([c, d])
    hit = f[f["rule"] == "crossyear.carryover"]
    assert set(hit["col"]) == {"自然人", "总计"}


def test_audit_many_has_meta_columns_and_rules_table():
    reps = [govkit.read_report(SEED)]
    f = govkit.audit(reps)
    assert {"agency", "year", "source"} <= set(f.columns)
    r = govkit.rules()
    assert r["rule"].is_unique and set(r["severity"]) <= {"error", "warning", "info"}


def test_rectification_xlsx(tmp_path, seed):
    from openpyxl import load_workbook

    from govkit.export import write_rectification

    f = govkit.audit([seed]).copy()
    f.loc[0, "message"] = '=HYPERLINK("http://x","y")'
    path = write_rectification(f, tmp_path / "整改清单.xlsx")
    wb = load_workbook(path)
    assert "宁河区造甲城镇人民政府" in wb.sheetnames
    ws = wb["宁河区造甲城镇人民政府"]
    values = [c.value for row in ws.iter_rows() for c in row]
    assert "（七）总计/总计 应为 1" in values
    cells = [
        c
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith("=")
    ]
    assert cells and all(c.data_type == "s" for c in cells)


@pytest.mark.parametrize(
    "name",
    [
        "2019_pingtan.txt",
        "2020_pingtan.txt",
        "2021_pingtan.txt",
        "2023_pingtan.txt",
        "2025_pingtan.txt",
        "2024_shanghai_kewei.md",
        "2025_shanghai_bangongting.md",
    ],
)
def test_corpus_arithmetic_findings(name):
    """Hand-checked: 2020 平潭 （七）总计 disagrees with its result rows (自然人 20 vs 26, 总计 21 vs 27);
    科委 2024 结转/总计 is blank while 1 is needed; the others are consistent."""
    f = govkit.read_report(corpus_file(name)).audit()
    arith = f[
        f["rule"].isin(
            [
                "requests.balance",
                "requests.results_total",
                "requests.row_total",
                "review_litigation.total",
            ]
        )
    ]
    expected = {
        "2020_pingtan.txt": {
            ("requests.results_total", "自然人", 20.0, 26.0),
            ("requests.results_total", "总计", 21.0, 27.0),
        },
        "2024_shanghai_kewei.md": {
            ("requests.balance", "总计", 36.0, 35.0),
            ("requests.row_total", "总计", 0.0, 1.0),
        },
    }.get(name, set())
    got = {(r.rule, r.col, r.actual, r.expected) for r in arith.itertuples()}
    assert got == expected
