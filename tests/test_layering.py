"""The layering, proven on the import graph of the source (every import, at the top or inside a
function): every module stands on a floor (:data:`FLOORS`) and imports only from lower floors or
from its own package, so nothing runs back up; no two modules import each other, directly or
round a longer cycle; no module over 400 lines but form.py."""
from __future__ import annotations

import ast
from pathlib import Path

import vetqa_xl

PACKAGE = Path(vetqa_xl.__file__).parent


def _module(path: Path) -> str:
    parts = ["vetqa_xl", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> list[str]:
    if node.level == 0:
        base = node.module or ""
    else:
        parts = module.split(".")
        if not is_package:
            parts = parts[:-1]
        parts = parts[:len(parts) - (node.level - 1)]
        base = ".".join(parts + ([node.module] if node.module else []))
    # "from . import api" names a module; "from .x import name" names x
    return [f"{base}.{a.name}" for a in node.names] + [base]


def graph() -> dict[str, set[str]]:
    modules = {_module(p): p for p in PACKAGE.rglob("*.py")}
    edges: dict[str, set[str]] = {m: set() for m in modules}
    for module, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = _resolve(module, path.name == "__init__.py", node)
            else:
                continue
            for name in names:
                if name in modules and name != module:
                    edges[module].add(name)
                    break  # the most specific module the import names
    return edges


def _under(module: str, *packages: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


#: The floors, lowest first: a module imports only from a lower floor or from its own package
#: (the first two parts of its name: vetqa_xl.core, vetqa_xl.writers, ...). A new package or
#: top-level module must be given a floor here.
FLOORS: tuple[tuple[str, ...], ...] = (
    ("vetqa_xl.version", "vetqa_xl.form", "vetqa_xl.samples"),  # data
    ("vetqa_xl.core",),  # IR, checks, figures: standard library only, also in Pyodide
    ("vetqa_xl.text", "vetqa_xl.failures"),  # the sentences over the core's results; exit codes
    ("vetqa_xl.readers", "vetqa_xl.writers"),  # adapters (the Lite builder is a writer)
    ("vetqa_xl.addin", "vetqa_xl.consolidate"),  # what the API calls besides
    ("vetqa_xl.api",),  # the one API
    ("vetqa_xl.excel", "vetqa_xl.console"),  # the buttons: the API rendered into live sheets; `check` at a console
    ("vetqa_xl.lite", "vetqa_xl.cli"),  # the Lite scripts over the buttons; the command line
    ("vetqa_xl.__main__", "vetqa_xl"),  # python -m; the package's lazy names (PEP 562)
)


def _home(module: str) -> str:
    """The package (or top-level module) a module belongs to: its first two name parts."""
    return ".".join(module.split(".")[:2])


def floor_of(module: str) -> int:
    return next(i for i, homes in enumerate(FLOORS) if _home(module) in homes)


def back_edges(edges: dict[str, set[str]]) -> set[tuple[str, str]]:
    """Imports that go to the same or a higher floor, outside the importer's own package."""
    return {(m, t) for m, ts in edges.items() for t in ts
            if _home(m) != _home(t) and floor_of(t) >= floor_of(m)}


def test_every_module_has_a_floor():
    assert {m for m in graph() if not any(_home(m) in homes for homes in FLOORS)} == set()


def test_no_import_runs_back_up_the_floors():
    assert back_edges(graph()) == set()


def test_the_floor_rule_finds_a_back_edge():
    """The two imports issue 23 found, put back: both are caught; a same-package import is not."""
    edges = {"vetqa_xl.api": {"vetqa_xl.lite", "vetqa_xl.core.check"},
             "vetqa_xl.addin.versions": {"vetqa_xl.excel.app"},
             "vetqa_xl.excel.app": {"vetqa_xl.addin.versions"},
             "vetqa_xl.writers.lite": {"vetqa_xl.writers.ooxml"},
             "vetqa_xl.readers.live": {"vetqa_xl.writers.ooxml"}}  # same floor, other package
    assert back_edges(edges) == {("vetqa_xl.api", "vetqa_xl.lite"),
                                 ("vetqa_xl.addin.versions", "vetqa_xl.excel.app"),
                                 ("vetqa_xl.readers.live", "vetqa_xl.writers.ooxml")}


def test_core_imports_no_outer_layer():
    bad = {(m, t) for m, ts in graph().items() if _under(m, "vetqa_xl.core") for t in ts
           if _under(t, "vetqa_xl.readers", "vetqa_xl.writers", "vetqa_xl.excel", "vetqa_xl.cli",
                     "vetqa_xl.api")}
    assert bad == set()


def test_writers_import_neither_api_nor_cli():
    bad = {(m, t) for m, ts in graph().items() if _under(m, "vetqa_xl.writers") for t in ts
           if _under(t, "vetqa_xl.api", "vetqa_xl.cli")}
    assert bad == set()


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in edges:
        if v not in index:
            visit(v)
    return out


def _without_package_reexports(edges):
    """A package's __init__ that re-exports its own submodules is not a cycle with them."""
    return {m: {t for t in ts if not t.startswith(m + ".")} for m, ts in edges.items()}


def test_no_import_cycles():
    assert _cycles(_without_package_reexports(graph())) == []


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_graph_sees_lazy_and_relative_imports():
    edges = graph()
    assert "vetqa_xl.writers.report" in edges["vetqa_xl.api"]  # inside a function
    assert "vetqa_xl.core.context" in edges["vetqa_xl.core.figures"]  # relative


def test_no_module_over_400_lines_but_the_form():
    """A module past ~400 lines has two jobs (STYLE.md); form.py is data, the one definition."""
    sizes = {str(p.relative_to(PACKAGE)): len(p.read_text("utf-8").splitlines())
             for p in PACKAGE.rglob("*.py")}
    assert {p: n for p, n in sizes.items() if n > 400 and p != "form.py"} == {}
