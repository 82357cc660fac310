"""Fixtures shared by every app's tests. They live in the ``tests/fixtures/`` plugin
package (one module per subject), loaded below with ``pytest_plugins``; the people and
places come from ``accounts/tests/fixtures.py``. docs/testing.md says more.

What a test author asks for by name
-----------------------------------
People and places (accounts/tests/fixtures.py), one row each:
  ``fwb_school``; ``teacher`` (validated, of fwb_school); ``pending_teacher``;
  ``staff_fwb``, ``staff_vl``, ``staff_dg`` (staff of each Belgian service);
  ``superuser``. Use them for a test about one person.
``reference_data``
  For a transactional test (live server, real worker): the migrated reference rows
  (countries, services, subjects, languages) are there. Browser journeys ask for it.
``project_with_members`` (tests/fixtures/roles.py)
  An active public project founded by an FWB teacher and a teacher in France, with a
  partner member, an accepted collaborator, two pupils (one administrator), the
  founder's service's staff and an FWB teacher outside it (a ``Space``:
  ``.project``, ``.founder``, ``.cofounder``, ``.partner``, ``.collaborator``,
  ``.pupil``, ``.pupil_admin``, ``.staff``, ``.outsider``). Override it in a test
  module to get another project (private, a secret title…): ``world`` follows.
``world`` (tests/fixtures/roles.py)
  ``project_with_members`` and one person per role, built anew for each test:
  anonymous, pending, teacher (non-member), member, founder, cofounder, collaborator,
  pupil, pupil_admin, staff_fwb (the project's service), staff_vl and staff_dg (other
  services), superuser (``roles.ROLES`` says who is who). ``world.users[role]``,
  ``world.pupils[role]``, ``world.user(role)``, ``world.project``, ``world.space``.
  Use it for authorisation matrices; their expected tables stay written by hand.
  A matrix with its own column names maps them to these roles (a ``PLAYED_BY`` dict).
``fast_password_hashing`` (tests/fixtures/roles.py)
  Passwords hashed with MD5 for the test; ``project_with_members`` and ``world`` ask
  for it (a dozen accounts with the real hasher take seconds).
``log_in_as`` (tests/fixtures/roles.py)
  ``log_in_as("staff_vl")`` logs the test's Django ``client`` out, then in as that
  role of ``world`` (a pupil through the space's session), and returns the client;
  ``client=`` and ``world=`` pick others.
``log_in`` (tests/fixtures/browser.py)
  For Playwright journeys: ``log_in(page_or_context, user)`` gives the browser a
  session of ``user`` on the live server (as ``force_login``: staff have passed
  their second factor).
``totp_clock`` (accounts/tests/mfa.py)
  allauth's TOTP clock, frozen: ``totp_clock.code(secret)`` is the code an
  authenticator app shows now. For tests of the second factor.
``require_service(name, available)`` (a function, ``from conftest import``)
  A test needing PostgreSQL, Redis, Java or Chromium: skipped on a laptop without it,
  failed in CI (``CI=true``).

What every test gets without asking (autouse, tests/fixtures/isolation.py)
-------------------------------------------------------------------------
- ``_isolated``: Celery tasks run eagerly and propagate errors, the cache is empty
  before and after, media files go to the test's own temporary folder (so tests, and
  xdist workers, never share files), and French is active again afterwards.
- ``_deterministic_fakes``: factory_boy/Faker are seeded by the test's id, so a test
  draws the same names whatever ran before it.
- ``_force_login_is_a_complete_authentication``: ``client.force_login(user)`` also
  records what allauth records at a real login (password just typed; for staff, the
  second factor), so the second-factor and reauthentication rules stay on.
- After every transactional test, the reference rows it flushed are put back with
  their primary keys (tests/fixtures/reference.py), so test order does not matter.
- Chromium's launch arguments and a French, 1280 × 900 browser context for
  pytest-playwright (tests/fixtures/browser.py).
"""

from __future__ import annotations

import os

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls
# from the test body are still synchronous and safe. (Before Django is used.)
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest

# The plugins are imported below, before pytest loads them: their asserts rewritten too.
pytest.register_assert_rewrite("tests.fixtures", "accounts.tests")

pytest_plugins = [
    "accounts.tests.mfa",
    "accounts.tests.fixtures",
    "tests.fixtures.isolation",
    "tests.fixtures.reference",
    "tests.fixtures.roles",
    "tests.fixtures.browser",
]

# Imported from here by the tests that need a service (``from conftest import …``).
from tests.fixtures.browser import CHROMIUM  # noqa: E402,F401
from tests.fixtures.isolation import IN_CI, require_service  # noqa: E402,F401
