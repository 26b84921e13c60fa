"""Many reports -> per-agency notebooks (papermill, in parallel), overview, index.html, findings.xlsx.

Nothing is lost: every input file ends up in the outcome table as read and audited, or failed with
its reason. Outputs are written to temporary names and moved into place, and a state file records
what was rendered from which input bytes and govkit version, so a re-run (after Ctrl-C or a crash)
redoes only what is missing or changed.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

import govkit
from govkit.audit import audit, summary
from govkit.errors import GovkitError
from govkit.export import atomic_path, write_rectification
from govkit.report import expand_sources, read_report

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT / "data"


def notebook_path(name: str) -> Path:
    """The shipped notebooks: the checkout's notebooks/ or, from a wheel, the packaged copy."""
    for folder in (ROOT / "notebooks", Path(__file__).parent / "_notebooks"):
        if (folder / name).exists():
            return folder / name
    raise FileNotFoundError(name)


@dataclass
class Outcome:
    source: str
    agency: str | None = None
    year: int | None = None
    template: str | None = None
    errors: int = 0
    warnings: int = 0
    page: str = ""
    status: str = "pending"  # read | rendered | failed
    reason: str = ""
    digest: str = ""
    extra: dict = field(default_factory=dict)


def _digest(path: Path) -> str:
    h = hashlib.sha256(path.read_bytes())
    h.update(govkit.__version__.encode())
    for nb in ("agency_audit.ipynb",):
        h.update(notebook_path(nb).read_bytes())
    return h.hexdigest()[:16]


def page_name(path: Path, digest: str) -> str:
    """ASCII file name for an input (Chinese names break some tools); the digest keeps it unique."""
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", path.stem).strip("_")[:60] or "report"
    return f"{stem}-{digest[:8]}"


def run_notebook(notebook: Path, out_ipynb: Path, params: dict, cwd: Path) -> None:
    """Execute with papermill and export self-contained HTML next to it; both written atomically."""
    import papermill as pm

    tmp = atomic_path(out_ipynb)
    try:
        pm.execute_notebook(
            str(notebook),
            str(tmp),
            parameters=params,
            kernel_name="python3",
            progress_bar=False,
            cwd=str(cwd),
            log_output=False,
        )
    finally:
        if tmp.exists():
            os.replace(tmp, out_ipynb)  # a failed run keeps its notebook: the analyst's debug trail
    export_html(out_ipynb)


