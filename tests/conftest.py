"""Shared paths. Tests that need ../shared skip with a reason when it is absent (a user's machine)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
SEED = DATA / "2020_ninghe_zaojiachengzhen.txt"

needs_shared = pytest.mark.skipif(
    not CORPUS.is_dir(), reason="../shared/corpus is not beside the checkout (CI always has it)"
)


@pytest.fixture(scope="session")
def seed():
    import govkit

    return govkit.read_report(SEED)


def corpus_file(name: str) -> Path:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"{path} not available (../shared is absent on this machine)")
    return path


def python_notebook(path: Path, *sources: str, parameters: str = "") -> None:
    """Write a notebook for the python3 kernel: one code cell a source, after a papermill
    parameters cell when `parameters` is given."""
    import nbformat

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
