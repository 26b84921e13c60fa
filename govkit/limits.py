"""Resource limits for untrusted input: how long one report may take, how many rows it may have,
and how much memory the process reading it may use.

The size limit (`govkit.io.MAX_BYTES`, `max_bytes=`) caps memory up front; these cap what a file
of allowed size can still cost. A report that hits one fails with an InputError naming the limit
and how to raise it, never with a hang or an exhausted machine:

- TIME_BUDGET: seconds per report for reading and matching (`read_report(..., time_budget=)`).
  Checked between steps of the readers' and the matcher's loops and inside the digit-run
  segmenter, so one report cannot stall a batch. A real report takes well under a second.
- MAX_ROWS: rows (lines, table rows) one document may have, and cells one row may have. A real
  report has a few hundred; a file of millions of rows is not a report and would cost gigabytes
  as cells.
- Preemptive limits (govkit.parallel): in `govkit audit`, `govkit batch` and `govkit read` every
  file is read in a worker process that is killed when it runs TIME_MARGIN seconds past
  TIME_BUDGET, and whose address space may grow by at most MEMORY_CAP bytes (RLIMIT_AS) — so even
  a hang or an allocation inside a library call ends, and the file is listed as failed.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from govkit.errors import InputError

TIME_BUDGET = 60.0
TIME_MARGIN = 10.0  # a worker still busy TIME_BUDGET + TIME_MARGIN seconds into a file is killed
MAX_ROWS = 500_000
MEMORY_CAP = 2 * 2**30  # bytes a reading worker's address space may grow by (0: no cap)

# (monotonic end, budget in seconds, source) of the report being read in this context, if any
_DEADLINE: ContextVar[tuple[float, float, str] | None] = ContextVar("govkit_deadline", default=None)


@contextmanager
def time_budget(seconds: float | None, source: str = "") -> Iterator[None]:
    """Run a report's reading under a deadline (None: TIME_BUDGET; 0 or less: no deadline)."""
    seconds = TIME_BUDGET if seconds is None else seconds
    token = _DEADLINE.set((time.monotonic() + seconds, seconds, source) if seconds > 0 else None)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def check_time(where: str = "") -> None:
    """Raise InputError when the current report's time budget is spent (cheap; call in loops)."""
    deadline = _DEADLINE.get()
    if deadline is None or time.monotonic() <= deadline[0]:
        return
    _, seconds, source = deadline
    raise InputError(
        f"读取超时：超过每份报告 {seconds:g} 秒的时间上限"
        "（可用 read_report(..., time_budget=秒数) 或 govkit.limits.TIME_BUDGET 调高）",
        f"time budget of {seconds:g} s per report exceeded "
        "(raise it with read_report(..., time_budget=seconds) or govkit.limits.TIME_BUDGET)",
        source=source,
        where=where,
    )


def check_rows(n: int, source: str = "") -> None:
    """Raise InputError when a document has more rows than MAX_ROWS."""
    if n <= MAX_ROWS:
        return
    raise InputError(
        f"文件超过 {MAX_ROWS:,} 行的上限，不像一份年度报告（可用 govkit.limits.MAX_ROWS 调高）",
        f"more than {MAX_ROWS:,} rows, not an annual report (raise govkit.limits.MAX_ROWS)",
        source=source,
    )


def gib(n: int) -> str:
    """Bytes as the GiB figure the messages and README use ('2 GiB')."""
    return f"{n / 2**30:g} GiB"
