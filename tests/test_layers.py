"""The house plan holds: zixun's packages import one way only, as docs/architecture.md draws them.

Every module is parsed (nothing is imported), and every import counts, the ones inside
functions too: a function-local import that dodges a cycle is still a cycle. Entry points —
management commands, ``admin.py``, ``apps.py`` and migrations — may reach any package and are
left out, as are the project-level modules (settings, urls, cli, config, wsgi).
"""

from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "zixun"

# Each package with the packages it may import, lowest first (docs/architecture.md).
ALLOWED = {
    "lib": set(),
    "text": set(),
    "extract": {"lib", "text"},
    "sources": {"lib", "text", "extract"},
    "articles": {"lib", "text", "extract", "sources"},
    "dedup": {"lib", "text", "extract", "sources", "articles"},
    "search": {"lib", "text", "extract", "sources", "articles"},
    "ranking": {"lib", "text", "extract", "sources", "articles", "search"},
    "newsroom": {"lib", "text", "extract", "sources", "articles"},
    "pipeline": {"lib", "text", "extract", "sources", "articles", "dedup", "search", "ranking"},
    "web": {"lib", "text", "extract", "sources", "articles", "dedup", "search", "ranking",
            "newsroom"},
    "demo": {"lib", "text", "extract", "sources", "articles", "dedup", "search", "ranking",
             "pipeline"},
    # The JSON API: above web, whose site addresses (web.links) it shares; nothing imports it.
    "api": {"lib", "text", "extract", "sources", "articles", "dedup", "search", "ranking",
            "newsroom", "pipeline", "web"},
    "commands": set(),  # an app of entry points only: its modules are all commands
}
ENTRY_POINT_FILES = {"admin.py", "apps.py"}
ENTRY_POINT_FOLDERS = {"management", "migrations"}


@dataclass(frozen=True)
class Edge:
    """One import of another package, and where it is written."""

    source: str
    target: str
    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line} imports zixun.{self.target}"


def _module_name(path: Path) -> list[str]:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def _targets(node: ast.AST, path: Path) -> list[str]:
    """The dotted zixun modules an import statement names (``from zixun import text`` → text)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    if node.level:  # relative: resolve against this module's package
        base = _module_name(path)
        if path.name != "__init__.py":
            base = base[:-1]
        base = base[: len(base) - node.level + 1]
        module = ".".join(base + ([node.module] if node.module else []))
    else:
        module = node.module or ""
    if module == PACKAGE:
        return [f"{PACKAGE}.{alias.name}" for alias in node.names]
    return [module]


def package_imports(src: Path = SRC) -> list[Edge]:
    """Every import from one zixun package into another, local imports included."""
    edges = []
    for path in sorted((src / PACKAGE).rglob("*.py")):
        relative = path.relative_to(src)
        if len(relative.parts) < 3:
            continue  # a project-level module
        if path.name in ENTRY_POINT_FILES or ENTRY_POINT_FOLDERS & set(relative.parts):
            continue
        source = relative.parts[1]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            for target in _targets(node, path):
                parts = target.split(".")
                if parts[0] == PACKAGE and len(parts) > 1 and parts[1] != source:
                    edges.append(Edge(source, parts[1], str(relative), node.lineno))
    return edges


def find_cycle(edges: list[Edge]) -> list[Edge] | None:
    """One cycle of the package graph as the imports that make it, or None."""
    graph: dict[str, dict[str, Edge]] = defaultdict(dict)
    for edge in edges:
        graph[edge.source].setdefault(edge.target, edge)
    state: dict[str, str] = {}
    trail: list[Edge] = []

    def visit(package: str) -> list[Edge] | None:
        state[package] = "open"
        for target, edge in sorted(graph[package].items()):
            trail.append(edge)
            if state.get(target) == "open":
                start = next(i for i, e in enumerate(trail) if e.source == target)
                return trail[start:]
            if target not in state:
                found = visit(target)
                if found:
                    return found
            trail.pop()
        state[package] = "done"
        return None

    for package in sorted(graph):
        if package not in state:
            found = visit(package)
            if found:
                return found
    return None


def test_the_packages_import_one_another_without_a_cycle():
    cycle = find_cycle(package_imports())
    assert cycle is None, "import cycle: " + " → ".join(str(edge) for edge in cycle)


def test_every_package_imports_only_the_packages_below_it():
    wrong = [edge for edge in package_imports()
             if edge.target not in ALLOWED.get(edge.source, set())]
    assert not wrong, "imports against the house plan:\n" + "\n".join(map(str, wrong))


def test_the_plan_names_every_package():
    packages = {path.name for path in (SRC / PACKAGE).iterdir()
                if path.is_dir() and (path / "__init__.py").exists()}
    assert packages == set(ALLOWED), "add the new package to ALLOWED and docs/architecture.md"


@pytest.mark.parametrize("package", ["text", "lib"])
def test_the_lowest_packages_import_nothing_of_zixun_or_its_models(package):
    folder = SRC / PACKAGE / package
    for path in folder.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            for target in _targets(node, path):
                assert not target.startswith(("django.db", "django.contrib")), f"{path}: {target}"
                if package == "text":
                    assert not target.startswith("django"), f"{path}: {target}"


def test_a_cycle_is_found_and_named_by_its_two_files(tmp_path):
    for package, body in {
        "lib": "def fetch():\n    from zixun.extract.encoding import decode_html\n",
        "extract": "from zixun.lib.http import fetch\n",
    }.items():
        folder = tmp_path / PACKAGE / package
        folder.mkdir(parents=True)
        (folder / "__init__.py").write_text(body, encoding="utf-8")
    cycle = find_cycle(package_imports(tmp_path))
    assert cycle is not None
    named = {edge.path for edge in cycle}
    assert named == {"zixun/lib/__init__.py", "zixun/extract/__init__.py"}
