"""Bulletin sending benchmark (``make bench-bulletin``).

400,000 recipients (the real platform's newsletter audience) go through Redis
and two Celery worker processes to a local SMTP server (aiosmtpd, started here)
that only counts. Prints messages per second, the time to the last message,
the fan-out time, and each worker's resident memory at several points plus its
peak (VmHWM), to show memory stays flat: recipients are streamed by
primary-key pages, never loaded all at once.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/etw_bench_bulletin \
    REDIS_URL=redis://127.0.0.1:6379/4 python bench/bulletin.py [--recipients 400000]

The audience (teachers + school contacts) is kept in the database between runs
and topped up to ``--recipients``; each run sends a fresh issue.
"""

from __future__ import annotations

import argparse
import datetime
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/etw_bench_bulletin")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/4")
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.bulletin_settings"
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "false"
os.environ.setdefault("LOG_LEVEL", "WARNING")

SCHOOL_SHARE = 50  # one school contact per 50 recipients
BATCH = 5000


def _ensure_database() -> None:
    import environ

    config = environ.Env.db_url_config(os.environ["DATABASE_URL"])
    exists = subprocess.run(
        ["psql", "-h", config["HOST"], "-U", config["USER"], "-tAc",
         f"SELECT 1 FROM pg_database WHERE datname='{config['NAME']}'", "postgres"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    if not exists:
        subprocess.run(
            ["createdb", "-h", config["HOST"], "-U", config["USER"], config["NAME"]], check=True
        )
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=BASE_DIR, check=True
    )


class CountingSink:
    def __init__(self):
        self.count = 0
        self.first = None
        self.last = None

    async def handle_DATA(self, server, session, envelope):
        now = time.monotonic()
        self.first = self.first or now
        self.last = now
        self.count += len(envelope.rcpt_tos)
        return "250 OK"


def _seed(target: int) -> tuple[int, int]:
    from accounts.models import School, TeacherStatus, User, ValidationStatus
    from accounts.tests.factories import service

    fwb = service("be-fwb")
    n_schools = max(1, target // SCHOOL_SHARE)
    have = School.objects.filter(name__startswith="Bench school ").count()
    for start in range(have, n_schools, BATCH):
        School.objects.bulk_create(
            School(
                name=f"Bench school {n:06d}", country=fwb.country, support_service=fwb,
                city="Namur", postcode="5000", level_primary=True,
                contact_email=f"school{n:06d}@bench.example", status=ValidationStatus.VALIDATED,
            )
            for n in range(start, min(n_schools, start + BATCH))
        )  # fmt: skip
    school_ids = list(
        School.objects.filter(name__startswith="Bench school ").values_list("pk", flat=True)
    )
    n_teachers = target - n_schools
    have = User.objects.filter(email__endswith="@teachers.bench.example").count()
    languages = ["fr", "fr", "fr", "nl", "de", "en"]
    for start in range(have, n_teachers, BATCH):
        User.objects.bulk_create(
            User(
                email=f"t{n:07d}@teachers.bench.example", password="!",  # noqa: S106
                first_name="Prof", last_name=f"{n}", school_id=school_ids[n % len(school_ids)],
                support_service=fwb, status=TeacherStatus.VALIDATED,
                preferred_language=languages[n % len(languages)], bulletin_subscribed=True,
            )
            for n in range(start, min(n_teachers, start + BATCH))
        )  # fmt: skip
        print(f"  seeded {min(n_teachers, start + BATCH):,} teachers", flush=True)
    # An earlier, larger run may have left more: only the first ``target`` are
    # in the audience (subscribed teachers, validated schools), the rest are out.
    teachers = User.objects.filter(email__endswith="@teachers.bench.example")
    cut = f"t{n_teachers:07d}@teachers.bench.example"
    teachers.filter(email__lt=cut, bulletin_subscribed=False).update(bulletin_subscribed=True)
    teachers.filter(email__gte=cut, bulletin_subscribed=True).update(bulletin_subscribed=False)
    schools = School.objects.filter(name__startswith="Bench school ")
    cut = f"Bench school {n_schools:06d}"
    schools.filter(name__lt=cut).exclude(status=ValidationStatus.VALIDATED).update(
        status=ValidationStatus.VALIDATED
    )
    schools.filter(name__gte=cut, status=ValidationStatus.VALIDATED).update(
        status=ValidationStatus.PENDING
    )
    return (
        teachers.filter(bulletin_subscribed=True).count(),
        schools.filter(status=ValidationStatus.VALIDATED).count(),
    )


def _seed_interests(issue_month: datetime.date) -> None:
    """Reader profiles (two subjects, one language per bench teacher: a few
    thousand distinct profiles) and announcements of the month before the issue,
    so that the personal partner section is part of what is measured."""
    from django.db import connection
    from django.utils import timezone

    from accounts.models import Language, Subject, User
    from partners.models import Announcement

    through = User.subjects.through
    teachers = "SELECT id FROM accounts_user WHERE email LIKE '%%@teachers.bench.example'"
    if not through.objects.filter(user__email__endswith="@teachers.bench.example").exists():
        subjects = list(Subject.objects.order_by("pk").values_list("pk", flat=True))
        languages = list(Language.objects.order_by("pk").values_list("pk", flat=True))[:8]
        with connection.cursor() as cursor:
            for table, column, ids, step in (
                (through._meta.db_table, "subject_id", subjects, 1),
                (through._meta.db_table, "subject_id", subjects, 7),
                (User.languages.through._meta.db_table, "language_id", languages, 1),
            ):
                cursor.execute(
                    f"INSERT INTO {table} (user_id, {column}) "  # noqa: S608
                    f"SELECT u.id, (%s::bigint[])[1 + (u.id / {step}) %% {len(ids)}] "
                    f"FROM ({teachers}) u ON CONFLICT DO NOTHING",
                    [ids],
                )
        print("  seeded reader profiles", flush=True)
    Announcement.objects.filter(title__startswith="Bench announcement ").delete()
    author = User.objects.filter(email__endswith="@teachers.bench.example").first()
    # Spread over the first 20 days of the month before the issue.
    before = (issue_month - datetime.timedelta(days=1)).replace(day=1)
    created = timezone.make_aware(datetime.datetime.combine(before, datetime.time(8)))
    subjects = list(Subject.objects.order_by("pk"))
    languages = list(Language.objects.order_by("pk"))[:8]
    for n in range(40):
        a = Announcement.objects.create(
            author=author, title=f"Bench announcement {n}", idea="Une idée de projet.",
            age_min=9, age_max=12, start_month=issue_month, created_at=created,
            expires_at=timezone.now() + datetime.timedelta(days=30),
        )  # fmt: skip
        Announcement.objects.filter(pk=a.pk).update(
            created_at=created + datetime.timedelta(hours=12 * n)
        )
        a.subjects.set([subjects[n % len(subjects)], subjects[(3 * n) % len(subjects)]])
        a.languages.set([languages[n % len(languages)]])


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rss(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) in MiB of a process."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:")):
            key, amount, _unit = line.split()
            values[key] = int(amount) // 1024
    return values.get("VmRSS:", 0), values.get("VmHWM:", 0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recipients", type=int, default=400_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=int, default=3600)
    parser.add_argument(
        "--no-personal", action="store_true", help="no personal partner-announcement section"
    )
    parser.add_argument(
        "--seed-only", action="store_true", help="top the audience up, send nothing"
    )
    args = parser.parse_args()

    _ensure_database()
    import django

    django.setup()
    from aiosmtpd.controller import Controller
    from django.utils import timezone

    from accounts.tests.factories import service
    from bulletins.models import (
        BulletinIssue,
        BulletinSection,
        Delivery,
        IssueStatus,
        SectionKind,
    )
    from bulletins.selectors import issue_progress
    from bulletins.services import issue_start
    from etwinning.celery import app

    print(f"Audience: topping up to {args.recipients:,} recipients…", flush=True)
    t0 = time.monotonic()
    n_teachers, n_schools = _seed(args.recipients)
    print(f"Audience ready: {n_teachers:,} teachers + {n_schools:,} schools "
          f"({time.monotonic() - t0:.0f} s)", flush=True)  # fmt: skip
    if args.seed_only:
        return

    fwb = service("be-fwb")
    month = datetime.date(1990, 1, 1)
    old = BulletinIssue.objects.filter(service=fwb, issue_month__lte=month)
    # Raw delete: Django's cascade would load the 400,000 previous rows.
    Delivery.objects.filter(issue__in=old)._raw_delete(Delivery.objects.db)
    old.delete()
    issue = BulletinIssue.objects.create(
        service=fwb, issue_month=month, subject_fr="Bench — Liaison eTwinning",
        subject_en="Bench — Liaison eTwinning (en)", intro_fr="Bonjour.\n\nLes nouvelles du mois.",
        status=IssueStatus.SCHEDULED, send_at=timezone.now(),
    )  # fmt: skip
    for position in range(4):
        BulletinSection.objects.create(
            issue=issue, position=position, title_fr=f"Rubrique {position}",
            body_fr="Un paragraphe d'une taille réaliste. " * 12 + "\n\n- un\n- deux\n- trois",
        )  # fmt: skip
    if not args.no_personal:
        _seed_interests(month)
        BulletinSection.objects.create(
            issue=issue, position=5, kind=SectionKind.AUTOMATIC, source="partners",
            title_fr="Ils cherchent des partenaires", body_fr="La sélection du bureau.",
        )  # fmt: skip

    sink = CountingSink()
    controller = Controller(sink, hostname="127.0.0.1", port=_free_port())
    controller.start()
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge("bulletin")
    env = {
        **os.environ,
        "EMAIL_URL": f"smtp://127.0.0.1:{controller.port}",
        "BULLETIN_CHUNK_SIZE": os.environ.get("BULLETIN_CHUNK_SIZE", "500"),
    }
    logs = BASE_DIR / "var" / "bench-bulletin"
    logs.mkdir(parents=True, exist_ok=True)
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "etwinning",
                "worker",
                "-Q",
                "bulletin",
                "-P",
                "solo",
                "--loglevel=WARNING",
                "-n",
                f"bench{i}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=(logs / f"worker{i}.log").open("w"),
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        for i in range(args.workers)
    ]
    samples: dict[int, list[tuple[int, int]]] = {w.pid: [] for w in workers}
    try:
        expected = n_teachers + n_schools
        start = time.monotonic()
        issue_start(issue_id=issue.pk)
        marks = {int(expected * f) for f in (0.1, 0.25, 0.5, 0.75, 1.0)}
        fanout_done = None
        while sink.count < expected and time.monotonic() - start < args.timeout:
            threading.Event().wait(1)
            if (
                fanout_done is None
                and BulletinIssue.objects.filter(pk=issue.pk, prepared_at__isnull=False).exists()
            ):
                fanout_done = time.monotonic() - start
                print(f"  fan-out: {expected:,} delivery rows in {fanout_done:.1f} s", flush=True)
            reached = [m for m in marks if sink.count >= m]
            for mark in sorted(reached):
                marks.discard(mark)
                rss = [_rss(w.pid) for w in workers]
                for w, value in zip(workers, rss, strict=True):
                    samples[w.pid].append((sink.count, value[0]))
                elapsed = time.monotonic() - start
                print(f"  {sink.count:>8,} delivered after {elapsed:6.1f} s — worker RSS "
                      + ", ".join(f"{r} MiB" for r, _h in rss), flush=True)  # fmt: skip
        total = time.monotonic() - start
        last = (sink.last - start) if sink.last else total
        sending = (sink.last - sink.first) if sink.first else 0
        peaks = [_rss(w.pid)[1] for w in workers]
        issue.refresh_from_db()
        wait_until = time.monotonic() + 60
        while issue.status != IssueStatus.SENT and time.monotonic() < wait_until:
            threading.Event().wait(0.5)
            issue.refresh_from_db()
        progress = issue_progress(issue=issue)
    finally:
        for w in workers:
            w.terminate()
        for w in workers:
            w.wait(30)
        controller.stop()

    print()
    print(f"Recipients                 {expected:,}")
    print(f"Delivered to SMTP          {sink.count:,}")
    print(f"Admin counts               sent {progress.sent:,}, failed {progress.failed:,}, "
          f"left {progress.left:,}; issue {issue.status}")  # fmt: skip
    print(f"Fan-out (rows created)     {fanout_done or 0:.1f} s")
    print(f"Time to last message       {last:.1f} s ({last / 60:.1f} min)")
    print(f"Throughput (overall)       {expected / last:.0f} messages/s")
    print(f"Throughput (while sending) {sink.count / sending if sending else 0:.0f} messages/s")
    print(f"Worker peak RSS (VmHWM)    {', '.join(f'{p} MiB' for p in peaks)}")
    for pid, points in samples.items():
        print(f"  worker {pid} RSS at " + ", ".join(f"{n:,}: {r} MiB" for n, r in points))


if __name__ == "__main__":
    main()
