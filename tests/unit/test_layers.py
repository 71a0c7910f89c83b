"""The layers of ``analytics/`` as folders: no module imports one above its layer, and no circle.

From the bottom: ``core`` (the strategy as data, the tables' columns, the messages,
the roles, the rule of what may be shown), ``store`` (the data folder), ``measures``
(numbers only), ``ingest`` (files in), ``present`` (sentences, tables, charts, slides,
reports), and on top the app and the CLI (the modules directly in ``analytics/``,
``pages/`` and ``app.py``). Imports inside functions count; imports under
``if TYPE_CHECKING:`` (type hints only, never run) do not.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LAYERS = ("core", "store", "measures", "ingest", "present")
TOP = len(LAYERS)  # analytics/*.py, pages/ and app.py


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    found = {module_name(p): p for p in (REPO / "analytics").rglob("*.py")}
    found.update({f"pages.{p.stem}": p for p in (REPO / "pages").glob("*.py")})
    found["app"] = REPO / "app.py"
    return found


def layer(name: str) -> int:
    parts = name.split(".")
    if parts[0] != "analytics" or len(parts) == 1:
        return TOP
    return LAYERS.index(parts[1]) if parts[1] in LAYERS else TOP


def _type_checking_only(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")
    )


def imported(path: Path, name: str, known: dict[str, Path]) -> set[str]:
    """The project modules ``path`` imports (the most specific module each import names)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if _type_checking_only(node):
            return
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            targets = [f"{module}.{alias.name}" for alias in node.names] + [module]
            # "from analytics.x import y": y is a module if it is one, else x is
            targets = [next((t for t in targets if t in known), module)]
        else:
            targets = []
        found.update(t for t in targets if t in known and t != name)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imported(path, name, known) for name, path in known.items()}


def test_every_module_of_analytics_is_in_a_layer_folder_or_on_top():
    loose = sorted(
        name
        for name in modules()
        if name.startswith("analytics.") and layer(name) == TOP and name.count(".") > 1
    )
    assert loose == []
    assert {p.name for p in (REPO / "analytics").iterdir() if p.is_dir() and p.name != "__pycache__"} == set(
        LAYERS
    )


def _layer_name(name: str) -> str:
    return LAYERS[layer(name)] if layer(name) < TOP else "app"


def test_no_module_imports_from_a_layer_above_its_own(graph):
    upward = sorted(
        f"{name} ({_layer_name(name)}) imports {other} ({_layer_name(other)})"
        for name, others in graph.items()
        for other in others
        if layer(other) > layer(name)
    )
    assert upward == []


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every circle a depth-first search meets (a back edge), as the modules around it."""
    state: dict[str, int] = {}
    circles: list[list[str]] = []

    def walk(name: str, path: list[str]) -> None:
        state[name] = 1
        for other in sorted(graph[name]):
            if state.get(other) == 1:
                circles.append([*path[path.index(other) :], other])
            elif other not in state:
                walk(other, [*path, other])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            walk(name, [name])
    return circles


def test_no_import_goes_in_a_circle(graph):
    assert circles(graph) == []


def test_the_checks_see_an_upward_import_and_a_circle(tmp_path):
    """The walker is not blind: a store module importing a measure is found, as is a circle."""
    (tmp_path / "a.py").write_text(
        "from analytics.measures import culture\n"
        "if TYPE_CHECKING:\n    from analytics.present import meeting\n"
        "def f():\n    from analytics.ingest import read\n"
    )
    known = {
        "analytics.store.a": tmp_path / "a.py",
        "analytics.measures.culture": Path("x"),
        "analytics.present.meeting": Path("y"),
    }
    found = imported(tmp_path / "a.py", "analytics.store.a", known)
    assert found == {"analytics.measures.culture"}
    assert layer("analytics.measures.culture") > layer("analytics.store.a")


def test_only_the_app_imports_streamlit_and_only_the_store_imports_duckdb():
    def importers(library: str) -> set[str]:
        return {
            name
            for name, path in modules().items()
            if name.startswith("analytics")
            and any(
                (isinstance(n, ast.Import) and any(a.name.split(".")[0] == library for a in n.names))
                or (isinstance(n, ast.ImportFrom) and (n.module or "").split(".")[0] == library)
                for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            )
        }

    assert importers("streamlit") == {"analytics.ui"}
    assert {layer(name) for name in importers("duckdb")} == {LAYERS.index("store")}
