"""A template is data: versions.csv, rows.csv and cols.csv describe a version, and nothing outside
govkit/templates compares version strings (issue 13 §1)."""

from __future__ import annotations

import ast
import csv
import shutil
from pathlib import Path

import govkit
from govkit import templates
from govkit.templates import get_template, template_for_year, use_templates

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "govkit"
TABLES_DIR = PACKAGE / "templates"


def test_no_version_branch_outside_templates():
    """A version string ("2021") or a template's first year as a bare constant is template
    knowledge: it belongs in the tables, not in the code that uses them."""
    known = set(templates.versions())
    years = {t.first_year for t in templates.templates().values()}
    found = []
    for path in PACKAGE.rglob("*.py"):
        if TABLES_DIR in path.parents:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and (
                node.value in known or (type(node.value) is int and node.value in years)
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.value!r}")
    assert not found, found


def test_version_facts_come_from_the_tables():
    assert template_for_year(2020).version == "2019"
    assert template_for_year(2021).version == "2021"
    assert template_for_year(None).version == "2021"
    assert template_for_year(2015).version == "2019"
    assert get_template("2021").label == "2021 年版（国办公开办函〔2021〕30号）"
    assert get_template("2021").asks_fee and not get_template("2019").asks_fee


def _third_version(folder: Path) -> None:
    """A copy of 2021 as a version 2099 for reports from 2026, 行政强制 renamed 行政检查."""
    for name in ("rows.csv", "cols.csv"):
        with open(TABLES_DIR / name, encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        fields = [*rows[0], "v2099"]
        out = []
        for r in rows:
            r["v2099"] = r["v2021"]
            if r.get("row") == "第二十条第（六）项/行政强制":
                out.append({**r, "v2099": "0"})
                r = {
                    **r,
                    "row": "第二十条第（六）项/行政检查",
                    "pattern": "行政检查",
                    "v2019": "0",
                    "v2021": "0",
                    "v2099": "1",
                }
            out.append(r)
        with open(folder / name, "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fields)
            w.writeheader()
            w.writerows(out)
    shutil.copy(TABLES_DIR / "versions.csv", folder / "versions.csv")
    markers = (*get_template("2021").markers, "行政检查")
    with open(folder / "versions.csv", "a", encoding="utf-8") as fh:
        fh.write(f"2099,2026,国办公开办函〔2026〕1号,1,{'|'.join(markers)}\n")


def test_a_third_version_from_data_alone(tmp_path):
    _third_version(tmp_path)
    text = (ROOT / "data" / "2023_pingtan.txt").read_text(encoding="utf-8")
    before = govkit.parse_report(text)
    new = text.replace("行政强制54", "行政检查54").replace("2023", "2026")
    with use_templates(tmp_path):
        assert templates.versions() == ("2019", "2021", "2099")
        report = govkit.parse_report(new)
        findings = report.audit()
        old_text_now = govkit.parse_report(
            text.replace("2023", "2026"), meta={"template": "2021"}
        ).audit()
        assert govkit.parse_report(text).meta.template == "2021"
    assert report.meta.template == "2099"
    assert report.meta.year == 2026
    cells = report.cells.set_index(["table", "row", "col"])["value"]
    assert cells[("active", "第二十条第（六）项/行政检查", "本年处理决定数量")] == 54
    assert ("active", "第二十条第（六）项/行政强制", "本年处理决定数量") not in cells.index
    common = before.cells.set_index(["table", "row", "col"])["value"]
    common = common[common.index.isin(cells.index)]
    assert len(common) == len(before.cells) - 1
    assert common.equals(cells[common.index])
    assert "structure.template_year" not in set(findings["rule"])
    # a 2026 report on the 2021 template is told the 2099 one was due, with its document number
    due = old_text_now[old_text_now["rule"] == "structure.template_year"]
    assert len(due) == 1 and "国办公开办函〔2026〕1号" in due["message"].iloc[0]
    assert templates.versions() == ("2019", "2021")


def test_column_sums_by_label():
    tpl = get_template("2021")
    assert tpl.col_groups["requests"] == (((0, 1, 2, 3, 4, 5), 6),)
    assert tpl.col_groups["review_litigation"] == (
        ((0, 1, 2, 3), 4),
        ((5, 6, 7, 8), 9),
        ((10, 11, 12, 13), 14),
    )
    assert tpl.col_groups["active"] == ()
    assert tpl.balance == (
        "本年新收政府信息公开申请数量",
        "上年结转政府信息公开申请数量",
        "总计",
        "结转下年度继续办理",
    )
    assert "其他处理" in get_template("2019").results
    assert "其他处理" not in tpl.results and "其他处理/其他" in tpl.results
