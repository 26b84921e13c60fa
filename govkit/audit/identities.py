"""The template's arithmetic as linear identities over cells, checked and diagnosed with numpy.

Every identity is Σ coef·cell = 0. Residuals for all identities of a report are one matrix
product; the single-cell diagnosis asks, for every cell at once, whether one change to that cell
zeroes every residual (all violated identities contain it, all of them want the same change).

Cells that are not numbers do not always leave an identity undecided: counts are non-negative
integers, so when every unknown cell sits on the side that is already larger, no value of them
can close the gap and the identity is violated whatever they are (issue 11, class 7).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from govkit.audit.context import Cells, group_of
from govkit.templates import display_label, get_template


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


def _requests_rows(version: str, collapsed: frozenset[str]) -> list[str]:
    """Section 三's rows in order; a collapsed group's printed row stands in for its sub-rows."""
    rows = [s.row for s in get_template(version).rows["requests"]]
    for group in sorted(collapsed):
        sub = group + "/"
        leaves = [r for r in rows if r.startswith(sub)]
        if leaves:
            at = rows.index(leaves[0])
            rows = [*rows[:at], group, *(r for r in rows[at:] if not r.startswith(sub))]
    return rows


@cache
def identities(
    version: str, collapsed: frozenset[str] = frozenset()
) -> tuple[tuple[Identity, ...], tuple[tuple[str, str, str], ...]]:
    """All identities of a template version and the (table, row, col) index of the cells they use.

    `collapsed`: section 三 groups printed as one row (其他处理): the identities use that row in
    place of the group's sub-rows.
    """
    tpl = get_template(version)
    req_rows = _requests_rows(version, collapsed)
    req_cols = tpl.columns("requests", req_rows[0])
    new, carried, total, nxt = tpl.balance
    leaves = [r for r in req_rows if r not in tpl.balance]
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
    for sum_col, parts in tpl.column_sums["requests"]:
        for r in req_rows:
            out.append(
                Identity(
                    "requests.row_total",
                    "requests",
                    r,
                    sum_col,
                    f"“{display_label(r)}”行：{sum_col} = {' + '.join(parts)}",
                    (((r, sum_col), 1.0), *(((r, c), -1.0) for c in parts)),
                )
            )
    for sum_col, parts in tpl.column_sums["review_litigation"]:
        block = sum_col.rpartition("/")[0]
        results = " + ".join(p.rpartition("/")[2] for p in parts)
        out.append(
            Identity(
                "review_litigation.total",
                "review_litigation",
                "数量",
                sum_col,
                f"{block}：总计 = {results}",
                ((("数量", sum_col), 1.0), *((("数量", p), -1.0) for p in parts)),
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
def _matrix(version: str, collapsed: frozenset[str] = frozenset()) -> np.ndarray:
    ids, index = identities(version, collapsed)
    pos = {k: i for i, k in enumerate(index)}
    a = np.zeros((len(ids), len(index)))
    for j, ident in enumerate(ids):
        for (r, c), coef in ident.terms:
            a[j, pos[(ident.table, r, c)]] += coef
    return a


@cache
def _sides(
    version: str, collapsed: frozenset[str] = frozenset()
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """_matrix split by side, made once per template (every report reuses them): the left
    coefficients, the right ones (negative), and which cells each identity uses on either side
    (as 0/1 floats: a float product is BLAS, a boolean one a loop 10x slower)."""
    a = _matrix(version, collapsed)
    return np.where(a > 0, a, 0), np.where(a < 0, a, 0), (a > 0) * 1.0, (a < 0) * 1.0


@dataclass(frozen=True)
class Evaluation:
    """Every identity of one report: both sides, the residual (NaN: undecidable), and the cells.

    For an identity using unknown cells, `left`/`right` are the sums of its known cells and
    `bounded` says whether it is violated whatever the unknown (non-negative) cells hold.
    """

    ids: tuple[Identity, ...]
    left: np.ndarray
    right: np.ndarray
    residual: np.ndarray  # NaN when the identity uses an unknown cell
    bounded: np.ndarray  # per identity: violated for every non-negative value of its unknowns
    undecidable: np.ndarray  # per cell of `index`: text, ambiguous run or missing
    status: np.ndarray  # per cell of `index`: its status ("missing" when the report lacks it)
    a: np.ndarray  # identities × cells coefficients
    x: np.ndarray  # cell values, blanks and placeholders as 0
    index: tuple[tuple[str, str, str], ...]

    def unknown(self, j: int) -> np.ndarray:
        """Positions (in `index`) of the unknown cells identity j uses."""
        return np.flatnonzero((self.a[j] != 0) & self.undecidable)

    def undecidable_cells(self, j: int) -> list[str]:
        """The cells that make identity j undecidable, as row｜col."""
        return [f"{self.index[k][1]}｜{self.index[k][2]}" for k in self.unknown(j)]


def evaluate(cells: Cells, version: str, tol: float = 1e-6) -> Evaluation:
    """Residual of every identity; NaN where a cell it uses is undecidable.

    Blank and placeholder cells count as 0 (the template expects 0; separate rules say so). Text,
    undecidable runs and missing cells are unknown non-negative counts: an identity using them is
    still violated (`bounded`) when they all sit on the side that is already the larger one.
    """
    groups = frozenset(
        group_of(cells.row[k])
        for k in np.flatnonzero(cells.has("collapsed"))
        if cells.table[k] == "requests"
    )
    ids, index = identities(version, groups)
    a = _matrix(version, groups)
    a_left, a_right, on_left, on_right = _sides(version, groups)
    at = np.array([cells.pos.get(k, -1) for k in index])
    found = at >= 0
    take = np.where(found, at, 0)
    value = np.where(found, cells.value[take], np.nan)
    x = np.where(found & cells.zero[take], 0.0, value)
    undecidable = np.isnan(x)
    x0 = np.nan_to_num(x)
    resid = a @ x0
    unknown = undecidable * 1.0
    plus = on_left @ unknown > 0  # an unknown cell on the left side
    minus = on_right @ unknown > 0  # … on the right side
    uses_bad = plus | minus
    bounded = uses_bad & (((resid > tol) & ~minus) | ((resid < -tol) & ~plus))
    return Evaluation(
        ids=ids,
        left=a_left @ x0,
        right=-(a_right @ x0),
        residual=np.where(uses_bad, np.nan, resid),
        bounded=bounded,
        undecidable=undecidable,
        status=np.where(found, cells.status[take], "missing"),
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
    # fmax/fmin skip NaN as nanmax/nanmin do, as one C reduction (nanmax copies and masks first)
    dmax = np.fmax.reduce(np.where(involved, delta, -np.inf), axis=0)
    dmin = np.fmin.reduce(np.where(involved, delta, np.inf), axis=0)
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
