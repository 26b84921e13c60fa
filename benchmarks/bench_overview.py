"""The batch overview at the scale users run it: its charts and tables at 12 / 300 / 2,000 reports.

    .venv/bin/python benchmarks/bench_overview.py                     # 12, 300 and 2,000 reports
    .venv/bin/python benchmarks/bench_overview.py --reports 12,300,2000,10000

A batch of N reports is made from the real reports of data/ and ../shared/corpus (2019 and later),
each copied under a new agency name with its counts multiplied by a factor that changes from copy
to copy (so counts spread and every identity still holds); four agencies in five have two years
(2022, 2023), the rest one. Findings are each base report's own, one copy per report; one input in
ten is listed as skipped (failed / not a report / duplicate).

For each N it prints what notebooks/batch_overview.ipynb shows:
- each chart (the three compare charts and the trend chart): CPU seconds to draw and save it as the
  overview does (`charts.save_png`), its size in inches and its PNG bytes;
- each table's HTML bytes (summary, years, common findings, skipped inputs);
- the page's weight from them: tables + charts as base64 (4/3 of the PNG bytes). The page's own
  shell (stylesheet, prose, the copied-text section) adds ~20 KB whatever N is.
Nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import govkit
from govkit import charts, present
from govkit.report import stack_cells

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = (ROOT / "data", ROOT.parent / "shared" / "corpus")
CHARTS = ("compare_received", "compare_outcomes", "compare_correction", "trend")


def bases() -> list:
    """The distinct 2019+ text reports of data/ and the corpus, read and audited once each."""
    paths = sorted(
        p
        for folder in FOLDERS
        if folder.is_dir()
        for p in folder.iterdir()
        if p.suffix in {".txt", ".md"} and p.stem != "README" and not p.name.startswith("2018")
    )
    reports = []
    for p in paths:
        r = govkit.read_report(p)
        reports.append((stack_cells(r), govkit.audit([r])))
    return reports


def batch(n: int, base: list) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Cells, findings and skipped inputs of an N-report batch made from `base`."""
    cells, findings = [], []
    for i in range(n):
        one, found = base[i % len(base)]
        paired = i < n * 0.8
        agency = f"某某市某某区第{(i // 2 if paired else i) + 1}单位"
        year = 2022 + i % 2 if paired else 2023
        source = f"/in/{i:05d}.txt"
        factor = 1 + (i * 7919) % 97
        number = pd.to_numeric(one["value"], errors="coerce")
        value = (number * factor).where(number.notna(), one["value"])
        cells.append(one.assign(agency=agency, year=year, source=source, value=value))
        findings.append(found.assign(source=source))
    skipped = pd.DataFrame(
        {
            "source": [f"/in/skipped_{i:05d}.pdf" for i in range(max(n // 10, 1))],
            "status": [
                ("failed", "not_report", "duplicate")[i % 3] for i in range(max(n // 10, 1))
            ],
            "message": "扫描版 PDF（没有文字层），无法读取；请先做文字识别（OCR）再审核",
        }
    )
    return pd.concat(cells, ignore_index=True), pd.concat(findings, ignore_index=True), skipped


def html_bytes(view) -> int:
    shown = view.to_html() if hasattr(view, "to_html") else str(view)
    return len(shown.encode())


def measure(n: int, base: list, folder: Path) -> None:
    cells, findings, skipped = batch(n, base)
    print(f"\n== {n:,} reports ({len(cells):,} cells, {len(findings):,} findings)")
    png_total = 0
    for name in CHARTS:
        t = time.process_time()
        ax = charts.CHARTS[name](cells)
        fig = ax.get_figure(root=True)
        path = charts.save_png(fig, folder / f"{name}_{n}.png")
        cpu = time.process_time() - t
        w, h = fig.get_size_inches()
        plt.close(fig)
        size = os.path.getsize(path)
        png_total += size
        print(f"  chart {name:<19} {cpu:6.2f} s CPU  {w:4.1f} x {h:6.1f} in  {size / 1024:8.1f} KB")
    tables = {
        "summary": lambda: present.summary_view(cells, findings),
        "years": lambda: present.years_view(cells),
        "common findings": lambda: present.common_findings_view(findings, govkit.rules()),
        "skipped": lambda: present.failures_view(skipped),
    }
    table_total = 0
    for name, view in tables.items():
        t = time.process_time()
        size = html_bytes(view())
        cpu = time.process_time() - t
        table_total += size
        print(f"  table {name:<19} {cpu:6.2f} s CPU  {size / 1024:8.1f} KB HTML")
    page = table_total + png_total * 4 / 3
    print(
        f"  page: tables {table_total / 1024:,.0f} KB + charts {png_total * 4 / 3 / 1024:,.0f} KB"
        f" (base64) = {page / 1024:,.0f} KB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", default="12,300,2000", help="batch sizes, comma separated")
    parser.add_argument("--keep", type=Path, help="write the PNGs into this folder")
    args = parser.parse_args()
    base = bases()
    print(f"{len(base)} base reports; load {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for n in (int(s) for s in args.reports.split(",")):
            measure(n, base, folder)
    print(f"load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
