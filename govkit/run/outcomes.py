"""The outcome table of a batch (one row per input: read, audited, rendered or failed) and its summary lines."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from govkit.export import write_csv


@dataclass
class Outcome:
    """One input file's row in outcomes.csv and index.html."""

    source: str
    agency: str | None = None
    year: int | None = None
    template: str | None = None
    errors: int | None = None  # agency errors; None when not audited
    warnings: int | None = None
    page: str = ""
    status: str = "pending"  # read | rendered | failed | not_report | duplicate
    stage: str = ""  # where it left the pipeline: list | read | audit | dedupe | notebook
    reason: str = ""
    duplicate_of: str = ""
    digest: str = ""
    executed: bool = False  # its notebook ran in this batch (False: unchanged page kept)
    error: str = ""  # the error's class name (ParseError, Timeout …) when it failed


def page_name(path: Path) -> str:
    """One stable page name per input path: the ASCII part of its name (Chinese names break some
    tools) plus a digest of the full path, so two files never share a page and a changed file
    keeps its page. Never hidden (a file named `..txt`)."""
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", path.stem).strip("_.-")[:60] or "report"
    where = hashlib.sha256(str(path.resolve()).encode("utf-8", "surrogateescape")).hexdigest()
    return f"{stem}-{where[:10]}"


def outcome_table(outcomes: list[Outcome]) -> pd.DataFrame:
    """outcomes.csv as a frame: year, errors and warnings as integers or empty (never 2019.0)."""
    # vars, not asdict: asdict deep-copies every field (0.15 ms an outcome, 10,000 in a row)
    table = pd.DataFrame([vars(o) for o in outcomes], columns=list(Outcome.__dataclass_fields__))
    return table.astype({"year": "Int64", "errors": "Int64", "warnings": "Int64"})


FAILURE_COLUMNS = ["source", "stage", "error", "message", "status"]
"""The failure table: every input that gave no report, or only a duplicate of another one."""


def failure_table(table: pd.DataFrame) -> pd.DataFrame:
    """The inputs of an outcome table (outcome_table, outcomes.csv) that are not reports in it:
    status failed | not_report | duplicate, stage list | read | audit | dedupe | notebook, and why."""
    rows = table[table["status"].isin(["failed", "not_report", "duplicate"])]
    out = rows.rename(columns={"reason": "message"}).reindex(columns=FAILURE_COLUMNS, fill_value="")
    return out.astype(object).fillna("").astype(str).reset_index(drop=True)


def _write_outcomes(outcomes: list[Outcome], out: Path) -> pd.DataFrame:
    table = outcome_table(outcomes)
    write_csv(table, out / "outcomes.csv")
    return table


def counts(table: pd.DataFrame) -> dict[str, int]:
    """How the inputs ended, as the summary line and index.html state them.

    files = reports + duplicates + not_reports + failed (every input in exactly one);
    reports are the distinct reports read and audited (their page may still have failed).
    """
    status, stage = table["status"], table["stage"]
    failed = status == "failed"
    page_failed = failed & (stage == "notebook")
    return {
        "files": len(table),
        "reports": int((status.isin(["read", "rendered"]) | page_failed).sum()),
        "duplicates": int((status == "duplicate").sum()),
        "not_reports": int((status == "not_report").sum()),
        "failed": int((failed & ~page_failed).sum()),
        "rendered": int((status == "rendered").sum()),
        "page_failed": int(page_failed.sum()),
        "executed": int(table["executed"].sum()),
        "errors": int(table["errors"].fillna(0).sum()),
    }


def files_line(table: pd.DataFrame) -> str:
    """How the files ended, numbers that add up to the files; Chinese / English."""
    n = counts(table)
    return (
        f"{n['files']} 个文件 = 报告 {n['reports']} 份 + 重复 {n['duplicates']} 个"
        f" + 不是报告 {n['not_reports']} 个 + 无法读取 {n['failed']} 个"
        f" / {n['files']} files = {n['reports']} reports + {n['duplicates']} duplicates"
        f" + {n['not_reports']} not reports + {n['failed']} unreadable"
    )


def summary_line(table: pd.DataFrame) -> str:
    """The one line `govkit batch` ends with: the files, then the pages."""
    n = counts(table)
    return (
        f"{files_line(table)}；页面 {n['rendered']} 个（本次执行 {n['executed']} 个，"
        f"失败 {n['page_failed']} 个） / {n['rendered']} pages ({n['executed']} executed now, "
        f"{n['page_failed']} failed)"
    )


def exit_code(table: pd.DataFrame) -> int:
    """0 all read, no errors; 1 errors found in reports; 2 some input could not be read."""
    n = counts(table)
    return 2 if n["failed"] or n["page_failed"] else (1 if n["errors"] else 0)
