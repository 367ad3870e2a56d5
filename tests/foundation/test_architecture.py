"""The shape of the code (docs/architecture.md), read from the source: no import cycle, every feature with the
same rooms, views that never commit, small files and functions."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from portal import features

PORTAL = Path(features.__file__).resolve().parent
MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 60
# Data and generated code are not held to the size limits.
SIZE_EXEMPT = {"portal/coalitions/vocab.py", "portal/coalitions/geo/build.py"}

# Still being moved into the shape: each move removes its names (strict xfail makes sure of it).
PENDING_ROOMS: set[str] = set()
PENDING_SIZES: set[str] = set()
PENDING_CYCLES = False  # the last move to break a cycle sets this to False

ROOMS = {
    # feature: rooms it must have (beyond __init__.py); "views" means a views/ package of route modules
    "commitments": ("blueprint.py", "access.py", "models", "forms.py", "services", "queries.py", "views"),
    "consultations": ("blueprint.py", "access.py", "models", "forms.py", "services", "queries.py", "views"),
    "coalitions": ("blueprint.py", "access.py", "models", "forms.py", "services", "queries.py", "views"),
    "lessons": ("blueprint.py", "access.py", "models", "forms.py", "services", "queries.py", "views"),
    "search": ("blueprint.py", "access.py", "models", "forms.py", "services", "queries.py", "views"),
    "follows": ("blueprint.py", "access.py", "models", "forms.py", "services", "queries.py", "views"),
    "auth": ("blueprint.py", "access.py", "models", "forms.py", "services", "views"),
    "admin": ("blueprint.py", "access.py", "forms.py", "services", "queries.py", "views"),
    "core": ("blueprint.py", "views"),
    "opendata": ("blueprint.py", "queries.py", "views"),
}


def _module_name(path: Path) -> str:
    rel = path.relative_to(PORTAL.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _sources() -> dict[str, Path]:
    return {_module_name(p): p for p in PORTAL.rglob("*.py")}


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _module_level_imports(module: str, path: Path, known: set[str]) -> set[str]:
    """Imports run when the module is imported (module body, including `if` blocks; not functions and not
    `if TYPE_CHECKING:`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_package = path.name == "__init__.py"
    found: set[str] = set()

    def visit(nodes):
        for node in nodes:
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                target = _resolve(module, is_package, node)
                found.add(target)
                for alias in node.names:  # `from . import views` imports a submodule
                    if f"{target}.{alias.name}" in known:
                        found.add(f"{target}.{alias.name}")
            elif isinstance(node, ast.If):
                test = ast.unparse(node.test)
                if "TYPE_CHECKING" not in test:
                    visit(node.body)
                visit(node.orelse)
            elif isinstance(node, (ast.Try,)):
                visit(node.body)
                for h in node.handlers:
                    visit(h.body)
                visit(node.orelse)
                visit(node.finalbody)

    visit(tree.body)
    return {m for m in found if m in known}


def _import_graph() -> dict[str, set[str]]:
    sources = _sources()
    known = set(sources)
    graph = {}
    for module, path in sources.items():
        targets = _module_level_imports(module, path, known)
        # Importing a.b.c runs a and a.b first: a package's __init__ counts as imported too.
        graph[module] = {t for t in targets if t != module}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, result = {}, {}, [], set(), []
    counter = [0]

    def strong(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    import sys

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10000))
    for v in sorted(graph):
        if v not in index:
            strong(v)
    return result


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.xfail(PENDING_CYCLES, strict=True, reason="features being moved into the shape")
def test_portal_has_no_import_cycle_even_through_imports_inside_functions():
    """A deferred import hides a cycle from Python, not from a reader: two modules that need each other are
    one module, or a third module is missing."""
    sources = _sources()
    known = set(sources)
    graph = {}
    for module, path in sources.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        is_package = path.name == "__init__.py"
        found = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                target = _resolve(module, is_package, node)
                found.add(target)
                found.update(f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in known)
        # A package's __init__ re-exporting its own modules is not a cycle of the code's design.
        graph[module] = {t for t in found & known if t != module and not module.startswith(t + ".")}
    cycles = [c for c in _cycles(graph) if not all(m.startswith(c[0].rsplit(".", 1)[0]) and
                                                    m.endswith("__init__") for m in c)]
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_portal_has_no_import_cycle():
    cycles = _cycles(_import_graph())
    assert not cycles, "import cycles (module-level imports):\n" + "\n".join(" -> ".join(c) for c in cycles)


def _feature_params(pending: set[str]):
    params = []
    for feature in features.FEATURES:
        if feature in pending:
            marks = [pytest.mark.xfail(strict=True, reason="being moved into the shape")]
        elif feature not in features.present():
            marks = [pytest.mark.skip(reason="not in this checkout yet")]
        else:
            marks = []
        params.append(pytest.param(feature, marks=marks, id=feature))
    return params


def _files_of(feature: str) -> list[Path]:
    return sorted((PORTAL / feature).rglob("*.py"))


@pytest.mark.parametrize("feature", _feature_params(PENDING_ROOMS))
def test_every_feature_has_the_same_rooms(feature):
    root = PORTAL / feature
    missing = []
    for room in ROOMS[feature]:
        name = room.removesuffix(".py")
        as_module, as_package = root / f"{name}.py", root / name / "__init__.py"
        if room == "views":
            ok = as_package.is_file()
        elif room.endswith(".py"):
            ok = as_module.is_file()
        else:
            ok = as_module.is_file() or as_package.is_file()
        if not ok:
            missing.append(room)
    assert not missing, f"portal/{feature} lacks {missing}"
    blueprint = root / "blueprint.py"
    tree = ast.parse(blueprint.read_text(encoding="utf-8"))
    own = [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.level == 1]
    assert not own, f"{blueprint} imports from its own feature; a blueprint module imports nothing of it"
    stray = [p.name for p in root.glob("views*.py")] + [p.name for p in root.glob("*_views.py")]
    assert not stray, f"routes outside views/: {stray}"


@pytest.mark.parametrize("feature", _feature_params(PENDING_SIZES))
def test_views_never_commit_and_sizes_stay_small(feature):
    problems = []
    for path in _files_of(feature):
        rel = str(path.relative_to(PORTAL.parent))
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text)
        if "/views/" in rel or "/services" in rel or "/models" in rel:
            for node in ast.walk(tree):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "commit":
                    problems.append(f"{rel}:{node.lineno} calls commit() (use portal.flow.transaction)")
        if rel in SIZE_EXEMPT:
            continue
        lines = len(text.splitlines())
        if lines > MAX_FILE_LINES:
            problems.append(f"{rel}: {lines} lines (at most {MAX_FILE_LINES})")
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    problems.append(f"{rel}:{node.lineno} {node.name}() is {length} lines (at most "
                                    f"{MAX_FUNCTION_LINES})")
    assert not problems, "\n".join(problems)


def test_the_foundation_stays_small_too():
    problems = []
    for path in sorted(PORTAL.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        if len(text.splitlines()) > MAX_FILE_LINES:
            problems.append(f"{path.name}: {len(text.splitlines())} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    problems.append(f"{path.name}:{node.lineno} {node.name}() is {length} lines")
    assert not problems, "\n".join(problems)
