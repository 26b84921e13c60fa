"""Batch speed: the notebook floor vs the agency notebook, --jobs 1 vs 2, and audit without notebooks.

Run on demand (not part of the test suite); prints figures, asserts nothing:

    .venv/bin/python benchmarks/bench_batch.py                 # small sizes: 20-report batch, 1,000 audits
    .venv/bin/python benchmarks/bench_batch.py --full          # issue sizes: 100-report batch, 10,000 audits
    .venv/bin/python benchmarks/bench_batch.py --only floor    # one part: floor | batch | audit

a. floor: `papermill.execute_notebook` (the call `govkit batch` makes) on a one-cell notebook vs on
   notebooks/agency_audit.ipynb with a bundled report, taking turns, median of --repeats each; the
   HTML export (nbconvert, as batch does it) is timed on its own. Kernel-side time per cell comes
   from papermill's own `papermill.duration` metadata, so the slow cells are named.
b. batch: `govkit batch DIR --out OUT --jobs 1 --force` vs `--jobs 2` on N replicated reports
   (the corpus and data/ copied under distinct names): wall time, notebooks per minute, ratio.
d. first: `govkit batch` on 2 distinct reports with --jobs 2, so each worker renders only its
   first page: the wall time a worker's kernel start adds (started while the reports are read,
   issue 15). Run it with and without PYTHONPATH pointing at an older checkout to compare.
c. audit: `govkit audit DIR --to xlsx OUT` on N replicated reports: wall time, peak memory (max RSS
   of the child, from getrusage), and the split read / audit / dedupe / cross-year / write printed
   by the command itself when GOVKIT_TIMINGS=1; `--audit-jobs 1,2` runs it once per --jobs value
   and prints the ratio. Targets (issue 15): 10,000 reports < 20 s on 2 cores, < 400 MB.

The machine is shared: every part prints os.getloadavg() before and after, so a figure can be
read against the load it was measured under.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

from bench_pages import load, trivial_notebook  # the same floor notebook and load line

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
CORPUS = ROOT.parent / "shared" / "corpus"
SUFFIXES = {".txt", ".md", ".html", ".htm"}  # the seeds; govkit itself reads every file
GOVKIT = [sys.executable, "-m", "govkit"]


def seeds() -> list[Path]:
    """The reports to replicate: the corpus (when present) and data/, READMEs left out."""
    files = [
        f
        for folder in (CORPUS, DATA)
        if folder.is_dir()
        for f in sorted(folder.iterdir())
        if f.suffix.lower() in SUFFIXES and not f.name.upper().startswith("README")
    ]
    return files


def replicate(folder: Path, n: int) -> Path:
    """n files cycling through the seeds, each under its own name (hard links when possible),
    and a manifest beside the folder giving each its own agency: copies of one report would
    otherwise be duplicates, counted and rendered once. Returns the manifest."""
    folder.mkdir(parents=True, exist_ok=True)
    src = seeds()
    rows = ["path,agency"]
    for i in range(n):
        s = src[i % len(src)]
        dst = folder / f"r{i:05d}_{s.stem}{s.suffix}"
        try:
            os.link(s, dst)
        except OSError:
            shutil.copyfile(s, dst)
        rows.append(f"{dst},样本机关{i:05d}")
    manifest = folder.with_name(folder.name + "_manifest.csv")
    manifest.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return manifest


# ------------------------------------------------------------------------------------- a. floor


def bench_floor(tmp: Path, repeats: int) -> None:
    import nbformat

    from govkit.run.kernels import execute, notebook_path
    from govkit.run.pages import export_html

    print(f"\n== a. notebook floor vs agency notebook ({repeats} runs each, {load()})")
    trivial = trivial_notebook(tmp)
    agency = notebook_path("agency_audit.ipynb")
    report = DATA / "2020_ninghe_zaojiachengzhen.txt"

    def run(path: Path, out: Path, params: dict, warm: bool = False) -> float:
        t = time.perf_counter()
        execute(path, out, params, tmp, warm=warm)
        return time.perf_counter() - t

    params = {"report_path": str(report), "output_dir": str(tmp / "figs")}
    run(trivial, tmp / "warm.ipynb", {})  # first kernel start pays for cold caches
    run(
        agency, tmp / "kept.ipynb", params, warm=True
    )  # starts the kept kernel, as a worker's first page
    floor, full, kept, export = [], [], [], []
    for i in range(repeats):
        floor.append(run(trivial, tmp / f"t{i}.ipynb", {}))
        full.append(run(agency, tmp / f"a{i}.ipynb", params))
        kept.append(run(agency, tmp / f"k{i}.ipynb", params, warm=True))
        t = time.perf_counter()
        export_html(tmp / f"a{i}.ipynb")
        export.append(time.perf_counter() - t)
    f, a, k, e = median(floor), median(full), median(kept), median(export)
    runs = {"floor": floor, "full": full, "kept": kept, "export": export}
    shown = {name: ", ".join(f"{x:.2f}" for x in xs) for name, xs in runs.items()}
    print(f"floor (one-cell notebook)     {f:6.2f} s   runs {shown['floor']}")
    print(f"agency_audit.ipynb, new kernel{a:6.2f} s   runs {shown['full']}")
    print(
        f"agency_audit.ipynb, kept      {k:6.2f} s   runs {shown['kept']}  (a worker's later pages)"
    )
    print(f"HTML export of the agency nb  {e:6.2f} s   runs {shown['export']}")
    print(
        f"agency (kept kernel) / floor  {k / f:6.2f} x (target <= 2): what govkit batch pays per page"
    )
    print(f"agency (new kernel) / floor   {a / f:6.2f} x: a worker's first page")
    print(f"(kept + export) / floor       {(k + e) / f:6.2f} x")
    cells = nbformat.read(tmp / f"a{repeats - 1}.ipynb", as_version=4).cells
    print("kernel-side time per code cell (papermill.duration, last run):")
    for c in cells:
        if c.cell_type == "code":
            d = c.metadata.get("papermill", {}).get("duration") or 0.0
            first = c.source.strip().splitlines()[0] if c.source.strip() else ""
            print(f"  {d:6.3f} s  {first[:70]}")
    print(load())
    from govkit.run.kernels import stop_kernel

    stop_kernel()


# ------------------------------------------------------------------------------------- b. batch


def bench_batch(tmp: Path, n: int) -> None:
    print(f"\n== b. govkit batch, {n} reports, --jobs 1 vs --jobs 2 ({os.cpu_count()} cores)")
    src = tmp / "batch_in"
    manifest = replicate(src, n)
    walls = {}
    for jobs in (1, 2):
        before = load()
        t = time.perf_counter()
        proc = subprocess.run(
            [
                *GOVKIT,
                "batch",
                str(src),
                "--out",
                str(tmp / f"out{jobs}"),
                "--jobs",
                str(jobs),
                "--force",
                "--manifest",
                str(manifest),
            ],
            capture_output=True,
            text=True,
        )
        walls[jobs] = time.perf_counter() - t
        last = (proc.stdout.strip().splitlines() or [""])[-1]
        print(
            f"--jobs {jobs}: {walls[jobs]:7.1f} s wall, {n / walls[jobs] * 60:6.1f} notebooks/min, "
            f"exit {proc.returncode} ({before} -> {load()})\n    {last}"
        )
    print(f"throughput --jobs 2 / --jobs 1: {walls[1] / walls[2]:.2f} x (target >= 1.7)")


def bench_first(tmp: Path, repeats: int) -> None:
    print(f"\n== d. first pages: govkit batch, 2 reports, --jobs 2 ({repeats} runs, {load()})")
    src = tmp / "first_in"
    manifest = replicate(src, 2)
    walls = []
    for i in range(repeats):
        t = time.perf_counter()
        subprocess.run(
            [
                *GOVKIT,
                "batch",
                str(src),
                "--out",
                str(tmp / f"first{i}"),
                "--jobs",
                "2",
                "--manifest",
                str(manifest),
            ],
            capture_output=True,
            check=False,
        )
        walls.append(time.perf_counter() - t)
    shown = ", ".join(f"{w:.1f}" for w in walls)
    print(f"wall {median(walls):6.1f} s median (runs {shown}; {load()})")


# ------------------------------------------------------------------------------------- c. audit


def bench_audit(tmp: Path, n: int, jobs: list[int | None]) -> None:
    print(f"\n== c. govkit audit DIR --to xlsx, {n} reports, no notebooks")
    src = tmp / "audit_in"
    manifest = replicate(src, n)
    walls = {}
    for j in jobs:
        walls[j] = _audit_once(tmp, src, manifest, n, j)
    if len(walls) > 1:
        first, *rest = walls
        print(
            "    "
            + ", ".join(f"--jobs {j}: {walls[first] / walls[j]:.2f}x --jobs {first}" for j in rest)
        )


def _audit_once(tmp: Path, src: Path, manifest: Path, n: int, jobs: int | None) -> float:
    out = tmp / "findings.xlsx"
    before = load()
    opts = ["--jobs", str(jobs)] if jobs else []
    print(f"-- --jobs {jobs or 'default (every core)'}")
    t = time.perf_counter()
    with open(tmp / "audit.out", "w+") as so, open(tmp / "audit.err", "w+") as se:
        proc = subprocess.Popen(
            [
                *GOVKIT,
                "audit",
                str(src),
                "--to",
                "xlsx",
                str(out),
                "--manifest",
                str(manifest),
                *opts,
            ],
            stdout=so,
            stderr=se,
            env={**os.environ, "GOVKIT_TIMINGS": "1"},
        )
        _, status, usage = os.wait4(proc.pid, 0)  # rusage of this child alone
        wall = time.perf_counter() - t
        so.seek(0), se.seek(0)
        stdout, stderr = so.read(), se.read()
    print(
        f"wall {wall:6.1f} s ({n / wall:.0f} reports/s; target < 20 s for 10,000), "
        f"exit {os.waitstatus_to_exitcode(status)}, "
        f"xlsx {out.stat().st_size / 1e6 if out.exists() else 0:.1f} MB"
    )
    print(f"peak RSS of the govkit audit process {usage.ru_maxrss / 1024:.0f} MB (target < 400 MB)")
    for line in stderr.splitlines():
        if line.startswith("timings"):
            print("    " + line)
    print(f"    {(stdout.strip().splitlines() or [''])[-1]}")
    print(f"({before} -> {load()})")
    return wall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--full", action="store_true", help="issue sizes: 100-report batch, 10,000 audits"
    )
    ap.add_argument("--only", choices=["floor", "batch", "audit", "first"], action="append")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--batch", type=int, help="reports in part b (default 20, --full 100)")
    ap.add_argument("--audit", type=int, help="reports in part c (default 1000, --full 10000)")
    ap.add_argument(
        "--audit-jobs",
        default="",
        help="part c once per value, e.g. 1,2 (default: once, --jobs not given: every core)",
    )
    args = ap.parse_args()
    parts = args.only or ["floor", "batch", "first", "audit"]
    print(
        f"{sys.version.split()[0]} · {os.cpu_count()} cores · {load()} · seeds: {len(seeds())} files"
    )
    with tempfile.TemporaryDirectory(prefix="govkit-bench-") as d:
        tmp = Path(d)
        if "floor" in parts:
            bench_floor(tmp, args.repeats)
        if "batch" in parts:
            bench_batch(tmp, args.batch or (100 if args.full else 20))
        if "first" in parts:
            bench_first(tmp, args.repeats)
        if "audit" in parts:
            jobs = [int(j) for j in args.audit_jobs.split(",") if j] or [None]
            bench_audit(tmp, args.audit or (10_000 if args.full else 1_000), jobs)


if __name__ == "__main__":
    main()
