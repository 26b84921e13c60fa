"""`govkit read | audit | batch` — the command line.

One exit-code scheme for all three commands, so a script can rely on it:
0 every input read (non-reports and duplicates aside) and no errors; 1 the audit found errors in
reports (audit, batch); 2 some input could not be read; 3 nothing to do or a usage error (missing
path, no report files, bad option, an output that cannot be written), said before any work;
4 an output could not be written while working (disk full). Ctrl-C: 130.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from govkit.errors import GovkitError, NoReports, OutputError, UsageError
from govkit.run.batch import check_jobs

OK, FOUND_ERRORS, UNREADABLE, USAGE, OUTPUT = 0, 1, 2, 3, 4
_DEFAULTS = "未给出路径时读取当前文件夹的 data/ / with no path: data/ in the current folder"


class _Parser(argparse.ArgumentParser):
    """argparse exits with 2 on a bad option; govkit's usage exit code is 3, the message bilingual."""

    def error(self, message: str):
        raise UsageError(f"命令行用法错误：{message}", f"usage error: {message}")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="govkit",
        description="读取、审核政府信息公开工作年度报告。退出码：0 全部读取且无错误；1 报告中有错误；"
        "2 有文件无法读取；3 无事可做或用法错误；4 输出无法写入（磁盘已满等）",
    )
    sub = parser.add_subparsers(dest="cmd", required=True)

    p = sub.add_parser("read", help="读取报告并打印三张表 / print the tables")
    p.add_argument("files", nargs="*", help=f"文件、文件夹或通配符；{_DEFAULTS}")
    p.add_argument(
        "--to",
        nargs=2,
        metavar=("csv|xlsx|parquet", "OUT"),
        help="把单元格写入文件 / write the tidy cells",
    )
    p.add_argument("--jobs", type=int, default=None, help="同时读取的进程数，默认可用的 CPU 核数")
    _manifest_option(p)

    p = sub.add_parser("audit", help="审核报告 / audit reports")
    p.add_argument("files", nargs="*", help=f"文件、文件夹或通配符；{_DEFAULTS}")
    p.add_argument(
        "--to", nargs=2, metavar=("csv|xlsx|json", "OUT"), help="写出问题清单 / write the findings"
    )
    p.add_argument("--jobs", type=int, default=None, help="同时读取的进程数，默认可用的 CPU 核数")
    _manifest_option(p)

    p = sub.add_parser(
        "batch", help="批量审核并生成每个机关的报告页面 / batch audit with notebooks"
    )
    p.add_argument(
        "source",
        nargs="*",
        help=f"文件夹、文件或通配符；{_DEFAULTS}",
    )
    p.add_argument(
        "--out", default=None, help="输出文件夹，默认当前文件夹的 reports/ / default ./reports"
    )
    _manifest_option(p)
    p.add_argument(
        "--jobs", type=int, default=None, help="同时运行的 notebook 数，默认可用的 CPU 核数"
    )
    p.add_argument("--force", action="store_true", help="全部重做 / redo everything")
    p.add_argument("--no-notebooks", action="store_true", help="只审核、不生成 notebook 页面")
    return parser


def _manifest_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--manifest",
        help="清单 CSV 或 TSV：path（或 file）, agency, year, region, level；覆盖报告自述；不作为输入",
    )


def _check_manifest(args) -> None:
    """The manifest named exists, before any work (read_many and run_batch read it)."""
    if args.manifest and not Path(args.manifest).is_file():
        raise UsageError("清单文件不存在", "no such manifest file", source=args.manifest)


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
        check_jobs(getattr(args, "jobs", None))
        return {"read": _read, "audit": _audit, "batch": _batch}[args.cmd](args)
    except (NoReports, UsageError) as exc:
        print(f"✗ {exc}", file=sys.stderr)
        return USAGE
    except OutputError as exc:
        print(f"✗ {exc}", file=sys.stderr)
        return OUTPUT
    except GovkitError as exc:
        print(f"✗ {exc}", file=sys.stderr)
        return UNREADABLE
    except KeyboardInterrupt:
        print(
            "\n已中断；再次运行会从中断处继续。/ interrupted; re-run to continue.", file=sys.stderr
        )
        return 130


def _sources(files: list[str]) -> list[str]:
    """The paths given, or the current folder's data/; each must exist (or be a glob)."""
    from govkit.run.batch import DEFAULT_SOURCE, existing_sources

    return existing_sources(files or [str(DEFAULT_SOURCE)])


def _check_format(fmt: str, allowed: tuple[str, ...]) -> None:
    if fmt not in allowed:
        raise UsageError(
            f"未知格式 {fmt}：可用 {'、'.join(allowed)}",
            f"unknown format {fmt}: use {', '.join(allowed)}",
        )


def _check_output_file(out: str) -> None:
    """The file can be written where it is asked for, before any work."""
    from govkit.run.batch import check_output_folder

    path = Path(out)
    if path.is_dir():
        raise UsageError(
            "输出位置是一个文件夹，需要文件名",
            "the output is a folder; give a file name",
            source=out,
        )
    check_output_folder(path.parent if str(path.parent) else Path("."))


@contextlib.contextmanager
def _writing(out: str) -> Iterator[None]:
    """OSError while writing an output -> OutputError (exit 4) naming the file."""
    try:
        yield
    except OSError as exc:
        raise OutputError(
            f"无法写入：{exc.strerror or exc}", f"cannot write: {exc.strerror or exc}", source=out
        ) from exc


