"""govkit.templates.infer: choosing between a row's readings by section 三's identities, or by the
report's own sentences when the identities cannot.

The table is printed by tests/layouts.py (seed 1, every identity holds); its row
不予公开/其他法律行政法规禁止公开 prints 0 120 2 2 5 120 | 249, which run together as 0120225120249
splits three ways with the right total (0 1 202 25 1 20, 0 12 0 225 12 0, and the printed one).
"""

from __future__ import annotations

import math

from govkit.templates import get_template
from govkit.templates.evidence import Fact
from govkit.templates.infer import infer_requests
from govkit.templates.values import Note, resolve
from tests.layouts import Report

TPL = get_template("2021")
COLS = TPL.columns("requests", "总计")
ROW = "不予公开/其他法律行政法规禁止公开"
PRINTED = ["0", "120", "2", "2", "5", "120", "249"]


def _table(*, run_rows=(ROW,), unread=()) -> tuple[dict, dict, Report]:
    """values as the grid leaves them: `run_rows` printed as one run (ambiguous, with their
    candidate splits), `unread` rows ambiguous without candidates, the rest read as printed."""
    rep = Report("2021", 1)
    values: dict = {}
    cands: dict = {}
    for r, printed in rep.requests.items():
        if r in run_rows:
            cells, sols = resolve(
                [("".join(printed), f"{r} run")], 7, TPL.col_groups["requests"], may_segment=True
            )
            cands[r] = sols
        elif r in unread:
            cells, _ = resolve([(" ".join(printed), "x")], 7, (), may_segment=False)
        else:
            cells, _ = resolve(
                [(v, f"{r} {c}") for v, c in zip(printed, COLS, strict=True)],
                7,
                (),
                may_segment=False,
            )
        values.update({("requests", r, c): cell for c, cell in zip(COLS, cells, strict=True)})
    return values, cands, rep


def _row(values: dict, row: str = ROW) -> tuple[list[str], set[str]]:
    cells = [values[("requests", row, c)] for c in COLS]
    return [c["raw"] for c in cells], {c["status"] for c in cells}


def test_the_run_has_several_readings():
    _, cands, _ = _table()
    assert PRINTED in cands[ROW] and len(cands[ROW]) == 3


def test_the_identities_choose_the_printed_split():
    values, cands, _ = _table()
    notes: list[Note] = []
    infer_requests(values, TPL, cands, notes)
    assert _row(values) == (PRINTED, {"inferred"})
    assert values[("requests", ROW, "自然人")]["value"] == 0
    assert notes == []


def test_without_the_total_row_nothing_is_decided_and_the_row_is_noted():
    values, cands, _ = _table(unread=("总计",))
    notes: list[Note] = []
    infer_requests(values, TPL, cands, notes)
    raws, status = _row(values)
    assert status == {"ambiguous"} and raws == ["0120225120249"] * 7
    assert any(n.row == ROW and "有 3 种拆分都符合模板约束" in n.zh for n in notes)
    assert any(n.row == "总计" and "无法唯一对应" in n.zh for n in notes)


def _fact(col: str, value: float) -> Fact:
    return Fact(
        "requests",
        ((ROW, col),),
        value,
        "line 3, char 9",
        f"…其他法律行政法规禁止公开{value:.0f}件…",
    )


def test_a_sentence_decides_what_the_identities_cannot():
    values, cands, _ = _table(unread=("总计",))
    notes: list[Note] = []
    infer_requests(values, TPL, cands, notes, facts=lambda table: [_fact("商业企业", 120)])
    assert _row(values) == (PRINTED, {"inferred"})
    ref = values[("requests", ROW, "自然人")]["source_ref"]
    assert ref.startswith(f"{ROW} run; line 3, char 9; 正文") and "禁止公开120件" in ref
    (note,) = [n for n in notes if n.row == ROW]
    assert "报告正文" in note.zh and "0 | 120 | 2 | 2 | 5 | 120 | 249" in note.zh


def test_a_sentence_no_reading_fits_decides_nothing():
    values, cands, _ = _table(unread=("总计",))
    infer_requests(values, TPL, cands, [], facts=lambda table: [_fact("商业企业", 7)])
    assert _row(values)[1] == {"ambiguous"}


def test_a_sentence_picks_the_reading_it_names_when_nothing_else_can():
    """商业企业 is 1, 12 or 120 in the three readings; a sentence saying 12 picks the second."""
    values, cands, _ = _table(unread=("总计",))
    infer_requests(values, TPL, cands, [], facts=lambda table: [_fact("商业企业", 12)])
    assert _row(values) == (["0", "12", "0", "225", "12", "0", "249"], {"inferred"})


def test_sentences_about_other_rows_are_not_used():
    values, cands, _ = _table(unread=("总计",))
    other = Fact("requests", (("予以公开", "总计"),), 5.0, "line 1", "…")
    infer_requests(values, TPL, cands, [], facts=lambda table: [other])
    assert _row(values)[1] == {"ambiguous"}


def test_two_free_rows_decided_together():
    """Two runs of three readings each: of the nine combinations only the printed one holds."""
    other = "不予公开/危及“三安全一稳定”"
    values, cands, rep = _table(run_rows=(ROW, other))
    assert len(cands[other]) == 3
    infer_requests(values, TPL, cands, [])
    assert _row(values) == (PRINTED, {"inferred"})
    assert _row(values, other) == (rep.requests[other], {"inferred"})


def test_nothing_free_leaves_the_table_alone():
    values, _, _ = _table(run_rows=())
    before = {k: dict(v) for k, v in values.items()}
    notes: list[Note] = []
    infer_requests(values, TPL, {}, notes)
    assert values == before and notes == []
    assert not math.isnan(values[("requests", ROW, "总计")]["value"])
