"""The README and docs/ stay true to the code: every environment variable the settings
read is documented, every relative link resolves, and the README stays a front door."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
DOCS = sorted((ROOT / "docs").glob("*.md"))
ENV_READERS = {"env_str", "env_bool", "env_int", "env_list", "env_url"}
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def _variables_read_by_settings() -> set[str]:
    tree = ast.parse((ROOT / "etwinning" / "settings.py").read_text())
    names = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ENV_READERS
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            names.add(node.args[0].value)
    return names


def test_the_settings_read_the_variables_this_test_looks_for():
    # Guards the parser itself: a refactor of settings.py must not make the next test vacuous.
    assert {"DATABASE_URL", "REDIS_URL", "DJANGO_DEBUG", "BULLETIN_CHUNK_SIZE"} <= (
        _variables_read_by_settings()
    )


def test_every_environment_variable_is_documented():
    documented = set(
        re.findall(r"^\| `([A-Z0-9_]+)`", (ROOT / "docs" / "configuration.md").read_text(), re.M)
    )
    missing = sorted(_variables_read_by_settings() - documented)
    assert missing == [], f"not in docs/configuration.md: {missing}"


@pytest.mark.parametrize("doc", [ROOT / "README.md", *DOCS], ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_resolves(doc):
    broken = []
    for target in LINK.findall(doc.read_text()):
        if re.match(r"^[a-z]+:", target) or target.startswith("#"):
            continue
        path = target.split("#", 1)[0]
        if not (doc.parent / path).exists():
            broken.append(target)
    assert broken == [], f"broken links in {doc.name}: {broken}"


def test_the_readme_fits_on_a_screen_or_two():
    assert len((ROOT / "README.md").read_text().splitlines()) < 200
