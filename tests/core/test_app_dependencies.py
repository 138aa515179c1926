"""Dependencies between Shabaka's apps point down: no app imports, even inside a function, an
app that imports it back, directly or through others (core at the bottom, then accounts,
directory, networks, content, plans, projects, events, dialogues, and the apps that read them
all: reports, search, api, operations, benchmarks). An app above registers into the one below
at ready() (core.visibility.RecordVisibility.widen, directory.affiliations) rather than being
imported by it."""

import ast
from pathlib import Path

import shabaka

SRC = Path(shabaka.__file__).parent


def _apps() -> list[str]:
    return sorted(p.name for p in SRC.iterdir() if (p / "apps.py").exists())


def import_edges() -> dict[tuple[str, str], list[str]]:
    """(importing app, imported app) -> where ("app/module.py:line"), migrations left out."""
    apps = set(_apps())
    edges: dict[tuple[str, str], list[str]] = {}
    for app in sorted(apps):
        for path in sorted((SRC / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
                if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
                elif isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                else:
                    continue
                for name in names:
                    parts = name.split(".")
                    if len(parts) > 1 and parts[0] == "shabaka" and parts[1] in apps:
                        if parts[1] != app:
                            where = f"{path.relative_to(SRC)}:{node.lineno}"
                            edges.setdefault((app, parts[1]), []).append(where)
                        break
    return edges


def cycles(edges) -> list[list[str]]:
    """The strongly connected components of more than one app (Tarjan)."""
    graph: dict[str, list[str]] = {}
    for a, b in edges:
        graph.setdefault(a, []).append(b)
        graph.setdefault(b, [])
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_scan_sees_function_local_imports():
    edges = import_edges()
    # core.demo_loader and the rest of core import no domain app; networks imports the
    # directory inside functions too.
    assert not [b for a, b in edges if a == "core"]
    assert ("networks", "directory") in edges
    assert cycles({("a", "b"): [], ("b", "c"): [], ("c", "a"): []}) == [["a", "b", "c"]]


def test_no_import_cycle_between_apps():
    edges = import_edges()
    found = cycles(edges)
    detail = [
        f"{a} -> {b}: {', '.join(where)}"
        for component in found
        for (a, b), where in sorted(edges.items())
        if a in component and b in component
    ]
    assert not found, "import cycles between apps:\n" + "\n".join(detail)
