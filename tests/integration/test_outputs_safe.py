"""Outputs are complete or absent (disk full), and every CSV is safe to open in Excel/WPS."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from openpyxl import load_workbook

from govkit.cli import main
from govkit.export import neutralise, write_cells, write_csv
from govkit.run import pages
from tests.conftest import ROOT, SEED

GOVKIT = [sys.executable, "-m", "govkit"]


def test_csv_fields_that_a_spreadsheet_would_run_are_neutralised(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "raw": ['=HYPERLINK("http://x"&B2,"11")', "+1+1", "-2", "@SUM(A1)", "\tx", "12"],
            "value": [1.0, -2.0, 3.0, 4.0, 5.0, 6.0],
        }
    )
    path = write_csv(frame, tmp_path / "a.csv")
    back = pd.read_csv(path, dtype={"raw": str}, keep_default_na=False)
    assert back["raw"].tolist()[:2] == ["'" + frame["raw"][0], "'+1+1"]
    assert back["raw"][2] == "-2" and back["raw"][5] == "12"  # a plain number is no formula
    assert back["raw"][3] == "'@SUM(A1)"
    assert back["value"].tolist() == frame["value"].tolist()  # numbers stay numbers
    assert neutralise(frame)["raw"][4].startswith("'\t")
    assert neutralise(pd.DataFrame({"t": ["\rx"]}))["t"][0] == "'\rx"


def test_cells_and_findings_csv_are_neutralised(tmp_path: Path, capsys) -> None:
    text = SEED.read_text(encoding="utf-8").replace("\t增\n", "\t=1+2\n", 1)
    report = tmp_path / "formula.txt"
    report.write_text(text, encoding="utf-8")
    write_cells_to = tmp_path / "cells.csv"
    main(["read", str(report), "--to", "csv", str(write_cells_to)])
    cells = pd.read_csv(write_cells_to, dtype=str, keep_default_na=False)
    assert "'=1+2" in set(cells["raw"]) and "=1+2" not in set(cells["raw"])
    findings = tmp_path / "findings.csv"
    main(["audit", str(report), "--to", "csv", str(findings)])
    body = findings.read_text(encoding="utf-8-sig")
    assert not any(field.startswith("=") for line in body.splitlines() for field in line.split(","))
    capsys.readouterr()


def _full(exc_path: str = "") -> OSError:
    return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), exc_path)


def test_a_failed_notebook_run_never_lands_under_the_final_name(
    tmp_path: Path, monkeypatch
) -> None:
    final = tmp_path / "overview.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), final)  # last run's complete notebook
    before = final.read_bytes()

    def half_written(notebook, out_ipynb, params, cwd, *, warm=False):
        out_ipynb.write_text('{"cells": [', encoding="utf-8")  # the disk filled up here
        raise _full(str(out_ipynb))

    monkeypatch.setattr(pages, "execute", half_written)
    with pytest.raises(OSError):
        pages.run_notebook(Path("x.ipynb"), final, {}, tmp_path)
    assert final.read_bytes() == before
    assert not list(tmp_path.glob(".*.tmp*"))


def test_disk_full_while_writing_is_reported_and_leaves_no_half_file(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SEED, src / "seed.txt")
    out = tmp_path / "out"
    assert main(["batch", str(src), "--out", str(out), "--no-notebooks"]) == 1
    good = (out / "findings.xlsx").read_bytes()
    real_replace = os.replace

    def full_disk(a, b):
        if str(b).endswith("outcomes.csv"):
            raise _full(str(a))
        real_replace(a, b)

    monkeypatch.setattr(os, "replace", full_disk)
    shutil.copy(SEED, src / "seed2.txt")
    assert main(["batch", str(src), "--out", str(out), "--no-notebooks", "--force"]) == 4
    err = capsys.readouterr().err
    assert "磁盘已满" in err and "Traceback" not in err
    assert not list(out.glob(".*.tmp*"))
    load_workbook(out / "findings.xlsx")  # whatever is there is complete
    assert good  # the earlier run's outputs were complete too


def _mount_tiny(folder: Path, size: str) -> None:
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True
    )
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr!r}")


def test_a_real_full_disk(tmp_path: Path) -> None:
    """A 64 KB tmpfs: the batch says the disk is full, exits 4, and every output is whole."""
    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        shutil.copy(SEED, src / f"r{i}.txt")
    disk = tmp_path / "disk"
    disk.mkdir()
    _mount_tiny(disk, "64k")
    try:
        (disk / "filler").write_bytes(b"x" * (64 * 1024 - 4096))
        done = subprocess.run(
            [*GOVKIT, "batch", str(src), "--out", str(disk / "out"), "--no-notebooks"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 4, done.stderr
        assert "磁盘已满" in done.stderr and "Traceback" not in done.stderr
        leftovers = [p.name for p in (disk / "out").iterdir() if ".tmp" in p.name]
        assert leftovers == []
        if (disk / "out" / "findings.xlsx").exists():
            load_workbook(disk / "out" / "findings.xlsx")
        if (disk / "out" / "outcomes.csv").exists():
            assert len(pd.read_csv(disk / "out" / "outcomes.csv")) == 3
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def test_write_cells_disk_full_keeps_the_old_file(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "cells.parquet"
    cells = pd.DataFrame({"a": [1, 2]})
    write_cells(cells, path)
    before = path.read_bytes()

    def full(self, *a, **k):
        raise _full()

    monkeypatch.setattr(pd.DataFrame, "to_parquet", full)
    with pytest.raises(OSError):
        write_cells(cells.assign(a=[3, 4]), path)
    assert path.read_bytes() == before and not list(tmp_path.glob(".*.tmp*"))
