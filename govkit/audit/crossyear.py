"""Across years of one agency: carry-over and the active-table stock identities."""

from __future__ import annotations

import pandas as pd

from govkit.audit.registry import frame, rule

CARRY_IN = "上年结转政府信息公开申请数量"
CARRY_OUT = "结转下年度继续办理"


def _pairs(reports: list) -> list[tuple]:
    """(last year, this year) pairs of the same agency in consecutive years."""
    by = {}
    for r in reports:
        if r.meta.agency and r.meta.year:
            by.setdefault((r.meta.agency, r.meta.year), r)
    return [(by[(a, y - 1)], by[(a, y)]) for (a, y) in sorted(by) if (a, y - 1) in by]


def _vals(rep, table: str, row: str) -> pd.Series:
    c = rep.cells
    return c[(c["table"] == table) & (c["row"] == row)].set_index("col")["value"]


def _meta(rep) -> dict:
    return {"agency": rep.meta.agency, "year": rep.meta.year, "source": rep.meta.source}


@rule(
    "crossyear.carryover",
    "warning",
    "跨年：本年“上年结转”应等于上一年报告的“结转下年度继续办理”（逐列，含 2020→2021 换版）",
    scope="batch",
)
def carryover(reports: list) -> pd.DataFrame:
    recs = []
    for prev, cur in _pairs(reports):
        now, before = _vals(cur, "requests", CARRY_IN), _vals(prev, "requests", CARRY_OUT)
        diff = (now - before).dropna()
        for col in diff[diff != 0].index:
            recs.append(
                {
                    **_meta(cur),
                    "table": "requests",
                    "row": CARRY_IN,
                    "col": col,
                    "expected": before[col],
                    "actual": now[col],
                    "difference": now[col] - before[col],
                    "cells": [f"{CARRY_IN}｜{col}"],
                    "message": f"{cur.meta.year} 年“上年结转”/{col} 为 {now[col]:.0f}，"
                    f"但 {prev.meta.year} 年报告“结转下年度继续办理”为 {before[col]:.0f}。",
                    "suggestion": f"{CARRY_IN}／{col} 应为 {before[col]:.0f}（或更正上一年报告）",
                }
            )
    return frame(recs, "crossyear.carryover")


@rule(
    "crossyear.active_stock",
    "warning",
    "跨年：2021 版 现行有效件数(今年) = 现行有效件数(去年) + 本年制发 − 本年废止；2019 版 上一年项目数量(今年) = 上一年项目数量(去年) + 本年增/减(去年)",
    scope="batch",
)
def active_stock(reports: list) -> pd.DataFrame:
    recs = []
    for prev, cur in _pairs(reports):
        for row in cur.cells.loc[cur.cells["table"] == "active", "row"].unique():
            now, before = _vals(cur, "active", row), _vals(prev, "active", row)
            if (
                cur.meta.template == "2021"
                and prev.meta.template == "2021"
                and "现行有效件数" in now
            ):
                exp = before.get("现行有效件数") + now.get("本年制发件数") - now.get("本年废止件数")
                col, formula = "现行有效件数", "现行有效件数 = 去年现行有效 + 本年制发 − 本年废止"
            elif (
                cur.meta.template == "2019"
                and prev.meta.template == "2019"
                and "上一年项目数量" in now
            ):
                exp = before.get("上一年项目数量") + before.get("本年增/减")
                col, formula = (
                    "上一年项目数量",
                    "上一年项目数量 = 去年上一年项目数量 + 去年本年增/减",
                )
            else:
                continue
            act = now.get(col)
            if exp == exp and act == act and exp != act:
                recs.append(
                    {
                        **_meta(cur),
                        "table": "active",
                        "row": row,
                        "col": col,
                        "expected": exp,
                        "actual": act,
                        "difference": act - exp,
                        "formula": formula,
                        "cells": [f"{row}｜{col}"],
                        "message": f"{row}：{formula} 不成立，按 {prev.meta.year} 年报告应为 {exp:g}，实际为 {act:g}。",
                    }
                )
    return frame(recs, "crossyear.active_stock")
