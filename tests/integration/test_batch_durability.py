"""Batch durability: manifest overrides, incremental re-runs, Ctrl-C and SIGKILL mid-run.

The incremental test swaps the notebook runner for a fake that logs each execution (the pool forks,
so workers inherit it); Ctrl-C and SIGKILL run `python -m govkit batch` for real, because what they
prove is what a killed process leaves behind.
"""

from __future__ import annotations

import csv
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from openpyxl import load_workbook

from govkit.run import batch, kernels, pages
from govkit.run.batch import run_batch
from govkit.run.outcomes import summary_line
from tests.conftest import DATA, ROOT, SEED, python_notebook

GOOD = [SEED, DATA / "2023_pingtan.txt"]


def _folder(tmp_path: Path, good: list[Path]) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    for p in good:
        shutil.copy(p, src / p.name)
    (src / "empty.txt").write_bytes(b"")
    return src


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    """Two good reports and an empty file."""
    return _folder(tmp_path, GOOD)


@pytest.fixture()
def small(tmp_path: Path) -> Path:
    """One good report and an empty file: real notebooks are slow, one shows what a kill leaves."""
    return _folder(tmp_path, [SEED])


def test_manifest_overrides_what_reports_say(folder: Path, tmp_path: Path) -> None:
    manifest = tmp_path / "manifest.csv"
    with manifest.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["path", "agency", "year", "region", "level"])
        w.writerow([f"in/{SEED.name}", "清单机关甲", "2019", "天津市", "乡镇"])
    out = tmp_path / "out"
    table = run_batch(folder, out, manifest=manifest, notebooks=False, progress=False)
    row = table[table["source"].str.endswith(SEED.name)].iloc[0]
    assert (row["agency"], row["year"]) == ("清单机关甲", 2019)
    other = table[table["source"].str.endswith("2023_pingtan.txt")].iloc[0]
    assert other["agency"] != "清单机关甲"  # rows without a manifest entry keep their own
    assert "清单机关甲" in (out / "index.html").read_text(encoding="utf-8")
    wb = load_workbook(out / "findings.xlsx", read_only=True)
    assert "清单机关甲" in wb.sheetnames
    values = {c.value for row in wb["全部"].iter_rows() for c in row}
    assert {"清单机关甲", 2019} <= values


def _fake_notebook(log: Path):
    """Stands in for run_notebook: writes the notebook and page, logs which one ran."""

    def run(
        notebook: Path, out_ipynb: Path, params: dict, cwd: Path, *, warm: bool = False
    ) -> None:
        with log.open("a", encoding="utf-8") as fh:
            fh.write(f"{notebook.name} {out_ipynb.name}\n")
        nbformat.write(nbformat.v4.new_notebook(), out_ipynb)
        out_ipynb.with_suffix(".html").write_text("<html></html>", encoding="utf-8")

    return run


