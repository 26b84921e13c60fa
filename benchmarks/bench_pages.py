"""Per-agency page speed and weight (issue 15): what `govkit batch` pays per page, and its bytes.

    .venv/bin/python benchmarks/bench_pages.py                  # speed: floor, page, first page, jobs 1 vs 2
    .venv/bin/python benchmarks/bench_pages.py --repeats 5 --reports 20 --rounds 2
    .venv/bin/python benchmarks/bench_pages.py --weight         # bytes: seed and two corpus reports
    .venv/bin/python benchmarks/bench_pages.py --weight data/2023_pingtan.txt

Speed (default), one run, every figure against os.getloadavg() before and after:

1. floor: papermill on a one-cell notebook (`1 + 1`) in a new python3 kernel started as govkit
   starts its kernels (IPC sockets, no history) but importing nothing: the least any notebook costs.
2. page: notebooks/agency_audit.ipynb on the seed report, as a batch worker renders a later page:
   `run_notebook(..., warm=True)` on this process's kept kernel, from the results the batch wrote
   (out/<page>/report/), HTML export included.
3. first: a worker's first page with no reading to overlap its kernel start: a kernel started as a
   page worker starts it, then at once the page (the worst case; in a batch the kernel starts while
   the reports are read and audited).
   The three take turns, --repeats times. Each is timed three ways: wall seconds; CPU seconds (this
   process's plus the kernel's, from /proc: what the page costs whatever the load); kernel-side
   seconds (papermill's per-cell `duration` metadata, summed). On a loaded machine compare CPU.
4. jobs: `govkit batch` on --reports replicated reports (distinct agencies), --jobs 1 vs --jobs 2,
   in ABBA order for --rounds rounds: whole wall time and the pages phase (the batch's `_render`),
   and CPU seconds of the whole process tree (os.wait4).

Weight (--weight): each report's agency notebook is executed once; the one executed notebook is
exported two ways, side by side:

- before: nbconvert's "lab" template (its ~260 KB of CSS) with the charts as matplotlib's RGBA PNG
  at 110 dpi (what the notebook displayed until now);
- after: what `export_html` writes now (the "basic" template inside govkit.present.pages' stylesheet) with
  the palette PNG charts (`charts.save_png`).

Each chart is also measured as RGBA PNG, palette PNG and SVG with the glyphs as paths (SVG text
would need the Chinese font on the reader's machine). Prints figures; nothing is asserted.
"""

from __future__ import annotations

import argparse
import base64
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = [
    ROOT / "data" / "2020_ninghe_zaojiachengzhen.txt",
    ROOT.parent / "shared" / "corpus" / "2024_huaian_shizhengfu.pdf",
    ROOT.parent / "shared" / "corpus" / "2019_pingtan.txt",
]
CHARTS = ("active", "outcomes", "applicants", "review_litigation")


def _kb(n: int) -> str:
    return f"{n / 1024:,.0f} KB"


def _parts(page: str) -> tuple[int, int]:
    """Bytes of <style> text and of base64 images in a page."""
    css = sum(len(s.encode()) for s in re.findall(r"<style[^>]*>(.*?)</style>", page, re.S))
    png = sum(len(s) for s in re.findall(r"data:image/png;base64,([A-Za-z0-9+/=]+)", page))
    return css, png


def _rgba_notebook(nb, folder: Path):
    """The executed notebook with each chart image replaced by matplotlib's RGBA PNG."""
    import copy

    import govkit
    from govkit.present import charts

    report = govkit.read_report(nb.metadata["govkit_source"])
    draw = {
        "active": charts.active_chart,
        "outcomes": charts.outcome_chart,
        "applicants": charts.applicant_chart,
        "review_litigation": charts.review_litigation_chart,
    }
    pngs = []
    for name in CHARTS:
        ax = draw[name](report)
        buf = io.BytesIO()
        ax.figure.savefig(buf, format="png", dpi=110)
        pngs.append(base64.b64encode(buf.getvalue()).decode())
    old = copy.deepcopy(nb)
    i = 0
    for cell in old.cells:
        for out in cell.get("outputs", []):
            if "image/png" in out.get("data", {}):
                out["data"]["image/png"] = pngs[i]
                i += 1
    return old


