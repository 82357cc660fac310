"""Bulletin sending benchmark (``make bench-bulletin``).

400,000 recipients (the real platform's newsletter audience) go through Redis and
the documented deployment — one ``celery worker -Q bulletin --concurrency 4``
(prefork) — to a local SMTP server (aiosmtpd, started here) that only counts. In
the same run, as the ceiling, a bare ``smtplib`` loop sends pre-rendered copies of
the same messages over one connection to the same server, before and after. Prints
messages per second of both and their ratio, CPU per message (workers, server, bare
loop), the time to the last message, the fan-out time, and each pool process's
resident memory at several points plus its peak (VmHWM), to show memory stays flat.
Then a greylisting run: the server answers 451 to the first RCPT of 10 % of the
addresses and 550 to 1 %; prints the time from the last deferral to the issue being
sent, and checks exactly once (nobody twice, every greylisted address once, no
refused one).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/etw_bench_bulletin \
    REDIS_URL=redis://127.0.0.1:6379/4 python bench/bulletin.py [--recipients 400000] \
        [--pool solo --workers 2 | --concurrency 4] [--greylist-recipients 20000]

The audience (teachers + school contacts) is kept in the database between runs
and topped up to ``--recipients``; each run sends a fresh issue.
"""

from __future__ import annotations

import argparse
import datetime
import os
import signal
import subprocess
import sys
import threading
import time
import zlib
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


# --- The SMTP sink (one for every run: same server, same costs) -----------------------


class Sink:
    """Counts what it accepts. In greylisting mode it answers 451 to the first RCPT of
    ``GREYLIST_PERCENT`` % of addresses and 550 to ``REFUSE_PERCENT`` %, chosen by a
    hash of the address, and keeps who got what (to check exactly once)."""

    def __init__(self):
        self.reset(greylisting=False)

    def reset(self, *, greylisting: bool) -> None:
        self.greylisting = greylisting
        self.count = 0
        self.first = self.last = None
        self.greylisted: set[str] = set()
        self.refused: set[str] = set()
        self.delivered: dict[str, int] = {}
        self.last_deferral: float | None = None

    def cpu(self) -> float:
        """CPU seconds used so far by the server's thread (its event loop)."""
        return _cpu_seconds(f"/proc/self/task/{self.thread}/stat") if self.thread else 0.0

    thread: int | None = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.greylisting:
            bucket = zlib.crc32(address.encode()) % 100
            if bucket >= 100 - REFUSE_PERCENT:
                self.refused.add(address)
                return "550 5.1.1 No such user here"
            if bucket < GREYLIST_PERCENT and address not in self.greylisted:
                self.greylisted.add(address)
                self.last_deferral = time.monotonic()
                return "451 4.7.1 Greylisted, please try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.thread = self.thread or threading.get_native_id()
        now = time.monotonic()
        self.first = self.first or now
        self.last = now
        self.count += len(envelope.rcpt_tos)
        if self.greylisting:
            for address in envelope.rcpt_tos:
                self.delivered[address] = self.delivered.get(address, 0) + 1
        return "250 OK"


GREYLIST_PERCENT = 10
REFUSE_PERCENT = 1


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


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


TICK = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(stat: str) -> float:
    """utime + stime of a /proc/…/stat file, in seconds (0 if it is gone)."""
    try:
        fields = Path(stat).read_text().rpartition(")")[2].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


def _workers_cpu(workers) -> float:
    """CPU seconds of the worker processes and their pool processes."""
    pids = [w.pid for w in workers] + [c for w in workers for c in _children(w.pid)]
    return sum(_cpu_seconds(f"/proc/{pid}/stat") for pid in pids)


# --- The ceiling: a bare smtplib loop over one connection -----------------------------


def _prerender(issue, count: int) -> list[tuple[str, str, bytes]]:
    """The messages of the first ``count`` recipients, as the workers build them
    (personal section, headers, VERP sender), for the bare loop to send as is."""
    from bulletins.mailing import IssueRenderer, envelope_sender
    from bulletins.selectors import bulletin_recipients

    renderer = IssueRenderer(issue)
    recipients = []
    for batch in bulletin_recipients(service=issue.service):
        recipients.extend(batch)
        if len(recipients) >= count:
            break
    recipients = recipients[:count]
    variants = renderer.variants({r.user_id: r.language for r in recipients if r.user_id})
    return [
        (
            envelope_sender(n + 1),
            r.email,
            renderer.raw_message(
                email=r.email,
                language=r.language,
                delivery_id=n + 1,
                variant=variants.get(r.user_id),
            ),
        )  # fmt: skip
        for n, r in enumerate(recipients)
    ]


