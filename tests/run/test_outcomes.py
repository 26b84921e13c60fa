"""govkit.run.outcomes: page names, the outcome table, and the counts, summary lines and exit
code that the CLI prints from it (every input counted exactly once)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from govkit.run.outcomes import (
    FAILURE_COLUMNS,
    Outcome,
    counts,
    exit_code,
    failure_table,
    files_line,
    outcome_table,
    page_name,
    summary_line,
)


def _table(*outcomes: Outcome) -> pd.DataFrame:
    return outcome_table(list(outcomes))


def _mixed() -> pd.DataFrame:
    return _table(
        Outcome("a.txt", "甲", 2020, "2019", 2, 1, "a-1", "rendered", executed=True),
        Outcome("b.txt", "乙", 2021, "2021", 0, 0, "b-1", "rendered"),
        Outcome(
            "c.txt", "丙", 2022, "2021", 1, 0, "c-1", "failed", "notebook", "boom", executed=True
        ),
        Outcome("d.txt", "甲", 2020, "2019", status="duplicate", duplicate_of="a.txt"),
        Outcome("e.png", status="not_report", reason="一张图片"),
        Outcome("f.pdf", status="failed", stage="read", reason="损坏"),
        Outcome("g.md", "丁", 2023, "2021", 3, 2, "g-1", "read"),
    )


# ------------------------------------------------------------------------------ page_name


def test_page_names_are_ascii_stable_and_distinct(tmp_path):
    a = page_name(tmp_path / "2023_pingtan.txt")
    assert a.startswith("2023_pingtan-") and len(a.rsplit("-", 1)[1]) == 10
    assert page_name(tmp_path / "2023_pingtan.txt") == a  # stable
    assert page_name(tmp_path / "other" / "2023_pingtan.txt") != a  # same name, other folder
    assert page_name(tmp_path / "2023_pingtan.html") != a  # same stem, other file


def test_page_names_never_hidden_or_empty(tmp_path):
    chinese = page_name(tmp_path / "平潭综合实验区2023年报.txt")
    assert chinese.startswith("2023-")  # the ASCII part only
    assert page_name(tmp_path / "平潭.txt").startswith("report-")
    hidden = page_name(tmp_path / "..txt")
    assert not hidden.startswith(".") and hidden.startswith("report-")
    long = page_name(tmp_path / ("a" * 200 + ".txt"))
    assert long.startswith("a" * 60 + "-") and len(long) == 60 + 1 + 10
    odd = page_name(tmp_path / "a b&c;<d>.txt")
    assert set(odd) <= set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")


def test_page_name_of_a_path_that_is_not_utf8(tmp_path):
    path = Path(bytes(tmp_path / "x").decode() + "\udcff.txt")  # a byte no UTF-8 decodes
    assert page_name(path).startswith("x-")


# --------------------------------------------------------------------------- outcome_table


def test_outcome_table_keeps_integers_integers():
    table = _table(Outcome("a.txt", year=2019, errors=3, warnings=0), Outcome("b.txt"))
    assert list(table.columns) == list(Outcome.__dataclass_fields__)
    assert str(table["year"].dtype) == "Int64" and str(table["errors"].dtype) == "Int64"
    assert table["year"].tolist()[0] == 2019 and pd.isna(table["year"].tolist()[1])
    csv = table.to_csv(index=False)
    assert "2019.0" not in csv and "2019" in csv


def test_an_empty_batch_has_the_columns():
    table = outcome_table([])
    assert table.empty and list(table.columns) == list(Outcome.__dataclass_fields__)
    assert counts(table)["files"] == 0 and exit_code(table) == 0


# ------------------------------------------------------------------------ counts and lines


def test_counts_put_every_input_in_exactly_one_kind():
    n = counts(_mixed())
    # a failed page is still a report read and audited; only f.pdf could not be read
    assert n == {
        "files": 7,
        "reports": 4,
        "duplicates": 1,
        "not_reports": 1,
        "failed": 1,
        "rendered": 2,
        "page_failed": 1,
        "executed": 2,
        "errors": 2 + 0 + 1 + 3,
    }
    assert n["reports"] + n["duplicates"] + n["not_reports"] + n["failed"] == n["files"]


def test_files_line_and_summary_line():
    table = _mixed()
    assert files_line(table) == (
        "7 个文件 = 报告 4 份 + 重复 1 个 + 不是报告 1 个 + 无法读取 1 个"
        " / 7 files = 4 reports + 1 duplicates + 1 not reports + 1 unreadable"
    )
    assert summary_line(table) == (
        files_line(table)
        + "；页面 2 个（本次执行 2 个，失败 1 个） / 2 pages (2 executed now, 1 failed)"
    )


@pytest.mark.parametrize(
    ("outcomes", "code"),
    [
        ([Outcome("a", errors=0, status="read")], 0),
        ([Outcome("a", errors=0, status="read"), Outcome("b", status="not_report")], 0),
        ([Outcome("a", errors=0, status="read"), Outcome("b", status="duplicate")], 0),
        ([Outcome("a", errors=2, status="read")], 1),
        ([Outcome("a", errors=2, status="read"), Outcome("b", status="failed", stage="read")], 2),
        ([Outcome("a", errors=0, status="failed", stage="notebook")], 2),
    ],
)
def test_exit_code(outcomes, code):
    assert exit_code(outcome_table(outcomes)) == code


def test_failure_table_keeps_what_was_not_audited_with_its_stage():
    table = pd.DataFrame(
        {
            "source": ["/in/a.txt", "/in/b.txt", "/in/c.pdf", "/in/d.png"],
            "status": ["rendered", "duplicate", "failed", "not_report"],
            "stage": ["", "dedupe", "read", "read"],
            "error": ["", "", "InputError", "UnsupportedTemplate"],
            "reason": ["", "与 /in/a.txt 是同一份报告", "PDF 已损坏", "一张图片"],
        }
    )
    got = failure_table(table)
    assert list(got.columns) == list(FAILURE_COLUMNS)
    assert got.to_dict("list") == {
        "source": ["/in/b.txt", "/in/c.pdf", "/in/d.png"],
        "stage": ["dedupe", "read", "read"],
        "error": ["", "InputError", "UnsupportedTemplate"],
        "message": ["与 /in/a.txt 是同一份报告", "PDF 已损坏", "一张图片"],
        "status": ["duplicate", "failed", "not_report"],
    }
