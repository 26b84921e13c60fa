"""Every file of a run is read in a killable worker: a hang, a huge allocation or a dead worker
costs only that file, which is listed as failed with the reason; the run always ends.

The hostile behaviours are injected by replacing `read_report` before the workers fork (a file
named hang.txt sleeps, alloc.txt allocates, die.txt is killed as the OOM killer would).
"""

from __future__ import annotations

import gc
import os
import signal
import time
from pathlib import Path

import pytest
from conftest import DATA

import govkit.parallel as parallel
from govkit import limits
from govkit.errors import ParseError

GOOD = [DATA / "2020_ninghe_zaojiachengzhen.txt", DATA / "2023_pingtan.txt"]
_real_read = parallel.read_report


def _hostile_read(path, meta=None):
    name = Path(path).name
    if name == "hang.txt":
        Path(str(path) + ".pid").write_text(str(os.getpid()))
        time.sleep(600)
    if name == "alloc.txt":
        bytearray(8 * 2**30)  # 8 GiB: over the cap, so MemoryError, never the machine's memory
    if name == "die.txt":
        os.kill(os.getpid(), signal.SIGKILL)
    return _real_read(path, meta=meta)


@pytest.fixture
def hostile(monkeypatch, tmp_path):
    monkeypatch.setattr(parallel, "read_report", _hostile_read)
    for name in ("hang.txt", "alloc.txt", "die.txt"):
        (tmp_path / name).write_text("x")
    return tmp_path


def _by_name(checked):
    return {c.path.name: c for c in checked}


def test_worker_killed_mid_file_costs_only_that_file(hostile):
    got = _by_name(parallel.check_many([GOOD[0], hostile / "die.txt", GOOD[1]], jobs=1))
    assert got["die.txt"].report is None
    assert got["die.txt"].error == "WorkerDied"
    assert "SIGKILL" in got["die.txt"].reason and "读取进程意外终止" in got["die.txt"].reason
    assert all(got[p.name].report is not None for p in GOOD)


def test_hang_inside_a_library_call_is_killed_at_the_wall_clock(hostile, monkeypatch):
    monkeypatch.setattr(limits, "TIME_BUDGET", 1.0)
    monkeypatch.setattr(limits, "TIME_MARGIN", 0.5)
    got = _by_name(parallel.check_many([hostile / "hang.txt", *GOOD], jobs=1))  # no 600 s wait
    assert got["hang.txt"].error == "Timeout"
    assert "读取超时（1 秒）" in got["hang.txt"].reason
    assert "read timed out" in got["hang.txt"].reason
    assert all(got[p.name].report is not None for p in GOOD)


def test_allocation_over_the_memory_cap_fails_that_file(hostile):
    got = _by_name(parallel.check_many([hostile / "alloc.txt", *GOOD], jobs=1))
    assert got["alloc.txt"].error == "MemoryCap"
    assert "内存超过上限 2 GiB" in got["alloc.txt"].reason
    assert "memory cap" in got["alloc.txt"].reason
    assert all(got[p.name].report is not None for p in GOOD)


def test_worker_killed_from_outside_does_not_hang_the_run(hostile):
    """SIGKILL from another process (the OOM killer) while the worker is inside a file."""
    import threading

    pidfile = hostile / "hang.txt.pid"

    def killer():
        for _ in range(400):
            if pidfile.exists() and pidfile.read_text():
                os.kill(int(pidfile.read_text()), signal.SIGKILL)
                return
            time.sleep(0.05)

    thread = threading.Thread(target=killer)
    thread.start()
    got = _by_name(parallel.check_many([GOOD[0], hostile / "hang.txt", GOOD[1]], jobs=2))
    thread.join()
    assert got["hang.txt"].error == "WorkerDied"
    assert all(got[p.name].report is not None for p in GOOD)


def test_results_keep_input_order_over_many_workers(tmp_path):
    paths = [GOOD[i % 2] for i in range(2 * parallel.SMALL + 3)]
    got = parallel.check_many(paths, jobs=2)
    assert [c.path for c in got] == paths
    assert all(c.report is not None and c.findings is not None for c in got)


