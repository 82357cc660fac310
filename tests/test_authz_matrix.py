"""Authorisation matrix generated from the URL conf: every named URL × every role →
the expected status of a GET. A URL added without an entry in EXPECTED fails the
suite, so nobody can add a page without deciding who may see it.

Statuses: 200 shown, 302 sent elsewhere (log in, profile, dashboard...), 403 refused,
404 hidden, 405 the URL only accepts POST (its POST is tested in the owning app), 400
invalid link.

Regenerate a draft after adding URLs with AUTHZ_DUMP=1 (prints the actual matrix) and
review every line before pasting it: the point is that a human decided it.
"""

from __future__ import annotations

import datetime
import os

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

ROLES = (
    "anonymous",
    "pending",
    "teacher",
    "member",
    "founder",
    "pupil",
    "staff_fwb",
    "staff_vl",
    "staff_dg",
    "superuser",
)

# Namespaces and modules not generated from this portal's code.
SKIPPED_MODULE_PREFIXES = ("allauth.", "django.contrib.admin")


def url_names() -> list[tuple[str, list[str]]]:
    """Every named URL of the portal with the names of its parameters."""
    found: list[tuple[str, list[str]]] = []

    def walk(patterns, namespace: str | None, outer: list[str]) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                module = getattr(entry.urlconf_module, "__name__", "")
                if entry.app_name == "admin" or module.startswith(SKIPPED_MODULE_PREFIXES):
                    continue
                inner = ":".join(n for n in (namespace, entry.namespace) if n) or None
                walk(entry.url_patterns, inner, outer + list(entry.pattern.regex.groupindex))
            elif isinstance(entry, URLPattern) and entry.name:
                if entry.callback.__module__.startswith(SKIPPED_MODULE_PREFIXES):
                    continue
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                params = outer + list(entry.pattern.regex.groupindex)
                found.append((name, params))

    walk(get_resolver().url_patterns, None, [])
    seen: dict[str, list[str]] = {}
    for name, params in found:
        seen.setdefault(name, params)
    return sorted(seen.items())