def test_rerun_is_incremental(folder: Path, tmp_path: Path, monkeypatch) -> None:
    log = tmp_path / "executed.log"
    monkeypatch.setattr(batch, "run_notebook", _fake_notebook(log))  # the overview
    monkeypatch.setattr(pages, "run_notebook", _fake_notebook(log))  # the agency pages
    out = tmp_path / "out"

    def run(**kw) -> tuple[pd.DataFrame, list[str]]:
        log.write_text("", encoding="utf-8")
        table = run_batch(folder, out, jobs=2, progress=False, **kw)
        return table, log.read_text(encoding="utf-8").split()[::2]

    table, ran = run()
    assert sorted(ran) == ["agency_audit.ipynb"] * 2 + ["batch_overview.ipynb"]
    assert table["executed"].sum() == 2
    assert "3 个文件 = 报告 2 份 + 重复 0 个 + 不是报告 0 个 + 无法读取 1 个" in summary_line(table)

    table, ran = run()
    assert ran == [] and table["executed"].sum() == 0
    assert (table["status"] == "rendered").sum() == 2

    changed = folder / SEED.name
    changed.write_text(changed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    table, ran = run()
    assert sorted(ran) == ["agency_audit.ipynb", "batch_overview.ipynb"]
    assert table.loc[table["executed"], "source"].tolist() == [str(changed)]
    assert len(list(out.glob("*.html"))) == 2 + 2  # one page per good input, overview, index

    table, ran = run(force=True)
    assert sorted(ran) == ["agency_audit.ipynb"] * 2 + ["batch_overview.ipynb"]


def test_rerun_with_nothing_to_redo_keeps_every_page_and_the_overview(tmp_path, monkeypatch):
    """Only good reports, nothing changed: no page worker is started, yet every page stays
    rendered and linked, and the overview stays (the run used to leave them "read", unlinked,
    and delete overview.html). An officer's decision then redoes that agency's page alone."""
    from govkit.audit import reviews

    log = tmp_path / "executed.log"
    monkeypatch.setattr(batch, "run_notebook", _fake_notebook(log))
    monkeypatch.setattr(pages, "run_notebook", _fake_notebook(log))
    src = tmp_path / "in"
    src.mkdir()
    for p in GOOD:
        shutil.copy(p, src / p.name)
    out = tmp_path / "out"

    def run() -> tuple[pd.DataFrame, list[str]]:
        log.write_text("", encoding="utf-8")
        table = run_batch(src, out, jobs=2, progress=False)
        return table, log.read_text(encoding="utf-8").split()[1::2]

    first, _ = run()
    table, ran = run()
    assert ran == [] and (table["status"] == "rendered").all()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert (out / "overview.html").exists() and 'href="overview.html"' in index
    assert all(f'href="{page}.html"' in index for page in first["page"])

    decisions = reviews.read_reviews(out / "reviews.csv")
    decisions.loc[decisions["agency"] == first["agency"].iloc[0], "decision"] = "已核实"
    reviews.write_reviews(decisions, out / "reviews.csv")
    table, ran = run()
    assert sorted(ran) == sorted([f"{first['page'].iloc[0]}.ipynb", "overview.ipynb"])
    assert (table["status"] == "rendered").all() and table["executed"].sum() == 1


def _start(src: Path, out: Path) -> subprocess.Popen:
    """`govkit batch` as a user runs it, under tests/orphans.py: once the batch has ended, a
    process it left running (a kernel whose worker was killed) fails the run (exit LEFT_CODE,
    named on stderr), where orphans go to a subreaper rather than init, as on a desktop."""
    batch_cmd = [sys.executable, "-m", "govkit", "batch", str(src), "--out", str(out)]
    return subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "orphans.py"), *batch_cmd, "--jobs", "2"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: the kill reaches workers, not pytest
    )


