"""Many reports -> per-agency notebooks (papermill, in parallel), overview, index.html, findings.xlsx.

Nothing is lost: every input file ends up in the outcome table as read and audited, or failed with
its reason. Every output is written to a temporary name and moved into place, so a page that exists
is complete; a state file (itself replaced atomically after every page) records which page came
from which input bytes, manifest row, govkit version and notebook. A re-run after Ctrl-C, a crash
or SIGKILL removes the temporaries left behind and redoes only what is missing or changed. A lock
on the output folder keeps two batches (or the orphaned workers of a killed one) from interleaving.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import functools
import hashlib
import html
import json
import multiprocessing as mp
import os
import re
import shutil
import signal
import sys
import tempfile
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from multiprocessing.pool import Pool
from pathlib import Path

import pandas as pd

import govkit
from govkit import errors, reviews
from govkit.audit import audit as audit_all
from govkit.copied import copied_text, sentence_table, write_copied
from govkit.dedupe import duplicate_of
from govkit.errors import InputError, NoReports, OutputError, UsageError
from govkit.export import atomic_file, atomic_path, write_csv, write_rectification
from govkit.inputs import not_report, unreadable
from govkit.manifest import read_manifest
from govkit.parallel import Checked, check_many
from govkit.report import expand_sources

DEFAULT_SOURCE = Path("data")  # relative to the current folder, never to the package
DEFAULT_OUT = Path("reports")
STATE = ".govkit-state.json"
LOCK_WAIT = 60.0  # seconds to wait for the workers of a killed batch to let go of the folder
_NOTEBOOKS = (
    Path(__file__).parent / "_notebooks",  # a wheel: the notebooks are package data
    Path(__file__).parents[1] / "notebooks",  # a checkout (editable install): read only
)


def notebook_path(name: str) -> Path:
    """A shipped notebook: the wheel's packaged copy, or the checkout's notebooks/."""
    for folder in _NOTEBOOKS:
        if (folder / name).exists():
            return folder / name
    raise FileNotFoundError(name)


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
    stage: str = ""  # where it failed: read | audit | notebook
    reason: str = ""
    duplicate_of: str = ""
    digest: str = ""
    executed: bool = False  # its notebook ran in this batch (False: unchanged page kept)


def _digest(path: Path, meta: dict | None) -> str:
    """What a page depends on: input bytes, manifest row, govkit version, the agency notebook."""
    h = hashlib.sha256(path.read_bytes())
    h.update(json.dumps(meta or {}, sort_keys=True, ensure_ascii=False).encode())
    h.update(govkit.__version__.encode())
    h.update(notebook_path("agency_audit.ipynb").read_bytes())
    return h.hexdigest()[:16]


def page_name(path: Path) -> str:
    """One stable page name per input path: the ASCII part of its name (Chinese names break some
    tools) plus a digest of the full path, so two files never share a page and a changed file
    keeps its page. Never hidden (a file named `..txt`)."""
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", path.stem).strip("_.-")[:60] or "report"
    where = hashlib.sha256(str(path.resolve()).encode("utf-8", "surrogateescape")).hexdigest()
    return f"{stem}-{where[:10]}"


def execute(
    notebook: Path, out_ipynb: Path, params: dict, cwd: Path, *, warm: bool = False
) -> None:
    """Run a notebook with papermill the way every govkit page is run (benchmarks time this).

    warm: in the kernel this process keeps for its pages (see warm_kernel), not a new one.
    """
    import papermill as pm

    km = warm_kernel(cwd) if warm else start_kernel(cwd)
    try:
        pm.execute_notebook(
            str(notebook),
            str(out_ipynb),
            parameters=params,
            kernel_name="python3",
            progress_bar=False,
            cwd=str(cwd),
            log_output=False,
            km=km,
        )
    finally:
        km.close_clients()  # nbclient leaves open the client of a kernel it does not own
        if not warm:
            with contextlib.suppress(Exception):  # already gone
                km.shutdown_kernel(now=True)
            km.remove_sockets()


_KERNEL: list = []  # this process's kept kernel manager, if any
_RESET = "%reset -f\nimport matplotlib.pyplot as _plt\n_plt.close('all')\ndel _plt"


def warm_kernel(cwd: Path):
    """The kernel this worker keeps across its pages, emptied for the next one.

    A fresh kernel per page pays kernel start-up and the notebook's imports (pandas, matplotlib,
    govkit: ~1.5 s) every time; kept, they are paid once per worker. Each page starts from an
    empty namespace (%reset -f) with no figure open, so nothing of the last agency leaks into the
    next. nbclient leaves a kernel it was handed running. A kernel that died or does not answer
    the reset is replaced; the worker's exit shuts the kernel down.
    """
    if _KERNEL and _KERNEL[0].is_alive() and _reset(_KERNEL[0]):
        return _KERNEL[0]
    from multiprocessing import util

    if _KERNEL:
        _stop_kernel()
    else:  # first kernel of this process: shut down whichever is kept when the worker exits
        util.Finalize(None, _stop_kernel, exitpriority=10)
    _KERNEL[:] = [start_kernel(cwd)]
    return _KERNEL[0]


KERNEL_ARGS = [
    "--HistoryManager.enabled=False",
    "--HistoryManager.hist_file=:memory:",
    "--IPKernelApp.exec_lines=['import govkit.charts, govkit.present, matplotlib.pyplot']",
]
"""Kernels keep no input history (report paths never land in the user's ~/.ipython) and import
what the pages need while they start: a kernel started early (see _kernel_pool) is ready with its
imports done by the time the reading is."""


def start_kernel(cwd: Path, sockets_in: str | None = None):
    """A python3 kernel over IPC sockets in a private temp folder of its own (not TCP ports: no
    "running over TCP without encryption" warning, nothing another user can reach; the default
    socket names clashed between workers), without history."""
    # one folder per kernel, short names: a socket path must stay under ~104 bytes (AF_UNIX)
    sockets = tempfile.mkdtemp(prefix="gk-", dir=sockets_in)
    km = _kept_kernel_class()(
        kernel_name="python3", transport="ipc", ip=os.path.join(sockets, "ipc")
    )
    km.remove_sockets = weakref.finalize(km, shutil.rmtree, sockets, ignore_errors=True)
    km.start_kernel(cwd=str(cwd), extra_arguments=KERNEL_ARGS)
    return km


def _reset(km) -> bool:
    kc = km.client()
    kc.start_channels()
    try:  # ready (a kernel started early may still be importing), then emptied
        kc.wait_for_ready(timeout=60)
        reply = kc.execute_interactive(
            _RESET, timeout=30, store_history=False, output_hook=lambda _msg: None
        )
        return reply["content"]["status"] == "ok"
    except Exception:  # no answer: the caller starts a new kernel
        return False
    finally:
        km.close_clients()


@functools.cache
def _kept_kernel_class():
    from jupyter_client.manager import KernelManager

    class KeptKernel(KernelManager):
        """A KernelManager that remembers the clients it made, so each page's can be closed
        (thousands of pages per worker must not leave thousands of sockets open)."""

        def client(self, **kwargs):
            kc = super().client(**kwargs)
            self.__dict__.setdefault("_clients", []).append(kc)
            return kc

        def close_clients(self) -> None:
            clients = self.__dict__.get("_clients", [])
            while clients:
                clients.pop().stop_channels()

    return KeptKernel


def _stop_kernel() -> None:
    if _KERNEL:
        km = _KERNEL.pop()
        with contextlib.suppress(Exception):  # already gone
            km.shutdown_kernel(now=True)
        km.remove_sockets()  # a worker exits without running finalizers


def run_notebook(
    notebook: Path, out_ipynb: Path, params: dict, cwd: Path, *, warm: bool = False
) -> None:
    """Execute with papermill and export self-contained HTML next to it; both written atomically."""
    tmp = atomic_path(out_ipynb)
    try:
        execute(notebook, tmp, params, cwd, warm=warm)
    except BaseException:
        if _complete_notebook(tmp):  # a failed run keeps its notebook: the analyst's debug trail
            os.replace(tmp, out_ipynb)
        tmp.unlink(missing_ok=True)  # cut short (disk full, killed): never under the final name
        raise
    os.replace(tmp, out_ipynb)
    export_html(out_ipynb)


def _complete_notebook(path: Path) -> bool:
    import nbformat

    try:
        nbformat.read(path, as_version=4)
    except Exception:  # truncated or empty JSON: not a notebook
        return False
    return True


def export_html(ipynb: Path) -> None:
    """Self-contained HTML page beside an executed notebook, written atomically.

    The page is for readers, not programmers: code cells are left out (the .ipynb keeps them) so
    the first screen is the notebook's own heading, and the tab is titled by that heading. The
    body comes from nbconvert's CSS-free "basic" template inside govkit.pages' small stylesheet
    (the "lab" template's CSS alone was ~260 KB a page).
    """
    import nbformat
    from nbconvert import HTMLExporter

    from govkit.pages import page_html

    nb = nbformat.read(ipynb, as_version=4)
    title = _page_title(nb) or nb.metadata.get("title", ipynb.stem)
    exporter = HTMLExporter(
        template_name="basic",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    body, _ = exporter.from_notebook_node(nb)
    page = ipynb.with_suffix(".html")
    with atomic_file(page) as tmp:
        tmp.write_text(page_html(_offline(body), title), encoding="utf-8")


def _offline(body: str) -> str:
    """Drop scripts that load code from a CDN (require.js, MathJax, the mermaid loader's
    `import("https://…")`): the page reads fine without them, offline."""
    body = re.sub(r'<script[^>]+src="https?://[^"]+"[^>]*>\s*</script>', "", body)
    return _REMOTE_SCRIPT.sub("", body)


_REMOTE_SCRIPT = re.compile(
    r"<script\b[^>]*>(?:(?!</script>).)*?https?://(?:(?!</script>).)*</script>", re.S
)
_HEADING = re.compile(r"<h[12][^>]*>(.*?)</h[12]>|^#{1,2} (.+)$", re.S | re.M)


def _page_title(nb) -> str:
    """The first heading an output shows (e.g. the agency and year), else the first markdown one."""
    data = [o.get("data", {}) for c in nb.cells for o in c.get("outputs", [])]
    texts = [d.get("text/html", "") + "\n" + d.get("text/markdown", "") for d in data]
    texts += [c.source for c in nb.cells if c.cell_type == "markdown"]
    for text in texts:
        m = _HEADING.search(text)
        if m:
            return html.unescape(re.sub(r"<[^>]+>", "", m.group(1) or m.group(2))).strip()
    return ""


def _render_one(args: tuple[str, str, str, dict]) -> tuple[str, str]:
    """One agency page, in a worker process; an error becomes the reason, never an exception."""
    source, page, out_dir, meta = args
    out = Path(out_dir)
    params = {"report_path": str(Path(source).resolve()), "output_dir": str((out / page).resolve())}
    if meta:
        params["meta"] = meta
    if (out / "copied").is_dir():
        params["copied_dir"] = str((out / "copied").resolve())
    if (out / "reviews.csv").exists():
        params["reviews_path"] = str((out / "reviews.csv").resolve())
    try:
        run_notebook(
            notebook_path("agency_audit.ipynb"), out / f"{page}.ipynb", params, out, warm=True
        )
        return source, ""
    except (
        Exception
    ) as exc:  # a notebook error must not stop the batch; it is listed with its reason
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        return source, f"notebook 执行失败 / notebook error: {type(exc).__name__}: {first}"


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
    paths = expand_sources(_existing(src), exclude=[out, *([manifest] if manifest else [])])
    if not paths:
        raise NoReports(*_NO_REPORTS, source=_name(src))
    try:
        out.mkdir(parents=True, exist_ok=True)
        with _folder_lock(out), _no_leftovers(out):
            state = {} if force or not notebooks else _load_state(out)
            pending = _pending(paths, man, state, out) if notebooks else 0
            with _kernel_pool(min(jobs or os.cpu_count() or 1, pending), out) as pool:
                outcomes, findings, _, kept = read_and_audit(paths, man, jobs)
                if all(o.status == "not_report" for o in outcomes):
                    raise NoReports(*_NO_REPORTS, source=_name(src))
                findings = _across_reports(outcomes, findings, kept, out)
                write_rectification(findings, out / "findings.xlsx")
                if pool is not None:
                    _render(outcomes, out, state, pool, progress, man)
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


def _existing(src):
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


def _subclass_names(cls: type) -> set[str]:
    return {cls.__name__}.union(*(_subclass_names(c) for c in cls.__subclasses__()))


_GOVKIT_ERRORS = frozenset(_subclass_names(errors.GovkitError))


def read_and_audit(
    paths: list[Path], man: dict, jobs: int | None
) -> tuple[list[Outcome], pd.DataFrame, dict[str, float], list[Checked]]:
    """Every input's outcome, in input order, the findings of the distinct reports (a duplicate
    counts once), where the time went (seconds: read_audit wall, read and audit summed), and the
    distinct reports themselves."""
    outcomes, kept, timing = check_inputs(paths, man, jobs)
    findings = audit_all([c.report for c in kept], findings=[c.findings for c in kept])
    return outcomes, findings, timing, kept


def check_inputs(
    paths: list[Path], man: dict, jobs: int | None, *, audit: bool = True
) -> tuple[list[Outcome], list[Checked], dict[str, float]]:
    """Read (and audit) every input in killable workers: each input's outcome in input order,
    the distinct reports read, and where the time went. audit=False (govkit read) keeps each
    report's text and leaves errors and warnings blank."""
    why = {p: unreadable(p) for p in paths}  # a FIFO or a device is never opened
    t0 = time.perf_counter()
    todo = [p for p in paths if not why[p]]
    checked = {c.path: c for c in check_many(todo, overrides=man, jobs=jobs, audit=audit)}
    timing = {
        "read_audit": time.perf_counter() - t0,
        "read": sum(c.read_s for c in checked.values()),
        "audit": sum(c.audit_s for c in checked.values()),
    }
    ok = [c for c in checked.values() if c.report is not None]
    dup = duplicate_of([c.report for c in ok])
    outcomes = []
    for p in paths:
        c = checked.get(p)
        o = Outcome(str(p))
        if c is None:
            o.status, o.stage, o.reason = "failed", "read", why[p]
        elif c.report is None:
            what = not_report(p) if c.stage == "read" and c.error in _GOVKIT_ERRORS else None
            o.status, o.stage, o.reason = (
                ("not_report", "", what) if what else ("failed", c.stage, c.reason)
            )
        else:
            _read_outcome(o, c, man.get(p.resolve()), dup.get(str(c.report.meta.source)))
        outcomes.append(o)
    return outcomes, [c for c in ok if str(c.report.meta.source) not in dup], timing


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
    if not findings.empty:
        findings = reviews.sync(findings, out / "reviews.csv")
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


def _read_outcome(o: Outcome, c: Checked, meta: dict | None, same_as: str | None) -> None:
    m = c.report.meta
    o.agency, o.year, o.template = m.agency, m.year, m.template
    if same_as:
        o.status, o.duplicate_of = "duplicate", same_as
        o.reason = f"与 {same_as} 是同一份报告 / the same report as {same_as}"
        return
    o.status = "read"
    if c.findings is not None:  # audited
        # numpy, not pandas masks: this runs in the main process once per report (10,000 in a row)
        severity = c.findings["severity"].to_numpy(dtype=object)
        agency = c.findings["kind"].to_numpy(dtype=object) == "agency"
        o.errors = int((agency & (severity == "error")).sum())
        o.warnings = int((agency & (severity == "warning")).sum())
    o.digest = _digest(c.path, meta)
    o.page = page_name(c.path)


def outcome_table(outcomes: list[Outcome]) -> pd.DataFrame:
    """outcomes.csv as a frame: year, errors and warnings as integers or empty (never 2019.0)."""
    table = pd.DataFrame([asdict(o) for o in outcomes], columns=list(Outcome.__dataclass_fields__))
    return table.astype({"year": "Int64", "errors": "Int64", "warnings": "Int64"})


def _write_outcomes(outcomes: list[Outcome], out: Path) -> pd.DataFrame:
    table = outcome_table(outcomes)
    write_csv(table, out / "outcomes.csv")
    return table


@contextmanager
def _folder_lock(out: Path) -> Iterator[None]:
    """One batch per output folder; waits briefly for the orphaned workers of a killed batch."""
    with open(out / ".govkit-lock", "w") as fh:
        deadline = time.monotonic() + LOCK_WAIT
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise InputError(
                        f"另一个 govkit batch 正在写入 {out}，请等它结束",
                        f"another govkit batch is writing to {out}; wait for it to finish",
                    ) from None
                time.sleep(0.2)
        yield


@contextmanager
def _no_leftovers(out: Path) -> Iterator[None]:
    """Temporaries of a killed earlier run are removed first; those of this one if interrupted
    or failed (a full disk)."""
    _remove_temporaries(out)
    try:
        yield
    except BaseException:
        _remove_temporaries(out)
        raise


def _remove_temporaries(out: Path) -> None:
    """Temp files of a run that was killed before moving them into place (never complete)."""
    for f in out.glob(".*.tmp*"):
        f.unlink(missing_ok=True)


def _load_state(out: Path) -> dict:
    try:
        state = json.loads((out / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"pages": {}}
    pages = state.get("pages") if isinstance(state, dict) else None
    return {**state, "pages": pages} if isinstance(pages, dict) else {"pages": {}}


def _save_state(state: dict, out: Path) -> None:
    with atomic_file(out / STATE) as tmp:
        tmp.write_text(json.dumps(state, ensure_ascii=False, indent=1), encoding="utf-8")


def _pending(paths: list[Path], man: dict, state: dict, out: Path) -> int:
    """How many inputs may need a page (at most): those without an up-to-date one."""
    pages = state.get("pages", {})
    n = 0
    for p in paths:
        done = pages.get(str(p), {})
        if unreadable(p) is None and not (
            (out / f"{done.get('page')}.html").exists()
            and done.get("digest") == _digest(p, man.get(p.resolve()))
        ):
            n += 1
    return n


@contextmanager
def _kernel_pool(workers: int, out: Path) -> Iterator[Pool | None]:
    """The page workers, started before the reading so that each one's kernel starts (and
    imports pandas, matplotlib, govkit) while the reports are read and audited: a worker's first
    page does not wait for its kernel. None when no page can be needed."""
    if workers < 1:
        yield None
        return
    ctx = mp.get_context("fork" if sys.platform.startswith("linux") else None)
    sockets = tempfile.mkdtemp(prefix="govkit-")
    pool = ctx.Pool(workers, initializer=_page_worker, initargs=(str(out), sockets))
    try:
        yield pool
    except BaseException:  # orphaned kernels see their worker gone and exit; a kernel still
        pool.terminate()  # starting needs its socket folder, so that is left behind
        pool.join()
        raise
    pool.close()
    pool.join()  # the workers shut their kernels down as they exit
    shutil.rmtree(sockets, ignore_errors=True)


def _page_worker(out: str, sockets: str) -> None:
    """A page worker: ignores Ctrl-C (the main process handles it) and starts its kept kernel
    now, without waiting for it (warm_kernel takes it up at the first page)."""
    from multiprocessing import util

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    util.Finalize(None, _stop_kernel, exitpriority=10)
    _KERNEL[:] = [start_kernel(Path(out), sockets)]


def _render(
    outcomes: list[Outcome], out: Path, state: dict, pool: Pool, progress: bool, man: dict
) -> None:
    """Agency pages for every readable input whose page is missing or out of date."""
    from tqdm import tqdm

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
    by_source = {o.source: o for o in todo}
    args = [(o.source, o.page, str(out), man.get(Path(o.source).resolve())) for o in todo]
    with tqdm(total=len(todo), desc="notebooks", unit="份", disable=not progress) as bar:
        for src, err in pool.imap_unordered(_render_one, args):
            o = by_source[src]
            o.executed = True
            if err:
                o.status, o.stage, o.reason = "failed", "notebook", err
            else:
                old = pages.get(src, {}).get("page")
                o.status = "rendered"
                pages[src] = {"digest": o.digest, "page": o.page}
                _save_state(state, out)
                if old and old != o.page:
                    _remove_page(out, old)
            bar.update()


def _remove_page(out: Path, page: str) -> None:
    """The page an input had before it changed: one input, one page."""
    for f in (out / f"{page}.html", out / f"{page}.ipynb"):
        f.unlink(missing_ok=True)
    shutil.rmtree(out / page, ignore_errors=True)


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
    params = {
        "source": [str(Path(o.source).resolve()) for o in outcomes if o.status == "rendered"],
        "manifest": str(Path(manifest).resolve()) if manifest else "",
        "output_dir": str((out / "overview").resolve()),
    }
    if "outcomes" in _parameters(notebook_path("batch_overview.ipynb")):
        params["outcomes"] = str((out / "outcomes.csv").resolve())
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


def _parameters(notebook: Path) -> set[str]:
    """Names assigned in a notebook's `parameters` cell (papermill warns of any other)."""
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    cells = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    return {m for c in cells for m in re.findall(r"^(\w+)\s*=", c.source, re.M)}


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


def _write_index(outcomes: list[Outcome], out: Path) -> None:
    from govkit.index_page import render_index

    with atomic_file(out / "index.html") as tmp:
        tmp.write_text(render_index(outcome_table(outcomes), out), encoding="utf-8")
