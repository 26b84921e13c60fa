"""govkit.run.kernels: the shipped notebooks are found, and a notebook runs with its parameters
in a kernel that starts in the page's folder with the page imports done, and leaves no socket
folder behind (the kept, warm kernel is exercised in tests/integration/test_batch_durability.py);
and what makes a page fast (issue 15): the notebook written once, readiness in one round trip,
page kernels warm and frozen for the collector."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile

import nbformat
import papermill.iorw
import pytest
from conftest import ROOT, python_notebook

from govkit.run import kernels
from govkit.run.kernels import execute, notebook_path, stop_kernel

PROBE = """import os, sys
print(json.dumps({"x": x, "cwd": os.getcwd(),
                  "preloaded": "govkit.present.charts" in sys.modules,
                  "history": get_ipython().history_manager.enabled}))"""


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    """Where the kernel's socket folders go, to see that none is left."""
    folder = tmp_path / "sockets"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.mark.parametrize("name", ["agency_audit.ipynb", "batch_overview.ipynb", "explore.ipynb"])
def test_shipped_notebooks_are_found(name):
    path = notebook_path(name)
    assert path.name == name and path.is_file()
    assert path.parent in (ROOT / "notebooks", ROOT / "govkit" / "_notebooks")


def test_an_unknown_notebook_is_not_found():
    with pytest.raises(FileNotFoundError):
        notebook_path("no_such.ipynb")


def test_a_notebook_runs_with_its_parameters_in_the_page_folder(tmp_path, private_tmp):
    page = tmp_path / "page"
    page.mkdir()
    python_notebook(tmp_path / "in.ipynb", "import json", PROBE, parameters="x = 1")
    execute(tmp_path / "in.ipynb", tmp_path / "out.ipynb", {"x": 42}, page)
    out = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    printed = json.loads(out.cells[-1].outputs[0]["text"])
    assert printed == {"x": 42, "cwd": str(page), "preloaded": True, "history": False}
    assert list(private_tmp.iterdir()) == []  # the kernel's socket folder is gone


def test_stopping_without_a_kept_kernel_does_nothing():
    assert kernels._KERNEL == []
    stop_kernel()
    assert kernels._KERNEL == []


# ------------------------------------------------- page speed (issue 15): write once, ready, warm


def test_execute_writes_the_notebook_once(tmp_path, monkeypatch):
    """papermill saved the whole notebook at the start and end of every cell (~30 writes and
    schema validations a page); a page's notebook is written once, when it ends."""
    probe = tmp_path / "probe.ipynb"
    python_notebook(probe, "x = 1", "print(x + 1)", "x * 3")
    writes = []
    real = papermill.iorw.papermill_io.write
    monkeypatch.setattr(
        papermill.iorw.papermill_io,
        "write",
        lambda buf, path: writes.append(path) or real(buf, path),
    )
    out = tmp_path / "out.ipynb"
    nb = kernels.execute(probe, out, {}, tmp_path)
    assert writes == [str(out)]
    cells = nbformat.read(out, as_version=4).cells
    assert cells[1].outputs[0]["text"] == "2\n" and cells[2].outputs[0]["data"]["text/plain"] == "3"
    assert nb.cells[2].outputs == cells[2].outputs  # what execute returns is what it wrote


def test_ready_client_sees_the_first_output(tmp_path):
    """A kernel is ready when it answered kernel_info and IOPub delivered that request's idle
    status: the first thing a page prints right after is not lost. Also while the kernel is still
    importing its preload (a worker's kernel, started while the reports are read)."""
    km = kernels.start_kernel(tmp_path)
    try:
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=60)
        seen = []
        reply = kc.execute_interactive(
            "print('已就绪')", timeout=30, output_hook=lambda m: seen.append(m["content"])
        )
        assert reply["content"]["status"] == "ok"
        assert {"name": "stdout", "text": "已就绪\n"} in seen
        kc.wait_for_ready(
            timeout=60
        )  # again on a ready kernel: the reply is found, not an older one
        assert kc.execute_interactive("1", timeout=30)["content"]["status"] == "ok"
    finally:
        km.close_clients()
        km.shutdown_kernel(now=True)
        km.remove_sockets()