def _wait_for(out: Path, pattern: str, proc: subprocess.Popen, timeout: float = 90) -> bool:
    """True once a file matching `pattern` exists in `out`; False if the batch ended first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if list(out.glob(pattern)):
            return True
        if proc.poll() is not None:
            return False
        time.sleep(0.05)
    raise AssertionError(f"nothing matching {pattern} appeared in {timeout} s")


def _assert_nothing_half_written(out: Path) -> None:
    """Whatever has a final name is complete: pages end properly, notebooks parse."""
    for page in out.glob(
        "[!.]*.html"
    ):  # a hidden .*.tmp.html is a temporary, half-written by design
        assert page.read_text(encoding="utf-8").rstrip().endswith("</html>"), page
    for nb in out.glob("[!.]*.ipynb"):
        nbformat.read(nb, as_version=4)


def _assert_complete(src: Path, out: Path) -> None:
    """Every input exactly once, every good report with its page, no leftovers or duplicates."""
    table = pd.read_csv(out / "outcomes.csv")
    inputs = sorted(str(p) for p in src.iterdir())
    assert sorted(table["source"]) == inputs
    good = table[table["status"] == "rendered"]
    assert sorted(good["source"]) == sorted(str(p) for p in src.iterdir() if p.stat().st_size)
    index = (out / "index.html").read_text(encoding="utf-8")
    for p in src.iterdir():
        assert index.count(f"<td>{p.name}</td>") == 1
    for page in good["page"]:
        assert (out / f"{page}.html").exists() and index.count(f'href="{page}.html"') == 1
    assert sorted(p.stem for p in out.glob("*.html")) == sorted(
        [*good["page"], "index", "overview"]
    )
    assert not list(out.glob(".*.tmp*"))
    _assert_nothing_half_written(out)


def test_ctrl_c_stops_cleanly_and_rerun_finishes(small: Path, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out"
    proc = _start(small, out)
    assert _wait_for(out, ".*.tmp.ipynb", proc)  # notebooks are running
    time.sleep(0.5)
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "已中断" in err
    assert not list(out.glob(".*.tmp*"))
    _assert_nothing_half_written(out)
    fake = _fake_notebook(tmp_path / "executed.log")
    monkeypatch.setattr(batch, "run_notebook", fake)  # the overview
    monkeypatch.setattr(pages, "run_notebook", fake)  # the agency pages
    run_batch(small, out, progress=False)  # the re-run; real notebooks: the SIGKILL test
    _assert_complete(small, out)


def test_sigkill_at_any_point_loses_nothing(small: Path, tmp_path: Path) -> None:
    """Killed mid-notebook, mid-export and mid-overview (after varying delays), then re-run."""
    out = tmp_path / "out"
    rng = random.Random(7)
    moments = [
        (".*.tmp.ipynb", rng.uniform(0.0, 1.5)),  # an agency notebook is executing
        ("[!.]*-*.ipynb", rng.uniform(0.0, 0.2)),  # an agency notebook is done: export is next
        (".overview.ipynb.*", rng.uniform(0.0, 1.0)),  # the overview is executing
    ]
    for pattern, delay in moments:
        proc = _start(small, out)
        if _wait_for(out, pattern, proc):
            time.sleep(delay)
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=120)  # reaps it and closes its pipes
        _assert_nothing_half_written(out)
    proc = _start(small, out)
    _, err = proc.communicate(timeout=180)
    assert proc.returncode == 2, err  # the empty file could not be read; the rest is done
    _assert_complete(small, out)


def test_kept_kernel_starts_every_page_empty_and_is_replaced_when_dead(tmp_path: Path) -> None:
    """Pages rendered in one worker share its kernel, never its state; a dead kernel is replaced."""
    probe = tmp_path / "probe.ipynb"
    python_notebook(probe, "assert 'left_over' not in globals()\nleft_over = 1")
    try:
        kernels.execute(probe, tmp_path / "a.ipynb", {}, tmp_path, warm=True)
        first = kernels.warm_kernel(tmp_path)
        kernels.execute(probe, tmp_path / "b.ipynb", {}, tmp_path, warm=True)  # left_over was reset
        assert kernels.warm_kernel(tmp_path) is first
        fd_dir = Path("/proc/self/fd")  # Linux: count this process's open files
        fds = len(os.listdir(fd_dir)) if fd_dir.is_dir() else 0
        for i in range(4):  # each page's client is closed: thousands of pages, no socket pile-up
            kernels.execute(probe, tmp_path / f"n{i}.ipynb", {}, tmp_path, warm=True)
        assert not fd_dir.is_dir() or len(os.listdir(fd_dir)) <= fds
        first.shutdown_kernel(now=True)  # the kernel dies between pages
        kernels.execute(probe, tmp_path / "c.ipynb", {}, tmp_path, warm=True)
        assert kernels.warm_kernel(tmp_path) is not first
    finally:
        kernels.stop_kernel()


def test_a_page_worker_killed_mid_page_fails_that_page_and_the_batch_ends(tmp_path):
    """The OOM killer takes a page worker: its page is failed with the reason, the others are
    made, and the batch ends instead of waiting for an answer that never comes."""
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for name in ("2020_ninghe_zaojiachengzhen.txt", "2024_shanghai_kewei.md"):
        shutil.copy(DATA / name, src)
    proc = _start(src, out)
    assert _wait_for(out, f"{pages.RUNNING}/*", proc)
    victim = next((out / pages.RUNNING).iterdir())
    killed = victim.read_text(encoding="utf-8")
    os.kill(int(victim.name), signal.SIGKILL)
    _, err = proc.communicate(timeout=240)
    table = pd.read_csv(out / "outcomes.csv", dtype=str, keep_default_na=False)
    row = table.set_index("source").loc[killed]
    assert row["status"] == "failed" and "进程意外终止" in row["reason"], err
    assert (table["status"] == "rendered").sum() == 1
    assert proc.returncode == 2, err  # and no process of it left running
    assert not (out / pages.RUNNING).exists()
