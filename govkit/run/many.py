"""Read many reports: the one way govkit reads (and audits) folders, glob patterns and file lists.

`read_many` lists the inputs (govkit.read.inputs), reads and optionally audits each file in a
killable worker process (govkit.parallel: a file that hangs a reader or exhausts memory costs only
itself, also in a notebook), tells duplicates apart (govkit.read.dedupe) and runs the rules across
reports on the distinct ones. It gives every input's outcome and ONE failure table (source, stage,
error, message, status). `govkit.read_reports`, `govkit read | audit | batch` and the notebooks all
go through it, so one folder gives the same failures whichever way it is read.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from itertools import chain
from pathlib import Path

import numpy as np
import pandas as pd

from govkit import frames
from govkit.audit import audit as audit_all
from govkit.audit.registry import findings_frame
from govkit.parallel import Checked, check_many, gc_paused
from govkit.read.dedupe import duplicate_of
from govkit.read.inputs import Sources, list_inputs, unreadable
from govkit.read.manifest import read_manifest
from govkit.run.outcomes import Outcome, failure_table, outcome_table


@dataclass
class Many:
    """What read_many found.

    outcomes: every input, in input order (govkit.run.outcomes.Outcome: status read | failed |
    not_report | duplicate, stage, error, reason). kept: the reports read (each with its findings
    when audited), duplicates left out. findings: every kept report's findings plus the rules
    across reports (None when not audited). timing: seconds, for benchmarks.
    """

    outcomes: list[Outcome]
    kept: list[Checked]
    findings: pd.DataFrame | None
    timing: dict[str, float]

    @property
    def reports(self) -> list:
        """The reports read (Report objects; Numbers when read with numbers=True)."""
        return [c.report for c in self.kept]

    @cached_property
    def table(self) -> pd.DataFrame:
        """The outcomes as a frame (the columns of outcomes.csv)."""
        return outcome_table(self.outcomes)

    @property
    def failures(self) -> pd.DataFrame:
        """Every input that gave no report: source, stage, error, message, status."""
        return failure_table(self.table)


def read_many(
    sources: Sources,
    *,
    manifest: str | os.PathLike[str] | pd.DataFrame | None = None,
    exclude: Iterable[str | os.PathLike[str]] = (),
    audit: bool = False,
    jobs: int | None = None,
    keep_duplicates: bool = False,
    numbers: bool = False,
) -> Many:
    """Read (audit=True: and audit) every input of `sources` in worker processes.

    `manifest` (CSV/TSV file or DataFrame) overrides what reports say about themselves; a manifest
    file is never an input, nor are the `exclude`d paths. `jobs`: worker processes (default every
    core; jobs=1 is one worker, still killable: reading never happens in this process).
    keep_duplicates=True keeps every copy of a report. numbers=True keeps only each report's
    Numbers (meta and values) in this process: enough for findings, not for cells (10,000
    reports in little memory). Audited reports come without their full text; their `sections`
    are the narrative ones (一, 五, 六).
    """
    skip = [*exclude, *([manifest] if isinstance(manifest, (str, os.PathLike)) else [])]
    return read_paths(
        list_inputs(sources, exclude=skip),
        read_manifest(manifest),
        audit=audit,
        jobs=jobs,
        keep_duplicates=keep_duplicates,
        numbers=numbers,
    )


def read_paths(
    paths: list[Path],
    overrides: Mapping[Path, Mapping[str, object]],
    *,
    audit: bool = False,
    jobs: int | None = None,
    keep_duplicates: bool = False,
    numbers: bool = False,
) -> Many:
    """read_many on inputs already listed (`overrides`: read_manifest's, by resolved path)."""
    why = {p: unreadable(p) for p in paths}  # a FIFO or a device is never opened
    t0 = time.perf_counter()
    todo = [p for p in paths if not why[p]]
    with gc_paused():
        done = check_many(todo, overrides=overrides, jobs=jobs, audit=audit, numbers=numbers)
        checked = {c.path: c for c in done}
        t1 = time.perf_counter()
        ok = [c for c in done if c.report is not None]
        dup = {} if keep_duplicates else duplicate_of([c.report for c in ok])
        outcomes = [_outcome(p, checked.get(p), why[p], dup) for p in paths]
        kept = [c for c in ok if str(c.report.meta.source) not in dup]
        t2 = time.perf_counter()
        findings = None
        if audit:
            if not numbers:  # what copied-text detection and the pages read of the dropped text
                for c in kept:
                    c.report.__dict__["sections"] = c.narrative or {}
            own = _stacked(kept) if numbers else [c.findings for c in kept]
            findings = audit_all([c.report for c in kept], findings=own)
    timing = {
        "read_audit": t1 - t0,
        "read": sum(c.read_s for c in done),
        "audit": sum(c.audit_s for c in done),
        "dedupe": t2 - t1,
        "across": time.perf_counter() - t2,
    }
    return Many(outcomes, kept, findings, timing)


def _outcome(path: Path, c: Checked | None, why: str | None, dup: dict[str, str]) -> Outcome:
    """One input's outcome: failed (and at which stage), not a report, a duplicate, or read."""
    o = Outcome(str(path))
    if c is None:  # never opened: a FIFO, a device … or a folder that cannot be listed
        stage = "list" if path.is_dir() else "read"
        o.status, o.stage, o.error, o.reason = "failed", stage, "InputError", why or ""
        return o
    if c.report is None:
        o.status, o.stage, o.error, o.reason = (
            "not_report" if c.not_report else "failed",
            c.stage,
            c.error,
            c.not_report or c.reason,
        )
        return o
    m = c.report.meta
    o.agency, o.year, o.template = m.agency, m.year, m.template
    same_as = dup.get(str(m.source))
    if same_as:
        o.status, o.stage, o.duplicate_of = "duplicate", "dedupe", same_as
        o.reason = f"与 {same_as} 是同一份报告 / the same report as {same_as}"
        return o
    o.status = "read"
    if c.findings is not None:  # audited: a frame, or the workers' column lists
        # a few findings a report, 10,000 reports in a row: plain lists, not arrays or masks
        found = c.findings
        severity = [
            s for k, s in zip(found["kind"], found["severity"], strict=True) if k == "agency"
        ]
        o.errors, o.warnings = severity.count("error"), severity.count("warning")
    return o


def _stacked(kept: list[Checked]) -> pd.DataFrame:
    """Every report's findings, sent by the workers as column lists, in one frame with a "report"
    column (its position in `kept`): the form govkit.audit.audit takes, built at once."""
    schema = findings_frame([]).dtypes
    found = [c.findings for c in kept]
    sizes = [len(f["rule"]) for f in found]
    columns: dict[str, object] = {}
    for name, dtype in schema.items():
        values = list(chain.from_iterable(f[name] for f in found))
        if pd.api.types.is_object_dtype(dtype):  # the cells lists: numpy would nest them
            columns[name] = pd.Series(values, dtype=object)
        elif pd.api.types.is_float_dtype(dtype):
            columns[name] = frames.floats(values)
        else:
            columns[name] = frames.strings(values)
    columns["report"] = np.repeat(np.arange(len(kept)), sizes)
    return frames.frame(columns)
