"""One folder of bad inputs gives the same failure table through every way of reading many reports:
govkit.read_many (read, audited, numbers only), read_reports, read_inputs, `govkit read`,
`govkit audit`, `govkit batch` (its outcome table and outcomes.csv). Nothing is dropped silently.
"""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pandas as pd
import pytest

import govkit
import govkit.parallel as parallel
from govkit.cli import main
from govkit.report import read_inputs
from govkit.run.batch import run_batch
from govkit.run.outcomes import FAILURE_COLUMNS, failure_table
from tests.conftest import DATA, SEED

_real_read = parallel.read_report


def _dies_on_die(path, meta=None):
    if Path(path).name == "die.txt":  # as the OOM killer would
        os.kill(os.getpid(), signal.SIGKILL)
    return _real_read(path, meta=meta)


@pytest.fixture
def bad(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setattr(parallel, "read_report", _dies_on_die)  # workers fork with it
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SEED, src / "a.txt")
    shutil.copy(SEED, src / "a-copy.txt")  # the same report again: a duplicate
    shutil.copy(DATA / "2024_shanghai_kewei.md", src / "download.do")
    (src / "empty.txt").write_bytes(b"")
    (src / "cut.html").write_text("<html><body><h1>404 Not Found</h1></body></html>")
    (src / "README").write_text("这里是下载的年度报告。\n", encoding="utf-8")
    (src / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (src / "list.csv").write_text("path,agency,year\na.txt,宁河区,2020\n")
    (src / "die.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    os.mkfifo(src / "pipe")
    return src


def _printed(err: str) -> set[tuple[str, str]]:
    """(source, reason) of every input the command listed as not read."""
    lines = [line.strip().split(" ", 1)[1] for line in err.strip().splitlines()]
    return {tuple(line.split(": ", 1)) for line in lines}


def test_every_entry_point_gives_the_same_failure_table(bad: Path, tmp_path: Path, capsys):
    want = govkit.read_many(bad).failures
    assert list(want.columns) == FAILURE_COLUMNS
    status = dict(zip(want["source"].map(lambda s: Path(s).name), want["status"], strict=True))
    assert status == {
        "a.txt": "duplicate",  # a-copy.txt sorts first; both have the same numbers
        "cut.html": "failed",
        "die.txt": "failed",
        "empty.txt": "failed",
        "list.csv": "not_report",
        "logo.png": "not_report",
        "pipe": "failed",
        "README": "not_report",
    }
    stage = dict(zip(want["source"].map(lambda s: Path(s).name), want["stage"], strict=True))
    assert stage["a.txt"] == "dedupe" and stage["die.txt"] == stage["pipe"] == "read"
    died = want[want["source"].str.endswith("die.txt")].iloc[0]
    assert died["error"] == "WorkerDied" and "SIGKILL" in died["message"]

    same = [
        govkit.read_many(bad, audit=True).failures,
        govkit.read_many(bad, audit=True, numbers=True, jobs=1).failures,
        govkit.read_reports(bad)[1],
        read_inputs(bad)[1],
    ]
    table = run_batch(bad, tmp_path / "out", notebooks=False, progress=False)
    same.append(failure_table(table))
    same.append(failure_table(pd.read_csv(tmp_path / "out" / "outcomes.csv", dtype=str)))
    for got in same:
        pd.testing.assert_frame_equal(got, want)

    listed = set(zip(want["source"], want["message"], strict=True))
    capsys.readouterr()
    for command in ("read", "audit"):
        assert main([command, str(bad)]) == 2
        assert _printed(capsys.readouterr().err) == listed


def test_the_reports_and_cells_are_the_same_through_each_entry_point(bad: Path):
    cells, _ = govkit.read_reports(bad)
    many = govkit.read_many(bad)
    assert [r.meta.source for r in many.reports] == list(dict.fromkeys(cells["source"]))
    assert [Path(r.meta.source).name for r in many.reports] == ["a-copy.txt", "download.do"]
    assert all(r.text for r in many.reports)  # read, not audited: the whole report
