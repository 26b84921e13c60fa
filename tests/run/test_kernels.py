"""govkit.run.kernels: a page's notebook written once, and a kernel's readiness in one round trip."""

from __future__ import annotations

import nbformat
import papermill.iorw
import pytest

from govkit.run import kernels


def _notebook(path, *sources: str):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, path)
    return path


def test_execute_writes_the_notebook_once(tmp_path, monkeypatch):
    """papermill saved the whole notebook at the start and end of every cell (~30 writes and
    schema validations a page); a page's notebook is written once, when it ends."""
    probe = _notebook(tmp_path / "probe.ipynb", "x = 1", "print(x + 1)", "x * 3")
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
    probe = _notebook(
        tmp_path / "probe.ipynb",
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
