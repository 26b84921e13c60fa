"""The template's arithmetic as linear identities over cells, checked and diagnosed with numpy.

Every identity is Σ coef·cell = 0. Residuals for all identities of a report are one matrix
product; the single-cell diagnosis asks, for every cell at once, whether one change to that cell
zeroes every residual (all violated identities contain it, all of them want the same change).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from govkit.audit.context import Cells
from govkit.templates import display_label, get_template

LEAF_GROUPS = ("不予公开", "无法提供", "不予处理", "其他处理")
BLOCKS = ("行政复议", "行政诉讼/未经复议直接起诉", "行政诉讼/复议后起诉")
RESULTS = ("结果维持", "结果纠正", "其他结果", "尚未审结")


@dataclass(frozen=True)
class Identity:
    rule: str
    table: str
    row: str  # where a finding about it points
    col: str
    formula: str  # Chinese, for people
    terms: tuple[
        tuple[tuple[str, str], float], ...
    ]  # ((row, col), coef); Σ coef·x = 0, left side +


@cache
def identities(version: str) -> tuple[tuple[Identity, ...], tuple[tuple[str, str, str], ...]]:
    """All identities of a template version and the (table, row, col) index of the cells they use."""
    tpl = get_template(version)
    req_rows = [s.row for s in tpl.rows["requests"]]
    req_cols = tpl.columns("requests", req_rows[0])
    new, carried, total, nxt = req_rows[0], req_rows[1], req_rows[-2], req_rows[-1]
    leaves = req_rows[2:-2]
    out: list[Identity] = []
    for c in req_cols:
        out.append(
            Identity(
                "requests.balance",
                "requests",
                total,
                c,
                f"“{c}”列：一、本年新收 + 二、上年结转 = （七）总计 + 四、结转下年度继续办理",
                (((new, c), 1.0), ((carried, c), 1.0), ((total, c), -1.0), ((nxt, c), -1.0)),
            )
        )
        out.append(
            Identity(
                "requests.results_total",
                "requests",
                total,
                c,
                f"“{c}”列：（七）总计 = （一）至（六）各项之和",
                (((total, c), 1.0), *(((r, c), -1.0) for r in leaves)),
            )
        )
    for r in req_rows:
        out.append(
            Identity(
                "requests.row_total",
                "requests",
                r,
                "总计",
                f"“{display_label(r)}”行：总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他",
                (((r, "总计"), 1.0), *(((r, c), -1.0) for c in req_cols[:-1])),
            )
        )
    for b in BLOCKS:
        out.append(
            Identity(
                "review_litigation.total",
                "review_litigation",
                "数量",
                f"{b}/总计",
                f"{b}：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
                ((("数量", f"{b}/总计"), 1.0), *((("数量", f"{b}/{x}"), -1.0) for x in RESULTS)),
            )
        )
    index = []
    seen = set()
    for ident in out:
        for (r, c), _ in ident.terms:
            key = (ident.table, r, c)
            if key not in seen:
                seen.add(key)
                index.append(key)
    return tuple(out), tuple(index)


@cache
def _matrix(version: str) -> np.ndarray:
    ids, index = identities(version)
    pos = {k: i for i, k in enumerate(index)}
    a = np.zeros((len(ids), len(index)))
    for j, ident in enumerate(ids):
        for (r, c), coef in ident.terms:
            a[j, pos[(ident.table, r, c)]] += coef
    return a


@dataclass(frozen=True)
class Evaluation:
    """Every identity of one report: both sides, the residual (NaN: undecidable), and the cells."""

    ids: tuple[Identity, ...]
    left: np.ndarray
    right: np.ndarray
    residual: np.ndarray
    undecidable: np.ndarray  # per cell of `index`: text, ambiguous run or missing
    a: np.ndarray  # identities × cells coefficients
    x: np.ndarray  # cell values, blanks as 0
    index: tuple[tuple[str, str, str], ...]

    def undecidable_cells(self, j: int) -> list[str]:
        """The cells that make identity j undecidable, as row｜col."""
        used = np.flatnonzero((self.a[j] != 0) & self.undecidable)
        return [f"{self.index[k][1]}｜{self.index[k][2]}" for k in used]


def evaluate(cells: Cells, version: str) -> Evaluation:
    """Residual of every identity; NaN where a cell it uses is undecidable.

    Blank cells count as 0 (the template expects 0; a separate rule says they are blank). Text,
    undecidable runs and missing cells make an identity undecidable.
    """
    ids, index = identities(version)
    a = _matrix(version)
    at = np.array([cells.pos.get(k, -1) for k in index])
    found = at >= 0
    take = np.where(found, at, 0)
    value = np.where(found, cells.value[take], np.nan)
    blank = found & (cells.raw[take] == "") & (cells.status[take] == "ok")
    x = np.where(blank, 0.0, value)
    undecidable = np.isnan(x)
    x0 = np.nan_to_num(x)
    resid = a @ x0
    uses_bad = (a != 0) @ undecidable > 0
    return Evaluation(
        ids=ids,
        left=np.where(a > 0, a, 0) @ x0,
        right=-(np.where(a < 0, a, 0) @ x0),
        residual=np.where(uses_bad, np.nan, resid),
        undecidable=undecidable,
        a=a,
        x=x,
        index=index,
    )


def diagnose(
    resid: np.ndarray, a: np.ndarray, x: np.ndarray, index: tuple, tol: float = 1e-6
) -> list[dict]:
    """Cells whose single change would satisfy every decidable identity, with the value it needs."""
    decided = ~np.isnan(resid)
    r = np.where(decided, resid, 0.0)
    violated = decided & (np.abs(r) > tol)
    if not violated.any():
        return []
    a_d = a[decided]
    r_d = r[decided]
    v_d = violated[decided]
    involved = np.abs(a_d) > 0  # identities × cells
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.where(involved, -r_d[:, None] / a_d, np.nan)
    covers = (involved | ~v_d[:, None]).all(axis=0)  # every violated identity uses the cell
    dmax = np.nanmax(np.where(involved, delta, -np.inf), axis=0)
    dmin = np.nanmin(np.where(involved, delta, np.inf), axis=0)
    consistent = np.isfinite(dmax) & (np.abs(dmax - dmin) < tol) & (np.abs(dmax) > tol)
    ok = covers & consistent & ~np.isnan(x)
    return [
        {
            "table": index[k][0],
            "row": index[k][1],
            "col": index[k][2],
            "actual": x[k],
            "expected": x[k] + dmax[k],
        }
        for k in np.flatnonzero(ok)
    ]
