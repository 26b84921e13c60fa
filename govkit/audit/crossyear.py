"""Across years of one agency: carry-over and the active-table stock identities.

The rules receive Report objects or their `Numbers` (govkit audit on many reports keeps only
those in the main process); they ask only meta and the value of a cell.
"""

from __future__ import annotations

import math

from govkit.audit.context import Cells, cells_of
from govkit.audit.registry import Finding, rule
from govkit.read.dedupe import Numbers
from govkit.templates import get_template

CARRY_IN = "上年结转政府信息公开申请数量"
CARRY_OUT = "结转下年度继续办理"


def _pairs(reports: list) -> list[tuple]:
    """(last year, this year) pairs of the same agency in consecutive years, with their cells."""
    by = {}
    for r in reports:
        if r.meta.agency and r.meta.year:
            by.setdefault((r.meta.agency, r.meta.year), r)
    pairs = [(by[(a, y - 1)], by[(a, y)]) for (a, y) in sorted(by) if (a, y - 1) in by]
    cells: dict[int, Cells | Numbers] = {}
    for pair in pairs:
        for r in pair:
            if id(r) not in cells:
                cells[id(r)] = r if isinstance(r, Numbers) else cells_of(r.cells)
    return [(p, cells[id(p)], c, cells[id(c)]) for p, c in pairs]


def _finding(
    cur, table: str, row: str, col: str, expected: float, actual: float, **more
) -> Finding:
    """A cross-year finding about this year's report `cur`, at one cell."""
    return {
        "agency": cur.meta.agency,
        "year": cur.meta.year,
        "source": cur.meta.source,
        "table": table,
        "row": row,
        "col": col,
        "expected": expected,
        "actual": actual,
        "difference": actual - expected,
        "cells": [f"{row}｜{col}"],
        **more,
    }


@rule(
    "crossyear.carryover",
    "warning",
    "跨年：本年“上年结转”应等于上一年报告的“结转下年度继续办理”（逐列，含 2020→2021 换版）",
    scope="batch",
)
def carryover(reports: list) -> list[Finding]:
    recs = []
    for prev, before, cur, now in _pairs(reports):
        for col in get_template(cur.meta.template).columns("requests", CARRY_IN):
            a = now.value_at("requests", CARRY_IN, col)
            b = before.value_at("requests", CARRY_OUT, col)
            if math.isnan(a) or math.isnan(b) or a == b:
                continue
            recs.append(
                _finding(
                    cur,
                    "requests",
                    CARRY_IN,
                    col,
                    b,
                    a,
                    message=f"{cur.meta.year} 年“上年结转”/{col} 为 {a:.0f}，"
                    f"但 {prev.meta.year} 年报告“结转下年度继续办理”为 {b:.0f}。",
                    suggestion=f"{CARRY_IN}／{col} 应为 {b:.0f}（或更正上一年报告）",
                )
            )
    return recs


@rule(
    "crossyear.active_stock",
    "warning",
    "跨年：2021 版 现行有效件数(今年) = 现行有效件数(去年) + 本年制发 − 本年废止；2019 版 上一年项目数量(今年) = 上一年项目数量(去年) + 本年增/减(去年)",
    scope="batch",
)
def active_stock(reports: list) -> list[Finding]:
    recs = []
    for prev, before, cur, now in _pairs(reports):
        version = cur.meta.template
        if prev.meta.template != version:
            continue
        tpl = get_template(version)
        for spec in tpl.rows["active"]:
            row = spec.row
            if "现行有效件数" in tpl.columns(
                "active", row
            ):  # a stock (2021), else a count of items
                col, formula = "现行有效件数", "现行有效件数 = 去年现行有效 + 本年制发 − 本年废止"
                exp = (
                    before.value_at("active", row, col)
                    + now.value_at("active", row, "本年制发件数")
                    - now.value_at("active", row, "本年废止件数")
                )
            else:
                col, formula = (
                    "上一年项目数量",
                    "上一年项目数量 = 去年上一年项目数量 + 去年本年增/减",
                )
                exp = before.value_at("active", row, col) + before.value_at(
                    "active", row, "本年增/减"
                )
            act = now.value_at("active", row, col)
            if math.isnan(exp) or math.isnan(act) or exp == act:
                continue
            recs.append(
                _finding(
                    cur,
                    "active",
                    row,
                    col,
                    exp,
                    act,
                    formula=formula,
                    message=f"{row}：{formula} 不成立，按 {prev.meta.year} 年报告应为 {exp:g}，实际为 {act:g}。",
                )
            )
    return recs