def measure(source: Path) -> None:
    import matplotlib.pyplot as plt
    import nbformat
    from nbconvert import HTMLExporter

    import govkit
    from govkit.present import charts
    from govkit.run.kernels import notebook_path
    from govkit.run.pages import run_notebook

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        ipynb = out / "page.ipynb"
        params = {"report_path": str(source), "output_dir": str(out / "page")}
        run_notebook(notebook_path("agency_audit.ipynb"), ipynb, params, out)
        after = ipynb.with_suffix(".html").read_text(encoding="utf-8")
        nb = nbformat.read(ipynb, as_version=4)
        nb.metadata["govkit_source"] = str(source)
        lab = HTMLExporter(
            template_name="lab",
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
        )
        before, _ = lab.from_notebook_node(_rgba_notebook(nb, out))
        print(f"\n{source.name}")
        print(f"  {'page':<8}{'total':>10}{'CSS':>10}{'charts':>10}{'rest':>10}")
        for label, page in (("before", before), ("after", after)):
            total = len(page.encode())
            css, png = _parts(page)
            print(
                f"  {label:<8}{_kb(total):>10}{_kb(css):>10}{_kb(png):>10}{_kb(total - css - png):>10}"
            )
        report = govkit.read_report(source)
        draw = {
            "active": charts.active_chart,
            "outcomes": charts.outcome_chart,
            "applicants": charts.applicant_chart,
            "review_litigation": charts.review_litigation_chart,
        }
        print(f"  {'chart':<20}{'RGBA PNG':>10}{'palette':>10}{'SVG paths':>11}")
        for name in CHARTS:
            ax = draw[name](report)
            rgba, svg = io.BytesIO(), io.BytesIO()
            ax.figure.savefig(rgba, format="png", dpi=110)
            ax.figure.savefig(svg, format="svg")  # matplotlib's default: glyphs as paths
            pal = charts.save_png(ax.figure, out / f"{name}.png").stat().st_size
            plt.close(ax.figure)
            print(
                f"  {name:<20}{_kb(len(rgba.getvalue())):>10}{_kb(pal):>10}{_kb(len(svg.getvalue())):>11}"
            )


# ------------------------------------------------------------------------------------------ speed

SEED = ROOT / "data" / "2020_ninghe_zaojiachengzhen.txt"
TICK = os.sysconf("SC_CLK_TCK")


def load() -> str:
    return "load {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def trivial_notebook(folder: Path) -> Path:
    """The floor's notebook: one cell, `1 + 1`, for the python3 kernel (also bench_batch.py's)."""
    import nbformat

    path = folder / "trivial.ipynb"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, path)
    return path


