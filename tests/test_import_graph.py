"""The package's import graph: every module imports, no cycles, no private name across packages,
no module over ~400 lines (issue 13 §3)."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "govkit"


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


MODULES = _modules()


def _package(name: str) -> str:
    path = MODULES[name]
    return name if path.name == "__init__.py" else name.rpartition(".")[0]


def _imports(name: str) -> list[tuple[str, tuple[str, ...], bool]]:
    """(module imported, names taken from it, at module level) for every govkit import."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    top = set(map(id, tree.body))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("govkit"):
            names = []
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                if sub in MODULES:
                    out.append((sub, (), id(node) in top))
                else:
                    names.append(alias.name)
            if names or f"{node.module}.{node.names[0].name}" not in MODULES:
                out.append((node.module, tuple(names), id(node) in top))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("govkit"):
                    out.append((alias.name, (), id(node) in top))
    return out


@pytest.mark.parametrize("name", [m for m in MODULES if not m.endswith("__main__")])
def test_every_module_imports(name):
    importlib.import_module(name)


def test_no_import_cycles():
    """Module-level imports form no cycle (an import inside a function, made when it runs, is
    how a lower layer reaches an upper one on demand, e.g. Report.audit)."""
    graph = {
        m: {t for t, _, top in _imports(m) if top and t in MODULES and t != m} for m in MODULES
    }
    # a package's __init__ runs before its modules: importing govkit.x.y imports govkit.x
    state: dict[str, int] = {}
    cycles = []

    def visit(m: str, stack: list[str]) -> None:
        state[m] = 1
        for t in sorted(graph[m]):
            if state.get(t) == 1:
                cycles.append([*stack[stack.index(t) :], t])
            elif t not in state:
                visit(t, [*stack, t])
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [m])
    assert not cycles, cycles


def test_no_private_name_across_packages():
    found = []
    for m in MODULES:
        for target, names, _ in _imports(m):
            if target not in MODULES:
                continue
            for n in names:
                if n.startswith("_") and not n.startswith("__") and _package(target) != _package(m):
                    found.append(f"{m} imports {target}.{n}")
    assert not found, found


LIMIT = 410  # "about 400": a module that grows past it has more than one job


def test_no_module_over_the_limit():
    sizes = {m: len(p.read_text(encoding="utf-8").splitlines()) for m, p in MODULES.items()}
    big = {m: n for m, n in sizes.items() if n > LIMIT}
    assert not big, big


def _defines_something(path: Path) -> bool:
    """A module with a function or class of its own (not only a docstring or re-exports)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(isinstance(n, (ast.FunctionDef, ast.ClassDef)) for n in tree.body)


def _test_module(path: Path) -> Path:
    """govkit/a/b.py → tests/a/test_b.py; a package govkit/a/__init__.py → tests/a/test_a.py."""
    rel = path.relative_to(PACKAGE)
    if path.name == "__init__.py":
        folder = rel.parent
        return ROOT / "tests" / folder / f"test_{folder.name or 'govkit'}.py"
    return ROOT / "tests" / rel.parent / f"test_{path.stem}.py"


def test_tests_mirror_the_source():
    """Every public module that defines something has its unit tests where its path says (issue 13
    §4): a newcomer changing govkit/audit/quality.py finds tests/audit/test_quality.py."""
    public = [
        p
        for p in MODULES.values()
        if not any(
            part.startswith("_") and part != "__init__.py" for part in p.relative_to(PACKAGE).parts
        )
        and _defines_something(p)
    ]
    assert len(public) > 50
    missing = [str(p.relative_to(ROOT)) for p in public if not _test_module(p).exists()]
    assert not missing, f"no test module for: {missing}"