def _read(args) -> int:
    from govkit.export import CELL_FORMATS, write_cells
    from govkit.present.tables import table_view
    from govkit.report import stack_cells
    from govkit.run.outcomes import counts

    if args.to:
        _check_format(args.to[0], CELL_FORMATS)
        _check_output_file(args.to[1])
    many = _read_many(args, [args.to[1]] if args.to else [])
    table, reports = many.table, many.reports
    if not reports and counts(table)["failed"] == 0:
        _print_outcomes(table)
        raise NoReports("没有找到报告文件", "no report files found", source=_named(args.files))
    if args.to and reports:  # none read: no file, the failures below and exit 2
        fmt, out = args.to
        cells = pd.concat([stack_cells(r) for r in reports], ignore_index=True)
        with _writing(out):
            write_cells(cells, out, fmt)
        print(f"已写入 {out}：{len(reports)} 份报告，{len(cells)} 个单元格")
    elif not args.to:
        for rep in reports:
            m = rep.meta
            print(f"\n=== {m.agency} {m.year} 年度 · {m.template} 版模板 · {m.source}")
            with pd.option_context(
                "display.width", 200, "display.max_columns", 20, "display.max_rows", 100
            ):
                for t in ("active", "requests", "review_litigation"):
                    print(table_view(rep, t).to_string(), "\n")
    _print_outcomes(table)
    return UNREADABLE if counts(table)["failed"] else OK


def _read_many(args, outputs: list[str], **how):
    """Every input of the command's paths (the current folder's data/ when none), read in
    workers: govkit.read_many, with the manifest and the outputs left out of the inputs."""
    from govkit.run.many import read_many

    _check_manifest(args)
    return read_many(
        _sources(args.files), manifest=args.manifest, exclude=outputs, jobs=args.jobs, **how
    )


def _named(files: list[str]) -> str:
    return ", ".join(_sources(files))


def _audit(args) -> int:
    from govkit.run.outcomes import counts, exit_code, files_line

    fmt, out = args.to or (None, None)
    if fmt:
        _check_format(fmt, ("csv", "xlsx", "json"))
        _check_output_file(out)
    t0 = time.perf_counter()
    # only each report's numbers come back from the workers: findings need no more
    many = _read_many(args, [out] if out else [], audit=True, numbers=True)
    table, findings, timing = many.table, many.findings, many.timing
    n = counts(table)
    if n["reports"] == 0 and n["failed"] == 0:
        _print_outcomes(table)
        raise NoReports("没有找到报告文件", "no report files found", source=_named(args.files))
    t2 = time.perf_counter()
    if fmt:
        with _writing(out):
            _write_findings(findings, fmt, out)
        print(f"已写入 {out}")
    else:
        _show_findings(findings)
    if os.environ.get("GOVKIT_TIMINGS"):  # for benchmarks/bench_batch.py: where the time goes
        from govkit.cores import usable_cores

        print(
            f"timings: read+audit {timing['read_audit']:.1f} s wall on {args.jobs or usable_cores()} processes "
            f"(summed over files: read {timing['read']:.1f} s, audit {timing['audit']:.1f} s); "
            f"dedupe {timing['dedupe']:.1f} s; cross-year + merge {timing['across']:.1f} s; "
            f"other {t2 - t0 - timing['read_audit'] - timing['dedupe'] - timing['across']:.1f} s; "
            f"write {time.perf_counter() - t2:.1f} s; "
            f"this process's CPU {_cpu_s(resource.RUSAGE_SELF):.1f} s, "
            f"the workers' {_cpu_s(resource.RUSAGE_CHILDREN):.1f} s; "
            f"largest worker max RSS {_max_rss_mb(resource.RUSAGE_CHILDREN):.0f} MB",
            file=sys.stderr,
        )
    print(
        f"\n{files_line(table)}；报告中的错误 {n['errors']} 个 / {n['errors']} errors in the reports"
    )
    _print_outcomes(table)
    return exit_code(table)


def _print_outcomes(table: pd.DataFrame) -> None:
    mark = {"failed": "✗", "not_report": "–", "duplicate": "="}
    for r in table[table["status"].isin(list(mark))].itertuples():
        print(f"  {mark[r.status]} {r.source}: {r.reason}", file=sys.stderr)


def _cpu_s(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _max_rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


def _write_findings(findings: pd.DataFrame, fmt: str, out: str) -> None:
    from govkit.export import atomic_file, write_csv, write_rectification

    if fmt == "xlsx":
        write_rectification(findings, out)
    elif fmt == "csv":
        write_csv(findings, out)
    else:
        with atomic_file(out) as tmp:
            findings.to_json(tmp, orient="records", force_ascii=False, indent=1)


def _show_findings(findings: pd.DataFrame) -> None:
    shown = findings[findings["severity"] != "info"]
    for (agency, year, source), g in shown.groupby(
        ["agency", "year", "source"], dropna=False, sort=False
    ):
        print(f"\n=== {agency} {year} · {source}")
        for r in g.itertuples():
            print(f"  [{ {'error': '错误', 'warning': '警告'}[r.severity] }] {r.message}")


def _batch(args) -> int:
    from govkit.run.batch import DEFAULT_OUT, DEFAULT_SOURCE, run_batch
    from govkit.run.outcomes import exit_code, summary_line

    out = Path(args.out) if args.out else DEFAULT_OUT
    _check_manifest(args)
    table = run_batch(
        args.source or DEFAULT_SOURCE,
        out,
        manifest=args.manifest,
        jobs=args.jobs,
        force=args.force,
        notebooks=not args.no_notebooks,
    )
    _print_outcomes(table)
    print(f"{summary_line(table)}。结果见 {out / 'index.html'}")
    return exit_code(table)


if __name__ == "__main__":
    raise SystemExit(main())
