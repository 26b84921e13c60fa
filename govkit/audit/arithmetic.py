"""The identities the template states or implies, and the single-cell diagnosis."""

from __future__ import annotations

import numpy as np
import pandas as pd

from govkit.audit.identities import diagnose, evaluate
from govkit.audit.registry import frame, rule
from govkit.templates import display_label

TOL = 1e-6


def _num(x: float) -> str:
    x = float(x) + 0.0  # no "-0"
    return f"{x:.0f}" if x.is_integer() else f"{x:g}"


def _identity_rule(report, rule_id: str) -> pd.DataFrame:
    table, *_ = _evaluated(report)
    bad = table[(table["rule"] == rule_id) & (table["residual"].abs() > TOL)]
    if bad.empty:
        return frame([], rule_id)
    out = bad.assign(
        expected=bad["right"],
        actual=bad["left"],
        difference=bad["left"] - bad["right"],
        message=[
            f"{f}不成立：左边 {_num(lv)}，右边 {_num(rv)}，相差 {_num(lv - rv)}。"
            for f, lv, rv in zip(bad["formula"], bad["left"], bad["right"], strict=True)
        ],
        severity="",
    )
    return frame(out, rule_id)


def _evaluated(report):
    """Identity residuals, computed once per report and shared by the rules below."""
    cache = report.__dict__.setdefault("_audit_cache", {})
    if "identities" not in cache:
        cache["identities"] = evaluate(report.cells, report.meta.template)
    return cache["identities"]


@rule("requests.balance", "error", "三：每列 一 + 二 = （七）总计 + 四（表头注明的勾稽关系）")
def requests_balance(report) -> pd.DataFrame:
    return _identity_rule(report, "requests.balance")


@rule("requests.results_total", "error", "三：每列（七）总计 = （一）至（六）所有明细行之和")
def requests_results_total(report) -> pd.DataFrame:
    return _identity_rule(report, "requests.results_total")


@rule("requests.row_total", "error", "三：每行 总计 = 六类申请人之和")
def requests_row_total(report) -> pd.DataFrame:
    return _identity_rule(report, "requests.row_total")


@rule(
    "review_litigation.total",
    "error",
    "四：行政复议、未经复议直接起诉、复议后起诉各自 总计 = 维持 + 纠正 + 其他 + 尚未审结",
)
def review_litigation_total(report) -> pd.DataFrame:
    return _identity_rule(report, "review_litigation.total")


@rule("arithmetic.undecidable", "warning", "勾稽关系用到的单元格不是数字或无法拆分，该关系无法判定")
def arithmetic_undecidable(report) -> pd.DataFrame:
    table, *_ = _evaluated(report)
    und = table[table["residual"].isna()]
    if und.empty:
        return frame([], "arithmetic.undecidable")
    out = und.assign(
        message=[
            f"{f}无法判定：{('、'.join(c))} 不是可用的数字。"
            for f, c in zip(und["formula"], und["undecidable_cells"], strict=True)
        ],
        severity="",
        formula=und["formula"],
    )
    return frame(out, "arithmetic.undecidable")


@rule(
    "diagnosis.single_cell",
    "error",
    "诊断：所有不成立的勾稽关系可由同一个单元格的改正解释时，指出该单元格及应填数值",
)
def single_cell(report) -> pd.DataFrame:
    table, a, x, index = _evaluated(report)
    resid = table["residual"].to_numpy()
    violated = np.nan_to_num(np.abs(resid)) > TOL
    if not violated.any():
        return frame([], "diagnosis.single_cell")
    fixes = diagnose(resid, a, x, index, TOL)
    names = table.loc[violated, "formula"].tolist()
    if len(fixes) == 1:
        f = fixes[0]
        label = f"{display_label(f['row'])}/{f['col']}"
        c = report.cells
        raw = c.loc[
            (c["table"] == f["table"]) & (c["row"] == f["row"]) & (c["col"] == f["col"]), "raw"
        ]
        printed = (
            "为空白（按 0 计）" if raw.empty or raw.iloc[0] == "" else f"印为 {_num(f['actual'])}"
        )
        return frame(
            [
                {
                    **f,
                    "difference": f["actual"] - f["expected"],
                    "cells": [f"{f['row']}｜{f['col']}"],
                    "suggestion": f"{label} 应为 {_num(f['expected'])}",
                    "message": f"诊断：{len(names)} 个不成立的勾稽关系都可由同一处错误解释——"
                    f"{label} {printed}，改为 {_num(f['expected'])} 后全部成立。",
                }
            ],
            "diagnosis.single_cell",
        )
    if not fixes:
        return frame(
            [
                {
                    "severity": "warning",
                    "table": table.loc[violated, "table"].iloc[0],
                    "message": f"诊断：{len(names)} 个不成立的勾稽关系无法由改正单个单元格同时解释，至少有两处需要更正。",
                    "suggestion": "逐项核对原始台账",
                }
            ],
            "diagnosis.single_cell",
        )
    cand = "；".join(
        f"{display_label(f['row'])}/{f['col']} 改为 {_num(f['expected'])}" for f in fixes[:6]
    )
    return frame(
        [
            {
                "severity": "info",
                "table": fixes[0]["table"],
                "cells": [f"{f['row']}｜{f['col']}" for f in fixes],
                "message": f"诊断：有 {len(fixes)} 个单元格中的任意一个改正都能使勾稽关系成立，无法唯一确定：{cand}。",
                "suggestion": "核对上述单元格",
            }
        ],
        "diagnosis.single_cell",
    )
