"""The service layer and the sandbox never import Textual (design.md, convention 1); no
module of the package takes part in an import cycle or uses another's private names."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

CHECK = """
import importlib, pkgutil, sys
package = importlib.import_module({package!r})
for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
    importlib.import_module(info.name)
if {package!r} == "discogs_tui.sandbox":
    package.create_app()  # building the world imports everything the sandbox uses
print(",".join(sorted(m for m in sys.modules if m.split(".")[0] == "textual")))
"""


@pytest.mark.parametrize("package", ["discogs_tui.api", "discogs_tui.sandbox"])
def test_package_imports_without_textual(package):
    result = subprocess.run(
        [sys.executable, "-c", CHECK.format(package=package)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == ""


def test_cli_help_does_not_import_the_world():
    code = "import sys; from discogs_tui import cli; print(','.join(m for m in ('textual', 'httpx', 'starlette', 'authlib') if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


# -- the import graph, read from the source with ast ------------------------------------------
# Every import statement counts: at the top, inside functions (lazy ones), under
# TYPE_CHECKING. A cycle in any of them is a tangle a reader must hold whole.
PACKAGE = Path(__file__).resolve().parent.parent / "discogs_tui"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of(path: Path) -> Iterator[tuple[str, list[str]]]:
    """(module, names) for each import of ours in ``path``, wherever it stands."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, []
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, [alias.name for alias in node.names]


def ours(dotted: str) -> str | None:
    """The module of this package that ``dotted`` names (or lies in), None for others."""
    while dotted and dotted not in MODULES:
        dotted = dotted.rpartition(".")[0]
    return dotted or None


def import_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {name: set() for name in MODULES}
    for name, path in MODULES.items():
        for module, names in imports_of(path):
            # `from package import module` imports the module; `from module import name` it
            targets = [f"{module}.{n}" if f"{module}.{n}" in MODULES else module for n in names]
            for target in filter(None, map(ours, targets or [module])):
                if target != name:
                    graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while not component or component[-1] != node:
                component.append(stack.pop())
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_sees_lazy_and_type_checking_imports():
    graph = import_graph()
    assert "discogs_tui.sandbox.app" in graph["discogs_tui.sandbox"]  # inside create_app()
    assert "discogs_tui.api.service" in graph["discogs_tui.launch"]  # under TYPE_CHECKING
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycles():
    tangles = cycles(import_graph())
    assert not tangles, "modules that import each other in a circle:\n" + "\n".join(
        " <-> ".join(tangle) for tangle in tangles
    )


def is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def private_uses(name: str, path: Path) -> Iterator[str]:
    """``_names`` that ``path`` takes from another module of ours: imported by name, or
    read as an attribute of a module it imported."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules: dict[str, str] = {}  # local name -> module of ours
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and ours(node.module):
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                if submodule in MODULES:
                    modules[alias.asname or alias.name] = submodule
                elif is_private(alias.name) and ours(node.module) != name:
                    yield f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname and ours(alias.name):
                    modules[alias.asname] = alias.name
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
            and is_private(node.attr)
            and modules[node.value.id] != name
        ):
            yield f"{modules[node.value.id]}.{node.attr}"


def test_no_private_names_across_modules():
    found = sorted(
        f"{name} uses {used}" for name, path in MODULES.items() for used in private_uses(name, path)
    )
    assert not found, "private names used outside their module:\n" + "\n".join(found)