def _bare_loop(path: str, port: int, total: int) -> None:
    """Child process: ``total`` messages from the pickle at ``path``, in a loop, over
    one SMTP connection; prints the seconds it took (stdout, JSON)."""
    import json
    import pickle
    import smtplib

    messages = pickle.loads(Path(path).read_bytes())  # noqa: S301 - our own file
    started, cpu = time.perf_counter(), time.process_time()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for n in range(total):
            sender, to, raw = messages[n % len(messages)]
            smtp.sendmail(sender, [to], raw)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(json.dumps({"seconds": seconds, "cpu": cpu}))


def _run_bare_loop(path: Path, port: int, total: int, sink: Sink) -> dict:
    """msg/s of the bare loop, and CPU ms per message of the loop and of the sink."""
    import json

    sink.reset(greylisting=False)
    sink_cpu = sink.cpu()
    done = subprocess.run(
        [sys.executable, __file__, "--bare-loop", str(path), "--port", str(port),
         "--messages", str(total)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert sink.count == total, (sink.count, total)
    return {
        "rate": total / figures["seconds"],
        "client_ms": figures["cpu"] / total * 1000,
        "sink_ms": (sink.cpu() - sink_cpu) / total * 1000,
    }


# --- One issue through the deployment ------------------------------------------------


def _new_issue(*, personal: bool):
    from django.utils import timezone

    from accounts.tests.factories import service
    from bulletins.models import BulletinIssue, BulletinSection, Delivery, IssueStatus, SectionKind

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
    if personal:
        _seed_interests(month)
        BulletinSection.objects.create(
            issue=issue, position=5, kind=SectionKind.AUTOMATIC, source="partners",
            title_fr="Ils cherchent des partenaires", body_fr="La sélection du bureau.",
        )  # fmt: skip
    return issue


def _send_issue(issue, expected: int, sink: Sink, workers, *, timeout: int, marks=()) -> dict:
    """Start ``issue`` and wait until the sink has ``expected`` messages (0: any)
    and the issue is *sent*; prints progress at ``marks`` (fractions of ``expected``)."""
    from bulletins.models import BulletinIssue, IssueStatus
    from bulletins.selectors import issue_progress
    from bulletins.services import issue_start

    start = time.monotonic()
    cpu = (_workers_cpu(workers), sink.cpu())
    issue_start(issue_id=issue.pk)
    pending = {int(expected * f) for f in marks}
    fanout = finished = None
    samples = []
    while time.monotonic() - start < timeout:
        threading.Event().wait(0.25)
        if (
            fanout is None
            and BulletinIssue.objects.filter(pk=issue.pk, prepared_at__isnull=False).exists()
        ):
            fanout = time.monotonic() - start
            rows = issue.deliveries.count()
            print(f"  fan-out: {rows:,} delivery rows in {fanout:.1f} s", flush=True)
        for mark in sorted(m for m in pending if sink.count >= m):
            pending.discard(mark)
            rss = [_rss(pid)[0] for pid in _working_pids(workers)]
            samples.append((sink.count, rss))
            print(f"  {sink.count:>8,} delivered after {time.monotonic() - start:6.1f} s — "
                  f"worker RSS {', '.join(f'{r} MiB' for r in rss)}", flush=True)  # fmt: skip
        if (
            sink.count >= expected
            and BulletinIssue.objects.filter(pk=issue.pk, status=IssueStatus.SENT).exists()
        ):
            finished = time.monotonic()
            break
    issue.refresh_from_db()
    return {
        "start": start,
        "fanout": fanout,
        "finished": finished,
        "last": (sink.last - start) if sink.last else None,
        "sending": (sink.last - sink.first) if sink.first else None,
        "progress": issue_progress(issue=issue),
        "status": issue.status,
        "samples": samples,
        "peaks": [_rss(pid)[1] for pid in _working_pids(workers)],
        "worker_ms": (_workers_cpu(workers) - cpu[0]) / max(sink.count, 1) * 1000,
        "sink_ms": (sink.cpu() - cpu[1]) / max(sink.count, 1) * 1000,
    }


def _working_pids(workers) -> list[int]:
    """The processes that send: prefork's pool children, else the workers."""
    pids = []
    for w in workers:
        pids.extend(_children(w.pid) or [w.pid])
    return pids


def _start_workers(args, port: int) -> list[subprocess.Popen]:
    env = {
        **os.environ,
        "EMAIL_URL": f"smtp://127.0.0.1:{port}",
        "BULLETIN_CHUNK_SIZE": os.environ.get("BULLETIN_CHUNK_SIZE", "500"),
    }
    logs = BASE_DIR / "var" / "bench-bulletin"
    logs.mkdir(parents=True, exist_ok=True)
    # The documented deployment (docs/deployment.md): one worker on the bulletin queue,
    # prefork, --concurrency 4 on 2 cores. "--pool solo --workers 2" is the old setting.
    command = [sys.executable, "-m", "celery", "-A", "etwinning", "worker", "-Q", "bulletin",
               "--pool", args.pool, "--loglevel", "WARNING"]  # fmt: skip
    if args.pool != "solo":
        command += ["--concurrency", str(args.concurrency)]
    workers = [
        subprocess.Popen(
            [*command, "--hostname", f"bulletin{i}-{os.getpid()}@%h"],
            cwd=BASE_DIR,
            env=env,
            stdout=(logs / f"worker{i}.log").open("w"),
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        for i in range(args.workers)
    ]
    # Ready when every pool process exists (prefork) or the worker logged in.
    deadline = time.monotonic() + 60
    want = 1 if args.pool == "solo" else args.concurrency
    while time.monotonic() < deadline and any(
        args.pool != "solo" and len(_children(w.pid)) < want for w in workers
    ):
        threading.Event().wait(0.2)
    return workers


def _worker_retries() -> int:
    logs = BASE_DIR / "var" / "bench-bulletin"
    return sum(p.read_text(errors="replace").count("retry in") for p in logs.glob("worker*.log"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recipients", type=int, default=400_000)
    parser.add_argument("--pool", default="prefork", choices=["prefork", "solo", "threads"])
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=None, help="worker processes")
    parser.add_argument("--timeout", type=int, default=3600)
    parser.add_argument(
        "--no-personal", action="store_true", help="no personal partner-announcement section"
    )
    parser.add_argument(
        "--seed-only", action="store_true", help="top the audience up, send nothing"
    )
    parser.add_argument("--baseline-messages", type=int, default=20_000)
    parser.add_argument(
        "--greylist-recipients", type=int, default=20_000, help="0: no greylisting run"
    )
    parser.add_argument("--bare-loop", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--messages", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_loop:
        _bare_loop(args.bare_loop, args.port, args.messages)
        return
    if args.workers is None:
        args.workers = 2 if args.pool == "solo" else 1

    _ensure_database()
    import django

    django.setup()
    import pickle

    from aiosmtpd.controller import Controller

    from etwinning.celery import app

    print(f"Audience: topping up to {args.recipients:,} recipients…", flush=True)
    t0 = time.monotonic()
    n_teachers, n_schools = _seed(args.recipients)
    print(f"Audience ready: {n_teachers:,} teachers + {n_schools:,} schools "
          f"({time.monotonic() - t0:.0f} s)", flush=True)  # fmt: skip
    if args.seed_only:
        return
    expected = n_teachers + n_schools

    issue = _new_issue(personal=not args.no_personal)
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=_free_port())
    controller.start()
    logs = BASE_DIR / "var" / "bench-bulletin"
    logs.mkdir(parents=True, exist_ok=True)
    messages = logs / "prerendered.pickle"
    messages.write_bytes(pickle.dumps(_prerender(issue, 2000)))
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge("bulletin")
    workers = _start_workers(args, controller.port)
    grey = None
    loads = [os.getloadavg()[0]]
    try:
        ceiling = [_run_bare_loop(messages, controller.port, args.baseline_messages, sink)]
        print(f"Bare smtplib loop (before): {ceiling[0]['rate']:.0f} messages/s", flush=True)
        sink.reset(greylisting=False)
        run = _send_issue(issue, expected, sink, workers, timeout=args.timeout,
                          marks=(0.1, 0.25, 0.5, 0.75, 1.0))  # fmt: skip
        loads.append(os.getloadavg()[0])
        ceiling.append(_run_bare_loop(messages, controller.port, args.baseline_messages, sink))
        print(f"Bare smtplib loop (after): {ceiling[1]['rate']:.0f} messages/s", flush=True)
        if args.greylist_recipients:
            size = min(args.greylist_recipients, expected)
            print(f"\nGreylisting run: {size:,} recipients, {GREYLIST_PERCENT} % answered 451 "
                  f"on their first RCPT, {REFUSE_PERCENT} % 550…", flush=True)  # fmt: skip
            retries_before = _worker_retries()
            n_t, n_s = _seed(size)
            grey_issue = _new_issue(personal=not args.no_personal)
            sink.reset(greylisting=True)
            grey = _send_issue(grey_issue, 0, sink, workers, timeout=args.timeout)
            grey["size"] = n_t + n_s
            grey["chunk_retries"] = _worker_retries() - retries_before
    finally:
        for w in workers:
            w.terminate()
        for w in workers:
            try:
                w.wait(30)
            except subprocess.TimeoutExpired:
                for pid in [*_children(w.pid), w.pid]:
                    os.kill(pid, signal.SIGKILL)
        controller.stop()

    progress = run["progress"]
    last = run["last"] or float("inf")
    rate = expected / last
    bare = sum(c["rate"] for c in ceiling) / len(ceiling)
    print()
    print(f"Load average (1 min)       {loads[0]:.1f} at the start, {loads[1]:.1f} at the end "
          f"({os.cpu_count()} cores)")  # fmt: skip
    print(f"Deployment                 {args.workers} × celery worker --pool {args.pool}"
          + (f" --concurrency {args.concurrency}" if args.pool != "solo" else ""))  # fmt: skip
    print(f"Recipients                 {expected:,}")
    print(f"Admin counts               sent {progress.sent:,}, failed {progress.failed:,}, "
          f"left {progress.left:,}; issue {run['status']}")  # fmt: skip
    print(f"Fan-out (rows created)     {run['fanout'] or 0:.1f} s")
    print(f"Time to last message       {last:.1f} s ({last / 60:.1f} min)")
    print(f"Throughput (overall)       {rate:.0f} messages/s")
    sending = run["sending"]
    print(f"Throughput (while sending) {expected / sending if sending else 0:.0f} messages/s")
    print(f"Bare smtplib loop          {bare:.0f} messages/s "
          f"(before {ceiling[0]['rate']:.0f}, after {ceiling[1]['rate']:.0f}; one connection, "
          f"{args.baseline_messages:,} pre-rendered messages, same sink)")  # fmt: skip
    print(f"Ratio deployment / bare    {rate / bare:.2f}")
    client = sum(c["client_ms"] for c in ceiling) / len(ceiling)
    bare_sink = sum(c["sink_ms"] for c in ceiling) / len(ceiling)
    print(f"CPU per message            deployment: workers {run['worker_ms']:.2f} ms + sink "
          f"{run['sink_ms']:.2f} ms; bare loop: client {client:.2f} ms + sink "
          f"{bare_sink:.2f} ms")  # fmt: skip
    print(f"400,000 at this rate       {400_000 / rate / 60:.1f} min")
    print(f"Worker peak RSS (VmHWM)    {', '.join(f'{p} MiB' for p in run['peaks'])}")
    for count, rss in run["samples"]:
        print(f"  at {count:,}: " + ", ".join(f"{r} MiB" for r in rss))
    if grey:
        _report_greylisting(grey, sink)


def _report_greylisting(grey: dict, sink: Sink) -> None:
    progress = grey["progress"]
    twice = sorted(a for a, n in sink.delivered.items() if n > 1)
    missing = sink.greylisted - sink.refused - set(sink.delivered)
    refused_delivered = sink.refused & set(sink.delivered)
    print()
    print(
        f"Greylisting run            {grey['size']:,} recipients: "
        f"{len(sink.greylisted):,} greylisted (451), {len(sink.refused):,} refused (550)"
    )
    print(f"Admin counts               sent {progress.sent:,}, failed {progress.failed:,}, "
          f"left {progress.left:,}; issue {grey['status']}")  # fmt: skip
    print(
        f"Exactly once               {len(twice)} address(es) got two messages, "
        f"{len(missing)} greylisted never got one, {len(refused_delivered)} refused got one"
    )
    print(f"Chunk retries              {grey['chunk_retries']}")
    if grey["finished"] and sink.last_deferral:
        print(f"Last deferral → sent       {grey['finished'] - sink.last_deferral:.1f} s "
              f"(backoff {os.environ.get('BULLETIN_RETRY_BACKOFF', '30')} s)")  # fmt: skip
        print(f"Whole greylisting run      {grey['finished'] - grey['start']:.1f} s")
    else:
        print("Greylisting run did not finish before the timeout")


if __name__ == "__main__":
    main()
