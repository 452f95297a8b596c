"""The folder tree is the architecture: imports flow one way through the stages."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import cx_handbook

PACKAGE_DIR = Path(cx_handbook.__file__).parent


def module_name(path: Path) -> str:
    parts = ["cx_handbook", *path.relative_to(PACKAGE_DIR).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, known: set[str]) -> set[str]:
    """Every ``cx_handbook`` module *path* imports, anywhere in the file (lazy ones too)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("cx_handbook")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("cx_handbook"):
                continue
            # ``from . import page`` imports a module; ``from .page import X`` a name.
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                found.add(candidate if candidate in known else target)
    found.discard(name)
    return found


def stage_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in cx_handbook.STAGES else None


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    paths = sorted(PACKAGE_DIR.rglob("*.py"))
    known = {module_name(p) for p in paths}
    return {module_name(p): imported_modules(p, known) for p in paths}


def test_every_module_belongs_to_a_stage(graph) -> None:
    loose = [m for m in graph if m != "cx_handbook" and stage_of(m) is None]
    assert not loose, f"modules outside every stage subpackage: {loose}"
    stages = {p.name for p in PACKAGE_DIR.iterdir() if (p / "__init__.py").is_file()}
    assert stages == set(cx_handbook.STAGES)


def test_every_stage_says_what_it_owns_and_may_import() -> None:
    for stage in cx_handbook.STAGES:
        doc = ast.get_docstring(ast.parse((PACKAGE_DIR / stage / "__init__.py").read_text()))
        assert doc and "Owns" in doc and "import" in doc, stage


def back_edges(graph: dict[str, set[str]]) -> list[str]:
    """Imports from a stage to a later one."""
    rank = {stage: i for i, stage in enumerate(cx_handbook.STAGES)}
    return [
        f"{module} imports {target}"
        for module, targets in sorted(graph.items())
        if stage_of(module)
        for target in sorted(targets)
        if stage_of(target) and rank[stage_of(target)] > rank[stage_of(module)]
    ]


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every import cycle a depth-first walk meets (the package's own wiring aside)."""
    found: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph.get(module, ())):
            if target == "cx_handbook":
                continue
            if state.get(target) == 1:
                found.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    return found


def test_no_import_points_to_a_later_stage(graph) -> None:
    assert back_edges(graph) == []


def test_no_import_cycle(graph) -> None:
    assert cycles(graph) == []


def test_the_walker_sees_lazy_imports_back_edges_and_cycles(tmp_path, monkeypatch) -> None:
    """The checks above can fail: a planted back-edge and a lazy-import cycle are found."""
    (tmp_path / "core").mkdir()
    (tmp_path / "core" / "__init__.py").write_text("")
    (tmp_path / "core" / "a.py").write_text("from ..site.b import x\nfrom .c import y\n")
    (tmp_path / "core" / "c.py").write_text("def f():\n    from . import a\n")
    monkeypatch.setattr(f"{__name__}.PACKAGE_DIR", tmp_path)
    known = {"cx_handbook.core", "cx_handbook.core.a", "cx_handbook.core.c"}
    planted = {
        m: imported_modules(tmp_path / "core" / f"{m[-1]}.py", known) for m in sorted(known)[1:]
    }
    assert planted == {
        "cx_handbook.core.a": {"cx_handbook.site.b", "cx_handbook.core.c"},
        "cx_handbook.core.c": {"cx_handbook.core.a"},
    }
    assert back_edges(planted) == ["cx_handbook.core.a imports cx_handbook.site.b"]
    assert cycles(planted) == [["cx_handbook.core.a", "cx_handbook.core.c", "cx_handbook.core.a"]]
