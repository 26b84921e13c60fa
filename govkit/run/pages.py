"""A notebook as a page: HTML export (offline, titled) and one page rendered per worker."""

from __future__ import annotations

import functools
import gc
import html
import os
import re
import signal
from multiprocessing import util
from pathlib import Path

from govkit.export import atomic_file, atomic_path
from govkit.run.kernels import _KERNEL, execute, notebook_path, start_kernel, stop_kernel
from govkit.run.results import results_dir


def run_notebook(
    notebook: Path, out_ipynb: Path, params: dict, cwd: Path, *, warm: bool = False
) -> None:
    """Execute with papermill and export self-contained HTML next to it; both written atomically."""
    tmp = atomic_path(out_ipynb)
    try:
        nb = execute(notebook, tmp, params, cwd, warm=warm)
    except BaseException:
        if _complete_notebook(tmp):  # a failed run keeps its notebook: the analyst's debug trail
            os.replace(tmp, out_ipynb)
        tmp.unlink(missing_ok=True)  # cut short (disk full, killed): never under the final name
        raise
    os.replace(tmp, out_ipynb)
    export_html(out_ipynb, nb)


def _complete_notebook(path: Path) -> bool:
    import nbformat

    try:
        nbformat.read(path, as_version=4)
    except Exception:  # truncated or empty JSON: not a notebook
        return False
    return True


def export_html(ipynb: Path, nb=None) -> None:
    """Self-contained HTML page beside an executed notebook, written atomically.

    The page is for readers, not programmers: code cells are left out (the .ipynb keeps them) so
    the first screen is the notebook's own heading, and the tab is titled by that heading. The
    body comes from nbconvert's CSS-free "basic" template inside govkit.present.pages' small stylesheet
    (the "lab" template's CSS alone was ~260 KB a page). nb: the notebook already in memory (as
    written to ipynb), so it is not read and validated again.
    """
    import nbformat

    from govkit.present.pages import page_html

    nb = nb if nb is not None else nbformat.read(ipynb, as_version=4)
    title = _page_title(nb) or nb.metadata.get("title", ipynb.stem)
    body, _ = _exporter().from_notebook_node(nb)
    page = ipynb.with_suffix(".html")
    with atomic_file(page) as tmp:
        tmp.write_text(page_html(_offline(body), title), encoding="utf-8")


@functools.cache
def _exporter():
    """One exporter per process: building it loads and compiles the Jinja templates (~40 ms)."""
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="basic",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )


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


def start_worker(out: str, sockets: str) -> None:
    """A page worker's start (the pool's initializer), while the batch reads and audits: Ctrl-C
    ignored (the main process handles it), its kept kernel started without waiting for it
    (warm_kernel takes it up at the first page), and meanwhile its own side of a page loaded —
    papermill (~1 s of imports), nbconvert and its compiled templates — so the first page pays
    neither. Then what it holds is frozen for the garbage collector: inherited from the main
    process (pandas, govkit) or just imported, it is never garbage, and every full collection
    during the pages walked it (~0.04 s CPU a page)."""
    import nbformat
    import papermill  # noqa: F401

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    util.Finalize(None, stop_kernel, exitpriority=10)
    _KERNEL[:] = [start_kernel(Path(out), sockets)]
    _exporter().from_notebook_node(
        nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 预热")])
    )
    gc.freeze()


def _render_one(args: tuple[str, str, str]) -> tuple[str, str]:
    """One agency page, in a worker process; an error becomes the reason, never an exception."""
    source, page, out_dir = args
    out = Path(out_dir)
    running = mark_running(out, source)
    params = {
        "results_dir": str(results_dir(out, page).resolve()),  # read and audited once, by the batch
        "output_dir": str((out / page).resolve()),
    }
    if (out / "copied").is_dir():
        params["copied_dir"] = str((out / "copied").resolve())
    if (out / DECIDED).exists():
        params["reviews_path"] = str((out / DECIDED).resolve())
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
    finally:
        running.unlink(missing_ok=True)


def mark_running(out: Path, source: str) -> Path:
    """Name the input this worker is on (RUNNING/<pid>), for when it dies mid-page.

    Written aside and moved in, so a marker is never seen empty: a worker killed between
    creating the file and writing the name left a marker naming no input, its page was never
    failed, and the batch waited for ever (the kill of a test that struck as soon as the marker
    appeared)."""
    running = out / RUNNING / str(os.getpid())
    running.parent.mkdir(exist_ok=True)
    tmp = out / f"{RUNNING}-{os.getpid()}.tmp"  # a hidden .*.tmp: cleared by the next run
    tmp.write_text(source, encoding="utf-8", errors="surrogateescape")
    os.replace(tmp, running)
    return running


DECIDED = ".govkit-reviews-decided.csv"
"""The rows of out/reviews.csv that have a decision, written by the batch for its pages: a page
needs only those, and the whole file lists every finding of the batch."""

RUNNING = ".govkit-running"
"""Folder in the output where each page worker names the input it is rendering (file = its pid)."""


def lost_pages(out: Path) -> dict[str, str]:
    """Inputs whose page worker died mid-page (killed, out of memory): source -> why. A pool
    replaces a dead worker but never answers for the page it held; this is how that is seen."""
    lost = {}
    for f in (out / RUNNING).glob("*") if (out / RUNNING).is_dir() else []:
        try:
            os.kill(int(f.name), 0)
        except ProcessLookupError:
            lost[f.read_text(encoding="utf-8", errors="surrogateescape")] = (
                f"生成页面的进程意外终止（进程 {f.name}；可能是内存不足） / the page worker died "
                f"(pid {f.name}; out of memory?)"
            )
            f.unlink(missing_ok=True)
        except (ValueError, PermissionError):
            continue
    return lost
