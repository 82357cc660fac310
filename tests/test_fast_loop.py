"""The fast loop (docs/testing.md): ``make test-fast`` leaves out exactly the Chromium
journeys and the HTML checker, on SQLite, over xdist workers; a Playwright test without
the ``browser`` mark is refused at collection; ``pytest -n`` refuses a Redis cache."""

from __future__ import annotations

import os
import subprocess
import sys
from types import SimpleNamespace

import pytest
from django.conf import settings

from tests.fixtures.browser import unmarked_browser_tests

ROOT = settings.BASE_DIR


def _item(nodeid: str, fixtures: list[str], marks: tuple[str, ...] = ()):
    return SimpleNamespace(
        nodeid=nodeid,
        fixturenames=fixtures,
        get_closest_marker=lambda name: name if name in marks else None,
    )


def test_a_test_using_chromium_without_the_browser_mark_is_reported():
    items = [
        _item("a.py::unmarked", ["page", "context", "browser", "live_server"]),
        _item("a.py::marked", ["page", "context", "browser"], marks=("browser",)),
        # A parameter named "page" is not Playwright's fixture: no browser in its closure.
        _item("b.py::param", ["client", "page"]),
    ]
    assert unmarked_browser_tests(items) == ["a.py::unmarked"]


def test_every_collected_test_that_drives_chromium_carries_the_browser_mark(request):
    """In a whole run (``make test``), every test of the session is checked here too."""
    assert unmarked_browser_tests(request.session.items) == []


def test_make_test_fast_runs_sqlite_over_workers_without_browser_and_html_checker():
    env = {k: v for k, v in os.environ.items() if k not in ("FAST_WORKERS", "PYTEST_ARGS")}
    dry = subprocess.run(
        ["make", "-n", "-o", "compilemessages", "test-fast"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    command = dry.split("env ", 1)[1]
    for part in (
        "-u DATABASE_URL",
        "-u REDIS_URL",
        "-u REDIS_CACHE_URL",
        "-n 2",
        "--reuse-db",
        '-m "not browser and not htmlcheck"',
    ):
        assert part in command, part


def test_pytest_over_workers_refuses_a_redis_cache():
    pytest.importorskip("xdist")
    env = {
        **os.environ,
        "REDIS_URL": "redis://127.0.0.1:6379/15",
        "REDIS_CACHE_URL": "redis://127.0.0.1:6379/15",
    }
    env.pop("DATABASE_URL", None)
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "2", "--collect-only", "-q", "tests/test_docs.py"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == pytest.ExitCode.USAGE_ERROR, run.stdout + run.stderr
    assert "the workers would clear each other's cache" in run.stderr
