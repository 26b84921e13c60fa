"""One exit-code scheme for read, audit and batch, and usage errors before any work.

0 all read, no errors; 1 errors found in reports; 2 some input could not be read; 3 nothing to do
or usage error; 4 an output could not be written. Tracebacks are bugs: each case is one line.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from govkit.cli import main
from tests.conftest import SEED, corpus_file

CLEAN = "2023_pingtan.page.html"  # a report with no agency error


@pytest.fixture()
def folders(tmp_path: Path) -> dict[str, Path]:
    made = {}
    for name in ("clean", "errors", "broken", "empty", "nonreports"):
        made[name] = tmp_path / name
        made[name].mkdir()
    shutil.copy(corpus_file(CLEAN), made["clean"] / "report.html")
    shutil.copy(SEED, made["errors"] / "seed.txt")
    shutil.copy(SEED, made["broken"] / "seed.txt")
    (made["broken"] / "cut.docx").write_bytes(b"PK\x03\x04 cut short")
    (made["nonreports"] / "README").write_text("说明", encoding="utf-8")
    (made["nonreports"] / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    return made


def _run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    cap = capsys.readouterr()
    err = cap.err
    assert "Traceback" not in err + cap.out
    return code, err


@pytest.mark.parametrize("cmd", ["read", "audit", "batch"])
def test_the_scheme_for_every_command(cmd, folders, tmp_path, capsys) -> None:
    extra = ["--no-notebooks", "--out", str(tmp_path / "out")] if cmd == "batch" else []
    expected = {
        "clean": 0,
        "errors": 0 if cmd == "read" else 1,  # read does not audit: never 1
        "broken": 2,
        "empty": 3,
        "nonreports": 3,
    }
    for name, code in expected.items():
        got, err = _run(capsys, cmd, str(folders[name]), *extra)
        assert got == code, (name, err)
        if code == 3:
            assert "没有找到报告文件 / no report files found" in err
    got, err = _run(capsys, cmd, str(tmp_path / "missing"), *extra)
    assert got == 3 and "路径不存在" in err and "no such file" in err
    assert not (tmp_path / "out" / "overview.html").exists()  # no empty overview


@pytest.mark.parametrize(
    "argv",
    [
        ["audit", "--jobs", "0"],
        ["audit", "--jobs", "-1"],
        ["batch", "--jobs", "0"],
        ["batch", "--jobs", "-1"],
        ["batch", "--jobs", "two"],
        ["read", "--to", "json", "x.json"],
        ["audit", "--to", "yaml", "x.yaml"],
        ["batch", "--manifest", "no-such.csv"],
        ["frobnicate"],
    ],
)
def test_usage_errors_are_one_line_and_exit_3(argv, folders, tmp_path, capsys) -> None:
    argv = [*argv[:1], str(folders["errors"]), *argv[1:]] if argv[0] != "frobnicate" else argv
    if argv[0] == "batch":
        argv += ["--out", str(tmp_path / "out")]
    code, err = _run(capsys, *argv)
    assert code == 3, err
    assert len(err.strip().splitlines()) == 1 and " / " in err  # Chinese / English
    assert not (tmp_path / "out").exists()  # before any work


def test_out_that_is_a_file_or_read_only(folders, tmp_path, capsys) -> None:
    afile = tmp_path / "afile"
    afile.write_text("x")
    code, err = _run(capsys, "batch", str(folders["errors"]), "--out", str(afile))
    assert code == 3 and "是一个文件" in err
    ro = tmp_path / "ro"
    ro.mkdir()
    with _read_only(ro):
        code, err = _run(capsys, "batch", str(folders["errors"]), "--out", str(ro / "out"))
        assert code == 3 and "无法写入" in err
        code, err = _run(capsys, "audit", str(folders["errors"]), "--to", "csv", str(ro / "f.csv"))
        assert code == 3 and "无法写入" in err


@contextlib.contextmanager
def _read_only(folder: Path):
    """chmod for a user; root ignores modes, so a read-only tmpfs (skip when it cannot mount)."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode:
        pytest.skip(f"root ignores modes and cannot mount a read-only tmpfs: {mounted.stderr!r}")
    try:
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_read_a_folder_prints_and_exports_the_same_reports(folders, tmp_path, capsys) -> None:
    src = folders["broken"]
    shutil.copy(corpus_file(CLEAN), src / "page.html")
    assert main(["read", str(src)]) == 2
    cap = capsys.readouterr()
    assert "cut.docx" in cap.err and "Traceback" not in cap.err
    assert cap.out.count("\n=== ") == 2  # each report's tables
    csv = tmp_path / "cells.csv"
    code, _ = _run(capsys, "read", str(src), "--to", "csv", str(csv))
    assert code == 2
    cells = pd.read_csv(csv)
    assert cells["source"].nunique() == 2


def test_defaults_are_the_current_folder(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    code, err = _run(capsys, "batch", "--no-notebooks")
    assert code == 3 and "data" in err  # no data/ here: says so, never the package's data/
    (tmp_path / "data").mkdir()
    shutil.copy(SEED, tmp_path / "data" / "seed.txt")
    assert _run(capsys, "batch", "--no-notebooks")[0] == 1
    assert (tmp_path / "reports" / "outcomes.csv").exists()
    assert _run(capsys, "audit")[0] == 1 and _run(capsys, "read")[0] == 0
