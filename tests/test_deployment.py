"""Running on several machines: proxy headers, shared sessions, split Celery queues,
a read replica for search, media on S3-compatible object storage."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory, override_settings
from django.urls import reverse

from conftest import require_service

PRODUCTION_ENV = {
    "PATH": "/usr/bin:/bin",
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "p" * 20 + "-a-long-random-production-secret-value-123",
    "DJANGO_ALLOWED_HOSTS": "etwinning.example.org",
}


def _settings_under(env: dict, *names: str) -> dict:
    """The values of some settings when the process starts with this environment."""
    code = (
        "import json, django; from django.conf import settings; django.setup();"
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {list(names)!r}}}, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={"DJANGO_SETTINGS_MODULE": "etwinning.settings", **PRODUCTION_ENV, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- Behind a reverse proxy ------------------------------------------------------------


def test_behind_a_proxy_the_forwarded_scheme_and_host_are_trusted():
    values = _settings_under(
        {"DJANGO_BEHIND_PROXY": "true", "TRUSTED_PROXY_COUNT": "1"},
        "SECURE_PROXY_SSL_HEADER",
        "USE_X_FORWARDED_HOST",
        "ALLAUTH_TRUSTED_PROXY_COUNT",
    )
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["USE_X_FORWARDED_HOST"] is True
    assert values["ALLAUTH_TRUSTED_PROXY_COUNT"] == 1


def test_without_a_proxy_forwarded_headers_are_ignored():
    values = _settings_under({}, "SECURE_PROXY_SSL_HEADER", "USE_X_FORWARDED_HOST")
    assert values["SECURE_PROXY_SSL_HEADER"] is None
    assert values["USE_X_FORWARDED_HOST"] is False


PROXIED = {
    "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
    "USE_X_FORWARDED_HOST": True,
    "ALLOWED_HOSTS": ["etwinning.example.org"],
    "SECURE_SSL_REDIRECT": True,
}


@override_settings(**PROXIED)
def test_a_request_forwarded_as_https_for_the_public_host_is_served(client, db):
    response = client.get(
        "/fr/",
        HTTP_HOST="10.0.0.5:8000",
        HTTP_X_FORWARDED_HOST="etwinning.example.org",
        HTTP_X_FORWARDED_PROTO="https",
    )
    assert response.status_code == 200
    assert response.wsgi_request.is_secure()
    assert response.wsgi_request.build_absolute_uri("/") == "https://etwinning.example.org/"


@override_settings(**PROXIED)
def test_a_plain_http_request_through_the_proxy_is_redirected_to_https(client, db):
    response = client.get(
        "/fr/", HTTP_X_FORWARDED_HOST="etwinning.example.org", HTTP_X_FORWARDED_PROTO="http"
    )
    assert response.status_code == 301
    assert response["Location"] == "https://etwinning.example.org/fr/"


@override_settings(**PROXIED)
def test_an_unknown_host_is_refused_even_through_the_proxy(client, db):
    response = client.get(
        "/fr/", HTTP_X_FORWARDED_HOST="evil.example.com", HTTP_X_FORWARDED_PROTO="https"
    )
    assert response.status_code == 400


def test_allauth_rate_limits_use_the_client_address_given_by_the_trusted_proxy(settings):
    from allauth.core.internal.httpkit import get_client_ip

    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get(
        "/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9", REMOTE_ADDR="10.0.0.2"
    )
    # The client may forge the left part; the address appended by our proxy counts.
    assert get_client_ip(request) == "203.0.113.9"


def test_csrf_trusted_origins_come_from_the_environment():
    values = _settings_under(
        {"DJANGO_CSRF_TRUSTED_ORIGINS": "https://etwinning.example.org"},
        "CSRF_TRUSTED_ORIGINS",
        "ALLOWED_HOSTS",
    )
    assert values["CSRF_TRUSTED_ORIGINS"] == ["https://etwinning.example.org"]
    assert values["ALLOWED_HOSTS"] == ["etwinning.example.org"]


# --- Sessions and cache in Redis ---------------------------------------------------------


def test_with_redis_sessions_and_cache_are_shared_by_every_web_process():
    values = _settings_under(
        {"REDIS_URL": "redis://redis.internal:6379/0"}, "SESSION_ENGINE", "CACHES"
    )
    assert values["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"
    assert values["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert values["CACHES"]["default"]["LOCATION"] == "redis://redis.internal:6379/1"


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.services
def test_a_session_opened_on_one_web_process_is_valid_on_another(client, teacher, settings):
    require_service("Redis", _redis_up())
    from django.core.cache import caches

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/6",
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    client.force_login(teacher)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    # The session is in Redis, where any other web process reads it.
    assert caches["default"].get(f"django.contrib.sessions.cached_db{key}") is not None
    response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 200
    # Its own key only: clear() would empty Redis DB 6 for whoever else uses it.
    caches["default"].delete(f"django.contrib.sessions.cached_db{key}")


# --- Celery queues ----------------------------------------------------------------------

BULLETIN_TASKS = {"bulletins.tasks.fan_out_issue", "bulletins.tasks.send_chunk"}
# Scheduled housekeeping (no e-mail of their own, or fanning out to mail tasks).
DEFAULT_TASKS = {
    "accounts.tasks.purge_unconfirmed_accounts",
    "accounts.tasks.purge_decided_proofs",
    "partners.tasks.expire_announcements",
    "bulletins.tasks.draft_monthly_issues",
    "bulletins.tasks.start_due_issues",
    "bulletins.tasks.send_overdue_deferrals",
    "projects.space.tasks.end_pupil_logins",
    "bulletins.tasks.process_inbound_mail",
    "partners.tasks.reindex_school",
    "projects.tasks.sweep_approval_requests",
    # The digest sweeps queue one send_digest per reader on the mail queue.
    "notifications.tasks.sweep_daily_digests",
    "notifications.tasks.sweep_weekly_digests",
    "notifications.tasks.purge_read_notifications",
}
PORTAL_APPS = (
    "accounts.",
    "partners.",
    "projects.",
    "labels.",
    "trainings.",
    "bulletins.",
    "notifications.",
)


def _queue_of(task_name: str) -> str:
    from etwinning.celery import app

    route = app.amqp.router.route({}, task_name)
    return route["queue"].name


def test_bulletin_fan_out_and_chunks_run_on_the_bulletin_queue():
    for name in BULLETIN_TASKS:
        assert _queue_of(name) == "bulletin", name


def test_every_other_portal_task_that_sends_mail_runs_on_the_mail_queue():
    from etwinning.celery import app

    app.loader.import_default_modules()
    portal_tasks = {name for name in app.tasks if name.startswith(PORTAL_APPS)}
    mail_tasks = portal_tasks - BULLETIN_TASKS - DEFAULT_TASKS
    assert {
        "accounts.tasks.send_teacher_decision_email",
        "partners.tasks.notify_message",
        "projects.tasks.send_cofounder_invitation",
        "labels.tasks.send_national_label_decision",
        "trainings.tasks.send_promotion_email",
        "notifications.tasks.send_immediate_emails",
        "notifications.tasks.send_digest",
    } <= mail_tasks
    for name in sorted(mail_tasks):
        assert _queue_of(name) == "mail", f"{name} is not routed to the mail queue"


def test_housekeeping_tasks_run_on_the_default_queue():
    for name in DEFAULT_TASKS - {"labels.tasks.send_contest_reminders"}:
        assert _queue_of(name) == "default", name


# --- Read replica for search ---------------------------------------------------------------


@pytest.fixture
def with_replica(monkeypatch):
    monkeypatch.setattr("etwinning.routers.replica_configured", lambda: True)


def test_without_a_replica_everything_reads_the_primary():
    from accounts.models import User
    from partners.models import SearchEntry

    assert SearchEntry.objects.all().db == "default"
    assert User.objects.all().db == "default"


def test_search_index_reads_go_to_the_replica(with_replica):
    from accounts.models import User
    from partners.models import SearchEntry

    assert SearchEntry.objects.filter(kind="teacher").db == "replica"
    assert User.objects.all().db == "default"


def test_writes_never_go_to_the_replica(with_replica):
    from etwinning.routers import ReplicaRouter, reading_from_replica
    from partners.models import SearchEntry

    router = ReplicaRouter()
    with reading_from_replica():
        assert router.db_for_write(SearchEntry) == "default"
    assert router.db_for_write(SearchEntry) == "default"
    assert router.allow_migrate("replica", "partners") is False
    assert router.allow_migrate("default", "partners") is True


def test_reading_from_replica_block_sends_every_read_there_and_ends_with_the_block(with_replica):
    from accounts.models import User
    from etwinning.routers import reading_from_replica

    with reading_from_replica():
        assert User.objects.all().db == "replica"
    assert User.objects.all().db == "default"


def test_replica_url_adds_a_replica_alias_mirroring_the_primary_in_tests():
    values = _settings_under(
        {"DATABASE_REPLICA_URL": "postgres://reader@replica.internal:5432/etwinning"},
        "DATABASES",
    )
    replica = values["DATABASES"]["replica"]
    assert replica["HOST"] == "replica.internal"
    assert replica["TEST"]["MIRROR"] == "default"


@pytest.mark.django_db(databases=["default"])
def test_partner_search_works_with_the_router_installed(client, teacher):
    client.force_login(teacher)
    response = client.get(reverse("partners:search"))
    assert response.status_code == 200


# --- Media on S3-compatible object storage --------------------------------------------------


def test_s3_variables_switch_media_to_object_storage():
    values = _settings_under(
        {
            "AWS_STORAGE_BUCKET_NAME": "etwinning-media",
            "AWS_S3_ENDPOINT_URL": "https://s3.example.org",
        },
        "STORAGES",
    )
    media = values["STORAGES"]["default"]
    assert media["BACKEND"] == "storages.backends.s3.S3Storage"
    assert media["OPTIONS"]["bucket_name"] == "etwinning-media"
    assert media["OPTIONS"]["endpoint_url"] == "https://s3.example.org"
    assert media["OPTIONS"]["default_acl"] is None
    assert media["OPTIONS"]["file_overwrite"] is False


@pytest.fixture(scope="module")
def s3_server():
    """moto's S3-compatible server on 127.0.0.1, on a free port."""
    pytest.importorskip("moto")
    from moto.server import ThreadedMotoServer

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_media(s3_server, settings, monkeypatch):
    import boto3

    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
    }.items():
        monkeypatch.setenv(name, value)
    bucket = f"etw-{uuid.uuid4().hex[:12]}"
    boto3.client("s3", endpoint_url=s3_server, region_name="eu-west-1").create_bucket(
        Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
    )
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": s3_server,
                "region_name": "eu-west-1",
                "access_key": "testing",
                "secret_key": "testing",
                "location": "media",
                "default_acl": None,
                "querystring_auth": True,
                "file_overwrite": False,
            },
        },
    }
    return boto3.client("s3", endpoint_url=s3_server, region_name="eu-west-1"), bucket


