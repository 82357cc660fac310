"""The house holds together: the import graph, read from the source with ``ast`` (imports
inside functions included), has no cycle between apps, follows the layering written
below by hand, and has no cycle between the modules of an app. An import inside a
function says why on its line (``# cycle: …`` or ``# lazy: …``); there are few of them.

No Django needed: this reads files, it imports none of them.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Written by hand from docs/architecture.md: app -> the apps it may import. The project's
# top (etwinning.urls, settings, celery, wsgi, asgi) may import anything and is left out.
ALLOWED: dict[str, set[str]] = {
    "etwinning": set(),
    "accounts": {"etwinning", "uploads"},
    "uploads": {"etwinning"},
    "certificates": {"etwinning", "accounts"},
    "notifications": {"etwinning", "accounts"},
    "partners": {"etwinning", "accounts", "bulletins", "notifications"},
    "projects": {"etwinning", "accounts", "uploads", "partners", "notifications"},
    "projects.space": {"etwinning", "accounts", "uploads", "projects"},
    "labels": {
        "etwinning",
        "accounts",
        "uploads",
        "certificates",
        "projects",
        "bulletins",
        "notifications",
    },
    "trainings": {"etwinning", "accounts", "uploads", "certificates", "bulletins", "notifications"},
    "bulletins": {"etwinning", "accounts"},
    # groups reuse partners' reporting (docs/groups.md).
    "groups": {"etwinning", "accounts", "uploads", "partners", "notifications"},
    # Kits prefill the founding form and seed the space through hooks; projects never import kits.
    "kits": {"etwinning", "accounts", "uploads", "projects", "projects.space"},
    "portal": {
        "etwinning",
        "accounts",
        "uploads",
        "partners",
        "projects",
        "projects.space",
        "labels",
        "trainings",
        "bulletins",
        "notifications",
    },
}
PROJECT_TOP = {f"etwinning.{name}" for name in ("urls", "settings", "celery", "wsgi", "asgi")}
# Known exceptions still to fix: (importing module, imported module) -> what is left to do.
# Issue 14 fixed them all; an entry added here must go once fixed
# (test_known_exceptions_still_exist fails on a stale one).
NOT_YET: dict[tuple[str, str], str] = {}
# Function-level first-party imports allowed in the whole code base (each with a reason):
# the admin site's five, built before the models load (accounts/admin_site.py).
MAX_FUNCTION_LEVEL = 5

SKIPPED_DIRS = {"tests", "migrations", "bench", "scripts", "__pycache__"}
REASON = re.compile(r"#\s*(cycle|lazy):\s*\S")


@dataclass(frozen=True)
class Import:
    source: str  # importing module
    target: str  # imported first-party module
    path: str
    line: int
    in_function: bool
    reason: str | None  # "cycle" / "lazy" when the import's lines carry one

    def __str__(self) -> str:
        where = "function" if self.in_function else "module"
        return f"{self.path}:{self.line} {self.source} -> {self.target} ({where} level)"


def app_dirs() -> list[str]:
    return sorted(
        path.parent.name for path in ROOT.glob("*/apps.py") if not path.parent.name.startswith(".")
    )


def first_party_modules() -> dict[str, Path]:
    modules = {}
    for app in app_dirs():
        for path in (ROOT / app).rglob("*.py"):
            relative = path.relative_to(ROOT)
            if SKIPPED_DIRS.intersection(relative.parts[:-1]) or relative.name.startswith("test"):
                continue
            parts = list(relative.with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def app_of(module: str) -> str | None:
    if module == "projects.space" or module.startswith("projects.space."):
        return "projects.space"
    head = module.split(".")[0]
    return head if head in ALLOWED or head in app_dirs() else None


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The first-party module ``name`` (or its nearest known parent package) names."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def _function_level(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            return True
    return False


def collect_imports() -> list[Import]:
    modules = first_party_modules()
    found: dict[tuple[str, str, int], Import] = {}
    for module, path in sorted(modules.items()):
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        tree = ast.parse(source, filename=str(path))
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for node in ast.walk(tree):
            names: list[tuple[str, int]] = []  # (imported name, its line)
            if isinstance(node, ast.Import):
                names = [(alias.name, alias.lineno) for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - (node.level - 1)]
                    base = ".".join([*anchor, base] if base else anchor)
                # `from app import tasks` imports the module app.tasks.
                names = [(f"{base}.{alias.name}", alias.lineno) for alias in node.names]
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute | ast.Name)
                and (getattr(node.func, "attr", None) or getattr(node.func, "id", None))
                == "import_module"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                names = [(node.args[0].value, node.lineno)]
            if not names:
                continue
            # A reason on the line above or the first line covers the whole statement; one
            # on a name's own line (in a parenthesised import) covers that name.
            above = lines[node.lineno - 2] if node.lineno > 1 else ""
            statement = REASON.search(lines[node.lineno - 1]) or (
                REASON.search(above) if above.lstrip().startswith("#") else None
            )
            for name, line in names:
                match = statement or REASON.search(lines[line - 1])
                target = _resolve(name, modules)
                if target is None or target == module:
                    continue
                found[module, target, node.lineno] = Import(
                    source=module,
                    target=target,
                    path=str(path.relative_to(ROOT)),
                    line=node.lineno,
                    in_function=_function_level(node, parents),
                    reason=match.group(1) if match else None,
                )
    return list(found.values())


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected component of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in edges.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return components


def _app_edges(imports: list[Import]) -> dict[tuple[str, str], list[Import]]:
    edges: dict[tuple[str, str], list[Import]] = {}
    for imp in imports:
        if imp.source in PROJECT_TOP or (imp.source, imp.target) in NOT_YET:
            continue
        source, target = app_of(imp.source), app_of(imp.target)
        if source and target and source != target:
            edges.setdefault((source, target), []).append(imp)
    return edges


def test_every_app_has_a_place_in_the_layering():
    missing = [app for app in app_dirs() if app not in ALLOWED]
    assert not missing, f"Add {missing} to ALLOWED here and to docs/architecture.md."


def test_no_cycle_between_apps():
    graph: dict[str, set[str]] = {}
    for source, target in _app_edges(collect_imports()):
        graph.setdefault(source, set()).add(target)
    cycles = _cycles(graph)
    assert not cycles, "\n".join(" <-> ".join(cycle) for cycle in cycles)
    assert _cycles(ALLOWED) == [], "the hand-written layering itself has a cycle"


def test_apps_import_only_the_apps_below_them():
    wrong = [
        f"{source} -> {target}: " + "; ".join(str(imp) for imp in found)
        for (source, target), found in sorted(_app_edges(collect_imports()).items())
        if target not in ALLOWED.get(source, set())
    ]
    assert not wrong, "\n".join(wrong)


def test_no_cycle_between_the_modules_of_an_app():
    graph: dict[str, set[str]] = {}
    for imp in collect_imports():
        if (
            imp.reason == "cycle"
            or imp.source in PROJECT_TOP
            or (imp.source, imp.target) in NOT_YET
        ):
            continue
        if app_of(imp.source) == app_of(imp.target):
            graph.setdefault(imp.source, set()).add(imp.target)
    cycles = _cycles(graph)
    assert not cycles, "\n".join(" <-> ".join(cycle) for cycle in cycles)


def test_function_level_imports_are_few_and_say_why():
    inside = [
        imp
        for imp in collect_imports()
        if imp.in_function and (imp.source, imp.target) not in NOT_YET
    ]
    listing = "\n".join(f"{imp} [{imp.reason or 'NO REASON'}]" for imp in inside)
    assert [imp for imp in inside if imp.reason is None] == [], listing
    assert len(inside) <= MAX_FUNCTION_LEVEL, listing


def test_known_exceptions_still_exist():
    found = {(imp.source, imp.target) for imp in collect_imports()}
    assert [pair for pair in NOT_YET if pair not in found] == []


def test_the_graph_reader_sees_function_level_and_dynamic_imports(tmp_path, monkeypatch):
    """The reader itself: a cycle hidden inside a function is a cycle."""
    app = tmp_path / "accounts"
    app.mkdir()
    (app / "apps.py").write_text("")
    (app / "services.py").write_text("def f():\n    from accounts import tasks\n")
    (app / "tasks.py").write_text(
        "import importlib\nfrom . import services\nimportlib.import_module('accounts.apps')\n"
    )
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    imports = collect_imports()
    assert {(imp.source, imp.target, imp.in_function) for imp in imports} == {
        ("accounts.services", "accounts.tasks", True),
        ("accounts.tasks", "accounts.services", False),
        ("accounts.tasks", "accounts.apps", False),
    }
    graph: dict[str, set[str]] = {}
    for imp in imports:
        graph.setdefault(imp.source, set()).add(imp.target)
    assert _cycles(graph) == [["accounts.services", "accounts.tasks"]]
