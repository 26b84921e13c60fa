"""`govkit read | audit | batch` — the command line. Exit codes of `audit`: 0 no errors, 1 the audit
found errors, 2 some input could not be read (so it can gate a publishing workflow)."""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

import pandas as pd

from govkit.errors import GovkitError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="govkit", description="读取、审核政府信息公开工作年度报告"
    )
    sub = parser.add_subparsers(dest="cmd", required=True)

    p = sub.add_parser("read", help="读取报告并打印三张表 / print the tables")
    p.add_argument("files", nargs="+")
    p.add_argument(
        "--to",
        nargs=2,
        metavar=("csv|xlsx|parquet", "OUT"),
        help="把单元格写入文件 / write the tidy cells",
    )

    p = sub.add_parser("audit", help="审核报告 / audit reports")
    p.add_argument("files", nargs="+", help="文件、文件夹或通配符 / files, folders or globs")
    p.add_argument(
        "--to", nargs=2, metavar=("csv|xlsx|json", "OUT"), help="写出问题清单 / write the findings"
    )
    p.add_argument("--jobs", type=int, default=None, help="同时读取的进程数，默认 CPU 核数")

    p = sub.add_parser(
        "batch", help="批量审核并生成每个机关的报告页面 / batch audit with notebooks"
    )
    p.add_argument(
        "source",
        nargs="?",
        help="文件夹或通配符，默认 data/ / folder or glob (default: bundled data)",
    )
    p.add_argument("--out", default=None, help="输出文件夹，默认 reports/")
    p.add_argument(
        "--manifest",
        help="清单 CSV 或 TSV：path（或 file）, agency, year, region, level；覆盖报告自述",
    )
    p.add_argument("--jobs", type=int, default=None, help="同时运行的 notebook 数，默认 CPU 核数")
    p.add_argument("--force", action="store_true", help="全部重做 / redo everything")
    p.add_argument("--no-notebooks", action="store_true", help="只审核、不生成 notebook 页面")

    args = parser.parse_args(argv)
    try:
        return {"read": _read, "audit": _audit, "batch": _batch}[args.cmd](args)
    except GovkitError as exc:
        print(f"✗ {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(
            "\n已中断；再次运行会从中断处继续。/ interrupted; re-run to continue.", file=sys.stderr
        )
        return 130


def _read(args) -> int:
    from govkit.export import write_cells
    from govkit.parallel import check_many
    from govkit.present import table_view
    from govkit.report import read_reports

    if args.to:
        fmt, args.out = args.to
        cells, failures = read_reports(args.files)
        write_cells(cells, args.out, fmt)
        print(f"已写入 {args.out}：{cells['source'].nunique()} 份报告，{len(cells)} 个单元格")
        _print_failures(failures)
        return 2 if len(failures) else 0
    status = 0
    # each file in a killable worker (wall clock, memory cap): `govkit read hostile.pdf` ends too
    for c in check_many([Path(f) for f in args.files], audit=False):
        if c.report is None:
            print(f"✗ {c.reason}", file=sys.stderr)
            status = 2
            continue
        rep = c.report
        m = rep.meta
        print(f"\n=== {m.agency} {m.year} 年度 · {m.template} 版模板 · {m.source}")
        with pd.option_context(
            "display.width", 200, "display.max_columns", 20, "display.max_rows", 100
        ):
            for t in ("active", "requests", "review_litigation"):
                print(table_view(rep, t).to_string(), "\n")
    return status


def _audit(args) -> int:
    from govkit.audit import audit
    from govkit.parallel import check_many
    from govkit.report import expand_sources

    fmt, out = args.to or (None, None)
    if fmt not in (None, "csv", "xlsx", "json"):
        print(f"未知格式 {fmt} / unknown format: use csv, xlsx or json", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    checked = check_many(expand_sources(args.files), jobs=args.jobs)
    t1 = time.perf_counter()
    ok = [c for c in checked if c.report is not None]
    findings = audit([c.report for c in ok], findings=[c.findings for c in ok])
    t2 = time.perf_counter()
    if fmt:
        _write_findings(findings, fmt, out)
        print(f"已写入 {out}")
    else:
        _show_findings(findings)
    if os.environ.get("GOVKIT_TIMINGS"):  # for benchmarks/bench_batch.py: where the time goes
        print(
            f"timings: read+audit {t1 - t0:.1f} s wall on {args.jobs or os.cpu_count()} processes "
            f"(summed over files: read {sum(c.read_s for c in checked):.1f} s, "
            f"audit {sum(c.audit_s for c in checked):.1f} s); "
            f"cross-year + merge {t2 - t1:.1f} s; write {time.perf_counter() - t2:.1f} s; "
            f"largest worker max RSS {_max_rss_mb(resource.RUSAGE_CHILDREN):.0f} MB",
            file=sys.stderr,
        )
    failures = pd.DataFrame(
        [(str(c.path), c.error, c.reason) for c in checked if c.report is None],
        columns=["source", "error", "message"],
    )
    n_err = int((findings["severity"] == "error").sum())
    n_warn = int((findings["severity"] == "warning").sum())
    print(
        f"\n{len(ok)} 份报告已审核：{n_err} 个错误，{n_warn} 个警告；{len(failures)} 个文件读取失败"
    )
    _print_failures(failures)
    return 2 if len(failures) else (1 if n_err else 0)


def _max_rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


def _write_findings(findings: pd.DataFrame, fmt: str, out: str) -> None:
    from govkit.export import write_rectification

    if fmt == "xlsx":
        write_rectification(findings, out)
    elif fmt == "csv":
        findings.to_csv(out, index=False, encoding="utf-8-sig")
    else:
        findings.to_json(out, orient="records", force_ascii=False, indent=1)


def _show_findings(findings: pd.DataFrame) -> None:
    shown = findings[findings["severity"] != "info"]
    for (agency, year, source), g in shown.groupby(
        ["agency", "year", "source"], dropna=False, sort=False
    ):
        print(f"\n=== {agency} {year} · {source}")
        for r in g.itertuples():
            print(f"  [{ {'error': '错误', 'warning': '警告'}[r.severity] }] {r.message}")


def _print_failures(failures: pd.DataFrame) -> None:
    for r in failures.itertuples():
        print(f"  ✗ {r.source}: {r.message}", file=sys.stderr)


def _batch(args) -> int:
    from govkit.batch import ROOT, run_batch, summary_line

    out = Path(args.out) if args.out else ROOT / "reports"
    table = run_batch(
        args.source,
        out,
        manifest=args.manifest,
        jobs=args.jobs,
        force=args.force,
        notebooks=not args.no_notebooks,
    )
    for r in table[table["status"] == "failed"].itertuples():
        print(f"  ✗ {r.source}: {r.reason}", file=sys.stderr)
    print(f"{summary_line(table)}。结果见 {out / 'index.html'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