def test_media_files_are_saved_read_and_deleted_on_object_storage(s3_media):
    from django.core.files.storage import default_storage

    s3, bucket = s3_media
    name = default_storage.save("space/notes.txt", ContentFile(b"Bonjour Vilnius"))
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]
    assert keys == [f"media/{name}"]
    with default_storage.open(name, "rb") as handle:
        assert handle.read() == b"Bonjour Vilnius"
    # Never overwritten: a second file of the same name gets another name.
    other = default_storage.save("space/notes.txt", ContentFile(b"Bis"))
    assert other != name
    assert "Signature=" in default_storage.url(name)
    default_storage.delete(name)
    default_storage.delete(other)
    assert not default_storage.exists(name)
    assert s3.list_objects_v2(Bucket=bucket).get("KeyCount") == 0


def test_a_proof_of_employment_round_trips_through_object_storage(s3_media, client, db, fwb_school):
    from accounts.models import TeacherStatus
    from accounts.tests.factories import PDF_BYTES, TeacherFactory

    s3, bucket = s3_media
    newcomer = TeacherFactory(status=TeacherStatus.NEW, proof_of_employment="")
    client.force_login(newcomer)
    response = client.post(
        reverse("accounts:profile"),
        {
            "first_name": "Marc",
            "last_name": "Lambert",
            "role": "teacher",
            "school": fwb_school.pk,
            "age_min": 3,
            "age_max": 6,
            "preferred_language": "fr",
            "proof_of_employment": SimpleUploadedFile("attestation.pdf", PDF_BYTES),
        },
    )
    assert response.status_code == 302
    newcomer.refresh_from_db()
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]
    assert keys == [f"media/{newcomer.proof_of_employment.name}"]
    download = client.get(reverse("accounts:proof", args=[newcomer.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES


def test_orphaned_media_are_found_and_deleted_on_object_storage(s3_media, db):
    """purge_orphan_media walks the bucket through the Storage API, as it walks a folder."""
    import io

    from django.core.files.storage import default_storage
    from django.core.management import call_command

    from accounts.tests.factories import TeacherFactory

    s3, bucket = s3_media
    teacher = TeacherFactory()  # its proof is saved in the bucket
    lost = default_storage.save("space/7/lost.jpg", ContentFile(b"jpg"))
    dry_run = io.StringIO()
    call_command("purge_orphan_media", "--min-age-hours", "0", stdout=dry_run)
    assert lost in dry_run.getvalue() and teacher.proof_of_employment.name not in dry_run.getvalue()
    assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 2
    call_command("purge_orphan_media", "--delete", "--min-age-hours", "0", stdout=io.StringIO())
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]
    assert keys == [f"media/{teacher.proof_of_employment.name}"]
