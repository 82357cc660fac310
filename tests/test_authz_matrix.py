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

from tests.fixtures.roles import World, log_in

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
    "accounts:dashboard":            (302, 200, 200, 200, 200, 302, 302, 302, 302, 302),
    "accounts:delete":               (302, 200, 200, 200, 200, 302, 200, 200, 200, 200),
    "accounts:export":               (302, 200, 200, 200, 200, 302, 200, 200, 200, 200),
    "accounts:profile":              (302, 200, 200, 200, 200, 302, 302, 302, 302, 302),
    "accounts:proof":                (302, 404, 404, 200, 404, 302, 200, 404, 404, 200),
    "accounts:school_propose":       (302, 200, 200, 200, 200, 302, 302, 302, 302, 302),
    "accounts:school_search":        (302, 200, 200, 200, 200, 302, 200, 200, 200, 200),
    "bulletins:archive":             (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "bulletins:archive_detail":      (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "bulletins:unsubscribe":         (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    # The page a certificate's printed address leads to: anyone, no login.
    "certificates:verify":           (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    # Groups (docs/groups.md): validated teachers and staff; a group's threads and files
    # to its members (member; founder moderates it), its service's staff and superusers.
    "groups:detail":                 (302, 403, 200, 200, 200, 302, 200, 200, 200, 200),
    "groups:follow":                 (302, 403, 405, 405, 405, 302, 405, 405, 405, 405),
    "groups:image":                  (302, 403, 404, 404, 404, 302, 404, 404, 404, 404),
    "groups:invite":                 (302, 403, 405, 405, 405, 302, 405, 405, 405, 405),
    "groups:join":                   (302, 403, 405, 405, 405, 302, 405, 405, 405, 405),
    "groups:leave":                  (302, 403, 405, 405, 405, 302, 405, 405, 405, 405),
    "groups:list":                   (302, 403, 200, 200, 200, 302, 200, 200, 200, 200),
    "groups:member":                 (302, 403, 405, 405, 405, 302, 405, 405, 405, 405),
    "groups:mine":                   (302, 403, 200, 200, 200, 302, 200, 200, 200, 200),
    "groups:post_hide":              (302, 403, 405, 405, 405, 302, 405, 405, 405, 405),
    # The member's own post: others in the group report it, not its author.
    "groups:post_report":            (302, 403, 403, 403, 200, 302, 403, 403, 403, 403),
    "groups:propose":                (302, 403, 200, 200, 200, 302, 403, 403, 403, 403),
    "groups:resource_file":          (302, 403, 403, 200, 200, 302, 200, 403, 403, 200),
    "groups:resource_new":           (302, 403, 403, 200, 200, 302, 403, 403, 403, 403),
    "groups:thread":                 (302, 403, 403, 200, 200, 302, 200, 403, 403, 200),
    "groups:thread_follow":          (302, 403, 405, 405, 405, 302, 405, 405, 405, 405),
    "groups:thread_moderate":        (302, 403, 405, 405, 405, 302, 405, 405, 405, 405),
    "groups:thread_new":             (302, 403, 403, 200, 200, 302, 403, 403, 403, 403),
    "healthz":                       (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    # Project kits are for everyone to read; founding from one is the founding form's rules.
    "kits:detail":                   (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "kits:list":                     (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "labels:apply":                  (302, 403, 404, 200, 200, 302, 403, 403, 403, 403),
    "labels:calendar":               (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "labels:certificate":            (302, 404, 404, 404, 200, 302, 200, 404, 404, 200),
    "labels:contest":                (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "labels:contest_entry":          (302, 403, 200, 200, 200, 302, 403, 403, 403, 403),
    # A project's European label and contest prize: a certificate for each of its teachers.
    "labels:european_certificate":   (302, 404, 404, 200, 200, 302, 404, 404, 404, 404),
    "labels:index":                  (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "labels:jury":                   (302, 404, 404, 404, 404, 302, 404, 404, 404, 404),
    "labels:labelled":               (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "labels:mine":                   (302, 200, 200, 200, 200, 302, 200, 200, 200, 200),
    "labels:prize_certificate":      (302, 404, 404, 200, 200, 302, 404, 404, 404, 404),
    "labels:school":                 (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "labels:school_apply":           (302, 403, 200, 200, 200, 302, 403, 403, 403, 403),
    # The school's label: its validated teachers (founder and member), its service's staff.
    "labels:school_certificate":     (302, 404, 404, 200, 200, 302, 200, 404, 404, 200),
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
    # Everyone logged in reads their own notifications (the member has one: opening it marks
    # it read and leads on; anyone else's is hidden). The bell's fragment is empty if anonymous.
    "notifications:bell":            (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "notifications:list":            (302, 200, 200, 200, 200, 302, 200, 200, 200, 200),
    "notifications:open":            (302, 404, 404, 302, 404, 302, 404, 404, 404, 404),
    "notifications:preferences":     (302, 200, 200, 200, 200, 302, 200, 200, 200, 200),
    "notifications:read_all":        (302, 405, 405, 405, 405, 302, 405, 405, 405, 405),
    "partners:teacher":              (302, 403, 200, 200, 200, 302, 403, 403, 403, 403),
    "portal:about":                  (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "portal:contact":                (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "portal:countries":              (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "portal:home":                   (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "portal:news":                   (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "portal:news_detail":            (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "portal:statistics":             (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "projects:accept":               (302, 405, 405, 405, 405, 302, 405, 405, 405, 405),
    "projects:archive":              (302, 405, 405, 405, 405, 302, 405, 405, 405, 405),
    "projects:cofounder_invite":     (302, 405, 405, 405, 405, 302, 405, 405, 405, 405),
    "projects:collaborator_accept":  (302, 200, 200, 200, 200, 302, 200, 200, 200, 200),
    "projects:collaborator_invite":  (302, 405, 405, 405, 405, 302, 405, 405, 405, 405),
    "projects:collaborator_revoke":  (302, 405, 405, 405, 405, 302, 405, 405, 405, 405),
    "projects:decline":              (302, 405, 405, 405, 405, 302, 405, 405, 405, 405),
    "projects:detail":               (302, 302, 302, 200, 200, 302, 200, 302, 302, 200),
    "projects:edit":                 (302, 404, 404, 403, 200, 302, 403, 404, 404, 403),
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
    "trainings:apply":               (302, 302, 302, 302, 302, 302, 302, 302, 302, 302),
    "trainings:certificate":         (302, 404, 404, 404, 404, 302, 404, 404, 404, 404),
    "trainings:detail":              (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "trainings:list":                (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "trainings:mine":                (302, 200, 200, 200, 200, 302, 200, 200, 200, 200),
    "trainings:register":            (302, 405, 405, 405, 405, 302, 405, 405, 405, 405),
    "trainings:request":             (302, 302, 200, 200, 200, 302, 302, 302, 302, 302),
    "trainings:unregister":          (302, 405, 405, 405, 405, 302, 405, 405, 405, 405),
}
# fmt: on


# --- the world every role looks at -----------------------------------------------------


def matrix_world(world: World) -> dict:
    """The matrix's objects (one of each a page needs) around the shared ``world``
    (conftest.py: the project, its members and one person per role)."""
    from accounts.tests.factories import service
    from bulletins.mailing import unsubscribe_token
    from bulletins.tests.factories import IssueFactory
    from certificates.models import CertificateKind
    from certificates.services import certificate_issue
    from kits.tests.factories import make_kit
    from labels.models import ApplicationStatus, ContestEdition, EuropeanLabel
    from labels.tests.factories import (
        GOOD_SCORES,
        application,
        awarded_school_label,
        open_round,
        winning_entry,
    )
    from notifications.models import Notification
    from partners.models import Contact, ContactStatus
    from partners.tests.factories import publish
    from portal.tests.factories import NewsFactory
    from projects.models import Collaborator, CollaboratorStatus, Membership
    from projects.space import services as space
    from projects.space.tests.factories import actor, jpeg_bytes, upload
    from trainings.tests.factories import RegistrationFactory, TrainingFactory

    project = world.project
    founder, member = world.users["founder"], world.users["member"]
    teacher = world.users["teacher"]
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
    group, group_thread, group_post, group_file = _group_world(
        world.users["staff_fwb"], founder, member
    )
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
    european = EuropeanLabel.objects.create(round=open_round(), project=project)
    school_label = awarded_school_label(founder.school, founder)
    prize = winning_entry(edition, project, founder)
    certificate = certificate_issue(
        kind=CertificateKind.NATIONAL_LABEL,
        source=str(label.pk),
        holder=founder,
        holder_name=founder.get_full_name(),
        subject_title=project.title,
        issued_on=timezone.localdate(),
        service=service("be-fwb"),
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
        "labels:european_certificate": {"pk": european.pk},
        "labels:school_certificate": {"pk": school_label.pk},
        "labels:prize_certificate": {"pk": prize.pk},
        "certificates:verify": {"code": certificate.code},
        "labels:school": {"pk": founder.school_id},
        "labels:winners": {"year": edition.year},
        "notifications:open": {
            "notification_id": Notification.objects.create(
                recipient=member, kind="partners.message", url="/fr/notifications/"
            ).pk
        },
        "labels:jury": {"year": edition.year},
        "trainings:detail": {"pk": training.pk},
        "kits:detail": {"pk": make_kit().pk},
        "trainings:register": {"pk": training.pk},
        "trainings:unregister": {"pk": training.pk},
        "trainings:apply": {"pk": training.pk},
        "trainings:certificate": {"registration_id": registration.pk},
        "portal:news_detail": {"pk": news.pk},
        **{
            f"groups:{name}": {"pk": group.pk}
            for name in ("detail", "follow", "image", "invite", "join", "leave")
            + ("resource_new", "thread_new")
        },
        "groups:member": {
            "pk": group.pk,
            "membership_id": group.memberships.get(user=member).pk,
        },
        **{
            f"groups:{name}": {"pk": group.pk, "thread_id": group_thread.pk}
            for name in ("thread", "thread_follow", "thread_moderate")
        },
        **{
            f"groups:{name}": {"pk": group.pk, "post_id": group_post.pk}
            for name in ("post_hide", "post_report")
        },
        "groups:resource_file": {"pk": group.pk, "resource_id": group_file.pk},
    }
    by_param = {
        "project_id": project.pk,
        "pk": project.pk,
        "page_id": page.pk,
        "post_id": post.pk,
        "thread_id": thread.pk,
        "pupil_id": world.pupils["pupil"].pk,
        "membership_id": Membership.objects.get(project=project, user=member).pk,
        "user_id": member.pk,
    }
    objects = {
        "space": world.space,
        "project": project,
        "page": page,
        "post": post,
        "thread": thread,
        "announcement": announcement,
        "contact": contact,
        "collaborator": collaborator,
        "training": training,
        "registration": registration,
        "membership": Membership.objects.get(project=project, user=member),
        "group": group,
        "group_thread": group_thread,
        "group_post": group_post,
    }
    return {
        "kwargs": kwargs,
        "by_param": by_param,
        "world": world,
        "users": world.users,
        "pupil": world.pupils["pupil"],
        "objects": objects,
    }


def _group_world(staff, moderator, member) -> tuple:
    """An open FWB group: ``moderator`` (the project's founder) moderates it, ``member``
    is a member; a thread, the member's reply and a shared PDF."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from groups import services as groups
    from uploads.tests.files import pdf_bytes

    group = groups.group_create(
        by=staff,
        title="eSafety",
        description="D",
        theme="esafety",
        service_id=staff.staff_service_id,
    )
    groups.membership_add(group=group, teacher=moderator, by=staff, role="moderator")
    groups.membership_add(group=group, teacher=member, by=staff)
    thread = groups.thread_create(group=group, by=moderator, title="Bienvenue", body="Bonjour")
    post = groups.post_create(thread=thread, by=member, body="Bonjour !")
    file = groups.resource_add(
        group=group,
        by=moderator,
        title="Charte",
        uploaded=SimpleUploadedFile("charte.pdf", pdf_bytes()),
    )
    return group, thread, post, file


def _url(name: str, params: list[str], world: dict) -> str:
    if name in world["kwargs"]:
        values = world["kwargs"][name]
    else:
        values = {p: world["by_param"][p] for p in params}
    return reverse(name, kwargs=values)


def _client_for(role: str, world: dict) -> Client:
    """A new client logged in as ``role`` of the matrix's world."""
    return log_in(Client(), world["world"], role)


@pytest.fixture
def matrix(world) -> dict:
    """The matrix's objects around the shared world (conftest.py), built for each test."""
    return matrix_world(world)


def test_every_url_has_an_entry_in_the_matrix():
    names = {name for name, _params in url_names()}
    missing = sorted(names - EXPECTED.keys())
    assert not missing, f"URLs without an authorisation entry in EXPECTED: {missing}"
    stale = sorted(EXPECTED.keys() - names)
    assert not stale, f"Entries in EXPECTED for URLs that no longer exist: {stale}"
    for name, row in EXPECTED.items():
        assert len(row) == len(ROLES), name


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_status_on_every_url(role, matrix):
    world = matrix
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


# --- POST-only URLs: the write happens or it does not -------------------------------------
#
# A GET of these URLs answers 405 (above), which says nothing about who may act. Here
# every role POSTs the real write and the rows it would change are read before and
# after: a 1 means "this role's POST changes them", a 0 "they are exactly as before".
# The table is written by hand from the product's rules, not from the permission code.

# fmt: off
# Columns: anonymous, pending, teacher, member, founder, pupil, staff_fwb, staff_vl, staff_dg, superuser
POST_ALLOWED: dict[str, tuple[int, ...]] = {
    # « Mark all as read » marks only the poster's own: the member's unread one here.
    "notifications:read_all":       (0, 0, 0, 1, 0, 0, 0, 0, 0, 0),
    # Groups: the member is a member, the founder the only moderator of an FWB group.
    "groups:follow":                (0, 0, 0, 1, 1, 0, 0, 0, 0, 0),
    "groups:invite":                (0, 0, 0, 0, 1, 0, 1, 0, 0, 1),
    "groups:join":                  (0, 0, 1, 0, 0, 0, 0, 0, 0, 0),
    # The last moderator stays.
    "groups:leave":                 (0, 0, 0, 1, 0, 0, 0, 0, 0, 0),
    "groups:member":                (0, 0, 0, 0, 1, 0, 1, 0, 0, 1),
    "groups:post_hide":             (0, 0, 0, 0, 1, 0, 1, 0, 0, 1),
    "groups:thread_follow":         (0, 0, 0, 1, 1, 0, 1, 0, 0, 1),
    "groups:thread_moderate":       (0, 0, 0, 0, 1, 0, 1, 0, 0, 1),
    # The member's own announcement (closed, then put back online by its author).
    "partners:announcement_close":  (0, 0, 0, 1, 0, 0, 0, 0, 0, 0),
    "partners:announcement_renew":  (0, 0, 0, 1, 0, 0, 0, 0, 0, 0),
    # A contact request from the outsider teacher to the member: the recipient answers.
    "partners:contact_accept":      (0, 0, 0, 1, 0, 0, 0, 0, 0, 0),
    "partners:contact_decline":     (0, 0, 0, 1, 0, 0, 0, 0, 0, 0),
    # An invitation to the outsider teacher: only the invitee answers it.
    "projects:accept":              (0, 0, 1, 0, 0, 0, 0, 0, 0, 0),
    "projects:decline":             (0, 0, 1, 0, 0, 0, 0, 0, 0, 0),
    # A finished project is archived by a founder or by staff of an involved service.
    "projects:archive":             (0, 0, 0, 0, 1, 0, 1, 0, 0, 1),
    # A draft project of the founder, who invites a contact as co-founder.
    "projects:cofounder_invite":    (0, 0, 0, 0, 1, 0, 0, 0, 0, 0),
    "projects:collaborator_invite": (0, 0, 0, 0, 1, 0, 0, 0, 0, 0),
    "projects:collaborator_revoke": (0, 0, 0, 0, 1, 0, 0, 0, 0, 0),
    "projects:finish":              (0, 0, 0, 0, 1, 0, 0, 0, 0, 0),
    "projects:invite":              (0, 0, 0, 0, 1, 0, 0, 0, 0, 0),
    # Members leave (a founder too, while another founder remains).
    "projects:leave":               (0, 0, 0, 1, 1, 0, 0, 0, 0, 0),
    "projects:member_make_founder": (0, 0, 0, 0, 1, 0, 0, 0, 0, 0),
    "projects:member_remove":       (0, 0, 0, 0, 1, 0, 0, 0, 0, 0),
    # Everyone may switch language (a cookie; a user's profile remembers it too).
    "set_language":                 (1, 1, 1, 1, 1, 1, 1, 1, 1, 1),
    # Project space: the founder is a teacher administrator, the member a teacher,
    # staff and superusers only follow (read-only), outsiders are strangers.
    "space:delete":                 (0, 0, 0, 0, 1, 0, 0, 0, 0, 0),
    "space:journal_publish":        (0, 0, 0, 1, 1, 0, 0, 0, 0, 0),
    # Leaving a space ends whatever session there is (nothing to end when anonymous).
    "space:logout":                 (0, 1, 1, 1, 1, 1, 1, 1, 1, 1),
    "space:page_move":              (0, 0, 0, 0, 1, 0, 0, 0, 0, 0),
    "space:pupil_active":           (0, 0, 0, 0, 1, 0, 0, 0, 0, 0),
    "space:pupil_admin":            (0, 0, 0, 0, 1, 0, 0, 0, 0, 0),
    "space:pupil_reset":            (0, 0, 0, 0, 1, 0, 0, 0, 0, 0),
    "space:teacher_admin":          (0, 0, 0, 0, 1, 0, 0, 0, 0, 0),
    # Validated teachers register; pending accounts, staff and pupils do not.
    "trainings:register":           (0, 0, 1, 1, 1, 0, 0, 0, 0, 0),
    # The member's own registration.
    "trainings:unregister":         (0, 0, 0, 1, 0, 0, 0, 0, 0, 0),
}
# fmt: on


def _post_case(name: str, world: dict, client: Client) -> tuple[dict, dict, object]:
    """The URL kwargs, the POST data and a probe (a function returning the rows the
    write would change) for ``name``; creates what the write needs first."""
    from accounts.models import User
    from partners.models import Announcement, AnnouncementStatus, Contact
    from projects.models import (
        Collaborator,
        MemberRole,
        Membership,
        MemberStatus,
        Project,
        ProjectState,
    )
    from projects.space.models import ForumThread, JournalPost, Page, PupilAccount, TeacherAdmin
    from projects.tests.factories import ProjectFactory, make_contacts, member, teacher_in
    from trainings.models import Registration
    from trainings.tests.factories import TrainingFactory

    objects, users = world["objects"], world["users"]
    project = objects["project"]
    membership = objects["membership"]
    pupil = world["pupil"]

    def rows(queryset, *fields):
        return sorted(queryset.values_list(*fields))

    def project_state():
        return Project.objects.filter(pk=project.pk).values_list("state", flat=True).get()

    def memberships():
        return rows(Membership.objects.filter(project=project), "user_id", "role", "status")

    if name in ("partners:announcement_close", "partners:announcement_renew"):
        announcement = objects["announcement"]
        if name.endswith("renew"):
            Announcement.objects.filter(pk=announcement.pk).update(status=AnnouncementStatus.CLOSED)
        return (
            {"pk": announcement.pk},
            {},
            lambda: rows(Announcement.objects.filter(pk=announcement.pk), "status", "expires_at"),
        )
    if name in ("partners:contact_accept", "partners:contact_decline"):
        contact = objects["contact"]
        return (
            {"pk": contact.pk},
            {},
            lambda: rows(Contact.objects.filter(pk=contact.pk), "status"),
        )
    if name in ("projects:accept", "projects:decline"):
        member(project, users["teacher"], status=MemberStatus.INVITED)
        return {"pk": project.pk}, {}, memberships
    if name == "projects:archive":
        Project.objects.filter(pk=project.pk).update(state=ProjectState.FINISHED)
        return {"pk": project.pk}, {}, project_state
    if name == "projects:cofounder_invite":
        founder = users["founder"]
        draft = ProjectFactory(founded_by=founder, state=ProjectState.DRAFT, is_public=False)
        member(draft, founder, role=MemberRole.FOUNDER)
        cofounder = teacher_in("fr")
        make_contacts(founder, cofounder)
        return (
            {"pk": draft.pk},
            {"cofounder": cofounder.pk},
            lambda: (
                Project.objects.filter(pk=draft.pk).values_list("state", flat=True).get(),
                rows(Membership.objects.filter(project=draft), "user_id", "status"),
            ),
        )
    if name == "projects:collaborator_invite":
        return (
            {"pk": project.pk},
            {"name": "Nouvelle experte", "email": "nouvelle@example.org"},
            lambda: rows(Collaborator.objects.filter(project=project), "email", "status"),
        )
    if name == "projects:collaborator_revoke":
        collaborator = objects["collaborator"]
        return (
            {"pk": project.pk, "collaborator_id": collaborator.pk},
            {},
            lambda: rows(Collaborator.objects.filter(project=project), "email", "status"),
        )
    if name == "projects:finish":
        return {"pk": project.pk}, {}, project_state
    if name == "projects:invite":
        invitee = teacher_in("dk")
        make_contacts(users["founder"], invitee)
        return {"pk": project.pk}, {"contact": invitee.pk}, memberships
    if name in ("projects:leave",):
        return {"pk": project.pk}, {}, memberships
    if name in ("projects:member_make_founder", "projects:member_remove"):
        return {"pk": project.pk, "membership_id": membership.pk}, {}, memberships
    if name == "set_language":
        return (
            {},
            {"language": "nl", "next": "/"},
            lambda: (
                client.cookies["django_language"].value
                if "django_language" in client.cookies
                else None,
                rows(User.objects.all(), "pk", "preferred_language"),
            ),
        )
    if name == "space:delete":
        thread = objects["thread"]
        return (
            {"project_id": project.pk, "kind": "thread", "object_id": thread.pk},
            {},
            lambda: ForumThread.objects.filter(pk=thread.pk).exists(),
        )
    if name == "space:journal_publish":
        post = objects["post"]
        return (
            {"project_id": project.pk, "post_id": post.pk},
            {"public": "1"},
            lambda: rows(JournalPost.objects.filter(pk=post.pk), "is_public"),
        )
    if name == "space:logout":
        return (
            {"project_id": project.pk},
            {},
            lambda: sorted(client.session.keys()),
        )
    if name == "space:page_move":
        from projects.space import services as space
        from projects.space.tests.factories import actor

        space.page_create(actor=actor(project, user=users["founder"]), title="Suite", body="x")
        return (
            {"project_id": project.pk, "page_id": objects["page"].pk},
            {"direction": "down"},
            lambda: rows(Page.objects.filter(project=project), "pk", "position"),
        )
    if name.startswith("space:pupil_"):
        data = {"space:pupil_active": {"active": "0"}, "space:pupil_admin": {"admin": "1"}}
        return (
            {"project_id": project.pk, "pupil_id": pupil.pk},
            data.get(name, {}),
            lambda: rows(
                PupilAccount.objects.filter(pk=pupil.pk), "is_active", "is_admin", "password"
            ),
        )
    if name == "space:teacher_admin":
        return (
            {"project_id": project.pk, "membership_id": membership.pk},
            {"admin": "1"},
            lambda: rows(TeacherAdmin.objects.filter(project=project), "user_id"),
        )
    if name == "trainings:register":
        training = TrainingFactory()
        return (
            {"pk": training.pk},
            {},
            lambda: rows(Registration.objects.filter(training=training), "teacher_id", "status"),
        )
    if name == "trainings:unregister":
        training = objects["training"]
        return (
            {"pk": training.pk},
            {},
            lambda: rows(Registration.objects.filter(training=training), "teacher_id", "status"),
        )
    if name == "notifications:read_all":
        from notifications.models import Notification

        unread = Notification.objects.create(recipient=users["member"], kind="partners.message")
        return {}, {}, lambda: Notification.objects.get(pk=unread.pk).read_at is not None
    if name.startswith("groups:"):
        return _group_post_case(name, objects, users)
    raise AssertionError(f"no POST case for {name}")


def _group_post_case(name: str, objects: dict, users: dict) -> tuple[dict, dict, object]:
    from groups.models import Membership as GroupMembership
    from groups.models import Post as GroupPost
    from groups.models import Thread as GroupThread
    from groups.models import ThreadFollow

    group, thread, post = objects["group"], objects["group_thread"], objects["group_post"]

    def memberships():
        return sorted(
            GroupMembership.objects.filter(group=group).values_list(
                "user_id", "role", "status", "follows_activity"
            )
        )

    if name == "groups:follow":
        return {"pk": group.pk}, {"follow": "0"}, memberships
    if name == "groups:invite":
        return {"pk": group.pk}, {"email": users["teacher"].email}, memberships
    if name in ("groups:join", "groups:leave"):
        return {"pk": group.pk}, {}, memberships
    if name == "groups:member":
        membership = GroupMembership.objects.get(group=group, user=users["member"])
        return {"pk": group.pk, "membership_id": membership.pk}, {"action": "remove"}, memberships
    if name == "groups:post_hide":
        return (
            {"pk": group.pk, "post_id": post.pk},
            {"hidden": "1"},
            lambda: GroupPost.objects.get(pk=post.pk).is_hidden,
        )
    if name == "groups:thread_follow":
        ThreadFollow.objects.filter(thread=thread).delete()
        return (
            {"pk": group.pk, "thread_id": thread.pk},
            {"follow": "1"},
            lambda: sorted(ThreadFollow.objects.filter(thread=thread).values_list("user_id")),
        )
    if name == "groups:thread_moderate":
        return (
            {"pk": group.pk, "thread_id": thread.pk},
            {"action": "pin"},
            lambda: GroupThread.objects.get(pk=thread.pk).is_pinned,
        )
    raise AssertionError(f"no POST case for {name}")


def test_every_post_only_url_has_a_row_in_the_post_table():
    post_only = {name for name, row in EXPECTED.items() if 405 in row}
    assert sorted(post_only - POST_ALLOWED.keys()) == []
    assert sorted(POST_ALLOWED.keys() - post_only) == []
    for name, row in POST_ALLOWED.items():
        assert len(row) == len(ROLES), name


@pytest.mark.parametrize("role", ROLES)
def test_each_role_post_changes_the_rows_exactly_where_the_table_says(role, matrix):
    from django.db import transaction

    world = matrix
    column = ROLES.index(role)
    wrong: dict[str, str] = {}
    for name in sorted(POST_ALLOWED):
        # Each write against the same world: undone after its check.
        with transaction.atomic():
            client = _client_for(role, world)
            kwargs, data, probe = _post_case(name, world, client)
            before = probe()
            response = client.post(reverse(name, kwargs=kwargs), data)
            after = probe()
            transaction.set_rollback(True)
        assert response.status_code < 500, f"{name} answered {response.status_code} to {role}"
        changed = before != after
        if changed != bool(POST_ALLOWED[name][column]):
            wrong[name] = (
                f"{'changed' if changed else 'unchanged'} (HTTP {response.status_code}), "
                f"the table says {'allowed' if POST_ALLOWED[name][column] else 'refused'}"
            )
    assert wrong == {}, f"{role}: {wrong}"