# fmt: off
# Columns: anonymous, pending, teacher, member, founder, pupil, staff_fwb, staff_vl, staff_dg, superuser
EXPECTED: dict[str, tuple[int, ...]] = {
    # allauth's login and second-factor pages, served by accounts.views (docs/authentication.md).
    "account_login":                 (200, 302, 302, 302, 302, 200, 302, 302, 302, 302),
    "accounts:contact":              (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "accounts:countries":            (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "accounts:dashboard":            (302, 200, 200, 200, 200, 302, 302, 302, 302, 302),
    "accounts:delete":               (302, 200, 200, 200, 200, 302, 200, 200, 200, 200),
    "accounts:export":               (302, 200, 200, 200, 200, 302, 200, 200, 200, 200),
    "accounts:home":                 (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "accounts:profile":              (302, 200, 200, 200, 200, 302, 302, 302, 302, 302),
    "accounts:proof":                (302, 404, 404, 200, 404, 302, 200, 404, 404, 200),
    "accounts:school_propose":       (302, 200, 200, 200, 200, 302, 302, 302, 302, 302),
    "accounts:school_search":        (302, 200, 200, 200, 200, 302, 200, 200, 200, 200),
    "bulletins:archive":             (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "bulletins:archive_detail":      (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "bulletins:unsubscribe":         (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "healthz":                       (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "labels:apply":                  (302, 403, 404, 200, 200, 302, 403, 403, 403, 403),
    "labels:calendar":               (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "labels:certificate":            (302, 404, 404, 404, 200, 302, 200, 404, 404, 200),
    "labels:contest":                (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "labels:contest_entry":          (302, 403, 200, 200, 200, 302, 403, 403, 403, 403),
    "labels:index":                  (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "labels:jury":                   (302, 404, 404, 404, 404, 302, 404, 404, 404, 404),
    "labels:labelled":               (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "labels:mine":                   (302, 200, 200, 200, 200, 302, 200, 200, 200, 200),
    "labels:school":                 (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "labels:school_apply":           (302, 403, 200, 200, 200, 302, 403, 403, 403, 403),
    "labels:winners":                (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    # Staff (force_login gives them an app) are sent to its deactivation page.
    "mfa_activate_totp":             (302, 200, 200, 200, 200, 302, 302, 302, 302, 302),
    # Only in the middle of a login (password typed, code awaited).
    "mfa_authenticate":              (302, 302, 302, 302, 302, 302, 302, 302, 302, 302),
    "partners:announcement":         (302, 403, 200, 200, 200, 302, 403, 403, 403, 403),
    "partners:announcement_close":   (302, 403, 405, 405, 405, 302, 403, 403, 403, 403),
    "partners:announcement_edit":    (302, 403, 404, 200, 404, 302, 403, 403, 403, 403),
    "partners:announcement_new":     (302, 403, 200, 200, 200, 302, 403, 403, 403, 403),
    "partners:announcement_renew":   (302, 403, 405, 405, 405, 302, 403, 403, 403, 403),
    "partners:contact_accept":       (302, 403, 405, 405, 405, 302, 403, 403, 403, 403),
    "partners:contact_decline":      (302, 403, 405, 405, 405, 302, 403, 403, 403, 403),
    "partners:contact_request":      (302, 403, 200, 200, 200, 302, 403, 403, 403, 403),
    "partners:contacts":             (302, 403, 200, 200, 200, 302, 403, 403, 403, 403),
    "partners:conversation":         (302, 403, 404, 404, 404, 302, 403, 403, 403, 403),
    "partners:inbox":                (302, 403, 200, 200, 200, 302, 403, 403, 403, 403),
    "partners:my_announcements":     (302, 403, 200, 200, 200, 302, 403, 403, 403, 403),
    "partners:report":               (302, 403, 200, 200, 200, 302, 403, 403, 403, 403),
    "partners:search":               (302, 403, 200, 200, 200, 302, 403, 403, 403, 403),
    "partners:teacher":              (302, 403, 200, 200, 200, 302, 403, 403, 403, 403),
    "projects:accept":               (302, 405, 405, 405, 405, 302, 405, 405, 405, 405),
    "projects:archive":              (302, 405, 405, 405, 405, 302, 405, 405, 405, 405),
    "projects:cofounder_invite":     (302, 405, 405, 405, 405, 302, 405, 405, 405, 405),
    "projects:collaborator_accept":  (302, 200, 200, 200, 200, 302, 200, 200, 200, 200),
    "projects:collaborator_invite":  (302, 405, 405, 405, 405, 302, 405, 405, 405, 405),
    "projects:collaborator_revoke":  (302, 405, 405, 405, 405, 302, 405, 405, 405, 405),
    "projects:decline":              (302, 405, 405, 405, 405, 302, 405, 405, 405, 405),
    "projects:detail":               (302, 302, 302, 200, 200, 302, 200, 302, 302, 200),
    "projects:edit":                 (302, 403, 403, 403, 200, 302, 403, 403, 403, 403),
    "projects:finish":               (302, 405, 405, 405, 405, 302, 405, 405, 405, 405),
    "projects:found":                (302, 200, 200, 200, 200, 302, 403, 403, 403, 403),
    "projects:found_check":          (302, 200, 200, 200, 200, 302, 200, 200, 200, 200),
    "projects:gallery":              (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "projects:invite":               (302, 405, 405, 405, 405, 302, 405, 405, 405, 405),
    "projects:leave":                (302, 405, 405, 405, 405, 302, 405, 405, 405, 405),
    "projects:member_make_founder":  (302, 405, 405, 405, 405, 302, 405, 405, 405, 405),
    "projects:member_remove":        (302, 405, 405, 405, 405, 302, 405, 405, 405, 405),
    "projects:mine":                 (302, 200, 200, 200, 200, 302, 200, 200, 200, 200),
    "projects:public":               (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "set_language":                  (405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "space:activity":                (302, 404, 404, 200, 200, 200, 200, 404, 404, 200),
    "space:delete":                  (405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "space:file":                    (404, 404, 404, 200, 200, 200, 200, 404, 404, 200),
    "space:forum":                   (302, 404, 404, 200, 200, 200, 200, 404, 404, 200),
    "space:home":                    (302, 404, 404, 200, 200, 200, 200, 404, 404, 200),
    "space:journal":                 (302, 404, 404, 200, 200, 200, 200, 404, 404, 200),
    "space:journal_create":          (302, 404, 404, 200, 200, 403, 403, 404, 404, 403),
    "space:journal_detail":          (302, 404, 404, 200, 200, 200, 200, 404, 404, 200),
    "space:journal_edit":            (302, 404, 404, 403, 200, 403, 403, 404, 404, 403),
    "space:journal_publish":         (405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "space:login":                   (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "space:logout":                  (405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "space:material_create":         (302, 404, 404, 200, 200, 403, 403, 404, 404, 403),
    "space:materials":               (302, 404, 404, 200, 200, 200, 200, 404, 404, 200),
    "space:members":                 (302, 404, 404, 200, 200, 200, 200, 404, 404, 200),
    "space:page_create":             (302, 404, 404, 403, 200, 403, 403, 404, 404, 403),
    "space:page_detail":             (302, 404, 404, 200, 200, 200, 200, 404, 404, 200),
    "space:page_edit":               (302, 404, 404, 403, 200, 403, 403, 404, 404, 403),
    "space:page_move":               (405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "space:pages":                   (302, 404, 404, 200, 200, 200, 200, 404, 404, 200),
    "space:public_page":             (404, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    "space:pupil_active":            (405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "space:pupil_admin":             (405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "space:pupil_reset":             (405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "space:pupils":                  (302, 404, 404, 403, 200, 403, 403, 404, 404, 403),
    "space:teacher_admin":           (405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "space:thread_create":           (302, 404, 404, 200, 200, 403, 403, 404, 404, 403),
    "space:thread_detail":           (302, 404, 404, 200, 200, 200, 200, 404, 404, 200),
    "trainings:about":               (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "trainings:apply":               (302, 302, 302, 302, 302, 302, 302, 302, 302, 302),
    "trainings:certificate":         (302, 404, 404, 404, 404, 302, 404, 404, 404, 404),
    "trainings:detail":              (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "trainings:list":                (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "trainings:mine":                (302, 200, 200, 200, 200, 302, 200, 200, 200, 200),
    "trainings:news":                (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "trainings:news_detail":         (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "trainings:register":            (302, 405, 405, 405, 405, 302, 405, 405, 405, 405),
    "trainings:request":             (302, 302, 200, 200, 200, 302, 302, 302, 302, 302),
    "trainings:statistics":          (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "trainings:unregister":          (302, 405, 405, 405, 405, 302, 405, 405, 405, 405),
}
# fmt: on


# --- the world every role looks at -----------------------------------------------------


def _world() -> dict:
    from accounts.models import TeacherStatus
    from accounts.tests.factories import StaffFactory, SuperuserFactory, TeacherFactory, service
    from bulletins.mailing import unsubscribe_token
    from bulletins.tests.factories import IssueFactory
    from labels.models import ApplicationStatus, ContestEdition
    from labels.tests.factories import GOOD_SCORES, application, open_round
    from partners.models import Contact, ContactStatus
    from partners.tests.factories import publish
    from projects.models import Collaborator, CollaboratorStatus, Membership
    from projects.space import services as space
    from projects.space.tests.factories import actor, jpeg_bytes, make_space, upload
    from trainings.tests.factories import NewsFactory, RegistrationFactory, TrainingFactory

    world = make_space()
    project = world.project
    founder, member = world.founder, world.partner
    teacher = world.outsider
    pending = TeacherFactory(status=TeacherStatus.PENDING, school=founder.school)
    staff = {
        "staff_fwb": world.staff,
        "staff_vl": StaffFactory(staff_service=service("be-vl")),
        "staff_dg": StaffFactory(staff_service=service("be-dg")),
    }
    admin = actor(project, user=founder)
    page = space.page_create(actor=admin, title="Accueil", body="<p>Bonjour</p>")
    post = space.journal_post_create(actor=admin, title="Arrivée", body="Il est là")
    thread = space.forum_thread_create(actor=admin, title="Présentations", body="Qui ?")
    file_post = space.journal_post_create(
        actor=admin, title="Photo", body="La classe", image=upload("a.jpg", jpeg_bytes())
    )
    announcement = publish(member)
    contact = Contact.objects.create(
        sender=teacher, recipient=member, message="Bonjour !", status=ContactStatus.PENDING
    )
    collaborator = Collaborator.objects.create(
        project=project,
        email="expert@example.org",
        name="Expert",
        status=CollaboratorStatus.INVITED,
        invited_by=founder,
    )
    training = TrainingFactory()
    registration = RegistrationFactory(training=training, teacher=member)
    news = NewsFactory()
    issue = IssueFactory(status="sent", started_at=timezone.now(), finished_at=timezone.now())
    open_round()
    label = application(project, founder, status=ApplicationStatus.AWARDED, scores=GOOD_SCORES)
    year = timezone.now().year
    edition = ContestEdition.objects.create(
        year=year,
        deadline=timezone.now() + datetime.timedelta(days=20),
        ceremony_at=timezone.now() + datetime.timedelta(days=40),
        results_published_at=timezone.now(),
    )
    kwargs = {
        "accounts:proof": {"user_id": member.pk},
        "partners:announcement": {"pk": announcement.pk},
        "partners:announcement_edit": {"pk": announcement.pk},
        "partners:announcement_close": {"pk": announcement.pk},
        "partners:announcement_renew": {"pk": announcement.pk},
        "partners:teacher": {"pk": member.pk},
        "partners:contact_request": {"pk": member.pk},
        "partners:contact_accept": {"pk": contact.pk},
        "partners:contact_decline": {"pk": contact.pk},
        "partners:conversation": {"user_id": teacher.pk},
        "partners:report": {"kind": "announcement", "pk": announcement.pk},
        "projects:collaborator_accept": {"token": collaborator.token},
        "projects:collaborator_revoke": {"pk": project.pk, "collaborator_id": collaborator.pk},
        "projects:member_remove": {
            "pk": project.pk,
            "membership_id": Membership.objects.get(project=project, user=member).pk,
        },
        "projects:member_make_founder": {
            "pk": project.pk,
            "membership_id": Membership.objects.get(project=project, user=member).pk,
        },
        "space:teacher_admin": {
            "project_id": project.pk,
            "membership_id": Membership.objects.get(project=project, user=member).pk,
        },
        "space:delete": {"project_id": project.pk, "kind": "thread", "object_id": thread.pk},
        "space:file": {"project_id": project.pk, "file_id": file_post.image_id},
        "bulletins:archive_detail": {"pk": issue.pk},
        "bulletins:unsubscribe": {"token": unsubscribe_token(member.email)},
        "labels:apply": {"project_pk": project.pk},
        "labels:certificate": {"pk": label.pk},
        "labels:school": {"pk": founder.school_id},
        "labels:winners": {"year": edition.year},
        "labels:jury": {"year": edition.year},
        "trainings:detail": {"pk": training.pk},
        "trainings:register": {"pk": training.pk},
        "trainings:unregister": {"pk": training.pk},
        "trainings:apply": {"pk": training.pk},
        "trainings:certificate": {"registration_id": registration.pk},
        "trainings:news_detail": {"pk": news.pk},
    }
    by_param = {
        "project_id": project.pk,
        "pk": project.pk,
        "page_id": page.pk,
        "post_id": post.pk,
        "thread_id": thread.pk,
        "pupil_id": world.pupil.pk,
        "membership_id": Membership.objects.get(project=project, user=member).pk,
        "user_id": member.pk,
    }
    users = {
        "pending": pending,
        "teacher": teacher,
        "member": member,
        "founder": founder,
        "superuser": SuperuserFactory(),
        **staff,
    }
    return {"kwargs": kwargs, "by_param": by_param, "users": users, "pupil": world.pupil}


def _url(name: str, params: list[str], world: dict) -> str:
    if name in world["kwargs"]:
        values = world["kwargs"][name]
    else:
        values = {p: world["by_param"][p] for p in params}
    return reverse(name, kwargs=values)


def _client_for(role: str, world: dict) -> Client:
    from projects.space.tests.factories import login_pupil

    client = Client()
    if role in world["users"]:
        client.force_login(world["users"][role])
    elif role == "pupil":
        login_pupil(client, world["pupil"])
    return client


@pytest.fixture
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_every_url_has_an_entry_in_the_matrix():
    names = {name for name, _params in url_names()}
    missing = sorted(names - EXPECTED.keys())
    assert not missing, f"URLs without an authorisation entry in EXPECTED: {missing}"
    stale = sorted(EXPECTED.keys() - names)
    assert not stale, f"Entries in EXPECTED for URLs that no longer exist: {stale}"
    for name, row in EXPECTED.items():
        assert len(row) == len(ROLES), name


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_status_on_every_url(role, db, _fast_hashing):
    world = _world()
    client = _client_for(role, world)
    column = ROLES.index(role)
    actual: dict[str, int] = {}
    for name, params in url_names():
        response = client.get(_url(name, params, world))
        actual[name] = response.status_code
        assert response.status_code < 500, f"{name} answered {response.status_code} to {role}"
    if os.environ.get("AUTHZ_DUMP"):
        with open(f"/tmp/authz-{role}.txt", "w") as out:
            for name, status in actual.items():
                out.write(f"{name} {status}\n")
        return
    wrong = {
        name: f"expected {EXPECTED[name][column]}, got {status}"
        for name, status in actual.items()
        if name in EXPECTED and EXPECTED[name][column] != status
    }
    assert not wrong, f"{role}: {wrong}"
