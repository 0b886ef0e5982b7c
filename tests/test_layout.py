"""The package's layout: imports flow one way, down the floors of DESIGN.md, and each room keeps to its job."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = ROOT / "argmap"

# Floor of each room: a module may import only rooms on its own floor or below (and within its own package).
FLOORS: dict[str, int] = {
    "vocab": 0,
    "errors": 0,
    "ids": 0,
    "perf": 0,
    "terminal": 0,
    "model": 1,
    "io": 2,
    "palette": 2,
    "quotes": 2,
    "checks": 3,
    "debate": 4,
    "report": 6,
    "authoring": 5,
    "formats": 5,
    "semantics": 5,
    "diff": 5,
    "coverage": 5,
    "tree": 5,
    "passages": 5,
    "render": 5,
    "site": 6,
    # The front ends: each parses its input, calls the library, reports; none imports another.
    "cli": 9,
    "lsp": 9,
    "mcp": 9,
    "__init__": 9,
    "__main__": 9,
}


def _room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(path: Path) -> list[str]:
    """The argmap modules a file imports, absolute (relative imports resolved)."""
    rel = path.relative_to(ROOT).with_suffix("")
    package = list(rel.parts[:-1])
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("argmap"):
                if not node.module and node.level:
                    out.extend(f"{target}.{alias.name}" for alias in node.names)
                else:
                    out.append(target)
        elif isinstance(node, ast.Import):
            out.extend(a.name for a in node.names if a.name.startswith("argmap"))
    return out


def _modules() -> dict[str, Path]:
    return {".".join(p.relative_to(ROOT).with_suffix("").parts): p for p in PACKAGE.rglob("*.py")}


def test_every_room_has_a_floor() -> None:
    rooms = {_room(m) for m in _modules()}
    assert rooms <= set(FLOORS), f"rooms without a floor: {sorted(rooms - set(FLOORS))}"


def test_imports_never_run_upward() -> None:
    upward = []
    for module, path in _modules().items():
        room = _room(module)
        for target in _imports(path):
            other = _room(target)
            if other != room and FLOORS.get(other, 99) > FLOORS[room]:
                upward.append(f"{module} imports {target}")
    assert not upward, "\n".join(upward)


def test_no_import_cycles_between_rooms() -> None:
    edges: dict[str, set[str]] = {}
    for module, path in _modules().items():
        for target in _imports(path):
            if _room(target) != _room(module):
                edges.setdefault(_room(module), set()).add(_room(target))
    state: dict[str, int] = {}
    for start in edges:
        stack = [(start, iter(edges.get(start, ())))]
        state[start] = 1
        while stack:
            room, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[room] = 2
                stack.pop()
                continue
            assert state.get(child) != 1, f"import cycle through {room} -> {child}"
            if child not in state:
                state[child] = 1
                stack.append((child, iter(edges.get(child, ()))))


def test_only_the_cli_imports_typer_and_the_cli_imports_no_pydantic_or_jsonschema() -> None:
    for module, path in _modules().items():
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text)
        names = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        names |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        if _room(module) != "cli":
            assert "typer" not in names, f"{module} imports typer"
        else:
            assert not names & {"pydantic", "jsonschema", "jsonschema_rs"}, f"{module} imports {names}"
            assert "StrEnum" not in text and "\nclass " not in text, f"{module} defines a class"


def test_every_module_opens_with_a_docstring() -> None:
    for module, path in _modules().items():
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        assert doc and doc.strip(), f"{module} has no docstring"


def test_one_place_decides_what_an_error_is() -> None:
    hits = [
        f"{module}" for module, path in _modules().items() if 'severity == "error"' in path.read_text(encoding="utf-8")
    ]
    assert hits == ["argmap.errors"]


def test_only_debate_runs_the_rules() -> None:
    importers = sorted(
        module
        for module, path in _modules().items()
        if _room(module) != "checks" and any(t == "argmap.checks" for t in _imports(path))
    )
    assert importers == ["argmap.debate"]


FRONT_ENDS = {"cli", "mcp", "lsp"}


def test_a_front_end_other_than_the_cli_imports_no_other_front_end() -> None:
    # The CLI may start another front end (`argmap mcp`); the others stand on the library alone.
    crossing = [
        f"{module} imports {target}"
        for module, path in _modules().items()
        if _room(module) in FRONT_ENDS - {"cli"}
        for target in _imports(path)
        if _room(target) in FRONT_ENDS and _room(target) != _room(module)
    ]
    assert not crossing, "\n".join(crossing)


@pytest.mark.parametrize(
    ("libraries", "server"),
    [(("mcp", "mcp_types"), "argmap.mcp.server"), (("pygls", "lsprotocol"), "argmap.lsp.server")],
)
def test_only_a_front_end_server_module_imports_its_protocol_library(libraries: tuple[str, ...], server: str) -> None:
    # Imported when that server starts: never by the CLI's start, nor by another room.
    importers = []
    for module, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            if any(name.split(".")[0] in libraries for name in names):
                importers.append(module)
    assert sorted(set(importers)) == [server]


# Imports between rooms of one floor: each is a choice, so each is listed (a new one is added here with a reason).
SIDEWAYS = {
    ("quotes", "io"),  # source texts are read with io's bounded reader
    ("site", "report"),  # the live site shows problems as `argmap validate` words them
    ("authoring", "formats"),  # import reads an interchange file, then writes through the transaction
    ("render", "semantics"),  # `render --evaluate` marks each node's grounded label
    ("cli", "mcp"),  # `argmap mcp` starts the MCP server
    ("cli", "lsp"),  # `argmap lsp` starts the language server
    ("passages", "coverage"),  # a passage is a run of sentences, cut by coverage's sentence rule
}


def _edges() -> set[tuple[str, str]]:
    edges = set()
    for module, path in _modules().items():
        for target in _imports(path):
            if _room(target) != _room(module):
                edges.add((_room(module), _room(target)))
    return edges


def test_sideways_imports_are_the_listed_ones() -> None:
    sideways = {(a, b) for a, b in _edges() if FLOORS.get(a) == FLOORS.get(b) and not {a, b} & {"__init__", "__main__"}}
    assert sideways <= SIDEWAYS, f"unlisted imports within a floor: {sorted(sideways - SIDEWAYS)}"


def test_no_import_cycle_between_modules() -> None:
    # Lazy imports count too: they hide a cycle from Python, not from a reader.
    modules = _modules()
    edges: dict[str, set[str]] = {}
    for module, path in modules.items():
        for target in _imports(path):
            while target not in modules and "." in target:
                target = target.rsplit(".", 1)[0]  # `from .x import name`: the module x
            if target in modules and target != module:
                edges.setdefault(module, set()).add(target)
    # Strongly connected components (Tarjan's, without recursion).
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[set[str]] = []
    for start in modules:
        if start in index:
            continue
        work = [(start, iter(sorted(edges.get(start, ()))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    cycles.append(component)
    assert not cycles, f"import cycles between modules: {[sorted(c) for c in cycles]}"
