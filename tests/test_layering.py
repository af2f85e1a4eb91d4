"""The layout's rules, read from the code itself: a layer imports only the layers below it,
casecrawl never imports pipelines/, the replica stays out of production, functions stay short.

The layers, top to bottom (docs/architecture.md): the command line; the testbed (the
replica, reached from the command line only); run; analysis; publish; fetch (the spiders
drive the parsers, so parse lies below them); history; councils; parse; settings; urls;
dataset (the contract).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = [
    "cli",
    "testbed",
    "run",
    "analysis",
    "publish",
    "fetch",
    "history",
    "councils",
    "parse",
    "settings",
    "urls",
    "dataset",
]
RANK = {name: len(LAYERS) - n for n, name in enumerate(LAYERS)}  # higher imports lower
PACKAGE_FILES = {"__init__", "__main__"}  # the package's face, not a layer
LONGEST_FUNCTION = 60


def modules(*roots: str) -> list[Path]:
    return sorted(p for root in roots for p in (ROOT / root).rglob("*.py"))


def imported(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import of ours in a file, those inside functions included."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
    return [(line, m) for line, m in found if m.split(".")[0] in ("casecrawl", "pipelines")]


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "casecrawl" or len(parts) == 1:
        return None
    return parts[1]


def test_every_module_of_casecrawl_belongs_to_a_layer():
    for path in modules("casecrawl"):
        part = path.relative_to(ROOT / "casecrawl").parts[0].removesuffix(".py")
        assert part in RANK or part in PACKAGE_FILES, f"{path}: in no layer of {LAYERS}"


def test_a_layer_imports_only_the_layers_below_it():
    upward = []
    for path in modules("casecrawl"):
        here = path.relative_to(ROOT / "casecrawl").parts[0].removesuffix(".py")
        if here in PACKAGE_FILES:
            continue
        for line, module in imported(path):
            there = layer_of(module)
            if there is not None and there != here and RANK[there] > RANK[here]:
                upward.append(f"{path.relative_to(ROOT)}:{line} ({here}) imports {module}")
    assert upward == []


def test_casecrawl_never_imports_pipelines():
    found = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in modules("casecrawl")
        for line, module in imported(path)
        if module.split(".")[0] == "pipelines"
    ]
    assert found == []


def test_only_the_command_line_reaches_the_testbed():
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in modules("casecrawl", "pipelines")
        if "testbed" not in path.parts and path.name != "cli.py"
        for line, module in imported(path)
        if layer_of(module) == "testbed"
    ]
    assert found == []


def test_pipelines_holds_item_pipelines_only():
    """Each module of pipelines/ defines a class with process_item (a Scrapy item pipeline)."""
    for path in modules("pipelines"):
        if path.name == "__init__.py":
            continue
        tree = ast.parse(path.read_text())
        methods = {
            f.name
            for c in tree.body
            if isinstance(c, ast.ClassDef)
            for f in c.body
            if isinstance(f, ast.FunctionDef)
        }
        assert "process_item" in methods, f"{path.relative_to(ROOT)} is not an item pipeline"


def test_casecrawl_keeps_few_loose_modules():
    loose = {p.stem for p in (ROOT / "casecrawl").glob("*.py")} - PACKAGE_FILES
    assert loose <= {"cli", "settings", "urls"}


@pytest.mark.parametrize("root", ["casecrawl", "pipelines"])
def test_no_production_function_is_longer_than_sixty_lines(root):
    long = [
        f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({length} lines)"
        for path in modules(root)
        if "testbed" not in path.parts  # generated markup reads best as one template
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        for length in [node.end_lineno - node.lineno + 1]
        if length > LONGEST_FUNCTION
    ]
    assert long == []
