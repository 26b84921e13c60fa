"""The identities the template states or implies, and the single-cell diagnosis."""

from __future__ import annotations

import numpy as np

from govkit.audit.context import SIGNED, Context
from govkit.audit.identities import diagnose
from govkit.audit.registry import Finding, rule
from govkit.templates import display_label

TOL = 1e-6


def _num(x: float) -> str:
    x = float(x) + 0.0  # no "-0"
    return f"{x:.0f}" if x.is_integer() else f"{x:g}"


def _identity_rule(ctx: Context, rule_id: str) -> list[Finding]:
    ev = ctx.identities
    out = []
    decided = np.flatnonzero(np.abs(ev.residual) > TOL)  # NaN (undecidable) compares False
    for j in sorted([*decided, *np.flatnonzero(ev.bounded)]):
        ident = ev.ids[j]
        if ident.rule != rule_id:
            continue
        lv, rv = float(ev.left[j]) + 0.0, float(ev.right[j]) + 0.0
        message = f"{ident.formula}不成立：左边 {_num(lv)}，右边 {_num(rv)}，相差 {_num(lv - rv)}。"
        if ev.bounded[j]:
            message = _bound_message(ctx, j, lv, rv)
        out.append(
            {
                "table": ident.table,
                "row": ident.row,
                "col": ident.col,
                "expected": rv,
                "actual": lv,
                "difference": lv - rv,
                "formula": ident.formula,
                "cells": [f"{r}｜{c}" for (r, c), _ in ident.terms],
                "message": message,
            }
        )
    return out


def _bound_message(ctx: Context, j: int, lv: float, rv: float) -> str:
    """An identity violated whatever its unread cells hold: say which, and why that is certain."""
    ev = ctx.identities
    ident = ev.ids[j]
    unread = "、".join(ev.undecidable_cells(j))
    big, small = ("左边", "右边") if lv > rv else ("右边", "左边")
    return (
        f"{ident.formula}不成立：{unread} 未能读出数字，但件数是非负整数，"
        f"仅已读出的各项{big}已达 {_num(max(lv, rv))}，{small}为 {_num(min(lv, rv))}，"
        f"未读出的单元格都在{big}，无论其值为何，{big}至少比{small}多 {_num(abs(lv - rv))}。"
    )


@rule("requests.balance", "error", "三：每列 一 + 二 = （七）总计 + 四（表头注明的勾稽关系）")
def requests_balance(ctx: Context) -> list[Finding]:
    return _identity_rule(ctx, "requests.balance")


@rule("requests.results_total", "error", "三：每列（七）总计 = （一）至（六）所有明细行之和")
def requests_results_total(ctx: Context) -> list[Finding]:
    return _identity_rule(ctx, "requests.results_total")


@rule("requests.row_total", "error", "三：每行 总计 = 六类申请人之和")
def requests_row_total(ctx: Context) -> list[Finding]:
    return _identity_rule(ctx, "requests.row_total")


@rule(
    "review_litigation.total",
    "error",
    "四：行政复议、未经复议直接起诉、复议后起诉各自 总计 = 维持 + 纠正 + 其他 + 尚未审结",
)
def review_litigation_total(ctx: Context) -> list[Finding]:
    return _identity_rule(ctx, "review_litigation.total")


@rule(
    "arithmetic.undecidable",
    "warning",
    "勾稽关系用到的单元格不是数字或无法拆分，且这些单元格取某些非负整数时关系可以成立，该关系无法判定",
    kind="reading",
)
def arithmetic_undecidable(ctx: Context) -> list[Finding]:
    ev = ctx.identities
    open_ = np.flatnonzero(np.isnan(ev.residual) & ~ev.bounded)
    if not len(open_):
        return []
    out = []
    absent = ctx.absent_tables
    noted = ctx.noted_rows
    for j in open_:
        ident = ev.ids[j]
        if ident.table in absent:
            continue
        unknown = ev.unknown(j)
        # the agency's own text or an absent row leaves it open; anything else is govkit's doubt
        theirs = all(
            ev.status[k] in ("ok", "missing") and (ident.table, ev.index[k][1]) not in noted
            for k in unknown
        )
        bad = "、".join(_why(ctx, ev.index[k], ev.status[k]) for k in unknown)
        out.append(
            {
                "kind": "agency" if theirs else "reading",
                "table": ident.table,
                "row": ident.row,
                "col": ident.col,
                "formula": ident.formula,
                "cells": [f"{r}｜{c}" for (r, c), _ in ident.terms],
                "message": f"{ident.formula}无法判定：{bad}，"
                "这些单元格取某些非负整数时该关系可以成立。",
            }
        )
    return out


