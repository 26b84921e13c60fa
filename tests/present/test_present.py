"""govkit.present (the package): it re-exports, unchanged, what the shipped notebooks import
(`from govkit import present`, `from govkit.present import …`), and the re-exports work together
on a real report."""

from __future__ import annotations

import ast
import json

import pytest
from conftest import ROOT

from govkit import present
from govkit.present import findings, overview, tables

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _notebook_code(path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")


def _names_used(code: str) -> set[str]:
    """`present.X` attributes and names imported `from govkit.present import X`."""
    # papermill parameter cells and magics are not Python: drop lines starting with % or !
    tree = ast.parse(
        "\n".join(ln for ln in code.splitlines() if not ln.lstrip().startswith(("%", "!")))
    )
    used = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if node.value.id == "present":
                used.add(node.attr)
        elif isinstance(node, ast.ImportFrom) and node.module == "govkit.present":
            used |= {a.name for a in node.names}
    return used


def test_all_names_are_the_defining_modules_objects():
    for name in present.__all__:
        obj = getattr(present, name)
        homes = [m for m in (findings, overview, tables) if name in vars(m)]
        assert homes and all(vars(m)[name] is obj for m in homes), name
    assert len(present.__all__) == len(set(present.__all__))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_what_the_notebooks_use_is_exported(path):
    used = _names_used(_notebook_code(path))
    submodules = {"across", "charts", "metrics", "definitions", "pages", "index"}
    missing = {n for n in used - submodules if n not in present.__all__}
    assert not missing, f"{path.name} uses govkit.present.{sorted(missing)}, not exported"


def test_the_notebooks_do_use_the_package():
    """Control for the test above: the scan finds the names the notebooks use."""
    used = set().union(*(_names_used(_notebook_code(p)) for p in NOTEBOOKS))
    assert {"summary_view", "page_header", "styled_table", "file_link"} <= used


def test_re_exports_work_together_on_a_report(seed):
    f = seed.audit()
    assert present.agency_findings(f).equals(f[~present.is_reading(f)])
    assert present.verdict(f).startswith("审核结论：发现 5 个错误")
    view = present.table_view(seed, "requests")
    assert view.loc["（七）总计", "总计"] == "0"
    assert present.SEVERITY_ZH["error"] == "错误"
    assert isinstance(present.findings_view(f), present.HtmlText)
