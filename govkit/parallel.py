"""Work over many reports on every core: read + audit in worker processes, results in input order.

Every file is read in a worker process, never in the caller's, because a report is untrusted input
and the time budget (govkit.limits) is only checked between steps: a hang or a huge allocation
inside a library call would otherwise stall or exhaust the whole run. Each worker's address space
may grow by at most limits.MEMORY_CAP (RLIMIT_AS), and a worker still busy on one file
TIME_BUDGET + TIME_MARGIN seconds after it began it is killed. A worker that is killed or dies
(the OOM killer, a crash in a C library) costs only the file it was reading: that file is listed
as failed with the reason, the rest of its share goes to a fresh worker, and the run goes on. The
main process waits on the workers' pipes with a timeout, so a dead worker can never hang it.

Workers ignore SIGINT, so Ctrl-C reaches only the main process, which kills them at once: no
traceback from every worker, and no worker left finishing a notebook nobody will record.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection, wait
from multiprocessing.pool import Pool
from pathlib import Path

import pandas as pd

from govkit import limits
from govkit.across.copied import narrative
from govkit.cores import usable_cores
from govkit.errors import GovkitError
from govkit.read.dedupe import Numbers
from govkit.read.inputs import not_report, resolve_all
from govkit.report import Report, read_report

SMALL = 40
"""Fewer files than this per extra worker: starting more workers would cost more than it saves."""


@dataclass
class Checked:
    """One input after reading and auditing: the report and its findings, or why it failed."""

    path: Path
    # audited: text dropped (the narrative travels instead); Numbers when only those were asked for
    report: Report | Numbers | None = None
    findings: pd.DataFrame | dict[str, list] | None = None
    narrative: dict[str, str] | None = None  # sections 一/五/六, for copied-text detection
    error: str = ""  # exception class name when it failed (Timeout / MemoryCap / WorkerDied too)
    reason: str = ""
    not_report: str | None = None  # a reading error on a file that is no report: what it is
    stage: str = ""  # where it failed: read | audit
    read_s: float = 0.0
    audit_s: float = 0.0


def check(
    path: Path,
    meta: Mapping[str, object] | None = None,
    *,
    audit: bool = True,
    numbers: bool = False,
) -> Checked:
    """Read (and audit) one file in this process; any failure becomes a reason, never an exception.

    numbers=True returns the report's Numbers instead of the Report, its findings as a dict of
    column lists (a DataFrame costs ~1 ms to unpickle) and no narrative: what `govkit audit`
    keeps of each of 10,000 reports (govkit.run.many stacks the columns)."""
    t0 = time.perf_counter()
    try:
        rep = read_report(path, meta=meta)
    except Exception as exc:
        return _failed(path, exc, "read")
    t1 = time.perf_counter()
    if not audit:
        return Checked(path, rep, read_s=t1 - t0)
    try:
        found = rep.audit()
    except Exception as exc:
        return _failed(path, exc, "audit")
    t2 = time.perf_counter()
    if numbers:  # the columns' own arrays (as govkit.frames.text_columns): a Series each, 5x more
        arrays = (found._get_column_array(i).tolist() for i in range(found.shape[1]))
        columns = dict(zip(found.columns, arrays, strict=True))
        return Checked(path, Numbers.of(rep), columns, read_s=t1 - t0, audit_s=t2 - t1)
    return Checked(
        path, replace(rep, text=""), found, narrative(rep), read_s=t1 - t0, audit_s=t2 - t1
    )


def _failed(path: Path, exc: Exception, stage: str) -> Checked:
    if isinstance(exc, GovkitError):
        # told here, where the file was just read, rather than re-read by the main process
        what = not_report(path) if stage == "read" else None
        return Checked(
            path, error=type(exc).__name__, reason=str(exc), stage=stage, not_report=what
        )
    elif isinstance(exc, MemoryError):
        return Checked(path, error="MemoryCap", reason=_memory_reason(path), stage=stage)
    elif isinstance(exc, OSError):  # EIO, a file removed meanwhile
        reason = f"无法读取 / cannot read: {exc.strerror or exc}（{path}）"
    else:  # a bug on one file must not cost the other 9,999: it is listed with its reason
        reason = f"内部错误 / internal error: {exc!r}"
    return Checked(path, error=type(exc).__name__, reason=reason, stage=stage)


def _memory_reason(path: Path) -> str:
    cap = limits.gib(limits.MEMORY_CAP)
    return (
        f"内存超过上限 {cap}（可用 govkit.limits.MEMORY_CAP 调高）"
        f" / memory cap of {cap} exceeded (raise govkit.limits.MEMORY_CAP)（{path}）"
    )


def _timeout_reason(seconds: float, path: Path) -> str:
    return (
        f"读取超时（{seconds:g} 秒），读取进程已被终止（可用 govkit.limits.TIME_BUDGET 调高）"
        f" / read timed out ({seconds:g} s): the reading process was killed "
        f"(raise govkit.limits.TIME_BUDGET)（{path}）"
    )


def _died_reason(exitcode: int | None, path: Path) -> str:
    sig = -exitcode if exitcode is not None and exitcode < 0 else None
    how = signal.Signals(sig).name if sig in signal.valid_signals() else f"exit code {exitcode}"
    cap = limits.gib(limits.MEMORY_CAP)
    return (
        f"读取进程意外终止（{how}；可能是内存不足或超过内存上限 {cap}）"
        f" / the reading process died ({how}; out of memory or over the memory cap of {cap}?)"
        f"（{path}）"
    )


def check_many(
    paths: Iterable[Path],
    *,
    overrides: Mapping[Path, Mapping[str, object]] | None = None,
    jobs: int | None = None,
    audit: bool = True,
    numbers: bool = False,
) -> list[Checked]:
    """`check` every path, in order, in killable worker processes (`jobs`, default usable_cores()).

    audit=False only reads (the Report keeps its text), for `govkit read`; numbers: see `check`.
    """
    over = overrides or {}
    paths = list(paths)
    metas = [over.get(r) for r in resolve_all(paths)] if over else [None] * len(paths)
    args = list(zip(paths, metas, strict=True))
    if not args:
        return []
    workers = min(jobs or usable_cores(), max(1, len(args) // SMALL))
    chunk = max(1, min(64, len(args) // (workers * 8)))
    return _Run(args, workers, chunk, {"audit": audit, "numbers": numbers}).results()


@dataclass
class _Worker:
    proc: mp.process.BaseProcess
    conn: Connection
    todo: deque[int] = field(default_factory=deque)  # indices sent, not yet answered
    since: float = 0.0  # monotonic time the current file began (the last answer or dispatch)


class _Run:
    """One check_many run: a few workers, each fed a chunk of files at a time."""

    def __init__(self, args: list, workers: int, chunk: int, how: dict[str, bool]) -> None:
        self.args, self.chunk, self.how = args, chunk, how
        self.queue = deque(range(len(args)))
        self.done: list[Checked | None] = [None] * len(args)
        self.ctx = mp.get_context("fork" if sys.platform.startswith("linux") else None)
        self.workers: list[_Worker] = []
        self.size = workers
        self.idle_deaths = 0
        budget = limits.TIME_BUDGET
        self.budget = budget
        self.wall = budget + limits.TIME_MARGIN if budget > 0 else None

    def results(self) -> list[Checked]:
        try:
            while self.queue or any(w.todo for w in self.workers):
                self._feed()
                if any(w.todo for w in self.workers):
                    self._step()
        except BaseException:  # Ctrl-C or a bug here: no worker outlives the run
            for w in self.workers:
                _kill(w)
            raise
        self._stop()
        return self.done  # type: ignore[return-value]  # every index was answered or failed

    def _feed(self) -> None:
        while self.queue and len(self.workers) < min(self.size, len(self.queue)):
            self._spawn()
        for w in list(self.workers):
            if not w.todo and self.queue:
                # shorter chunks as the queue runs out, so no worker is left alone at the end
                # with a full chunk while the others wait (64 files are ~0.2 s)
                size = min(self.chunk, max(1, len(self.queue) // (4 * self.size)))
                take = [self.queue.popleft() for _ in range(size)]
                w.todo.extend(take)
                w.since = time.monotonic()
                try:
                    w.conn.send([(i, *self.args[i]) for i in take])
                except OSError:  # it died while idle (the OOM killer): its files go elsewhere
                    self._idle_death(w)

    def _spawn(self) -> None:
        here, there = self.ctx.Pipe()
        others = [w.conn for w in self.workers]
        proc = self.ctx.Process(
            target=_serve, args=(there, others, self.how, limits.MEMORY_CAP), daemon=True
        )
        proc.start()
        there.close()  # only the worker holds its end: its death is EOF here
        self.workers.append(_Worker(proc, here))

    def _step(self) -> None:
        busy = [w for w in self.workers if w.todo]
        timeout = None
        if self.wall is not None:
            timeout = max(0.0, min(w.since for w in busy) + self.wall - time.monotonic())
        ready = set(wait([w.conn for w in busy], timeout))
        now = time.monotonic()
        for w in busy:
            if w.conn in ready:
                self._receive(w)
            elif self.wall is not None and now - w.since > self.wall:
                self._lose(w, "Timeout", lambda p: _timeout_reason(self.budget, p))

    def _receive(self, w: _Worker) -> None:
        try:
            i, got = w.conn.recv()
        except (EOFError, OSError):
            w.proc.join(5)
            self._lose(w, "WorkerDied", lambda p: _died_reason(w.proc.exitcode, p))
            return
        self.done[i] = got
        self.idle_deaths = 0
        w.todo.remove(i)
        w.since = time.monotonic()

    def _idle_death(self, w: _Worker) -> None:
        w.proc.join(5)
        self.idle_deaths += 1
        if self.idle_deaths > 3:  # workers keep dying before reading: charge a file, so runs end
            self._lose(w, "WorkerDied", lambda p: _died_reason(w.proc.exitcode, p))
            return
        _kill(w)
        self.workers.remove(w)
        self.queue.extendleft(reversed(w.todo))

    def _lose(self, w: _Worker, error: str, reason: Callable[[Path], str]) -> None:
        """The worker is dead or stuck: its current file failed, the rest go back to the queue."""
        _kill(w)
        self.workers.remove(w)
        if w.todo:
            i = w.todo.popleft()
            path = self.args[i][0]
            self.done[i] = Checked(path, error=error, reason=reason(path), stage="read")
            self.queue.extendleft(reversed(w.todo))

    def _stop(self) -> None:
        for w in self.workers:
            with suppress(OSError):
                w.conn.send(None)
        deadline = time.monotonic() + 5
        for w in self.workers:
            w.proc.join(max(0.0, deadline - time.monotonic()))
            _kill(w)


def _kill(w: _Worker) -> None:
    if w.proc.is_alive():
        with suppress(OSError):
            w.proc.kill()
        w.proc.join()
    w.conn.close()


def _serve(conn: Connection, others: list[Connection], how: dict[str, bool], cap: int) -> None:
    """A worker: answer each file of each chunk as it is done, until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for c in others:  # the other workers' pipes, inherited by fork: not ours to hold open
        c.close()
    _limit_memory(cap)
    gc.freeze()  # what fork inherited (pandas, govkit: ~200k objects) is never garbage: not walked
    gc.enable()  # forked while the main process paused it (gc_paused): reading makes cycles
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        for i, path, meta in job:
            got = check(path, meta, **how)
            try:
                conn.send((i, got))
            except Exception as exc:  # a result that cannot be sent back (MemoryError, pickling)
                conn.send((i, _failed(path, exc, "read")))


def _limit_memory(cap: int) -> None:
    """Let this process's address space grow by at most `cap` bytes (Linux; elsewhere no cap)."""
    if cap <= 0 or not sys.platform.startswith("linux"):
        return
    import resource

    with open("/proc/self/statm") as f:
        now = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    resource.setrlimit(resource.RLIMIT_AS, (now + cap, now + cap))


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection in the block, one at its end if it was on.

    A run keeps every report's result (~10 objects each) in this process, and each automatic
    collection of the oldest generation walks all of them: over 10,000 reports the collections
    triggered while results arrive and are stacked cost more than the unpickling itself (~0.5 s).
    Results hold no reference cycles, so nothing is kept longer than the block."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _init_pool_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.enable()  # a worker the pool forks anew may be forked inside gc_paused


@contextmanager
def worker_pool(workers: int) -> Iterator[Pool]:
    """A process pool whose workers ignore Ctrl-C and are killed if the caller is interrupted."""
    ctx = mp.get_context("fork" if sys.platform.startswith("linux") else None)
    pool = ctx.Pool(workers, initializer=_init_pool_worker)
    try:
        yield pool
    except BaseException:
        pool.terminate()
        pool.join()
        raise
    pool.close()
    pool.join()
