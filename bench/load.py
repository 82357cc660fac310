"""Load benchmark of the whole portal (``make bench-load``).

1. Fills PostgreSQL database ``etw_load`` (``DATABASE_URL``) with the eTwinning-scale
   synthetic data set: the partner search generator of bench/search.py (295,000
   schools, 1,200,000 teachers, 200,000 announcements) plus 160,000 projects with
   their memberships, and notifications (NOTIFICATIONS_PER_TEACHER per teacher, a third
   unread; NOTIFICATIONS_PER_BENCH_USER for each logged-in load user, so their list
   pages and their bell's count reads a partial index among millions of rows);
   ``--scale 0.1`` builds a tenth of everything. Kept between runs
   (``--regenerate`` rebuilds it).
2. Starts gunicorn with the production settings (DEBUG off, whitenoise static files,
   Redis cache and sessions on DB 7, broker DB 6) on 127.0.0.1.
3. Drives it with Locust, headless, in a second process (bench/locustfile.py: closed
   loop, one user per unit of concurrency) at growing concurrency, with a realistic
   mix: anonymous home and project gallery (with and without filters), a logged-in
   teacher's dashboard, partner search, project space pages, posting a message, the
   notification list and the bell's count (the fragment htmx refreshes every minute
   on every open page).
   Prints per step and per page: req/s, p50/p95/p99, 5xx (and 4xx) counts, and the
   load at which a page's p95 first crosses 200 ms. Locust's CSV files stay in
   var/load/.
4. Baselines, in the same run: the mix includes ``/healthz/`` and a static file
   (whitenoise), so each page's p95 is also printed as a multiple of theirs, measured
   at the same moments; after each step the same gunicorn serves only those two at the
   same concurrency, and the step's req/s is printed beside theirs with the ratio.
   Ratios survive a noisy machine better than milliseconds do.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/etw_load python bench/load.py \
        [--scale 1.0] [--regenerate] [--levels 1,2,4,8,16] [--seconds 20] [--workers 3]
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
sys.path.insert(0, str(BASE_DIR / "bench"))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/etw_load")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "etwinning.settings")

N_PROJECTS = 160_000
NOTIFICATIONS_PER_TEACHER = 5
NOTIFICATIONS_PER_BENCH_USER = 300
N_BENCH_USERS = 40
HOST, PORT = "127.0.0.1", int(os.environ.get("BENCH_LOAD_PORT", "8019"))
SLOW_MS = 200.0
SECRET = "load-bench-secret-key-not-for-production-" + "x" * 20

# Production settings for the server and for this process (same session store).
SERVER_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": SECRET,
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DJANGO_SECURE_SSL_REDIRECT": "false",
    "REDIS_URL": os.environ.get("BENCH_LOAD_REDIS_URL", "redis://127.0.0.1:6379/6"),
    "REDIS_CACHE_URL": os.environ.get("BENCH_LOAD_REDIS_CACHE_URL", "redis://127.0.0.1:6379/7"),
    "CELERY_TASK_ALWAYS_EAGER": "true",
    "EMAIL_URL": "dummymail://",
    "ACCOUNT_RATE_LIMITS_ENABLED": "false",
    "PARTNERS_MESSAGES_PER_DAY": "100000000",
    "PARTNERS_IDENTICAL_MESSAGE_RECIPIENTS": "100000000",
    "DATABASE_CONN_MAX_AGE": "60",
    "LOG_LEVEL": "WARNING",
}
os.environ.update(SERVER_ENV)

# Weighted mix: (page, weight).
MIX = [
    ("home (anonymous)", 20),
    ("gallery (anonymous)", 15),
    ("dashboard", 15),
    ("partner search", 20),
    ("space pages", 20),
    ("post a message", 10),
    ("notifications", 5),
    ("bell count", 15),
]
QUERIES = ["mathématiques", "climat", "robot", "lecture", "art", "", "sciences", "musique"]


# --- data set ----------------------------------------------------------------------------


def _scaled(scale: float) -> None:
    import search as search_bench

    search_bench.N_SCHOOLS = max(2000, int(295_000 * scale))
    search_bench.N_TEACHERS = max(5000, int(1_200_000 * scale))
    search_bench.N_ANNOUNCEMENTS = max(1000, int(200_000 * scale))
    search_bench.CHUNK = min(search_bench.CHUNK, search_bench.N_TEACHERS)


def generate_projects(count: int) -> None:
    from django.db import connection
    from django.utils import timezone

    from accounts.models import Subject, User
    from projects.models import MemberRole, Membership, MemberStatus, Project

    print(f"Generating {count:,} projects...", flush=True)
    started = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("DELETE FROM projects_project WHERE title LIKE 'Bench %%'")
    rng = random.Random(7)
    teachers = list(
        User.objects.filter(email__endswith="@bench.invalid", school__isnull=False)
        .order_by("pk")
        .values_list("pk", "school_id")[: max(4 * count, 1000)]
    )
    subjects = list(Subject.objects.values_list("pk", flat=True)[:40])
    now = timezone.now()
    batch = 5000
    for first in range(0, count, batch):
        size = min(batch, count - first)
        founders = [rng.choice(teachers) for _ in range(size)]
        projects = Project.objects.bulk_create(
            [
                Project(
                    title=f"Bench project {first + i}: {rng.choice(QUERIES) or 'voyage'}",
                    summary="Un projet entre deux classes européennes. " * 3,
                    age_min=8,
                    age_max=12,
                    planned_start=date(2026, 9, 1),
                    planned_end=date(2027, 6, 30),
                    expected_partners=2,
                    state="active" if i % 10 else "finished",
                    is_public=i % 3 != 0,
                    founded_by_id=founders[i][0],
                    activated_at=now - timedelta(days=i % 700),
                )
                for i in range(size)
            ],
            batch_size=batch,
        )
        memberships = []
        through = []
        for i, project in enumerate(projects):
            partner = rng.choice(teachers)
            for user_id, school_id in {founders[i], partner}:
                memberships.append(
                    Membership(
                        project=project,
                        user_id=user_id,
                        school_id=school_id,
                        role=MemberRole.FOUNDER,
                        status=MemberStatus.ACTIVE,
                        joined_at=now,
                    )
                )
            through.append(
                Project.subjects.through(project_id=project.pk, subject_id=rng.choice(subjects))
            )
        Membership.objects.bulk_create(memberships, batch_size=batch, ignore_conflicts=True)
        Project.subjects.through.objects.bulk_create(through, batch_size=batch)
    with connection.cursor() as cur:
        cur.execute("ANALYZE projects_project")
        cur.execute("ANALYZE projects_membership")
    print(f"  projects done in {time.perf_counter() - started:.1f} s", flush=True)


def generate_notifications() -> None:
    """NOTIFICATIONS_PER_TEACHER for every generated teacher, in one INSERT … SELECT
    (a third unread, the rest read, spread over the last weeks)."""
    from django.db import connection

    print("Generating notifications...", flush=True)
    started = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("TRUNCATE notifications_notification CASCADE")
        cur.execute(
            """
            INSERT INTO notifications_notification
                (recipient_id, kind, delivery, params, url, created_at, read_at)
            SELECT u.id, 'partners.message', 'site', '{"name": "Bench"}'::jsonb,
                   '/fr/partners/contacts/', now() - g * interval '9 hours',
                   CASE WHEN (u.id + g) %% 3 = 0 THEN NULL ELSE now() END
            FROM accounts_user u CROSS JOIN generate_series(1, %s) AS g
            WHERE u.email LIKE '%%@bench.invalid'
            """,
            [NOTIFICATIONS_PER_TEACHER],
        )
        cur.execute("ANALYZE notifications_notification")
    print(f"  notifications done in {time.perf_counter() - started:.1f} s", flush=True)


def bench_user_notifications(users) -> None:
    """Each load user's own list: NOTIFICATIONS_PER_BENCH_USER, a third unread."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            """
            DELETE FROM notifications_notification
            WHERE recipient_id IN (SELECT id FROM accounts_user WHERE email LIKE %s)
            """,
            ["%@load.invalid"],
        )
        cur.execute(
            """
            INSERT INTO notifications_notification
                (recipient_id, actor_id, kind, delivery, params, url, created_at, read_at)
            SELECT u.id, u.id, 'partners.message', 'site', '{"name": "Load"}'::jsonb,
                   '/fr/partners/contacts/', now() - g * interval '1 hour',
                   CASE WHEN g %% 3 = 0 THEN NULL ELSE now() END
            FROM unnest(%s::bigint[]) AS u(id) CROSS JOIN generate_series(1, %s) AS g
            """,
            [[user.pk for user in users], NOTIFICATIONS_PER_BENCH_USER],
        )


def bench_users() -> list[dict]:
    """Validated teachers with contacts, a project space page, and a session each."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils import timezone
    from django.utils.module_loading import import_string

    from accounts.models import Language, School, Subject, User
    from partners.models import Contact
    from partners.search_index import teacher_reindex
    from projects.models import MemberRole, Membership, MemberStatus, Project
    from projects.space.models import Page

    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    school = School.objects.filter(country__code="BE", status="validated").first() or (
        School.objects.filter(country__code="BE").first()
    )
    users = []
    for n in range(N_BENCH_USERS):
        user, created = User.objects.get_or_create(
            email=f"load{n}@load.invalid",
            defaults={
                "first_name": f"Load{n}",
                "last_name": "Teacher",
                "school": school,
                "support_service": school.support_service,
                "status": "validated",
                "age_min": 9,
                "age_max": 11,
                "preferred_language": "fr",
            },
        )
        if created:
            user.set_password("load-pass-123")
            user.save()
            user.subjects.set(Subject.objects.filter(code__in=["mathematics", "sciences"]))
            user.languages.set(Language.objects.filter(code__in=["fr", "en"]))
            teacher_reindex(user)
        users.append(user)
    pages = []
    for n, user in enumerate(users):
        other = users[(n + 1) % len(users)]
        Contact.objects.get_or_create(
            sender=user, recipient=other, defaults={"message": "Bonjour", "status": "accepted"}
        )
        project = Project.objects.filter(title=f"Load space {n}").first()
        if project is None:
            project = Project.objects.create(
                title=f"Load space {n}",
                summary="Espace de test de charge.",
                age_min=8,
                age_max=12,
                planned_start=date(2026, 9, 1),
                planned_end=date(2027, 6, 30),
                state="active",
                is_public=True,
                founded_by=user,
                activated_at=timezone.now(),
            )
            for member in (user, other):
                Membership.objects.get_or_create(
                    project=project,
                    user=member,
                    defaults={
                        "school": member.school,
                        "role": MemberRole.FOUNDER,
                        "status": MemberStatus.ACTIVE,
                        "joined_at": timezone.now(),
                    },
                )
            for p in range(5):
                Page.objects.create(
                    project=project, title=f"Page {p}", body="<p>Bonjour</p>", position=p
                )
        pages.append(project.pk)
    bench_user_notifications(users)
    sessions = []
    for n, user in enumerate(users):
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        sessions.append(
            {
                "key": session.session_key,
                "other": users[(n + 1) % len(users)].pk,
                "project": pages[n],
            }
        )
    return sessions


