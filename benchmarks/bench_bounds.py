"""The hard bounds on hostile input, measured: each file of fuzz/hostile/make.py, read two ways.

Run on demand (not part of the test suite); prints a table, asserts nothing:

    .venv/bin/python benchmarks/bench_bounds.py [--out DIR] [--only NAME ...] [--timeout 120]

- isolated: `govkit.parallel.check_many([file])`, as `govkit audit` / `batch` / `read` read every
  file: a worker process with a wall clock of TIME_BUDGET + TIME_MARGIN and an address-space cap
  of MEMORY_CAP. Peak RSS is the largest process of the run (the worker, or the parent).
- in-process: `govkit.read_report(file)` called directly (the library function): only the
  readers' own limits apply. The bench kills it at --timeout seconds.

Each reading runs in a fresh Python process; seconds are wall time of the whole call, peak RSS
is the larger of that process's VmHWM and its workers' ru_maxrss (Linux). The files are generated once into --out (default fuzz/hostile/out, git-ignored).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from fuzz.hostile import make  # noqa: E402

PROBE = r"""
import json, resource, sys, time
from pathlib import Path
mode, path = sys.argv[1], Path(sys.argv[2])
t = time.perf_counter()
if mode == "isolated":
    from govkit.parallel import check_many
    (c,) = check_many([path], jobs=1)
    outcome = "read" if c.report is not None else f"{c.error}: {c.reason}"
else:
    import govkit
    try:
        govkit.read_report(path)
        outcome = "read"
    except Exception as exc:
        outcome = f"{type(exc).__name__}: {exc}"
secs = time.perf_counter() - t
# VmHWM, not ru_maxrss: the latter keeps the size of the bench process this one was forked from
hwm = next(int(x.split()[1]) for x in open("/proc/self/status") if x.startswith("VmHWM"))
worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"outcome": outcome, "s": secs, "rss": max(hwm, worker) / 1024}))
"""


def measure(mode: str, path: Path, timeout: float) -> dict:
    t = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-c", PROBE, mode, str(path)],
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, "PYTHONWARNINGS": "ignore"},
        )
    except subprocess.TimeoutExpired:
        return {"outcome": f"still running at {timeout:g} s: killed by the bench", "s": None}
    if done.returncode != 0 or not done.stdout.strip():
        tail = (done.stderr.strip().splitlines() or ["?"])[-1]
        return {"outcome": f"crashed ({done.returncode}): {tail}", "s": time.perf_counter() - t}
    return json.loads(done.stdout.strip().splitlines()[-1])


def short(outcome: str) -> str:
    """The Chinese half of a bilingual message, trimmed for the table."""
    head = outcome.split(" / ")[0]
    return head if len(head) <= 70 else head[:69] + "…"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=ROOT / "fuzz" / "hostile" / "out")
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument("--modes", nargs="*", default=["isolated", "in-process"])
    args = ap.parse_args()
    from govkit import limits

    print(
        f"TIME_BUDGET {limits.TIME_BUDGET:g} s + TIME_MARGIN {limits.TIME_MARGIN:g} s, "
        f"MEMORY_CAP {limits.gib(limits.MEMORY_CAP)}; fresh process per reading"
    )
    print("| file | size | mode | outcome | seconds | peak RSS MB |")
    print("|---|---|---|---|---|---|")
    for path in make.make(args.out, args.only):
        size = path.stat().st_size if path.is_file() else 0
        for mode in args.modes:
            got = measure(mode, path, args.timeout)
            secs = "—" if got.get("s") is None else f"{got['s']:.1f}"
            rss = "—" if got.get("rss") is None else f"{got['rss']:.0f}"
            print(f"| {path.name} | {size:,} | {mode} | {short(got['outcome'])} | {secs} | {rss} |")


if __name__ == "__main__":
    main()
