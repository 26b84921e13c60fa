"""Many reports -> per-agency notebooks (papermill, in parallel), overview, index.html, findings.xlsx.

Nothing is lost: every input file ends up in the outcome table as read and audited, or failed with
its reason. Every output is written to a temporary name and moved into place, so a page that exists
is complete; a state file (itself replaced atomically after every page) records which page came
from which input bytes, manifest row, govkit version and notebook. A re-run after Ctrl-C, a crash
or SIGKILL removes the temporaries left behind and redoes only what is missing or changed. A lock
on the output folder keeps two batches (or the orphaned workers of a killed one) from interleaving.
"""

from __future__ import annotations

import errno
import hashlib
import multiprocessing as mp
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.pool import Pool
from pathlib import Path

import pandas as pd

from govkit.across.copied import copied_text, sentence_table, write_copied
from govkit.audit import reviews
from govkit.cores import usable_cores
from govkit.errors import NoReports, OutputError, UsageError
from govkit.export import atomic_file, write_rectification
from govkit.parallel import Checked
from govkit.read.manifest import read_manifest
from govkit.report import expand_sources
from govkit.run.kernels import notebook_path
from govkit.run.many import read_paths
from govkit.run.outcomes import Outcome, _write_outcomes, outcome_table, page_name
from govkit.run.pages import DECIDED, RUNNING, _render_one, lost_pages, run_notebook, start_worker
from govkit.run.results import results_dir, write_results
from govkit.run.state import (
    _digest,
    _folder_lock,
    _load_state,
    _no_leftovers,
    _pending,
    _save_state,
    page_done,
)

DEFAULT_SOURCE = Path("data")  # relative to the current folder, never to the package
DEFAULT_OUT = Path("reports")


def run_batch(
    source: str | Path | list | None = None,
    out: str | Path | None = None,
    *,
    manifest: str | Path | None = None,
    jobs: int | None = None,
    force: bool = False,
    notebooks: bool = True,
    progress: bool = True,
) -> pd.DataFrame:
    """Read, audit and render every report; returns the outcome table (one row per input file).

    Defaults: the current folder's data/ and reports/. Raises UsageError before any work when the
    source is missing or the output folder cannot be written, NoReports when no input is a
    report, OutputError when an output cannot be written (disk full).
    """
    out = Path(out) if out is not None else DEFAULT_OUT
    src = source if source is not None else DEFAULT_SOURCE
    check_jobs(jobs)
    check_output_folder(out)
    man = read_manifest(manifest)
    paths = expand_sources(existing_sources(src), exclude=[out, *([manifest] if manifest else [])])
    if not paths:
        raise NoReports(*_NO_REPORTS, source=_name(src))
    try:
        out.mkdir(parents=True, exist_ok=True)
        with _folder_lock(out), _no_leftovers(out):
            state = {} if force or not notebooks else _load_state(out)
            pending = _pending(paths, man, state, out) if notebooks else 0
            with _kernel_pool(jobs, pending, out) as pool:
                many = read_paths(paths, man, audit=True, jobs=jobs)
                outcomes, kept = many.outcomes, many.kept
                if all(o.status == "not_report" for o in outcomes):
                    raise NoReports(*_NO_REPORTS, source=_name(src))
                _name_pages(outcomes, man)
                findings = _across_reports(outcomes, many.findings, kept, out)
                if notebooks:
                    _write_results(outcomes, kept, out, state)
                write_rectification(findings, out / "findings.xlsx")
                if notebooks:
                    _render(outcomes, out, state, pool, progress, jobs)
            table = _write_outcomes(outcomes, out)
            if notebooks and any(o.status == "rendered" for o in outcomes):
                _overview(manifest, out, outcomes, state)
            else:  # no page, no overview: never link last run's
                (out / "overview.html").unlink(missing_ok=True)
            _write_index(outcomes, out)
    except OSError as exc:
        raise OutputError(
            f"无法写入输出文件夹：{exc.strerror or exc}"
            + ("（磁盘已满）" if exc.errno == errno.ENOSPC else ""),
            f"cannot write the outputs: {exc.strerror or exc}; finished files are complete, "
            "unfinished ones absent",
            source=str(exc.filename or out),
        ) from exc
    return table


_NO_REPORTS = ("没有找到报告文件", "no report files found")


def _name(src) -> str:
    return str(src) if isinstance(src, (str, Path)) else ", ".join(map(str, src))


def existing_sources(src):
    """The sources, each a folder, file or glob that matches; otherwise a usage error."""
    items = [src] if isinstance(src, (str, Path)) else list(src)
    for item in items:
        p = Path(item)
        if not (p.exists() or p.is_symlink()) and not any(ch in str(item) for ch in "*?["):
            default = " （未给出路径时读取当前文件夹的 data/）" if p == DEFAULT_SOURCE else ""
            raise UsageError(
                f"路径不存在{default}",
                "no such file or folder"
                + (" (with no path given, data/ in the current folder)" if default else ""),
                source=str(p),
            )
    return src


