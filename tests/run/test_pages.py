"""govkit.run.pages: the exported page of an executed notebook."""

from __future__ import annotations

import nbformat

from govkit.run.pages import export_html


def _executed(path):
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
    nb = _executed(tmp_path / "a.ipynb")
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