def test_read_only_keeps_the_text():
    (got,) = parallel.check_many(GOOD[:1], audit=False)
    assert got.findings is None and got.report.text


def test_govkit_read_of_a_fifo_ends(tmp_path, monkeypatch, capsys):
    """`govkit read` of a named pipe nobody writes to (open() would block for ever) ends: the
    pipe is named as not readable without being opened (a pipe the listing missed would be
    killed at the wall clock); the other file is printed."""
    from govkit.cli import main

    monkeypatch.setattr(limits, "TIME_BUDGET", 1.0)
    monkeypatch.setattr(limits, "TIME_MARGIN", 0.5)
    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    assert main(["read", str(fifo), str(GOOD[0])]) == 2
    out, err = capsys.readouterr()
    # killed at the wall clock, or (read_many) told apart before any open()
    assert ("读取超时" in err or "命名管道" in err) and str(fifo) in err
    assert "宁河区造甲城镇人民政府" in out


def test_worker_killed_while_idle_does_not_break_the_run(monkeypatch):
    """A worker the OOM killer takes between two chunks: the next send fails; the run goes on."""
    killed = []
    real_feed = parallel._Run._feed

    def feed(self):
        for w in self.workers:  # once, after the first file: the worker is idle, then killed
            if not killed and not w.todo and self.done[0] is not None:
                killed.append(w.proc.pid)
                os.kill(w.proc.pid, signal.SIGKILL)
                w.proc.join()
        real_feed(self)

    monkeypatch.setattr(parallel._Run, "_feed", feed)
    got = parallel.check_many([GOOD[0]] * 6, jobs=1)
    assert killed and len(got) == 6 and all(c.path == GOOD[0] for c in got)
    assert all(c.report is not None for c in got)  # its next file went to a fresh worker


def test_the_worker_tells_what_a_non_report_is(tmp_path):
    """Where the file was just read, not by the main process reading it again: an image is no
    report (said what it is); a report govkit cannot read is a failure (nothing said)."""
    png = tmp_path / "chart.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    got = parallel.check_many([png, empty, GOOD[0]], jobs=1)
    assert got[0].report is None and "PNG" in got[0].not_report
    assert got[1].report is None and got[1].error and got[1].not_report is None
    assert got[2].report is not None and got[2].not_report is None


def test_gc_paused_restores_the_collector():
    assert gc.isenabled()
    with parallel.gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(KeyError), parallel.gc_paused():
        raise KeyError("a failure inside the block")
    assert gc.isenabled()
    gc.disable()
    try:
        with parallel.gc_paused():
            pass
        assert not gc.isenabled()  # off before, off after: not the block's to turn on
    finally:
        gc.enable()


def _gc_state(path, meta=None):
    raise ParseError(f"gc {'on' if gc.isenabled() else 'off'}", "gc state")


def test_workers_forked_inside_gc_paused_collect_garbage(monkeypatch):
    """Reading makes reference cycles: a worker forked while the main process paused the
    collector (read_many does) turns it back on, or its memory grows with every report."""
    monkeypatch.setattr(parallel, "read_report", _gc_state)
    with parallel.gc_paused():
        (got,) = parallel.check_many(GOOD[:1], jobs=1)
    assert "gc on" in got.reason


def test_readers_default_to_the_usable_cores(monkeypatch):
    """80 files would take two readers; with one usable core the default is one."""
    started = []
    real = parallel._Run.__init__

    def spy(self, args, workers, chunk, how):
        started.append(workers)
        real(self, args, workers, chunk, how)

    monkeypatch.setattr(parallel._Run, "__init__", spy)
    monkeypatch.setattr(parallel, "usable_cores", lambda: 1)
    assert len(parallel.check_many(GOOD * 40, audit=False)) == 80
    monkeypatch.setattr(parallel, "usable_cores", lambda: 2)
    parallel.check_many(GOOD * 40, audit=False)
    assert started == [1, 2]
