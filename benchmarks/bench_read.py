"""Reports per second: govkit.read_report on text, HTML, Word and PDF, beside pandas.read_html and lxml.

Run on demand (not part of the test suite); prints figures, asserts nothing:

    .venv/bin/python benchmarks/bench_read.py [--reads 300] [--slow-reads 30] [--repeats 5]

The bundled reports in data/, the real agency pages in ../shared/corpus/*.page.html (when present:
the crawler's whole page, ~110 k characters with site chrome and scripts) and the seed's Word and
PDF versions in tests/fixtures/ (LibreOffice conversions of the seed HTML) are replicated into a
temporary folder (one file per read, so every read opens, decodes and parses a file of its own, as
a batch does). Each contender reads the same files in the same process after a warm-up; each
figure is the median of --repeats timed passes over --reads reads (--slow-reads for .docx and
.pdf, which take 10-50x longer), timed with time.process_time (CPU seconds of this process: on a
machine shared with other jobs, their load does not count as ours, as it does in wall-clock
time). The passes take turns (pass 1 of every contender, then pass 2, ...), so a burst of load
from elsewhere hits all of them alike and the ratios stay fair; each pass starts after an
(untimed) gc.collect(), so no contender pays for the collections the others' garbage triggers.

pandas.read_html and lxml get each HTML file already in memory (io.StringIO / str), and the ratios
to govkit's full read are printed per file (issue 15: >= 3x read_html; stretch: within 2x of the
lxml parse floor). govkit.read_report gets the path and does the whole job: read, sniff, decode,
parse, match the template and build the cells DataFrame; `read_report(path).audit()` adds every
per-report audit rule (issue 3's read + audit figure). govkit.parse_report on the same in-memory
HTML string is printed too, for a like-for-like line with pandas.

--stages prints, for each HTML file, where a read's CPU time goes, stage by stage (the steps of
govkit.io.html.parse_html timed one by one, then report._build), beside the two anchors.

--before REV adds, for each HTML file, the same full read and `govkit.io.load(path)` (the reader
alone) with the HTML reader of git revision REV (its govkit/io/html.py and layout.py, loaded
from git into this process and swapped in for its turns), so before and after come from one run.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import io
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path
from statistics import median

import lxml
import lxml.html
import pandas as pd

import govkit
import govkit.io

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
FIXTURES = ROOT / "tests" / "fixtures"
CORPUS = ROOT.parent / "shared" / "corpus"
FILES = {
    "seed .txt (web text)": DATA / "2020_ninghe_zaojiachengzhen.txt",
    "seed .html": DATA / "2020_ninghe_zaojiachengzhen.html",
    **{  # real agency pages as the crawler saved them (~110 k characters with site chrome)
        f"{p.name}": p for p in sorted(CORPUS.glob("*.page.html"))
    },
    "2023_pingtan.txt (crawler)": DATA / "2023_pingtan.txt",
    "2024_shanghai_kewei.md": DATA / "2024_shanghai_kewei.md",
    "seed .docx": FIXTURES / "2020_ninghe_zaojiachengzhen.docx",
    "seed .pdf (4 pages)": FIXTURES / "2020_ninghe_zaojiachengzhen.pdf",
}
HTML = "seed .html"
HTMLS = [label for label, path in FILES.items() if path.suffix == ".html"]
SLOW = {"seed .docx", "seed .pdf (4 pages)"}  # read --slow-reads times per pass


def replicate(tmp: Path, reads: int, slow_reads: int) -> dict[str, list[Path]]:
    """Copies of each file (`reads`, or `slow_reads` for Word/PDF), each under its own name."""
    out: dict[str, list[Path]] = {}
    for label, src in FILES.items():
        stem, suffix = src.stem, src.suffix
        copies = []
        for i in range(slow_reads if label in SLOW else reads):
            dst = tmp / f"{stem}_{i:04d}{suffix}"
            shutil.copyfile(src, dst)
            copies.append(dst)
        out[label] = copies
    return out


def timed_pass(fn: Callable[[object], object], items: list) -> float:
    """Reads per second over one pass through items. Each pass starts from a collected heap:
    a full collection (~70 ms here, pandas and govkit loaded) otherwise lands in whichever
    contender's pass is running and moved single figures by up to 20%."""
    gc.collect()
    start = time.process_time()
    for item in items:
        fn(item)
    return len(items) / max(time.process_time() - start, 1e-9)


