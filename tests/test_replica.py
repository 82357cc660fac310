"""The read replica for search, live: a real second database alias configured as in
production (``DATABASE_REPLICA_URL``, see etwinning/settings.py), used through real
requests. tests/test_deployment.py checks the router's decisions one by one; here the
queries themselves are watched on each connection.

In tests the replica alias is Django's documented test mirror of the primary
(``DATABASES["replica"]["TEST"] = {"MIRROR": "default"}``): a second, separate
connection to the primary's test database, like a replica with no replication delay.
Its reads only see committed rows, so these tests are transactional.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import require_service
from etwinning.routers import PRIMARY, REPLICA

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True, databases="__all__")]

WRITES = ("INSERT", "UPDATE", "DELETE")


def _replica_settings_from_production_code(url: str) -> dict:
    """The ``replica`` alias exactly as etwinning/settings.py builds it for this URL."""
    code = (
        "import json, django; from django.conf import settings; django.setup();"
        "print(json.dumps(settings.DATABASES['replica']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "DATABASE_REPLICA_URL": url},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module", autouse=True)
def _replica_alias(django_db_setup, django_db_blocker):
    """The replica alias. With ``DATABASE_REPLICA_URL`` set, Django's test set-up has
    already made it a mirror of the test database; otherwise it is added here the same
    way: built by the settings code for a URL naming the primary server, then pointed
    at the test database by ``set_as_test_mirror`` (what the test runner does for a
    ``TEST["MIRROR"]``). Module-wide, so that each test's ``databases="__all__"``
    includes it."""
    from django.conf import settings

    # A streaming replica is a PostgreSQL feature: on the SQLite default these tests
    # are skipped (and fail under CI=true, where PostgreSQL must be there).
    require_service("PostgreSQL", connections[PRIMARY].vendor == "postgresql")
    if REPLICA in settings.DATABASES:
        yield
        return
    config = _replica_settings_from_production_code(os.environ.get("DATABASE_URL", ""))
    assert config["TEST"]["MIRROR"] == PRIMARY
    # connections.settings is settings.DATABASES completed with Django's defaults:
    # the router (replica_configured) and the connection handler both see the alias.
    settings.DATABASES[REPLICA] = connections.configure_settings({PRIMARY: {}, REPLICA: config})[
        REPLICA
    ]
    with django_db_blocker.unblock():
        connections[REPLICA].creation.set_as_test_mirror(connections[PRIMARY].settings_dict)
    try:
        yield
    finally:
        connections[REPLICA].close()
        del connections[REPLICA]
        del settings.DATABASES[REPLICA]


@pytest.fixture
def replica():
    require_service("PostgreSQL", connections[PRIMARY].vendor == "postgresql")
    return connections[REPLICA]


def _sql(captured: CaptureQueriesContext) -> list[str]:
    return [query["sql"] for query in captured.captured_queries]


def _touching(statements: list[str], table: str) -> list[str]:
    return [sql for sql in statements if f'"{table}"' in sql]


def test_the_replica_is_a_second_connection_to_the_primary_database(replica):
    primary = connections[PRIMARY]
    assert replica is not primary
    assert replica.alias == REPLICA
    assert replica.settings_dict["NAME"] == primary.settings_dict["NAME"]
    with replica.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        replica_pid = cursor.fetchone()[0]
    with primary.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != replica_pid


def test_partner_search_reads_the_index_on_the_replica(client, replica):
    from partners.tests.factories import publish, teacher_in

    author = teacher_in("fr", city="Lyon")
    publish(author, title="Robots et climat en classe")
    searcher = teacher_in("be-fwb")
    client.force_login(searcher)

    with (
        CaptureQueriesContext(connections[PRIMARY]) as on_primary,
        CaptureQueriesContext(replica) as on_replica,
    ):
        response = client.get(reverse("partners:search"), {"q": "robots", "kind": "announcement"})

    assert response.status_code == 200
    # The replica (a separate connection) saw the committed announcement.
    assert "Robots et climat en classe" in response.content.decode()
    index_reads = _touching(_sql(on_replica), "partners_searchentry")
    assert index_reads, "the search index was not read on the replica"
    # Reads only: plain SELECTs, or the lexicon's read-only WITH … SELECT (typo variants).
    for sql in _sql(on_replica):
        statement = sql.lstrip().upper()
        assert statement.startswith(("SELECT", "WITH")), sql[:120]
        assert not any(f"{verb} " in statement for verb in WRITES), sql[:120]
    assert _touching(_sql(on_primary), "partners_searchentry") == []
    # Everything else about the request (session, user) is read on the primary.
    assert _touching(_sql(on_primary), "accounts_user")


def test_search_index_writes_go_to_the_primary_only(client, replica):
    from partners.tests.factories import publish, teacher_in

    author = teacher_in("be-fwb")
    client.force_login(author)
    with (
        CaptureQueriesContext(connections[PRIMARY]) as on_primary,
        CaptureQueriesContext(replica) as on_replica,
    ):
        announcement = publish(author, title="Lecture à voix haute")

    writes = [
        sql
        for sql in _touching(_sql(on_primary), "partners_searchentry")
        if sql.lstrip().upper().startswith(WRITES)
    ]
    assert writes, "publishing did not write the search index on the primary"
    assert [sql for sql in _sql(on_replica) if sql.lstrip().upper().startswith(WRITES)] == []
    # Writing also reads the index (update_or_create): on the primary, never stale.
    assert _touching(_sql(on_replica), "partners_searchentry") == []

    # The next search, on the replica, finds what was just written on the primary.
    with CaptureQueriesContext(replica) as on_replica:
        response = client.get(reverse("partners:search"), {"q": "lecture", "kind": "announcement"})
    assert response.status_code == 200
    assert announcement.title in response.content.decode()
    assert _touching(_sql(on_replica), "partners_searchentry")


def test_posting_a_message_writes_on_the_primary(client, replica):
    from partners.models import Message
    from partners.tests.factories import teacher_in
    from projects.tests.factories import make_contacts

    sender, recipient = teacher_in("be-fwb"), teacher_in("fr")
    make_contacts(sender, recipient)
    client.force_login(sender)
    url = reverse("partners:conversation", kwargs={"user_id": recipient.pk})
    with (
        CaptureQueriesContext(connections[PRIMARY]) as on_primary,
        CaptureQueriesContext(replica) as on_replica,
    ):
        response = client.post(url, {"body": "Bonjour, on travaille ensemble ?"})

    assert response.status_code in (200, 302)
    assert Message.objects.filter(sender=sender, recipient=recipient).count() == 1
    assert [sql for sql in _touching(_sql(on_primary), "partners_message") if "INSERT" in sql]
    assert _sql(on_replica) == []
