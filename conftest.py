"""Fixtures shared by every app's tests."""

from __future__ import annotations

import contextlib
import os
import shutil
import zlib

import factory.random
import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls
# from the test body are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() == "true"


def require_service(name: str, available: bool) -> None:
    """A test that needs a service fails in CI when it is missing, and is skipped
    on a laptop that does not run it."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{name} is required in CI but is not available.")
    pytest.skip(f"{name} is not available on this machine.")


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Each test: eager Celery, empty cache, its own media folder, and the default
    language active again afterwards (a request in Dutch activates Dutch in the test's
    thread, and a later test would otherwise read Dutch where it expects French)."""
    from django.core.cache import cache
    from django.utils import translation

    from etwinning.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.MEDIA_ROOT = str(tmp_path / "media")
    cache.clear()
    yield
    cache.clear()
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _deterministic_fakes(request):
    """Faker names and fuzzy values seeded by the test's own id: a test that passes
    once passes every time, whatever runs before it. (Unseeded, a teacher once drew
    the first name « Aurore », which a search for « Aurora » rightly found.)"""
    factory.random.reseed_random(zlib.crc32(request.node.nodeid.encode()))


@pytest.fixture(autouse=True)
def _force_login_is_a_complete_authentication(monkeypatch):
    """``client.force_login(user)`` skips authentication altogether: it also stands for
    the steps allauth records, the password just typed again (reauthentication, asked
    before an account is deleted) and, for staff, the second factor the admin requires
    (accounts/second_factor.py). So those requirements stay on in every test; their own
    tests log in for real, with a password and a TOTP code (tests/test_security.py,
    accounts/tests/test_second_factor.py)."""
    from django.test import Client

    from accounts.tests.mfa import record_forced_login

    force_login = Client.force_login

    def force_login_recorded(self, user, backend=None):
        force_login(self, user, backend)
        session = self.session
        record_forced_login(session, user)
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login_recorded)


REFERENCE_MODELS = (
    "accounts.Country",
    "accounts.SupportService",
    "accounts.Subject",
    "accounts.Language",
)
_reference_snapshot = pytest.StashKey[str]()


def _snapshot_reference_rows(config) -> None:
    """Serialise the reference rows (once: the first transactional test's set-up), as
    the migrations loaded them, with their primary keys (other code, e.g. the partner
    search bit masks, relies on them)."""
    from django.apps import apps
    from django.core import serializers

    rows = [
        obj for label in REFERENCE_MODELS for obj in apps.get_model(label).objects.order_by("pk")
    ]
    if rows:
        config.stash[_reference_snapshot] = serializers.serialize("json", rows)


def _reload_reference_rows(config) -> None:
    from django.core import serializers
    from django.db import transaction

    snapshot = config.stash.get(_reference_snapshot, None)
    if snapshot is None:
        return
    with transaction.atomic():
        for obj in serializers.deserialize("json", snapshot):
            obj.save()


def _is_transactional(item) -> bool:
    names = set(getattr(item, "fixturenames", ()))
    marker = item.get_closest_marker("django_db")
    return bool(names & {"transactional_db", "live_server"}) or bool(
        marker and marker.kwargs.get("transaction")
    )


@contextlib.contextmanager
def _hook_database_access(config):
    """Database access from a pytest hook, outside any test. Django keeps its
    connections in context variables, and once Playwright runs, a hook's context
    is not the one the test database's teardown closes: a connection left open
    here would keep the database from being dropped. So close it on the way out."""
    from django.db import connections
    from pytest_django.plugin import blocking_manager_key

    with config.stash[blocking_manager_key].unblock():
        try:
            yield
        finally:
            connections.close_all()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item):
    outcome = yield
    # A set-up that failed or skipped (Chromium missing) may not have made the test
    # database: reading here would hit the real one and hide the reason.
    if (
        outcome.excinfo is None
        and _is_transactional(item)
        and _reference_snapshot not in item.config.stash
    ):
        with _hook_database_access(item.config):
            _snapshot_reference_rows(item.config)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test (live server, real worker) ends with a flush of every
    table, reference rows loaded by data migrations included: once its fixtures
    are torn down, put them back (same primary keys) so the next test sees the
    migrated database."""
    yield
    # With no next test, the session's teardown has already dropped the test database.
    if nextitem is not None and _is_transactional(item):
        with _hook_database_access(item.config):
            _reload_reference_rows(item.config)


@pytest.fixture(scope="session")
def browser_type_launch_args():
    require_service("Chromium", os.path.exists(CHROMIUM) or bool(shutil.which("chromium")))
    return {
        "executable_path": CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium"),
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fr-BE", "viewport": {"width": 1280, "height": 900}}


# Factories' fixtures, usable from any app's tests.
from accounts.tests.fixtures import *  # noqa: E402,F403
from accounts.tests.mfa import totp_clock  # noqa: E402,F401