# --- server ---------------------------------------------------------------------------------


def collect_static() -> None:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
        cwd=BASE_DIR,
        check=True,
    )


def start_server(workers: int) -> subprocess.Popen:
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    server = subprocess.Popen(
        [
            gunicorn,
            "etwinning.wsgi",
            "--bind",
            f"{HOST}:{PORT}",
            "--workers",
            str(workers),
            "--threads",
            "1",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        cwd=BASE_DIR,
        env={**os.environ},
        start_new_session=True,
    )
    for _ in range(100):
        try:
            connection = http.client.HTTPConnection(HOST, PORT, timeout=2)
            connection.request("GET", "/healthz/")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    sys.exit("gunicorn did not start")


def stop_server(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


# --- load generator (Locust, headless, in a second process) -------------------------------

LOCUSTFILE = BASE_DIR / "bench" / "locustfile.py"
# One folder per database, so two runs on different databases never mix their files.
RESULTS_DIR = BASE_DIR / "var" / "load" / os.environ["DATABASE_URL"].rsplit("/", 1)[-1]
PAGES = [
    "home (anonymous)",
    "gallery (anonymous)",
    "gallery filtered (anonymous)",
    "dashboard",
    "partner search",
    "space pages",
    "message form",
    "post a message",
    "notifications",
    "bell count",
    "baseline: /healthz/",
    "baseline: static file",
]
HEALTHZ = "baseline: /healthz/"


def write_locust_config(sessions: list[dict]) -> Path:
    """What bench/locustfile.py needs: the session cookies and the gallery filter values."""
    import json

    from django.conf import settings
    from django.contrib.staticfiles.storage import staticfiles_storage

    from accounts.models import School, Subject

    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    countries = sorted(
        set(
            School.objects.filter(country__isnull=False).values_list("country_id", flat=True)[:5000]
        )
    )
    config = {
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
        "sessions": sessions,
        # The static baseline: a stylesheet, by its hashed name, as pages link it.
        "static_url": staticfiles_storage.url("css/site.css"),
        "gallery": {
            "country": countries,
            "subject": list(Subject.objects.values_list("pk", flat=True)[:40]),
            "age": [6, 9, 12, 15],
            "year": [2025, 2026],
            "label": ["national", "european", "prize"],
        },
    }
    path = RESULTS_DIR / "sessions.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    return path


def run_level(
    config: Path, concurrency: int, seconds: float, label: str = "", user: str = "PortalVisitor"
) -> dict:
    """One step: ``concurrency`` Locust users (of class ``user``) for ``seconds``;
    per-page figures."""
    import json

    results = RESULTS_DIR / f"{label or f'c{concurrency}'}.json"
    results.unlink(missing_ok=True)
    locust = str(Path(sys.executable).parent / "locust")
    command = [
        locust,
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--users",
        str(concurrency),
        "--spawn-rate",
        str(concurrency),
        "--run-time",
        f"{int(seconds)}s",
        "--host",
        f"http://{HOST}:{PORT}",
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--exit-code-on-error",
        "0",
        "--stop-timeout",
        "10",
        user,
    ]
    env = {**os.environ, "LOAD_SESSIONS_FILE": str(config), "LOAD_RESULTS_FILE": str(results)}
    done = subprocess.run(command, cwd=BASE_DIR, env=env, capture_output=True, text=True)
    if done.returncode != 0 or not results.exists():
        sys.exit(f"locust failed ({done.returncode}):\n{done.stderr[-3000:]}")
    figures = json.loads(results.read_text(encoding="utf-8"))
    server_errors: dict[str, int] = {}
    other_failures: dict[str, int] = {}
    for error in figures["errors"]:
        # The locustfile names server failures "5xx: ..." or "connection error: ...".
        server = error["error"].startswith(("5xx", "connection"))
        target = server_errors if server else other_failures
        target[error["name"]] = target.get(error["name"], 0) + error["occurrences"]
    rps = figures["requests"] / figures["seconds"]
    level = {"concurrency": concurrency, "rps": rps, "pages": {}}
    for page in PAGES:
        row = figures["pages"].get(page)
        if row is not None:
            row = {**row, "5xx": server_errors.get(page, 0), "4xx": other_failures.get(page, 0)}
            level["pages"][page] = {**row, "rps": row["n"] / figures["seconds"]}
    level["errors"] = figures["errors"]
    level["seconds"] = figures["seconds"]
    level["requests"] = figures["requests"]
    return level


def print_level(level: dict, baseline: dict | None) -> None:
    """A step's pages beside the baselines: p95 as a multiple of /healthz/'s (same
    moments, same server), and the step's req/s beside the server's serving only the
    baselines at the same concurrency."""
    rps = level["rps"]
    alone = baseline["rps"] if baseline else 0.0
    print(
        f"\n== concurrency {level['concurrency']}: {level['requests']} requests in "
        f"{level['seconds']:.1f} s = {rps:.1f} req/s"
        + (f" (baselines alone: {alone:.1f} req/s, ratio {rps / alone:.2f})" if alone else "")
    )
    healthz = max(level["pages"].get(HEALTHZ, {}).get("p95", 0) or 0, 1)
    print(
        f"  {'page':<30} {'n':>5} {'req/s':>6} {'p50':>7} {'p95':>7} {'p99':>7} "
        f"{'p95/hz':>7} {'5xx':>5} {'4xx':>5}"
    )
    for page, row in level["pages"].items():
        print(
            f"  {page:<30} {row['n']:>5} {row['rps']:>6.1f} {row['p50']:>6.0f}ms "
            f"{row['p95']:>6.0f}ms {row['p99']:>6.0f}ms {row['p95'] / healthz:>6.1f}x "
            f"{row['5xx']:>5} {row['4xx']:>5}"
        )
    if baseline:
        for page, row in baseline["pages"].items():
            print(
                f"  {page + ' (alone)':<30} {row['n']:>5} {row['rps']:>6.1f} "
                f"{row['p50']:>6.0f}ms {row['p95']:>6.0f}ms {row['p99']:>6.0f}ms "
                f"{'':>7} {row['5xx']:>5} {row['4xx']:>5}"
            )
    for error in level["errors"]:
        print(f"  ! {error['name']}: {error['error']} x{error['occurrences']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--levels", default="1,2,4,8,16")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument(
        "--baseline-seconds", type=float, default=None,
        help="the baselines-alone run after each step (default: --seconds)",
    )  # fmt: skip
    args = parser.parse_args()

    import django

    django.setup()
    import search as search_bench
    from django.conf import settings
    from django.core.management import call_command

    if not settings.USING_POSTGRES:
        sys.exit("bench/load.py needs PostgreSQL: set DATABASE_URL=postgres://...")
    search_bench._ensure_database(settings.DATABASES["default"])
    call_command("migrate", verbosity=0)
    from django.db import connection

    from projects.models import Project

    _scaled(args.scale)
    if args.regenerate or not search_bench.dataset_present():
        # Projects and the load users point at the generated teachers and schools.
        with connection.cursor() as cur:
            cur.execute("TRUNCATE projects_project CASCADE")
            for table in (
                "accounts_user_subjects",
                "accounts_user_languages",
                "accounts_user_other_schools",
            ):
                cur.execute(
                    f"DELETE FROM {table} WHERE user_id IN "
                    "(SELECT id FROM accounts_user WHERE email LIKE '%%@load.invalid')"
                )
            # Notifications point at the teachers about to be deleted without checks.
            cur.execute("TRUNCATE notifications_notification, notifications_digest CASCADE")
            cur.execute("DELETE FROM accounts_user WHERE email LIKE '%%@load.invalid'")
        search_bench.generate()
    wanted = int(N_PROJECTS * args.scale)
    if args.regenerate or Project.objects.filter(title__startswith="Bench ").count() < wanted:
        generate_projects(wanted)
    from notifications.models import Notification

    wanted_notifications = search_bench.N_TEACHERS * NOTIFICATIONS_PER_TEACHER
    if args.regenerate or Notification.objects.count() < wanted_notifications:
        generate_notifications()
    connection.close()
    from accounts.models import User
    from partners.models import SearchEntry

    print(
        f"Data set: {User.objects.count():,} users, "
        f"{SearchEntry.objects.count():,} search entries, {Project.objects.count():,} projects, "
        f"{Notification.objects.count():,} notifications "
        f"(scale {args.scale})"
    )
    sessions = bench_users()
    collect_static()
    config = write_locust_config(sessions)
    connection.close()
    server = start_server(args.workers)
    summary = []
    baseline_seconds = args.baseline_seconds or args.seconds
    try:
        # Long enough for every page of the mix to be hit (connections, caches).
        print("Warm-up (concurrency 2, 10 s)...", flush=True)
        run_level(config, 2, 10, label="warm-up")
        for concurrency in [int(x) for x in args.levels.split(",")]:
            level = run_level(config, concurrency, args.seconds)
            level["baseline"] = run_level(
                config, concurrency, baseline_seconds, label=f"c{concurrency}-baselines",
                user="BaselineVisitor",
            )  # fmt: skip
            print_level(level, level["baseline"])
            summary.append(level)
    finally:
        stop_server(server)
    print("\nconcurrency   req/s  alone  ratio  hz p95    5xx  worst p95 (× /healthz/'s p95)")
    crossed = None
    for level in summary:
        pages = {n: f for n, f in level["pages"].items() if not n.startswith("baseline")}
        page, worst = max(((n, f["p95"]) for n, f in pages.items()), key=lambda item: item[1])
        errors = sum(figures["5xx"] for figures in level["pages"].values())
        alone = level["baseline"]["rps"]
        healthz = max(level["pages"].get(HEALTHZ, {}).get("p95", 0) or 0, 1)
        print(
            f"{level['concurrency']:>11} {level['rps']:>7.1f} {alone:>6.1f} "
            f"{level['rps'] / alone:>6.2f} {healthz:>5.0f} ms {errors:>6}  {worst:>6.0f} ms "
            f"({page}, {worst / healthz:.1f}×)"
        )
        if crossed is None and worst > SLOW_MS:
            crossed = (level["concurrency"], level["rps"], page)
    if crossed:
        print(
            f"p95 first crosses {SLOW_MS:.0f} ms at concurrency {crossed[0]} "
            f"({crossed[1]:.1f} req/s), on {crossed[2]}."
        )
    else:
        print(f"p95 stayed under {SLOW_MS:.0f} ms for every page at every level tried.")
    print(f"\nFirst concurrency at which each page's p95 crosses {SLOW_MS:.0f} ms:")
    for page in PAGES:
        levels = [level for level in summary if page in level["pages"]]
        first = next(
            (level["concurrency"] for level in levels if level["pages"][page]["p95"] > SLOW_MS),
            None,
        )
        tried = max((level["concurrency"] for level in levels), default=0)
        print(f"  {page:<30} {first if first else f'never (up to {tried})'}")


if __name__ == "__main__":
    main()
