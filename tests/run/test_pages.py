"""govkit.run.pages: an executed notebook becomes a page for readers (no code, titled by its first
heading, offline), run_notebook writes the notebook and page only when complete, and pages whose
worker died are found. Execution is stood in for by writing the executed notebook (the kernel
side is in tests/run/test_kernels.py); one kernel starts, in the page worker started ready."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import lxml.html
import nbformat
import pytest

from govkit.run import pages
from govkit.run.pages import RUNNING, export_html, lost_pages, mark_running, run_notebook

HEADING = "<h2>宁河区造甲城镇人民政府 · 2020 年度政府信息公开工作年度报告审核</h2>"


def _executed(*cells) -> nbformat.NotebookNode:
    return nbformat.v4.new_notebook(cells=list(cells))


def _code(source: str, html: str = "", text: str = "") -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source)
    if html:
        cell.outputs.append(
            nbformat.v4.new_output("display_data", data={"text/html": html, "text/plain": ""})
        )
    if text:
        cell.outputs.append(nbformat.v4.new_output("stream", name="stdout", text=text))
    return cell


def _page(tmp_path: Path, nb: nbformat.NotebookNode, name: str = "a-1") -> lxml.html.HtmlElement:
    path = tmp_path / f"{name}.ipynb"
    nbformat.write(nb, path)
    export_html(path)
    return lxml.html.document_fromstring(path.with_suffix(".html").read_text(encoding="utf-8"))


# ------------------------------------------------------------------------------ export_html


def test_the_page_shows_outputs_not_code_and_is_titled_by_the_first_heading(tmp_path):
    nb = _executed(
        nbformat.v4.new_markdown_cell("# 机关报告审核（模板标题）"),
        _code("secret_variable = report.cells", html=HEADING + "<p>审核结论：发现 5 个错误</p>"),
        _code("print('x')", text="打印的文字"),
    )
    doc = _page(tmp_path, nb)
    assert (
        doc.findtext(".//title") == "宁河区造甲城镇人民政府 · 2020 年度政府信息公开工作年度报告审核"
    )
    text = doc.text_content()
    assert "审核结论：发现 5 个错误" in text and "打印的文字" in text
    assert "secret_variable" not in text and "print('x')" not in text
    assert doc.xpath('//nav/a[@href="index.html"]')  # back to the batch's index
    assert not list(tmp_path.glob(".*.tmp*"))


def test_without_a_heading_in_outputs_the_markdown_one_titles_the_page(tmp_path):
    nb = _executed(nbformat.v4.new_markdown_cell("说明\n\n## 批量概览 &amp; 对比"), _code("1"))
    assert _page(tmp_path, nb).findtext(".//title") == "批量概览 & 对比"


def test_without_any_heading_the_file_name_titles_the_page(tmp_path):
    nb = _executed(_code("1", text="无标题"))
    assert _page(tmp_path, nb, name="seed-abc").findtext(".//title") == "seed-abc"


def test_the_page_loads_nothing_from_the_network(tmp_path):
    remote = (
        '<script src="https://cdn.example.org/require.min.js"></script>'
        '<script type="module">import("https://cdn.example.org/mermaid.js")</script>'
        "<script>var local = 1;</script>"
    )
    page = _page(tmp_path, _executed(_code("1", html=HEADING + remote)))
    scripts = [s.get("src", "") + (s.text or "") for s in page.iter("script")]
    assert not any("https://" in s for s in scripts)
    assert any("var local = 1;" in s for s in scripts)  # a page's own script stays


def test_report_text_in_a_heading_stays_text(tmp_path):
    nb = _executed(_code("1", html="<h2>&lt;script&gt;某局 · 2020</h2>"))
    doc = _page(tmp_path, nb)
    assert doc.findtext(".//title") == "<script>某局 · 2020"
    assert "<title><script>" not in (tmp_path / "a-1.html").read_text(encoding="utf-8")


# ----------------------------------------------------------------------------- run_notebook


def test_run_notebook_writes_the_notebook_and_its_page(tmp_path, monkeypatch):
    def executed(notebook, out_ipynb, params, cwd, *, warm=False):
        nbformat.write(_executed(_code("1", html=f"<h2>{params['agency']}</h2>")), out_ipynb)

    monkeypatch.setattr(pages, "execute", executed)
    final = tmp_path / "p.ipynb"
    run_notebook(Path("x.ipynb"), final, {"agency": "上海市科委"}, tmp_path)
    assert nbformat.read(final, as_version=4).cells[0].outputs
    html = final.with_suffix(".html").read_text(encoding="utf-8")
    assert "<title>上海市科委</title>" in html
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.html", "p.ipynb"]


def test_a_failed_run_keeps_its_complete_notebook_but_makes_no_page(tmp_path, monkeypatch):
    def fails(notebook, out_ipynb, params, cwd, *, warm=False):
        nbformat.write(_executed(_code("raise KeyError('x')")), out_ipynb)  # papermill's record
        raise RuntimeError("cell failed")

    monkeypatch.setattr(pages, "execute", fails)
    final = tmp_path / "p.ipynb"
    with pytest.raises(RuntimeError, match="cell failed"):
        run_notebook(Path("x.ipynb"), final, {}, tmp_path)
    assert final.exists()  # the analyst's debug trail
    assert not final.with_suffix(".html").exists()
    assert not list(tmp_path.glob(".*.tmp*"))


# ------------------------------------------------------------------------------ lost_pages


def _dead_pid() -> int:
    proc = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(proc.stdout)


def test_a_page_whose_worker_died_is_lost_and_its_marker_removed(tmp_path):
    running = tmp_path / RUNNING
    running.mkdir()
    dead = _dead_pid()
    (running / str(dead)).write_text("/in/平潭.txt", encoding="utf-8")
    (running / str(os.getpid())).write_text("/in/alive.txt", encoding="utf-8")
    (running / "not-a-pid").write_text("/in/odd.txt", encoding="utf-8")
    lost = lost_pages(tmp_path)
    assert list(lost) == ["/in/平潭.txt"]
    assert f"进程 {dead}" in lost["/in/平潭.txt"] and "page worker died" in lost["/in/平潭.txt"]
    assert sorted(p.name for p in running.iterdir()) == sorted([str(os.getpid()), "not-a-pid"])
    assert lost_pages(tmp_path) == {}  # reported once


def test_no_running_folder_no_lost_pages(tmp_path):
    assert lost_pages(tmp_path) == {}


def test_a_marker_is_whole_or_absent(tmp_path, monkeypatch):
    """A worker killed while writing its marker leaves none under RUNNING (an empty one named no
    input, and the batch waited for its page for ever); a whole one names the input."""
    assert mark_running(tmp_path, "/in/平潭.txt").read_text(encoding="utf-8") == "/in/平潭.txt"
    real = Path.write_text

    def killed(self, text, *args, **kwargs):
        real(self, "", *args, **kwargs)  # the file is created, the name not yet written
        raise SystemExit

    monkeypatch.setattr(Path, "write_text", killed)
    (tmp_path / RUNNING / str(os.getpid())).unlink()
    with pytest.raises(SystemExit):
        mark_running(tmp_path, "/in/宁河.txt")
    assert not list((tmp_path / RUNNING).iterdir())
    assert [p.name for p in tmp_path.glob(".*.tmp*")]  # what the next run's cleanup removes


# --------------------------------------------------- page speed (issue 15): memory, ready workers


def _written(path):
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# 年度报告 · 单份审核"),
            nbformat.v4.new_code_cell(
                "display(HTML(...))",
                outputs=[
                    nbformat.v4.new_output(
                        "display_data", data={"text/html": "<h1>宁河区 2020</h1><p>正文</p>"}
                    )
                ],
            ),
        ]
    )
    nbformat.write(nb, path)
    return nb


def test_export_from_memory_is_the_page_from_the_file(tmp_path):
    """run_notebook hands the executed notebook over in memory (not read and validated again):
    the page is byte for byte the one exported from the written file, whichever comes first."""
    nb = _written(tmp_path / "a.ipynb")
    export_html(tmp_path / "a.ipynb", nb)
    from_memory = (tmp_path / "a.html").read_bytes()
    export_html(tmp_path / "a.ipynb")
    assert (tmp_path / "a.html").read_bytes() == from_memory
    assert "<title>宁河区 2020</title>" in from_memory.decode()
    assert "display(HTML" not in from_memory.decode()  # code cells are left out


def _worker_state(_):
    import gc
    import sys

    from govkit.run import kernels, pages

    return (
        "papermill" in sys.modules,
        pages._exporter.cache_info().currsize,
        gc.get_freeze_count() > 0,
        len(kernels._KERNEL),
    )


def test_a_page_worker_starts_ready_for_its_first_page(tmp_path):
    """While the batch reads, a page worker starts its kernel and loads its own side of a page
    (papermill: ~1 s of imports; nbconvert's exporter), then freezes it all for the collector:
    the first page pays none of it."""
    import multiprocessing as mp

    from govkit.run.pages import start_worker

    ctx = mp.get_context("fork")
    with ctx.Pool(1, initializer=start_worker, initargs=(str(tmp_path), str(tmp_path))) as pool:
        assert pool.apply(_worker_state, (None,)) == (True, 1, True, 1)
        pool.close()
        pool.join()  # the worker shuts its kernel down as it exits
    assert not list(tmp_path.glob("gk-*/ipc*"))
