"""The portal is the top of the house: no other app imports it (they add to its pages
through hooks), and the trainings app, whose pages the portal's used to be, no longer
reads the labels or projects apps."""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = ["accounts", "uploads", "partners", "projects", "labels", "trainings", "bulletins"]


def _imported_apps(app: str) -> dict[str, set[str]]:
    """Top-level package of every import in the app's code (tests and migrations apart),
    by file."""
    found: dict[str, set[str]] = {}
    for path in (ROOT / app).rglob("*.py"):
        relative = path.relative_to(ROOT)
        if {"tests", "migrations"} & set(relative.parts):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            found.setdefault(str(relative), set()).update(n.split(".")[0] for n in names)
    return found


def test_no_app_imports_the_portal():
    importers = [
        path
        for app in [*APPS, "etwinning"]
        for path, imported in _imported_apps(app).items()
        if "portal" in imported and path != "etwinning/urls.py"  # the URL conf mounts it
    ]
    assert importers == []


def test_the_trainings_app_reads_neither_labels_nor_projects():
    readers = {
        path: sorted(imported & {"labels", "projects"})
        for path, imported in _imported_apps("trainings").items()
        if imported & {"labels", "projects"}
    }
    assert readers == {}
