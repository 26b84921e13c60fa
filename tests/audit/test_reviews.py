"""Reviewed findings stay reviewed: decisions kept by fingerprint, changed numbers asked again."""

from __future__ import annotations

import pandas as pd
import pytest

import govkit
from govkit.audit import reviews
from govkit.errors import InputError
from tests.conftest import SEED

SEED_TEXT = SEED.read_text(encoding="utf-8")


def _findings(text: str = SEED_TEXT) -> pd.DataFrame:
    return govkit.audit([govkit.parse_report(text, source="甲.txt", meta={"agency": "甲镇"})])


def test_a_reviewed_finding_is_reviewed_on_the_next_run(tmp_path):
    path = tmp_path / "reviews.csv"
    first = _findings()
    errors = first[first["severity"] == "error"]
    reviews.record(path, errors.head(2), "已核实", note="原表如此", reviewer="张三")
    again = reviews.apply_reviews(_findings(), reviews.read_reviews(path))
    assert (again["review_state"] == "reviewed").sum() == 2
    assert set(again.loc[again["review_state"] == "reviewed", "review"]) == {"已核实"}
    assert len(reviews.open_findings(again)) == len(again) - 2


def test_a_corrected_report_asks_for_a_new_look(tmp_path):
    path = tmp_path / "reviews.csv"
    first = _findings()
    diag = first[first["rule"] == "requests.balance"].head(1)
    assert len(diag) == 1
    reviews.record(path, diag, "已核实")
    # the agency republishes with another number in the same identity: same place, new values
    row = "\t一、本年新收政府信息公开申请数量\n\t\xa01\n" + "\t0\xa0\n" * 5 + "\t1\n"
    edited = SEED_TEXT.replace(row, row.removesuffix("\t1\n") + "\t3\n", 1)
    assert edited != SEED_TEXT
    after = reviews.apply_reviews(_findings(edited), reviews.read_reviews(path))
    row = after[(after["rule"] == "requests.balance") & (after["col"] == diag["col"].iloc[0])]
    assert row["review_state"].tolist() == ["changed"]
    assert row["review"].tolist() == ["已核实"]
    assert row.index.isin(reviews.open_findings(after).index).all()


def test_rows_the_run_does_not_meet_and_extra_columns_are_kept(tmp_path):
    path = tmp_path / "reviews.csv"
    path.write_text(
        "fingerprint,decision,note,科室\nffffffffffff,误报,旧报告,政务公开科\n",
        encoding="utf-8-sig",
    )
    reviews.record(path, _findings().head(1), "暂缓")
    table = reviews.read_reviews(path)
    assert "ffffffffffff" in set(table["fingerprint"])
    assert table.loc[table["fingerprint"] == "ffffffffffff", "科室"].item() == "政务公开科"
    assert len(table) == 2


def test_a_later_decision_replaces_an_earlier_one(tmp_path):
    path = tmp_path / "reviews.csv"
    one = _findings().head(1)
    reviews.record(path, one, "暂缓")
    reviews.record(path, one, "误报", note="读错")
    table = reviews.read_reviews(path)
    assert table[["decision", "note"]].values.tolist() == [["误报", "读错"]]


def test_notes_that_look_like_formulas_round_trip_as_text(tmp_path):
    path = tmp_path / "reviews.csv"
    reviews.record(path, _findings().head(1), "误报", note='=HYPERLINK("http://x","1")')
    raw = path.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in raw
    assert reviews.read_reviews(path)["note"].item() == '=HYPERLINK("http://x","1")'


@pytest.mark.parametrize(
    ("content", "line"),
    [
        ("decision,note\n已核实,x\n", "第 1 行"),
        ("fingerprint,decision\nabc,已核实\nabd,同意\n", "第 3 行"),
        ("fingerprint,decision\nabc,已核实,多,余\n", "第 2 行"),
    ],
)
def test_a_malformed_file_names_the_line(tmp_path, content, line):
    path = tmp_path / "reviews.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=line):
        reviews.read_reviews(path)


def test_an_absent_file_is_no_reviews(tmp_path):
    table = reviews.read_reviews(tmp_path / "none.csv")
    assert table.empty
    out = reviews.apply_reviews(_findings(), table)
    assert (out["review_state"] == "").all()
