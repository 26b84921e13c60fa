"""govkit.audit.quality: cell-quality rules called directly on an audit Context.

The seed prints 二、上年结转/商业企业 blank, 行政处罚/本年增/减 as 增, and 政府集中采购's
采购总金额 as 757000 with no unit; every other cell is a plain count.
"""

from __future__ import annotations

import math

import pandas as pd

from govkit.audit import quality
from govkit.audit.context import Context
from govkit.report import Report, ReportMeta
from govkit.templates import get_template
from tests.audit_inputs import with_cells, without_table

CARRIED = "上年结转政府信息公开申请数量"
NEW = "本年新收政府信息公开申请数量"
PUNISH = "第二十条第（六）项/行政处罚"
BUY = "第二十条第（九）项/政府集中采购"


def _set(report, table: str, row: str, col: str, **fields):
    cells = report.cells.copy()
    k = (cells["table"] == table) & (cells["row"] == row) & (cells["col"] == col)
    assert k.sum() == 1, (row, col)
    for name, v in fields.items():
        cells.loc[k, name] = v
    return with_cells(report, cells)


def _where(found) -> list[tuple[str, str, str]]:
    return [(f["table"], f["row"], f["col"]) for f in found]


def test_blank_cell_of_the_seed(seed):
    (f,) = quality.blank(Context(seed))
    assert (f["table"], f["row"], f["col"]) == ("requests", CARRIED, "商业企业")
    assert f["cells"] == [f"{CARRIED}｜商业企业"] and "为空白" in f["message"]
    filled = _set(seed, "requests", CARRIED, "商业企业", raw="0", value=0.0)
    assert quality.blank(Context(filled)) == []


def test_a_blank_row_is_one_finding(seed):
    cells = seed.cells.copy()
    row = (cells["table"] == "requests") & (cells["row"] == NEW)
    cells.loc[row, ["raw", "value"]] = ["", math.nan]
    found = quality.blank(Context(with_cells(seed, cells)))
    assert _where(found) == [("requests", CARRIED, "商业企业"), ("requests", NEW, "自然人")]
    whole = found[1]
    assert len(whole["cells"]) == 7 and "7 个单元格全部空白" in whole["message"]


def test_placeholders_one_finding_per_row_and_mark(seed):
    rep = seed
    for col in ("自然人", "科研机构", "其他"):
        rep = _set(rep, "requests", NEW, col, raw="/", value=math.nan)
    rep = _set(rep, "requests", NEW, "商业企业", raw="—", value=math.nan)
    found = quality.placeholder(Context(rep))
    assert len(found) == 2
    slash = next(f for f in found if "“/”" in f["message"])
    assert slash["cells"] == [f"{NEW}｜自然人", f"{NEW}｜科研机构", f"{NEW}｜其他"]
    assert "（3 个单元格）" in slash["message"]
    assert quality.placeholder(Context(seed)) == []


def test_text_in_a_number_cell(seed):
    (f,) = quality.text(Context(seed))
    assert (f["row"], f["col"]) == (PUNISH, "本年增/减") and "填的是“增”" in f["message"]
    assert math.isnan(f["actual"])


def test_text_rule_leaves_placeholders_and_unread_rows_to_their_own_rules(seed):
    rep = _set(seed, "active", PUNISH, "本年增/减", raw="/", status="ok")
    assert quality.text(Context(rep)) == []
    rep = _set(seed, "active", PUNISH, "本年增/减", status="ambiguous")
    assert quality.text(Context(rep)) == []
    rep = _set(seed, "active", PUNISH, "本年增/减", status="segmented")
    assert len(quality.text(Context(rep))) == 1


def test_negative_counts_but_not_signed_changes(seed):
    rep = _set(seed, "requests", NEW, "自然人", raw="-1", value=-1.0)
    (f,) = quality.negative(Context(rep))
    assert (f["row"], f["col"], f["actual"]) == (NEW, "自然人", -1)
    signed = _set(seed, "active", PUNISH, "本年增/减", raw="-3", value=-3.0)
    assert quality.negative(Context(signed)) == []


def test_fractions_in_counts_but_not_in_money(seed):
    rep = _set(seed, "requests", NEW, "自然人", raw="1.5", value=1.5)
    (f,) = quality.fraction(Context(rep))
    assert f["col"] == "自然人" and "1.5" in f["message"]
    money = _set(seed, "active", BUY, "采购总金额", raw="75.7", value=75.7)
    assert quality.fraction(Context(money)) == []