def check_jobs(jobs: int | None) -> None:
    if jobs is not None and jobs < 1:
        raise UsageError(
            f"--jobs 必须是正整数，收到 {jobs}", f"--jobs must be a positive integer, got {jobs}"
        )


def check_output_folder(out: Path) -> None:
    """The output folder is a folder (or can be made) and can be written, before any work."""
    if out.exists() and not out.is_dir():
        raise UsageError(
            "输出位置是一个文件，不是文件夹", "the output is a file, not a folder", source=str(out)
        )
    base = out
    while not base.exists():
        if base.parent == base:
            break
        base = base.parent
    if not base.is_dir() or not os.access(base, os.W_OK | os.X_OK) or not _can_write(base):
        raise UsageError(
            "输出文件夹无法写入（没有写权限或只读）",
            "the output folder cannot be written (no permission or read-only)",
            source=str(out),
        )


def _can_write(folder: Path) -> bool:
    """A real probe: os.access says yes to root on a read-only mount."""
    try:
        fd, probe = tempfile.mkstemp(prefix=".govkit-probe-", dir=folder)
    except OSError:
        return False
    os.close(fd)
    os.unlink(probe)
    return True


def _across_reports(
    outcomes: list[Outcome], findings: pd.DataFrame, kept: list[Checked], out: Path
) -> pd.DataFrame:
    """What needs the whole batch: copied text between its reports (out/copied/) and the officer's
    review file (out/reviews.csv; reviewed findings leave the open counts). Each page's digest
    takes in its own share of both, so a page is redone when they change."""
    copying = copied_text(
        sentence_table(
            (c.report.meta.source, c.report.meta.agency, c.report.meta.year, c.narrative or {})
            for c in kept
        )
    )
    write_copied(copying, out / "copied")
    (out / DECIDED).unlink(missing_ok=True)  # last run's decisions are not this run's
    if not findings.empty:
        findings = reviews.sync(findings, out / "reviews.csv", decided=out / DECIDED)
    agency = reviews.open_findings(findings[findings["kind"] == "agency"])
    open_counts = pd.crosstab(agency["source"], agency["severity"])
    shown = copying.sentences.loc[
        copying.sentences["copied"] != "", ["source", "text", "match_source"]
    ]
    context = {s: g.to_csv(index=False) for s, g in shown.groupby("source")}
    if "review" in findings:
        decided = findings.loc[findings["review"] != "", ["source", "fingerprint", "review"]]
        for s, g in decided.groupby("source"):
            context[s] = context.get(s, "") + g.to_csv(index=False)
    for o in outcomes:
        if o.status != "read":
            continue
        row = open_counts.loc[o.source] if o.source in open_counts.index else {}
        o.errors, o.warnings = int(row.get("error", 0)), int(row.get("warning", 0))
        if o.source in context:
            o.digest = hashlib.sha256((o.digest + context[o.source]).encode()).hexdigest()[:16]
    return findings


def _write_results(outcomes: list[Outcome], kept: list[Checked], out: Path, state: dict) -> None:
    """What the pages show of each distinct report (out/<page>/report/): the agency page and the
    overview load it instead of reading and auditing the file again. A page that is up to date
    was made from results that still hold (same digest), so they are not written again."""
    done = state.get("pages", {})
    by_source = {o.source: o for o in outcomes if o.status == "read"}
    for c in kept:
        o = by_source[str(c.path)]
        folder = results_dir(out, o.page)
        if done.get(o.source, {}).get("digest") == o.digest and (folder / "meta.json").exists():
            continue
        write_results(folder, c.report, c.findings, c.narrative or {})


def _name_pages(outcomes: list[Outcome], man: dict) -> None:
    """Each distinct report's page and the digest of what it is made from (its bytes, its
    manifest row, govkit's version)."""
    for o in outcomes:
        if o.status == "read":
            path = Path(o.source)
            o.digest = _digest(path, man.get(path.resolve()))
            o.page = page_name(path)


@contextmanager
def _kernel_pool(jobs: int | None, pages: int, out: Path) -> Iterator[Pool | None]:
    """The page workers (`jobs`, or every usable core, but no more than `pages`), started before the
    reading so that each one's kernel starts (and imports pandas, matplotlib, govkit) while the
    reports are read and audited: a worker's first page does not wait for its kernel. None when
    no page can be needed."""
    workers = min(jobs or usable_cores(), pages)
    if workers < 1:
        yield None
        return
    ctx = mp.get_context("fork" if sys.platform.startswith("linux") else None)
    sockets = tempfile.mkdtemp(prefix="govkit-")
    pool = ctx.Pool(workers, initializer=start_worker, initargs=(str(out), sockets))
    try:
        yield pool
    except BaseException:  # orphaned kernels see their worker gone and exit; a kernel still
        pool.terminate()  # starting needs its socket folder, so that is left behind
        pool.join()
        raise
    pool.close()
    pool.join()  # the workers shut their kernels down as they exit
    shutil.rmtree(sockets, ignore_errors=True)


