"""govkit.run.kernels: the shipped notebooks are found, and a notebook runs with its parameters
in a kernel that starts in the page's folder with the page imports done, and leaves no socket
folder behind. One kernel start (the kept, warm kernel is exercised in
tests/integration/test_batch_durability.py)."""

from __future__ import annotations

import json
import tempfile

import nbformat
import pytest
from conftest import ROOT

from govkit.run import kernels
from govkit.run.kernels import execute, notebook_path, stop_kernel

PROBE = """import os, sys
print(json.dumps({"x": x, "cwd": os.getcwd(),
                  "preloaded": "govkit.present.charts" in sys.modules,
                  "history": get_ipython().history_manager.enabled}))"""


def _notebook(path, *sources: str, parameters: str = "") -> None:
    cells = []
    if parameters:
        cell = nbformat.v4.new_code_cell(parameters)
        cell.metadata["tags"] = ["parameters"]
        cells.append(cell)
    cells += [nbformat.v4.new_code_cell(s) for s in sources]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, path)


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
    _notebook(tmp_path / "in.ipynb", "import json", PROBE, parameters="x = 1")
    execute(tmp_path / "in.ipynb", tmp_path / "out.ipynb", {"x": 42}, page)
    out = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    printed = json.loads(out.cells[-1].outputs[0]["text"])
    assert printed == {"x": 42, "cwd": str(page), "preloaded": True, "history": False}
    assert list(private_tmp.iterdir()) == []  # the kernel's socket folder is gone


def test_stopping_without_a_kept_kernel_does_nothing():
    assert kernels._KERNEL == []
    stop_kernel()
    assert kernels._KERNEL == []
