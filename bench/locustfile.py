"""The realistic page mix of ``make bench-load``, for Locust (headless).

bench/load.py builds the data set, starts gunicorn and runs this file in a second
process at each concurrency step::

    locust -f bench/locustfile.py --headless -u 8 -r 8 -t 20s \
        --host http://127.0.0.1:8019 --csv var/load/c8

It reads the logged-in sessions prepared by bench/load.py from the JSON file named by
``LOAD_SESSIONS_FILE``: ``{"session_cookie": ..., "csrf_cookie": ..., "sessions":
[{"key": ..., "other": <user id>, "project": <project id>}, ...], "gallery": {...}}``.

At the end it writes the figures of every page (count, rps, p50/p95/p99, errors by
message) as JSON to ``LOAD_RESULTS_FILE``, which bench/load.py prints.

Every user loops without pause (closed loop: the concurrency is the number of users),
picking a page by weight. Any 5xx or connection error is a failure whose message starts
with ``5xx``/``connection`` so bench/load.py can count server errors apart from the 4xx.

Baselines: the mix includes ``/healthz/`` (the whole middleware stack and one
``SELECT 1``) and a static file served by whitenoise, measured at the same moments as
the pages, so each page's p95 reads as a ratio to theirs whatever else loads the
machine; bench/load.py also runs :class:`BaselineVisitor` alone at each concurrency
(the same gunicorn serving only those two) for the req/s the server gives at best.
"""

from __future__ import annotations

import json
import os
import random
import re
from urllib.parse import urlencode

from locust import FastHttpUser, constant, events, task

with open(os.environ["LOAD_SESSIONS_FILE"], encoding="utf-8") as handle:
    CONFIG = json.load(handle)
SESSIONS = CONFIG["sessions"]
QUERIES = ["mathématiques", "climat", "robot", "lecture", "art", "", "sciences", "musique"]
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class PortalVisitor(FastHttpUser):
    wait_time = constant(0)
    # Connections are kept alive, as behind a proxy; one per simulated user.
    concurrency = 1

    def on_start(self) -> None:
        self.rng = random.Random()
        self.sent = 0

    def _session(self) -> dict:
        return self.rng.choice(SESSIONS)

    def _cookie(self, session: dict, *extra: str) -> dict:
        cookies = [f"{CONFIG['session_cookie']}={session['key']}", *extra]
        return {"Cookie": "; ".join(cookies)}

    def _get(self, path: str, name: str, headers: dict | None = None):
        with self.client.get(path, name=name, headers=headers or {}, catch_response=True) as r:
            _check(r)
            return r

    @task(20)
    def home(self) -> None:
        self._get("/fr/", "home (anonymous)")

    @task(5)
    def healthz(self) -> None:
        self._get("/healthz/", "baseline: /healthz/")

    @task(5)
    def static_file(self) -> None:
        self._get(CONFIG["static_url"], "baseline: static file")

    @task(10)
    def gallery(self) -> None:
        self._get(f"/fr/projects/?page={self.rng.randint(1, 20)}", "gallery (anonymous)")

    @task(5)
    def gallery_filtered(self) -> None:
        choices = CONFIG["gallery"]
        name, values = self.rng.choice(list(choices.items()))
        query = urlencode({name: self.rng.choice(values), "page": self.rng.randint(1, 3)})
        self._get(f"/fr/projects/?{query}", "gallery filtered (anonymous)")

    @task(15)
    def dashboard(self) -> None:
        self._get("/fr/dashboard/", "dashboard", self._cookie(self._session()))

    @task(20)
    def partner_search(self) -> None:
        query = urlencode({"q": self.rng.choice(QUERIES), "kind": "teacher"})
        self._get(f"/fr/partners/?{query}", "partner search", self._cookie(self._session()))

    @task(20)
    def space_pages(self) -> None:
        session = self._session()
        self._get(
            f"/fr/projects/{session['project']}/space/pages/",
            "space pages",
            self._cookie(session),
        )

    @task(5)
    def notifications(self) -> None:
        page = self.rng.choice(["", "?page=2", "?page=5"])
        self._get(f"/fr/notifications/{page}", "notifications", self._cookie(self._session()))

    @task(15)
    def bell(self) -> None:
        """The count htmx refreshes every minute on every open page."""
        self._get(
            "/fr/notifications/bell/",
            "bell count",
            {**self._cookie(self._session()), "HX-Request": "true"},
        )

    @task(10)
    def post_message(self) -> None:
        """The conversation form (for its CSRF token), then the POST."""
        session = self._session()
        path = f"/fr/partners/messages/{session['other']}/"
        form = self._get(path, "message form", self._cookie(session))
        match = CSRF_INPUT.search(form.text or "") if form.status_code == 200 else None
        token = next(
            (c.value for c in self.client.cookiejar if c.name == CONFIG["csrf_cookie"]), None
        )
        if not match or not token:
            return
        self.sent += 1
        body = urlencode(
            {
                "csrfmiddlewaretoken": match.group(1),
                "body": f"Bonjour, message de charge {id(self)}-{self.sent}",
            }
        )
        headers = self._cookie(session, f"{CONFIG['csrf_cookie']}={token}")
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        with self.client.post(
            path, data=body, name="post a message", headers=headers, catch_response=True
        ) as r:
            _check(r, expected=(200, 302))


class BaselineVisitor(FastHttpUser):
    """Only the two baselines (run alone by bench/load.py, after each step of the mix)."""

    wait_time = constant(0)
    concurrency = 1
    healthz = PortalVisitor.healthz
    static_file = PortalVisitor.static_file
    _get = PortalVisitor._get


def _check(response, expected: tuple[int, ...] = (200,)) -> None:
    status = response.status_code
    if status in expected:
        response.success()
    elif not status:
        response.failure(f"connection error: {response.error}")
    elif status >= 500:
        response.failure(f"5xx: HTTP {status}")
    else:
        response.failure(f"HTTP {status}")


@events.quitting.add_listener
def _write_results(environment, **_kwargs) -> None:
    """Per-page figures, straight from Locust's statistics, for bench/load.py."""
    path = os.environ.get("LOAD_RESULTS_FILE")
    if not path:
        return
    stats = environment.stats
    pages = {
        entry.name: {
            "n": entry.num_requests,
            "p50": entry.get_response_time_percentile(0.50),
            "p95": entry.get_response_time_percentile(0.95),
            "p99": entry.get_response_time_percentile(0.99),
        }
        for entry in stats.entries.values()
        if entry.num_requests
    }
    errors = [
        {"name": error.name, "error": str(error.error), "occurrences": error.occurrences}
        for error in stats.errors.values()
    ]
    total = stats.total
    elapsed = max(total.last_request_timestamp - total.start_time, 1e-9)
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(
            {"requests": total.num_requests, "seconds": elapsed, "pages": pages, "errors": errors},
            handle,
        )
