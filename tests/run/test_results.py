"""govkit.run.results: a batch reads and audits each report once; the pages load its results."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import govkit
from govkit.across.copied import narrative
from govkit.errors import GovkitError
from govkit.run.results import load_many, load_results, write_results

DATA = Path(__file__).parents[2] / "data"
REPORTS = ["2020_ninghe_zaojiachengzhen.html", "2023_pingtan.txt", "2024_shanghai_kewei.md"]

# Loaded at start-up by every Python process given this folder on PYTHONPATH (the notebook
# kernels start from scratch, not by fork): each read and each audit appends a line to a file.
_HOOK = """
import os

def _counted(func, what):
    def wrapper(*args, **kwargs):
        with open(os.environ["GOVKIT_TEST_COUNT"], "a", encoding="utf-8") as f:
            f.write(f"{what} {os.getpid()}\\n")
        return func(*args, **kwargs)
    return wrapper

if os.environ.get("GOVKIT_TEST_COUNT"):
    from importlib import import_module

    report, audit = import_module("govkit.report"), import_module("govkit.audit")
    report.load = _counted(report.load, "read")
    audit.audit_report = _counted(audit.audit_report, "audit")
"""


@pytest.mark.parametrize("name", REPORTS)
def test_results_round_trip_with_the_same_dtypes(tmp_path, name):
    rep = govkit.read_report(DATA / name)
    found = rep.audit()
    write_results(tmp_path, rep, found, narrative(rep))
    back, found_back = load_results(tmp_path)
    assert back.meta == rep.meta
    assert_frame_equal(back.cells, rep.cells)
    assert_frame_equal(back.notes, rep.notes)
    assert_frame_equal(found_back, found)
    assert all(isinstance(c, list) for c in found_back["cells"])
    assert back.sections == narrative(rep)
    assert_frame_equal(back.requests, rep.requests)  # the views the pages and charts draw


def test_many_results_give_the_findings_of_auditing_the_reports(tmp_path):
    reps = [govkit.read_report(DATA / n) for n in REPORTS]
    folders = []
    for i, rep in enumerate(reps):
        folders.append(tmp_path / str(i))
        write_results(folders[-1], rep, rep.audit(), narrative(rep))
    loaded, findings = load_many(folders)
    assert [r.meta for r in loaded] == [r.meta for r in reps]
    assert_frame_equal(findings, govkit.audit(reps))


def test_incomplete_results_are_a_govkit_error(tmp_path):
    rep = govkit.read_report(DATA / REPORTS[1])
    write_results(tmp_path, rep, rep.audit(), narrative(rep))
    (tmp_path / "findings.parquet").unlink()
    with pytest.raises(GovkitError, match=r"findings\.parquet"):
        load_results(tmp_path)


def test_a_batch_reads_and_audits_each_report_once(tmp_path):
    """Counted in every process of a `govkit batch` run: its own, the forked reading workers and
    the notebook kernels (each patched at start-up through PYTHONPATH)."""
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for name in REPORTS[1:]:
        shutil.copy(DATA / name, src / name)
    (tmp_path / "sitecustomize.py").write_text(_HOOK, encoding="utf-8")
    count = tmp_path / "count.txt"
    env = {**os.environ, "GOVKIT_TEST_COUNT": str(count), "PYTHONPATH": str(tmp_path)}

    def batch() -> None:
        cmd = [sys.executable, "-m", "govkit", "batch", str(src), "--out", str(out), "--jobs", "1"]
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode in (0, 1), done.stderr  # 1: errors found in the reports

    batch()
    table = pd.read_csv(out / "outcomes.csv")
    assert (table["status"] == "rendered").all(), table
    assert (out / "overview.html").exists()
    calls = pd.Series(count.read_text(encoding="utf-8").split()[::2]).value_counts()
    assert calls.to_dict() == {"read": 2, "audit": 2}

    written = {p: p.stat().st_mtime_ns for p in out.glob("*/report/*")}
    assert len(written) == 8
    batch()  # nothing changed: the results are kept as they are
    assert {p: p.stat().st_mtime_ns for p in written} == written
