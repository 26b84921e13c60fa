"""PDF read speed, PDFium reader (now) against the pdfminer/pdfplumber reader it replaced (before).

Run on demand (not part of the test suite); prints figures, asserts nothing:

    .venv/bin/python benchmarks/bench_pdf.py [--reads 10] [--repeats 5] [--before REV]

"before" is govkit/io/pdf.py as of git revision REV (default: the last commit that read PDFs
with pdfplumber), loaded into this process; it needs pdfplumber, which govkit no longer depends
on (`.venv/bin/pip install pdfplumber` to measure it; without it only "now" is printed).
Each figure is the whole `govkit.read_report(path)` (read, cells, template match), median over
--repeats passes of --reads reads each; the two readers take turns pass by pass so load from
elsewhere on the machine hits both alike. The script also checks that both give the same cells.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

import govkit
import govkit.io
from govkit.io import pdf as now_pdf

ROOT = Path(__file__).resolve().parents[1]
FILES = [
    *sorted((ROOT / "tests" / "fixtures").glob("*.pdf")),
    ROOT.parent / "shared" / "corpus" / "2024_huaian_shizhengfu.pdf",
]
BEFORE = "a566ef8"  # main before the PDFium reader
COMPARED = ["table", "row", "col", "value", "raw", "unit", "status"]  # source_ref: see README


def load_before(rev: str):
    """The old reader module from git, or None when pdfplumber is not installed."""
    if importlib.util.find_spec("pdfplumber") is None:
        return None
    code = subprocess.run(
        ["git", "show", f"{rev}:govkit/io/pdf.py"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    path = Path(tempfile.mkdtemp()) / "pdf_before.py"
    path.write_bytes(code)
    spec = importlib.util.spec_from_file_location("govkit.io.pdf_before", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def timed(reader, path: Path, reads: int) -> float:
    """Milliseconds per read_report(path) with `reader` as the PDF reader."""
    govkit.io.parse_pdf = reader.parse_pdf
    t = time.perf_counter()
    for _ in range(reads):
        govkit.read_report(path)
    return (time.perf_counter() - t) * 1000 / reads


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reads", type=int, default=10)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--before", default=BEFORE)
    args = ap.parse_args()
    before = load_before(args.before)
    readers = {"now": now_pdf} | ({"before": before} if before else {})
    print(f"python {sys.version.split()[0]}; {args.repeats} passes x {args.reads} reads; ms/read")
    print(f"{'file':45} " + " ".join(f"{k:>8}" for k in readers) + "   ratio  same cells")
    for path in FILES:
        if not path.exists():
            continue
        got = {}
        for name, reader in readers.items():
            govkit.io.parse_pdf = reader.parse_pdf
            got[name] = govkit.read_report(path).cells[COMPARED]
        passes: dict[str, list[float]] = {k: [] for k in readers}
        for _ in range(args.repeats):
            for name, reader in readers.items():
                passes[name].append(timed(reader, path, args.reads))
        ms = {k: median(v) for k, v in passes.items()}
        ratio = f"{ms['before'] / ms['now']:6.1f}x" if before else "      -"
        same = got["now"].equals(got["before"]) if before else "-"
        print(f"{path.name:45} " + " ".join(f"{v:8.1f}" for v in ms.values()) + f" {ratio}  {same}")
    govkit.io.parse_pdf = now_pdf.parse_pdf


if __name__ == "__main__":
    main()
