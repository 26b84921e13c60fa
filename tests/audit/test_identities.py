"""govkit.audit.identities: the template's arithmetic as linear identities, evaluated and diagnosed.

The oracle for the peer fixture is a plain-Python recomputation of its printed table
(tests/audit_inputs.PEER_REQUESTS, row i = template row i), independent of govkit's matrices.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import govkit
from govkit.audit.context import cells_of
from govkit.audit.identities import diagnose, evaluate, identities
from govkit.templates import get_template
from tests.audit_inputs import PEER_REQUESTS, PEER_REVIEW, PEER_TEXT, collapsed, with_cells

RULES = ("requests.balance", "requests.results_total", "requests.row_total")


def _by_rule(ids) -> dict[str, int]:
    out: dict[str, int] = {}
    for i in ids:
        out[i.rule] = out.get(i.rule, 0) + 1
    return out


@pytest.mark.parametrize("version", ["2019", "2021"])
def test_identities_of_a_version(version):
    tpl = get_template(version)
    ids, index = identities(version)
    n_rows = len(tpl.rows["requests"])
    assert _by_rule(ids) == {
        "requests.balance": 7,
        "requests.results_total": 7,
        "requests.row_total": n_rows,
        "review_litigation.total": 3,
    }
    assert len(index) == len(set(index))  # each cell once
    # every cell of section 三 and 四 is used; nothing of section 二
    assert {t for t, _, _ in index} == {"requests", "review_litigation"}
    assert len(index) == n_rows * 7 + 15
    for ident in ids:  # Σ coef·cell = 0 with the finding's own cell on the left
        assert (ident.row, ident.col) in {rc for rc, _ in ident.terms}
        assert sum(1 for _, coef in ident.terms if coef > 0) >= 1


def test_results_total_sums_every_result_row_once():
    ids, _ = identities("2021")
    ident = next(i for i in ids if i.rule == "requests.results_total" and i.col == "自然人")
    rows = [r for (r, _), coef in ident.terms if coef < 0]
    assert rows == list(get_template("2021").results) and len(rows) == 21


def test_a_collapsed_group_stands_for_its_sub_rows():
    ids, index = identities("2021", frozenset({"其他处理"}))
    ident = next(i for i in ids if i.rule == "requests.results_total" and i.col == "总计")
    rows = [r for (r, _), coef in ident.terms if coef < 0]
    assert "其他处理" in rows and not any(r.startswith("其他处理/") for r in rows)
    assert len(rows) == 21 - 3 + 1
    row_totals = {i.row for i in ids if i.rule == "requests.row_total"}
    assert "其他处理" in row_totals and "其他处理/其他" not in row_totals
    assert ("requests", "其他处理", "自然人") in index


def _peer_violations() -> set[tuple[str, str, str]]:
    """(rule, row index or 'col', col) of every identity the printed peer table breaks."""
    table = [(*v, sum(v) if t is None else t) for _, v, t in PEER_REQUESTS]
    new, carried, *results, total, nxt = range(len(table))
    out = set()
    for c in range(7):
        if table[new][c] + table[carried][c] != table[total][c] + table[nxt][c]:
            out.add(("requests.balance", c))
        if table[total][c] != sum(table[r][c] for r in results):
            out.add(("requests.results_total", c))
    for r, row in enumerate(table):
        if row[6] != sum(row[:6]):
            out.add(("requests.row_total", r))
    blocks = [PEER_REVIEW[i : i + 5] for i in (0, 5, 10)]
    out |= {("review_litigation.total", b) for b, v in enumerate(blocks) if v[4] != sum(v[:4])}
    return out


def test_evaluate_finds_exactly_the_broken_identities_of_the_peer():
    rep = govkit.parse_report(PEER_TEXT, source="peer.md")
    ev = evaluate(cells_of(rep.cells), "2021")
    tpl = get_template("2021")
    rows = [s.row for s in tpl.rows["requests"]]
    cols = list(tpl.cols[("requests", "")])
    got = set()
    for j in np.flatnonzero(np.abs(ev.residual) > 1e-6):
        i = ev.ids[j]
        if i.rule == "requests.row_total":
            got.add((i.rule, rows.index(i.row)))
        elif i.rule == "review_litigation.total":
            got.add(
                (
                    i.rule,
                    [
                        "行政复议/总计",
                        "行政诉讼/未经复议直接起诉/总计",
                        "行政诉讼/复议后起诉/总计",
                    ].index(i.col),
                )
            )
        else:
            got.add((i.rule, cols.index(i.col)))
    want = _peer_violations()
    assert want and got == want
    assert not ev.bounded.any() and not np.isnan(ev.residual).any()
    np.testing.assert_allclose(ev.left - ev.right, ev.residual)


def test_evaluate_sides_of_the_seed_total_row(seed):
    """The seed's （七）总计 row prints 1 0 0 0 0 0 and 总计 0."""
    ev = evaluate(cells_of(seed.cells), "2019")
    j = _row_total(ev, "总计")
    assert (ev.left[j], ev.right[j], ev.residual[j]) == (0, 1, -1)
    assert (
        ev.status[ev.index.index(("requests", "上年结转政府信息公开申请数量", "商业企业"))] == "ok"
    )
    assert ev.x[ev.index.index(("requests", "上年结转政府信息公开申请数量", "商业企业"))] == 0