def _kernel_cpu(km) -> float:
    """CPU seconds the kernel process has used so far (user + system, from /proc)."""
    with open(f"/proc/{km.provisioner.process.pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def _kernel_side(ipynb: Path) -> float:
    """Seconds the kernel spent in the notebook's cells (papermill's `duration` metadata)."""
    import nbformat

    nb = nbformat.read(ipynb, as_version=4)
    return sum(c.metadata.get("papermill", {}).get("duration") or 0.0 for c in nb.cells)


class Timed:
    """Wall, CPU (this process + one kernel) and kernel-side seconds of each run of one contender."""

    def __init__(self, name: str) -> None:
        self.name, self.wall, self.cpu, self.side = name, [], [], []

    def add(self, wall: float, cpu: float, side: float) -> None:
        self.wall.append(wall)
        self.cpu.append(cpu)
        self.side.append(side)

    def row(self, floor: Timed | None = None) -> str:
        w, c, k = median(self.wall), median(self.cpu), median(self.side)
        text = f"  {self.name:<34}{w:7.2f}{c:7.2f}{k:7.2f}"
        if floor is not None:
            fw, fc = median(floor.wall), median(floor.cpu)
            text += f"{w / fw:8.2f}x{c / fc:7.2f}x"
        return text + "   wall runs " + ", ".join(f"{x:.2f}" for x in self.wall)


def _results_for(source: Path, tmp: Path) -> Path:
    """The results folder `govkit batch` writes for one report (what a page loads); the exit
    code says whether the report has errors, so it is not checked."""
    out = tmp / "one"
    subprocess.run(
        [sys.executable, "-m", "govkit", "batch", str(source), "--out", str(out), "--force"],
        capture_output=True,
    )
    return next(out.glob("*/report/meta.json")).parent


def _plain_kernel(kernels, tmp: Path):
    """A kernel started as govkit starts its page kernels, importing nothing."""
    try:
        return kernels.start_kernel(tmp, preload=False)
    except TypeError:  # an older govkit (PYTHONPATH=<old checkout>): its kernels always preload
        saved = kernels.KERNEL_ARGS[:]
        kernels.KERNEL_ARGS[:] = [a for a in saved if "exec_lines" not in a]
        try:
            return kernels.start_kernel(tmp)
        finally:
            kernels.KERNEL_ARGS[:] = saved


def bench_speed_pages(tmp: Path, repeats: int) -> None:
    import nbformat

    from govkit.run import kernels
    from govkit.run.pages import run_notebook

    trivial = trivial_notebook(tmp)
    agency = kernels.notebook_path("agency_audit.ipynb")
    results = _results_for(SEED, tmp)
    params = {"results_dir": str(results), "output_dir": str(tmp / "figs")}

    def floor(i: int) -> tuple[float, float, float]:
        import papermill as pm

        t, c = time.perf_counter(), time.process_time()
        km = _plain_kernel(kernels, tmp)
        try:
            pm.execute_notebook(
                str(trivial),
                str(tmp / f"t{i}.ipynb"),
                kernel_name="python3",
                progress_bar=False,
                cwd=str(tmp),
                km=km,
            )
            k = _kernel_cpu(km)
        finally:
            km.close_clients()
            km.shutdown_kernel(now=True)
            km.remove_sockets()
        return (
            time.perf_counter() - t,
            time.process_time() - c + k,
            _kernel_side(tmp / f"t{i}.ipynb"),
        )

    def page(i: int, first: bool) -> tuple[float, float, float]:
        out = tmp / f"{'f' if first else 'k'}{i}.ipynb"
        t, c = time.perf_counter(), time.process_time()
        if first:  # as a page worker starts: a new kernel, then its first page at once
            kernels.stop_kernel()
            kernels._KERNEL[:] = [kernels.start_kernel(tmp)]
            k0 = 0.0
        else:
            k0 = _kernel_cpu(kernels._KERNEL[0])
        run_notebook(agency, out, params, tmp, warm=True)
        k = _kernel_cpu(kernels._KERNEL[0]) - k0
        return time.perf_counter() - t, time.process_time() - c + k, _kernel_side(out)

    print(f"\n== pages: floor, page (kept kernel), first page; {repeats} turns ({load()})")
    floor(-1), page(-1, True), page(-2, False)  # warm caches: files, fonts, bytecode
    f, k, n = (
        Timed("floor: one-cell notebook"),
        Timed("page: kept kernel (+ HTML)"),
        Timed("first page: new kernel (+ HTML)"),
    )
    for i in range(repeats):
        f.add(*floor(i))
        n.add(*page(i, True))
        k.add(*page(i, False))
    kernels.stop_kernel()
    print(
        f"  {'':<34}{'wall':>7}{'CPU':>7}{'kernel':>7}{'x wall':>9}{'x CPU':>8}   (seconds, medians)"
    )
    print(f.row())
    print(k.row(f) + "   target <= 1.5x")
    print(n.row(f) + "   target <= 2.5x")
    cells = nbformat.read(tmp / f"k{repeats - 1}.ipynb", as_version=4).cells
    print("  kernel-side seconds per code cell, last kept-kernel page:")
    for c in cells:
        if c.cell_type == "code":
            d = c.metadata.get("papermill", {}).get("duration") or 0.0
            first = c.source.strip().splitlines()[0] if c.source.strip() else ""
            print(f"    {d:6.3f}  {first[:70]}")
    print(f"  ({load()})")


_DRIVER = """
import json, os, sys, time
from govkit.run import batch
spent, LOG = {}, os.environ["BENCH_PAGES_LOG"]
def timed(name, f):
    def wrap(*a, **k):
        t = time.perf_counter()
        try:
            return f(*a, **k)
        finally:
            spent[name] = spent.get(name, 0.0) + time.perf_counter() - t
    return wrap
def render_one(args, _render_one=batch._render_one):  # in the (forked) page workers
    t = time.perf_counter()
    try:
        return _render_one(args)
    finally:
        with open(LOG, "a") as fh:
            fh.write(f"{os.getpid()} {t} {time.perf_counter() - t}\\n")
batch._render_one = render_one
batch._render = timed("pages", batch._render)
batch._overview = timed("overview", batch._overview)
from govkit.cli import main
t = time.perf_counter()
code = main(sys.argv[1:])
spent["total"] = time.perf_counter() - t
print("BENCH " + json.dumps(spent))
sys.exit(code)
"""


def _page_times(log: Path) -> tuple[list[float], list[float]]:
    """Wall seconds of each worker's first page and of all later pages, from the driver's log."""
    rows = sorted((float(t), int(pid), float(d)) for pid, t, d in map(str.split, log.open()))
    seen: set[int] = set()
    first, later = [], []
    for _, pid, d in rows:
        (later if pid in seen else first).append(d)
        seen.add(pid)
    return first, later


def bench_jobs(tmp: Path, n: int, rounds: int) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_batch import replicate

    src = tmp / "jobs_in"
    manifest = replicate(src, n)
    print(f"\n== jobs: govkit batch, {n} reports, --jobs 1 vs --jobs 2, ABBA x {rounds} ({load()})")
    runs: dict[int, list[dict]] = {1: [], 2: []}
    order = [j for r in range(rounds) for j in ((1, 2) if r % 2 == 0 else (2, 1))]
    for i, jobs in enumerate(order):
        before = load()
        out, log = tmp / f"jobs{i}", tmp / f"jobs{i}.log"
        t = time.perf_counter()
        proc = subprocess.Popen(
            [
                sys.executable,
                "-c",
                _DRIVER,
                "batch",
                str(src),
                "--out",
                str(out),
                "--jobs",
                str(jobs),
                "--force",
                "--manifest",
                str(manifest),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env={**os.environ, "BENCH_PAGES_LOG": str(log)},
        )
        stdout = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        spent = next((json.loads(x[6:]) for x in stdout.splitlines() if x.startswith("BENCH ")), {})
        pages = len(list(out.glob("*.html"))) - 2  # less index.html and overview.html
        cpu = usage.ru_utime + usage.ru_stime
        first, later = _page_times(log)
        runs[jobs].append({"wall": wall, "pages_s": spent.get("pages", float("nan")), "cpu": cpu})
        print(
            f"  --jobs {jobs}: {wall:6.1f} s wall, pages phase {spent.get('pages', 0):6.1f} s, "
            f"overview {spent.get('overview', 0):4.1f} s, {pages} pages, CPU {cpu:6.1f} s, "
            f"exit {os.waitstatus_to_exitcode(status)} ({before} -> {load()})\n"
            f"      in the workers: first page {', '.join(f'{x:.2f}' for x in first)} s, "
            f"later pages median {median(later) if later else float('nan'):.2f} s"
        )
    w1, w2 = (median(r["wall"] for r in runs[j]) for j in (1, 2))
    p1, p2 = (median(r["pages_s"] for r in runs[j]) for j in (1, 2))
    c1, c2 = (median(r["cpu"] for r in runs[j]) for j in (1, 2))
    print(
        f"  --jobs 2 / --jobs 1, pages phase: {p1 / p2:.2f}x (target >= 1.8x); whole batch {w1 / w2:.2f}x"
    )
    print(f"  CPU of the whole batch: --jobs 1 {c1:.1f} s, --jobs 2 {c2:.1f} s")


def speed(args) -> None:
    print(f"{sys.version.split()[0]} · {os.cpu_count()} cores · {load()}")
    with tempfile.TemporaryDirectory(prefix="govkit-pages-") as d:
        tmp = Path(d)
        if args.reports:
            bench_jobs(tmp, args.reports, args.rounds)  # first: nothing of this process running
        if args.repeats:
            bench_speed_pages(tmp, args.repeats)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--weight", action="store_true", help="page bytes instead of speed")
    ap.add_argument("files", nargs="*", type=Path, help="--weight: reports to measure")
    ap.add_argument(
        "--repeats", type=int, default=5, help="turns of floor / page / first page (0: skip)"
    )
    ap.add_argument("--reports", type=int, default=20, help="reports in the jobs batch (0: skip)")
    ap.add_argument("--rounds", type=int, default=2, help="--jobs 1 and --jobs 2 runs each")
    args = ap.parse_args(argv)
    if not args.weight:
        speed(args)
        return 0
    for source in args.files or [p for p in DEFAULT if p.exists()]:
        measure(source.resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