def _render(
    outcomes: list[Outcome],
    out: Path,
    state: dict,
    pool: Pool | None,
    progress: bool,
    jobs: int | None,
) -> None:
    """Agency pages for every readable input whose page is missing or out of date; the others
    are rendered already.

    `pool` was started before the reading for the pages that could be seen to need redoing then
    (None: none). A page whose input did not change is redone too when its share of what the
    whole batch decides changed (an officer's decision, copied text): workers are started now
    for those."""
    pages = state.setdefault("pages", {})
    todo = []
    for o in outcomes:
        if o.status != "read":
            continue
        done = pages.get(o.source, {})
        if done.get("digest") == o.digest and (out / f"{o.page}.html").exists():
            o.status = "rendered"
        else:
            todo.append(o)
    if not todo:
        return
    if pool is None:
        with _kernel_pool(jobs, len(todo), out) as late:
            _render_pages(todo, out, state, late, progress)
    else:
        _render_pages(todo, out, state, pool, progress)


def _render_pages(todo: list[Outcome], out: Path, state: dict, pool: Pool, progress: bool) -> None:
    """Render `todo` on the pool's workers; a worker that dies fails its page, not the batch."""
    from tqdm import tqdm

    by_source = {o.source: o for o in todo}
    shutil.rmtree(out / RUNNING, ignore_errors=True)  # a killed run's markers name dead workers
    waiting = {
        o.source: pool.apply_async(_render_one, ((o.source, o.page, str(out)),)) for o in todo
    }
    lost_results = []
    with tqdm(total=len(todo), desc="notebooks", unit="份", disable=not progress) as bar:
        while waiting:
            finished = [(s, r.get()[1]) for s, r in waiting.items() if r.ready()]
            # a worker killed mid-page never answers: its page fails, the batch goes on
            lost = [
                (s, why)
                for s, why in lost_pages(out).items()
                if s in waiting and not waiting[s].ready()
            ]
            finished += lost
            lost_results += [waiting[s] for s, _ in lost]
            for src, err in finished:
                del waiting[src]
                page_done(by_source[src], err, out, state)
                bar.update()
            if waiting and not finished:
                time.sleep(0.1)
    shutil.rmtree(out / RUNNING, ignore_errors=True)
    if any(not r.ready() for r in lost_results):  # never answered: close/join would wait forever
        pool.terminate()


def _overview(manifest, out: Path, outcomes: list[Outcome], state: dict) -> None:
    """The overview notebook, re-executed only when some input's outcome changed.

    It is given the distinct reports that have a page (not the folder: a duplicate, a README or
    a file that hung a reader never reaches it again); `outcomes` is the path of outcomes.csv,
    where every input's status and reason are.
    """
    h = hashlib.sha256(notebook_path("batch_overview.ipynb").read_bytes())
    h.update(Path(manifest).read_bytes() if manifest else b"")
    for o in outcomes:
        h.update(f"{o.source}\0{o.status}\0{o.digest}\0{o.reason}\n".encode())
    digest = h.hexdigest()[:16]
    if state.get("overview") == digest and (out / "overview.html").exists():
        return
    rendered = [o for o in outcomes if o.status == "rendered"]
    params = {
        "results": [str(results_dir(out, o.page).resolve()) for o in rendered],
        "manifest": str(Path(manifest).resolve()) if manifest else "",
        "output_dir": str((out / "overview").resolve()),
        "outcomes": str((out / "outcomes.csv").resolve()),
        "copied_dir": str((out / "copied").resolve()),  # compared once, for the pages too
    }
    if (out / "reviews.csv").exists():
        params["reviews_path"] = str((out / "reviews.csv").resolve())
        h.update((out / "reviews.csv").read_bytes())
    try:
        run_notebook(notebook_path("batch_overview.ipynb"), out / "overview.ipynb", params, out)
    except (
        Exception
    ) as exc:  # the per-agency pages stand on their own; say why there is no overview
        (out / "overview.html").unlink(missing_ok=True)
        print(f"批量概览失败 / overview failed: {type(exc).__name__}: {exc}".splitlines()[0])
        return
    state["overview"] = digest
    _save_state(state, out)


def _write_index(outcomes: list[Outcome], out: Path) -> None:
    from govkit.present.index import render_index

    with atomic_file(out / "index.html") as tmp:
        tmp.write_text(render_index(outcome_table(outcomes), out), encoding="utf-8")
