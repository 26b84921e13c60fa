"""Work over many reports on every core: read + audit in worker processes, results in input order.

Workers ignore SIGINT, so Ctrl-C reaches only the main process, which terminates them at once: no
traceback from every worker, and no worker left finishing a notebook nobody will record. A file
that cannot be read, or that trips a bug, is returned with its reason; it never stops the run.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sys
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from multiprocessing.pool import Pool
from pathlib import Path

import pandas as pd

from govkit.errors import GovkitError
from govkit.report import Report, read_report

SMALL = 40
"""Fewer files than this are read in-process: starting workers would cost more than it saves."""


@dataclass
class Checked:
    """One input after reading and auditing: the report and its findings, or why it failed."""

    path: Path
    report: Report | None = None  # text dropped: only meta and cells travel back from a worker
    findings: pd.DataFrame | None = None
    error: str = ""  # exception class name when it failed
    reason: str = ""
    stage: str = ""  # where it failed: read | audit
    read_s: float = 0.0
    audit_s: float = 0.0


def check(path: Path, meta: Mapping[str, object] | None = None) -> Checked:
    """Read and audit one file; any failure becomes a reason, never an exception."""
    t0 = time.perf_counter()
    try:
        rep = read_report(path, meta=meta)
    except Exception as exc:
        return _failed(path, exc, "read")
    t1 = time.perf_counter()
    try:
        found = rep.audit()
    except Exception as exc:
        return _failed(path, exc, "audit")
    t2 = time.perf_counter()
    return Checked(path, replace(rep, text=""), found, read_s=t1 - t0, audit_s=t2 - t1)


def _failed(path: Path, exc: Exception, stage: str) -> Checked:
    if isinstance(exc, GovkitError):
        reason = str(exc)
    elif isinstance(exc, OSError):
        reason = f"无法读取 / cannot read: {exc}"
    else:  # a bug on one file must not cost the other 9,999: it is listed with its reason
        reason = f"内部错误 / internal error: {exc!r}"
    return Checked(path, error=type(exc).__name__, reason=reason, stage=stage)


def _check_star(args: tuple[Path, Mapping[str, object] | None]) -> Checked:
    return check(*args)


def check_many(
    paths: Iterable[Path],
    *,
    overrides: Mapping[Path, Mapping[str, object]] | None = None,
    jobs: int | None = None,
) -> list[Checked]:
    """`check` every path, in order, on `jobs` processes (default: every core)."""
    over = overrides or {}
    args = [(p, over.get(p.resolve())) for p in paths]
    workers = min(jobs or os.cpu_count() or 1, max(1, len(args) // SMALL))
    if workers <= 1:
        return [check(*a) for a in args]
    chunk = max(1, min(64, len(args) // (workers * 8)))
    with worker_pool(workers) as pool:
        return list(pool.imap(_check_star, args, chunksize=chunk))


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def worker_pool(workers: int) -> Iterator[Pool]:
    """A process pool whose workers ignore Ctrl-C and are killed if the caller is interrupted."""
    ctx = mp.get_context("fork" if sys.platform.startswith("linux") else None)
    pool = ctx.Pool(workers, initializer=_ignore_sigint)
    try:
        yield pool
    except BaseException:
        pool.terminate()
        pool.join()
        raise
    pool.close()
    pool.join()