def _why(ctx: Context, cell: tuple[str, str, str], status: str) -> str:
    """A cell an identity cannot use, and why: printed text, no such row, or not read."""
    _, row, col = cell
    where = f"{display_label(row)}/{col}"
    if status == "missing":
        return f"{where}（报告中没有该行）"
    if status == "ok":
        k = ctx.cells.pos[cell]
        return f"{where}（印为“{ctx.cells.raw[k]}”）"
    return f"{where}（未能读出：{status}）"


def _closes_bounds(ev, fix: dict) -> bool:
    """Whether the fix leaves every identity violated by bounds (unread cells) closable."""
    bounded = np.flatnonzero(ev.bounded)
    if not len(bounded):
        return True
    k = ev.index.index((fix["table"], fix["row"], fix["col"]))
    gap = (
        ev.left[bounded] - ev.right[bounded] + ev.a[bounded, k] * (fix["expected"] - fix["actual"])
    )
    plus = (ev.a[bounded] > 0) @ ev.undecidable > 0
    minus = (ev.a[bounded] < 0) @ ev.undecidable > 0
    return not (((gap > TOL) & ~minus) | ((gap < -TOL) & ~plus)).any()


@rule(
    "diagnosis.single_cell",
    "error",
    "诊断：所有不成立的勾稽关系可由同一个单元格的改正解释时，指出该单元格及应填数值",
)
def single_cell(ctx: Context) -> list[Finding]:
    ev = ctx.identities
    violated = np.nan_to_num(np.abs(ev.residual)) > TOL
    if not violated.any():
        return []
    fixes = [
        f
        for f in diagnose(ev.residual, ev.a, ev.x, ev.index, TOL)
        if _closes_bounds(ev, f) and (f["expected"] >= 0 or f["col"] in SIGNED)  # counts: ≥ 0
    ]
    n = int(violated.sum() + ev.bounded.sum())
    if len(fixes) == 1:
        f = fixes[0]
        label = f"{display_label(f['row'])}/{f['col']}"
        k = ctx.cells.pos.get((f["table"], f["row"], f["col"]))
        raw = "" if k is None else ctx.cells.raw[k]
        printed = (
            "为空白（按 0 计）"
            if raw == ""
            else f"印为“{raw}”（按 0 计）"
            if ctx.cells.placeholder[k]
            else f"印为 {_num(f['actual'])}"
        )
        return [
            {
                **f,
                "difference": f["actual"] - f["expected"],
                "cells": [f"{f['row']}｜{f['col']}"],
                "suggestion": f"{label} 应为 {_num(f['expected'])}",
                "message": f"诊断：{n} 个不成立的勾稽关系都可由同一处错误解释——"
                f"{label} {printed}，改为 {_num(f['expected'])} 后全部成立。",
            }
        ]
    if not fixes:
        first = ev.ids[int(np.flatnonzero(violated)[0])]
        return [
            {
                "severity": "warning",
                "table": first.table,
                "message": f"诊断：{n} 个不成立的勾稽关系无法由改正单个单元格同时解释，至少有两处需要更正。",
                "suggestion": "逐项核对原始台账",
            }
        ]
    cand = "；".join(
        f"{display_label(f['row'])}/{f['col']} 改为 {_num(f['expected'])}" for f in fixes[:6]
    )
    return [
        {
            "severity": "info",
            "table": fixes[0]["table"],
            "cells": [f"{f['row']}｜{f['col']}" for f in fixes],
            "message": f"诊断：有 {len(fixes)} 个单元格中的任意一个改正都能使勾稽关系成立，无法唯一确定：{cand}。",
            "suggestion": "核对上述单元格",
        }
    ]