def test_units(seed):
    assert quality.unit(Context(seed)) == []
    rep = _set(seed, "requests", NEW, "自然人", raw="1元", unit="元")
    (f,) = quality.unit(Context(rep))
    assert "带有单位“元”" in f["message"]
    assert quality.unit(Context(_set(seed, "requests", NEW, "自然人", unit="件"))) == []
    assert quality.unit(Context(_set(seed, "active", BUY, "采购总金额", unit="元"))) == []


def test_fee_column_takes_only_its_headers_unit():
    fee_row = next(s.row for s in get_template("2021").rows["active"] if "收费" in s.row)
    meta = ReportMeta("某局", 2023, "2021", "x", "text")
    notes = pd.DataFrame(columns=["table", "row", "message", "message_en", "source_ref"])

    def fee(raw: str, unit: str) -> Report:
        cells = pd.DataFrame(
            {
                "table": ["active"],
                "row": [fee_row],
                "col": ["本年收费金额"],
                "value": [3.0],
                "raw": [raw],
                "unit": [unit],
                "status": ["ok"],
                "source_ref": [""],
            }
        )
        return Report(meta, cells, notes)

    assert quality.unit(Context(fee("3万元", "万元"))) == []
    assert quality.unit(Context(fee("3", ""))) == []
    assert len(quality.unit(Context(fee("3亿元", "亿元")))) == 1


def test_procurement_without_a_unit(seed):
    (f,) = quality.no_unit(Context(seed))
    assert (f["row"], f["col"], f["actual"]) == (BUY, "采购总金额", 757000)
    assert quality.no_unit(Context(_set(seed, "active", BUY, "采购总金额", unit="元"))) == []


def test_ambiguous_and_inferred_once_per_row(seed):
    cells = seed.cells.copy()
    row = (cells["table"] == "requests") & (cells["row"] == NEW)
    cells.loc[row, ["status", "value", "raw", "source_ref"]] = [
        "ambiguous",
        math.nan,
        "1000001",
        "line 9",
    ]
    (f,) = quality.ambiguous(Context(with_cells(seed, cells)))
    assert f["col"] == "自然人" and "“1000001”" in f["message"] and "line 9" in f["message"]
    cells.loc[row, ["status", "source_ref"]] = [
        "inferred",
        'line 9; line 3, char 4; 正文 "…收到1件…"',
    ]
    (g,) = quality.inferred(Context(with_cells(seed, cells)))
    assert "按报告正文所述数字确定" in g["message"]
    cells.loc[row, "source_ref"] = "line 9"
    (g,) = quality.inferred(Context(with_cells(seed, cells)))
    assert "按全表勾稽关系唯一确定" in g["message"]


def test_missing_rows_once_per_row_except_absent_tables(seed):
    rep = _set(seed, "requests", NEW, "自然人", status="missing")
    rep = _set(rep, "requests", NEW, "总计", status="missing")
    (f,) = quality.missing_rows(Context(rep))
    assert (f["row"], f["col"]) == (NEW, "自然人") and NEW in f["message"]
    assert quality.missing_rows(Context(without_table(seed, "review_litigation"))) == []
    assert quality.missing_rows(Context(seed)) == []


def _with_notes(report, rows: list[tuple[str, str, str]]):
    notes = pd.DataFrame(
        {
            "table": [t for t, _, _ in rows],
            "row": [r for _, r, _ in rows],
            "message": [m for _, _, m in rows],
            "message_en": [m for _, _, m in rows],
            "source_ref": [""] * len(rows),
        }
    )
    return Report(report.meta, report.cells, notes, report.text)


def test_parse_notes_pass_through_except_what_other_rules_say(seed):
    assert quality.parse_notes(Context(seed)) == []
    rep = _with_notes(
        seed, [("", "", "读取时略去：页脚"), ("review_litigation", "", "找不到第四部分")]
    )
    found = quality.parse_notes(Context(rep))
    assert [f["message"] for f in found] == ["读取时略去：页脚", "找不到第四部分"]
    assert found[0]["key"] == found[0]["message"]
    gone = without_table(rep, "review_litigation")
    assert [f["message"] for f in quality.parse_notes(Context(gone))] == ["读取时略去：页脚"]
    amb = _set(rep, "requests", NEW, "自然人", status="ambiguous")
    amb = _with_notes(amb, [("requests", NEW, "拆不开")])
    assert quality.parse_notes(Context(amb)) == []
