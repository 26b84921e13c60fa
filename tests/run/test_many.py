"""govkit.read_many: every input in one outcome, one failure table; numbers-only mode finds the
same; the rules across reports run on Numbers as on Reports."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

import govkit
from govkit.across.copied import SECTIONS
from govkit.audit import audit_report
from govkit.read.dedupe import Numbers
from govkit.report import Report
from govkit.run.many import read_many
from tests.conftest import DATA, SEED

SEED_TEXT = SEED.read_text(encoding="utf-8")


def test_numbers_only_gives_the_same_findings_and_outcomes():
    full = read_many(DATA, audit=True)
    slim = read_many(DATA, audit=True, numbers=True)
    pd.testing.assert_frame_equal(full.findings, slim.findings)
    pd.testing.assert_frame_equal(full.table, slim.table)
    assert all(isinstance(r, Numbers) for r in slim.reports)
    assert all(isinstance(r, Report) for r in full.reports)
    # audited reports keep the narrative sections for copied-text detection
    assert all(tuple(r.sections) == SECTIONS and r.sections["总体情况"] for r in full.reports)


def test_cross_year_rules_run_on_numbers_as_on_reports():
    edited = SEED_TEXT.replace("\t行政强制\n\t1\n\t0\n", "\t行政强制\n\t1\n\t2\n", 1)
    a = govkit.parse_report(edited, meta={"year": 2019, "agency": "甲"})
    b = govkit.parse_report(SEED_TEXT, meta={"year": 2020, "agency": "甲"})
    want = govkit.audit([a, b])
    assert (want["rule"] == "crossyear.active_stock").any()
    own = [a.audit(), b.audit()]
    got = govkit.audit([Numbers.of(a), Numbers.of(b)], findings=own)
    pd.testing.assert_frame_equal(got, want)


def test_a_failed_audit_is_stage_audit_and_the_rest_go_on(tmp_path: Path, monkeypatch):
    for name in ("a.txt", "b.txt"):
        shutil.copy(SEED, tmp_path / name)
    (tmp_path / "b.txt").write_text(SEED_TEXT.replace("宁河区", "宝坻区"), encoding="utf-8")

    def broken(self):
        if "宝坻" in (self.meta.agency or ""):
            raise RuntimeError("a bug in a rule")
        return audit_report(self)

    monkeypatch.setattr(Report, "audit", broken)  # the workers fork with it
    many = read_many(tmp_path, audit=True)
    assert [Path(r.meta.source).name for r in many.reports] == ["a.txt"]
    (row,) = many.failures.itertuples(index=False)
    assert (Path(row.source).name, row.stage, row.error, row.status) == (
        "b.txt",
        "audit",
        "RuntimeError",
        "failed",
    )
    assert "a bug in a rule" in row.message
    assert read_many(tmp_path).failures.empty  # not audited: read


def test_a_folder_that_cannot_be_listed_fails_with_its_reason(tmp_path: Path, monkeypatch):
    """os.walk skips a folder it may not list (no permission); it is an input that failed,
    never a silent gap. Simulated: the tests run as root, who may list every folder."""
    import errno
    import os

    shutil.copy(SEED, tmp_path / "a.txt")
    (tmp_path / "secret").mkdir()
    shutil.copy(SEED, tmp_path / "secret" / "b.txt")
    real = os.scandir

    def scandir(path="."):
        if Path(path).name == "secret":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    many = read_many(tmp_path)
    assert [Path(r.meta.source).name for r in many.reports] == ["a.txt"]
    assert many.failures.to_dict("records") == [
        {
            "source": str(tmp_path / "secret"),
            "stage": "list",
            "error": "InputError",
            "message": "文件夹无法列出 / the folder cannot be listed: Permission denied",
            "status": "failed",
        }
    ]