def test_ready_check_fails_on_a_dead_kernel(tmp_path):
    km = kernels.start_kernel(tmp_path, preload=False)
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        km.shutdown_kernel(now=True)
        with pytest.raises(RuntimeError, match=r"died|respond"):
            kc.wait_for_ready(timeout=5)
    finally:
        km.close_clients()
        km.remove_sockets()


def test_page_kernels_start_warm_and_frozen(tmp_path):
    """A page kernel imports what the pages use as it starts and freezes it for the garbage
    collector (%reset -f between pages collected through ~160,000 module objects: ~0.5 s); a
    bare kernel (the benchmarks' floor) imports nothing."""
    probe = tmp_path / "probe.ipynb"
    python_notebook(
        probe,
        "import gc, sys\nprint(gc.get_freeze_count(), 'govkit.present.charts' in sys.modules)",
    )
    try:
        kernels.execute(probe, tmp_path / "warm.ipynb", {}, tmp_path, warm=True)
        frozen, imported = (
            nbformat.read(tmp_path / "warm.ipynb", as_version=4).cells[0].outputs[0]["text"].split()
        )
        assert int(frozen) > 50_000 and imported == "True"
    finally:
        kernels.stop_kernel()
    km = kernels.start_kernel(tmp_path, preload=False)
    try:
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=60)
        seen = []
        kc.execute_interactive(
            "import gc, sys\nprint(gc.get_freeze_count(), 'pandas' in sys.modules)",
            timeout=30,
            output_hook=lambda m: seen.append(m["content"].get("text", "")),
        )
        assert "0 False\n" in seen
    finally:
        km.close_clients()
        km.shutdown_kernel(now=True)
        km.remove_sockets()


async def _one() -> int:
    return 1


async def _inside_a_loop() -> int:
    """A kernel client's blocking call made where nbclient makes it: inside a running loop."""
    from jupyter_core.utils import run_sync

    return run_sync(_one)()


def _in_child() -> int:
    import asyncio

    return asyncio.run(_inside_a_loop())


def test_a_forked_worker_does_not_wait_on_its_parents_runner_threads():
    """The parent has run a notebook (its jupyter_core runner thread exists); a page worker
    forked later must get its own runner, not wait forever on the parent's (a second batch in
    one process hung on its first page)."""
    import asyncio
    import multiprocessing as mp

    assert asyncio.run(_inside_a_loop()) == 1
    with mp.get_context("fork").Pool(1) as pool:
        assert pool.apply_async(_in_child).get(timeout=20) == 1


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="child subreapers are Linux's")
@pytest.mark.parametrize("when", ["starting", "ready"])
def test_a_kernel_does_not_outlive_the_process_that_started_it(tmp_path, when):
    """The process that started a kernel is killed (the OOM killer; a pool's terminate, Ctrl-C)
    while the kernel starts, or once it is up. Where orphans go to a subreaper rather than init
    (systemd --user, container shims; tests/orphans.py is one), ipykernel's own watch missed a
    parent that died before the watch began: the kernel ran on for ever, holding ~100 MB and
    the batch's stderr (a test waiting for the batch's output hung)."""
    script = "\n".join(
        [
            "import os, pathlib, signal",
            "from govkit.run.kernels import start_kernel",
            "km = start_kernel(pathlib.Path('.'))",
            "km.client().wait_for_ready(timeout=60)" if when == "ready" else "",
            "os.kill(os.getpid(), signal.SIGKILL)",
        ]
    )
    run = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "orphans.py"), sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env={**os.environ, "TMPDIR": str(tmp_path)},  # the killed process leaves its socket folder
    )
    assert run.returncode == 128 + signal.SIGKILL, run.stderr