def _read_html(html: str) -> object:
    return pd.read_html(io.StringIO(html))


def _read_and_audit(path: Path) -> object:
    return govkit.read_report(path).audit()


def html_reader_of(rev: str, tmp: Path) -> Callable[..., object]:
    """parse_html of git revision `rev` (its html.py on its own layout.py), called as today's."""
    for name in ("layout", "html"):
        code = subprocess.run(
            ["git", "show", f"{rev}:govkit/io/{name}.py"], cwd=ROOT, capture_output=True, check=True
        ).stdout.replace(b"from govkit.io.layout import", b"from govkit.io.layout_before import")
        path = tmp / f"{name}_before.py"
        path.write_bytes(code)
        spec = importlib.util.spec_from_file_location(f"govkit.io.{name}_before", path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
    old = sys.modules["govkit.io.html_before"].parse_html
    return lambda text, source="", encoding="", utf8=b"": old(text, source, encoding)


def with_html_reader(fn: Callable[[object], object], parse_html: Callable) -> Callable:
    """fn with parse_html as govkit's HTML reader for the call."""

    def run(item: object) -> object:
        now = govkit.io.parse_html
        govkit.io.parse_html = parse_html
        try:
            return fn(item)
        finally:
            govkit.io.parse_html = now

    return run


def stage_split(path: Path, reads: int) -> dict[str, float]:
    """Median CPU ms of each stage of read_report(path) on an HTML file, and of the anchors."""
    from govkit.io import html, layout
    from govkit.io.document import Document
    from govkit.io.encoding import decode
    from govkit.report import _build

    def stages() -> list[float]:
        t = [time.process_time()]
        data = path.read_bytes()
        text, encoding = decode(data)
        t.append(time.process_time())
        root = html._parse(layout.strip_marker_bytes(data), str(path))
        t.append(time.process_time())
        published = html._published(root)
        html._hide(root, data)
        t.append(time.process_time())
        out = html._text(root, str(path))
        t.append(time.process_time())
        del root
        t.append(time.process_time())
        rows = layout.rows_of(out, str(path))
        doc = Document(rows, "html", str(path), encoding, published=published)
        t.append(time.process_time())
        _build(doc, None)
        t.append(time.process_time())
        _read_html(text)
        t.append(time.process_time())
        lxml.html.fromstring(text)
        t.append(time.process_time())
        return [b - a for a, b in pairwise(t)]

    names = [
        "read file + decode",
        "parse (libxml2)",
        "meta date + hidden text",
        "XSLT: page to text",
        "free the tree",
        "rows of cells (layout)",
        "report._build",
        "pandas.read_html (anchor)",
        "lxml.html.fromstring (floor)",
    ]
    runs = [stages() for _ in range(reads)]
    return {n: 1000 * median(r[k] for r in runs) for k, n in enumerate(names)}


def print_before(rev: str, label: str, rate: dict[tuple[str, str], float]) -> None:
    old = rate[("read_report(path) before", label)]
    pd_rate = rate[("pandas.read_html(StringIO)", label)]
    floor = rate[("lxml.html.fromstring (floor)", label)]
    print(
        f"  with the HTML reader of {rev}: {old / pd_rate:.2f}x read_html, "
        f"{floor / old:.2f}x the floor; reader alone (io.load) "
        f"{1000 / rate[('io.load(path) before', label)]:.2f} -> "
        f"{1000 / rate[('govkit.io.load(path)', label)]:.2f} ms"
    )


def print_stages(reads: int) -> None:
    for label in HTMLS:
        split = stage_split(FILES[label], reads)
        print(f"{label} (CPU ms, median of {reads} reads):")
        for name, ms in split.items():
            print(f"  {name:<30} {ms:6.3f}")
        print(f"  {'sum of govkit stages':<30} {sum(list(split.values())[:7]):6.3f}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reads", type=int, default=300, help="reads per timed pass (default 300)")
    ap.add_argument(
        "--slow-reads", type=int, default=30, help="reads per pass of .docx/.pdf (default 30)"
    )
    ap.add_argument("--repeats", type=int, default=5, help="timed passes; the median is shown")
    ap.add_argument("--warmup", type=int, default=30, help="untimed reads before timing")
    ap.add_argument("--before", metavar="REV", help="also time the HTML reader of git revision REV")
    ap.add_argument("--stages", action="store_true", help="only the HTML stage split")
    args = ap.parse_args(argv)
    warnings.simplefilter("ignore")
    if args.stages:
        print_stages(args.reads)
        return

    with tempfile.TemporaryDirectory(prefix="govkit-bench-") as tmp:
        files = replicate(Path(tmp), args.reads, args.slow_reads)
        html_texts = {
            label: [p.read_text(encoding="utf-8") for p in files[label]] for label in HTMLS
        }
        cells = {label: len(govkit.read_report(paths[0]).cells) for label, paths in files.items()}

        contenders: list[tuple[str, str, Callable[[object], object], list]] = [
            ("govkit.read_report(path)", label, govkit.read_report, paths)
            for label, paths in files.items()
        ]
        contenders += [
            ("read_report(path).audit()", label, _read_and_audit, paths)
            for label, paths in files.items()
            if label not in SLOW
        ]
        contenders += [("govkit.parse_report(str)", HTML, govkit.parse_report, html_texts[HTML])]
        for label in HTMLS:
            contenders += [
                ("pandas.read_html(StringIO)", label, _read_html, html_texts[label]),
                ("lxml.html.fromstring (floor)", label, lxml.html.fromstring, html_texts[label]),
            ]
        if args.before:
            old = html_reader_of(args.before, Path(tmp))
            for label in HTMLS:
                contenders += [
                    (
                        "read_report(path) before",
                        label,
                        with_html_reader(govkit.read_report, old),
                        files[label],
                    ),
                    ("govkit.io.load(path)", label, govkit.io.load, files[label]),
                    (
                        "io.load(path) before",
                        label,
                        with_html_reader(govkit.io.load, old),
                        files[label],
                    ),
                ]
        for _what, _on, fn, items in contenders:  # warm-up
            for item in items[: min(args.warmup, max(len(items) // 10, 3))]:
                fn(item)
        rates: list[list[float]] = [[] for _ in contenders]
        for _ in range(args.repeats):
            for k, (_what, _on, fn, items) in enumerate(contenders):
                rates[k].append(timed_pass(fn, items))

    rows = [
        (
            what,
            f"{on} [{cells[on]} cells]" if what.startswith(("govkit.read", "read_")) else on,
            median(r),
        )
        for (what, on, _fn, _items), r in zip(contenders, rates, strict=True)
    ]
    rate = {(what, on.split(" [")[0]): r for what, on, r in rows}
    print(
        f"python {platform.python_version()}, pandas {pd.__version__}, lxml {lxml.__version__}, "
        f"govkit {govkit.__version__}; {platform.machine()}, {os.cpu_count()} CPUs, 1 process; "
        f"{args.reads} reads ({args.slow_reads} for .docx/.pdf) x {args.repeats} passes, median"
    )
    w1 = max(len(w) for w, _, _ in rows)
    w2 = max(len(o) for _, o, _ in rows)
    print(f"{'what':<{w1}}  {'file':<{w2}}  {'reports/s':>10}  {'ms/report':>9}")
    for what, on, r in rows:
        print(f"{what:<{w1}}  {on:<{w2}}  {r:>10.0f}  {1000 / r:>9.2f}")
    audited = [r for what, _on, r in rows if what.startswith("read_report(path).audit")]
    print()
    for label in HTMLS:
        gk = rate[("govkit.read_report(path)", label)]
        pd_rate = rate[("pandas.read_html(StringIO)", label)]
        floor = rate[("lxml.html.fromstring (floor)", label)]
        print(
            f"{label}: govkit full read {gk / pd_rate:.2f}x pandas.read_html (target >= 3x); "
            f"{floor / gk:.2f}x the lxml parse floor's time (stretch <= 2x)"
        )
        if args.before:
            print_before(args.before, label, rate)
    print(
        f"read + audit: {min(audited):.0f}-{max(audited):.0f} reports/s, "
        f"{1000 / max(audited):.2f}-{1000 / min(audited):.2f} ms/report (target < 5 ms, >= 200/s)"
    )
    print(f"load average while running (1/5/15 min): {os.getloadavg()}")


if __name__ == "__main__":
    sys.exit(main())