def _seed_with(seed, row: str, col: str, raw: str, status: str = "ok"):
    cells = seed.cells.copy()
    k = (cells["row"] == row) & (cells["col"] == col)
    cells.loc[k, ["raw", "value", "status"]] = [raw, math.nan, status]
    return with_cells(seed, cells)


def _row_total(ev, row: str) -> int:
    """Position of the section 三 row-total identity of `row` among the evaluated identities."""
    return next(j for j, i in enumerate(ev.ids) if i.rule == "requests.row_total" and i.row == row)


def test_an_unknown_cell_on_the_smaller_side_leaves_the_identity_open(seed):
    # 5.属于三类内部事务信息 prints 自然人 1 and 总计 1; make 总计 text: 1 = unknown could hold
    rep = _seed_with(seed, "不予公开/属于三类内部事务信息", "总计", "见附件")
    ev = evaluate(cells_of(rep.cells), "2019")
    j = _row_total(ev, "不予公开/属于三类内部事务信息")
    assert math.isnan(ev.residual[j]) and not ev.bounded[j]
    assert ev.undecidable_cells(j) == ["不予公开/属于三类内部事务信息｜总计"]
    assert list(ev.unknown(j)) == [
        ev.index.index(("requests", "不予公开/属于三类内部事务信息", "总计"))
    ]


def test_an_unknown_cell_on_the_larger_side_is_violated_whatever_it_holds(seed):
    # make 自然人 of the same row text: 总计 1 ≥ known parts 0, an unknown part could close it …
    rep = _seed_with(seed, "不予公开/属于三类内部事务信息", "自然人", "见附件")
    ev = evaluate(cells_of(rep.cells), "2019")
    j = _row_total(ev, "不予公开/属于三类内部事务信息")
    assert math.isnan(ev.residual[j]) and not ev.bounded[j]
    # … but in the （七）总计 row (总计 printed 0), the parts already sum to 1 > 0 whatever 商业企业 is
    rep = _seed_with(seed, "总计", "商业企业", "不详")
    ev = evaluate(cells_of(rep.cells), "2019")
    j = _row_total(ev, "总计")
    assert math.isnan(ev.residual[j]) and ev.bounded[j]
    assert (ev.left[j], ev.right[j]) == (0, 1)


def test_a_missing_cell_is_unknown_with_status_missing(seed):
    cells = seed.cells[~((seed.cells["row"] == "总计") & (seed.cells["col"] == "其他"))]
    ev = evaluate(cells_of(cells), "2019")
    k = ev.index.index(("requests", "总计", "其他"))
    assert ev.status[k] == "missing" and ev.undecidable[k] and math.isnan(ev.x[k])


def test_collapsed_cells_switch_to_the_group_identities():
    rep = collapsed(govkit.parse_report(PEER_TEXT, source="peer.md"), "其他处理", 总计=11)
    ev = evaluate(cells_of(rep.cells), "2021")
    j = next(
        j for j, i in enumerate(ev.ids) if i.rule == "requests.row_total" and i.row == "其他处理"
    )
    assert ev.residual[j] == 1  # 总计 11 printed, the applicants sum to 10
    assert not any(r.startswith("其他处理/") for _, r, _ in ev.index)


# ------------------------------------------------------------------ diagnose on small systems


def test_diagnose_one_cell_in_every_violated_identity():
    # x0 + x1 = x2 and x2 + x3 = x4; x2 printed 5 where both want 3
    a = np.array([[1.0, 1.0, -1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 1.0, -1.0]])
    x = np.array([1.0, 2.0, 5.0, 4.0, 7.0])
    index = tuple(("t", f"r{i}", "c") for i in range(5))
    fixes = diagnose(a @ x, a, x, index)
    assert fixes == [{"table": "t", "row": "r2", "col": "c", "actual": 5.0, "expected": 3.0}]


def test_diagnose_lists_every_cell_of_a_lone_identity():
    a = np.array([[1.0, 1.0, -1.0]])
    x = np.array([1.0, 1.0, 3.0])
    fixes = diagnose(a @ x, a, x, (("t", "a", "c"), ("t", "b", "c"), ("t", "s", "c")))
    assert [(f["row"], f["expected"]) for f in fixes] == [("a", 2.0), ("b", 2.0), ("s", 2.0)]


def test_diagnose_nothing_when_no_one_change_fits():
    # both identities broken, wanting different changes of their shared cell
    a = np.array([[1.0, -1.0, 0.0], [0.0, 1.0, -1.0]])
    x = np.array([1.0, 3.0, 4.0])  # wants x1 = 1 and x1 = 4
    assert diagnose(a @ x, a, x, tuple(("t", str(i), "c") for i in range(3))) == []
    assert diagnose(np.zeros(2), a, np.array([1.0, 1.0, 1.0]), ()) == []  # nothing broken


def test_diagnose_ignores_undecidable_identities_and_unknown_cells():
    a = np.array([[1.0, 1.0, -1.0], [0.0, 1.0, -1.0]])
    x = np.array([1.0, np.nan, 3.0])
    resid = np.array([np.nan, np.nan])
    assert diagnose(resid, a, x, tuple(("t", str(i), "c") for i in range(3))) == []
    resid = np.array([-1.0, np.nan])  # only the first decided: x1 unknown is never proposed
    fixes = diagnose(
        resid, a, np.array([1.0, np.nan, 3.0]), tuple(("t", str(i), "c") for i in range(3))
    )
    assert {f["row"] for f in fixes} == {"0", "2"}