def export_html(ipynb: Path) -> None:
    """Self-contained HTML page beside an executed notebook, written atomically.

    The page is for readers, not programmers: code cells are left out (the .ipynb keeps them) so
    the first screen is the notebook's own heading, and the tab is titled by that heading.
    """
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(ipynb, as_version=4)
    nb.metadata["title"] = _page_title(nb) or nb.metadata.get("title", ipynb.stem)
    exporter = HTMLExporter(
        template_name="lab",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    body, _ = exporter.from_notebook_node(nb)
    page = ipynb.with_suffix(".html")
    tmp_html = atomic_path(page)
    tmp_html.write_text(_offline(body), encoding="utf-8")
    os.replace(tmp_html, page)


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


def _render_one(source: str, page: str, out_dir: str) -> tuple[str, str]:
    out = Path(out_dir)
    try:
        run_notebook(
            notebook_path("agency_audit.ipynb"),
            out / f"{page}.ipynb",
            {"report_path": str(Path(source).resolve()), "output_dir": str((out / page).resolve())},
            out,
        )
        return source, ""
    except (
        Exception
    ) as exc:  # a notebook error must not stop the batch; it is listed with its reason
        return (
            source,
            f"notebook error: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}",
        )


def run_batch(
    source: str | Path | list | None = None,
    out: str | Path = ROOT / "reports",
    *,
    manifest: str | Path | None = None,
    jobs: int | None = None,
    force: bool = False,
    notebooks: bool = True,
    progress: bool = True,
) -> pd.DataFrame:
    """Read, audit and render every report; returns the outcome table (one row per input file)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    src = source if source is not None else DEFAULT_SOURCE
    man = _read_manifest(manifest)
    paths = expand_sources(src)
    state_file = out / ".govkit-state.json"
    state = (
        json.loads(state_file.read_text(encoding="utf-8"))
        if state_file.exists() and not force
        else {}
    )
    outcomes: list[Outcome] = []
    reports = []
    for p in paths:
        o = Outcome(str(p))
        try:
            rep = read_report(p, meta=man.get(p.resolve()))
            f = rep.audit()
            s = summary(f)
            o.agency, o.year, o.template = rep.meta.agency, rep.meta.year, rep.meta.template
            o.errors, o.warnings, o.status = s["error"], s["warning"], "read"
            o.digest = _digest(p)
            o.page = page_name(p, o.digest)
            reports.append(rep)
        except GovkitError as exc:
            o.status, o.reason = "failed", str(exc)
        except OSError as exc:
            o.status, o.reason = "failed", f"无法读取 / cannot read: {exc}"
        outcomes.append(o)
    findings = audit(reports)
    write_rectification(findings, out / "findings.xlsx")
    if notebooks:
        _render(outcomes, out, state, state_file, jobs, progress)
        _overview(src, manifest, out)
    _write_index(outcomes, out)
    table = pd.DataFrame([asdict(o) for o in outcomes]).drop(columns=["extra"])
    table.to_csv(out / "outcomes.csv", index=False, encoding="utf-8-sig")
    return table


def _render(outcomes, out: Path, state: dict, state_file: Path, jobs, progress: bool) -> None:
    from tqdm import tqdm

    todo = [
        o
        for o in outcomes
        if o.status == "read"
        and not (state.get(o.source) == o.digest and (out / f"{o.page}.html").exists())
    ]
    for o in outcomes:
        if o.status == "read" and o not in todo:
            o.status = "rendered"
    if not todo:
        return
    by_source = {o.source: o for o in todo}
    workers = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    bar = tqdm(total=len(todo), desc="notebooks", unit="份", disable=not progress)
    try:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(_render_one, o.source, o.page, str(out)) for o in todo]
            for fut in as_completed(futures):
                src, err = fut.result()
                o = by_source[src]
                if err:
                    o.status, o.reason = "failed", err
                else:
                    o.status = "rendered"
                    state[src] = o.digest
                    _save_state(state, state_file)
                bar.update()
    finally:
        bar.close()


def _save_state(state: dict, path: Path) -> None:
    tmp = atomic_path(path)
    tmp.write_text(json.dumps(state, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def _overview(src, manifest, out: Path) -> None:
    sources = src if isinstance(src, (str, Path)) else [str(s) for s in src]
    params = {
        "source": str(Path(sources).resolve()) if isinstance(sources, (str, Path)) else sources,
        "manifest": str(Path(manifest).resolve()) if manifest else "",
        "output_dir": str((out / "overview").resolve()),
    }
    run_notebook(notebook_path("batch_overview.ipynb"), out / "overview.ipynb", params, out)


def _read_manifest(manifest) -> dict:
    if not manifest:
        return {}
    df = pd.read_csv(manifest, dtype=str, keep_default_na=False)
    base = Path(manifest).resolve().parent
    out = {}
    for rec in df.to_dict("records"):
        p = Path(rec.pop("path"))
        p = p if p.is_absolute() else (base / p)
        out[p.resolve()] = {k: v for k, v in rec.items() if v != ""}
    return out


def _write_index(outcomes: list[Outcome], out: Path) -> None:
    e = html.escape
    rows = []
    for o in outcomes:
        if o.status == "rendered":
            link = f'<a href="{e(o.page)}.html">审核报告</a>'
        elif o.status == "read":
            link = "（未生成页面）"
        else:
            link = f'<span class="fail">失败：{e(o.reason)}</span>'
        rows.append(
            f"<tr><td>{e(Path(o.source).name)}</td><td>{e(o.agency or '')}</td><td>{e(str(o.year or ''))}</td>"
            f"<td>{e(o.template or '')}</td><td class='n'>{o.errors}</td><td class='n'>{o.warnings}</td><td>{link}</td></tr>"
        )
    ok = sum(o.status in ("read", "rendered") for o in outcomes)
    overview = (
        '<p><a href="overview.html">批量概览（各机关、各年度对比）</a> · <a href="findings.xlsx">全部问题清单 findings.xlsx</a></p>'
        if (out / "overview.html").exists()
        else '<p><a href="findings.xlsx">全部问题清单 findings.xlsx</a></p>'
    )
    page = f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>govkit 审核结果</title>
<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:4px 8px}}
.n{{text-align:right}}.fail{{color:#b91c1c}}</style></head><body>
<h1>政府信息公开工作年度报告审核结果</h1>
<p>共 {len(outcomes)} 个文件：读取并审核 {ok} 个，失败 {len(outcomes) - ok} 个。</p>{overview}
<table><tr><th>文件</th><th>机关</th><th>年度</th><th>模板</th><th>错误</th><th>警告</th><th>页面 / 失败原因</th></tr>
{"".join(rows)}</table></body></html>"""
    tmp = atomic_path(out / "index.html")
    tmp.write_text(page, encoding="utf-8")
    os.replace(tmp, out / "index.html")
