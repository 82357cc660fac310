"""Every page that takes an object's id (or a year, a token) in its URL, asked by a
validated teacher who has nothing to do with the object: a member-only object
answers 404 — as if the id did not exist — and a public one its public page; no
answer ever contains a private title.

The URLs are walked from the URL conf (:func:`tests.test_authz_matrix.url_names`):
a new URL with a parameter fails ``test_every_url_with_a_parameter_is_listed``
until someone writes down, in CASES, what an outsider must get from it.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.test_authz_matrix import url_names

# Private things, each a word that appears nowhere else in the portal.
SECRETS = {
    "project": "Zephyrine Moonwalk",
    "page": "Quillwort Ledger",
    "post": "Halcyon Brambleway",
    "thread": "Obsidian Marmalade",
    "material": "Fennelgrove Reel",
    "pupil": "Tamsin Quarrel",
    "message": "Periwinkle cipher",
    "announcement": "Juniper Lanternfish",
    "collaborator": "Orrin Blackwood",
    "notification": "Quicksilver Almanac",
    "kit": "Marzipan Heliograph",
    "group_thread": "Wolfsbane Tapestry",
    "group_post": "Gossamer Turnpike",
}

# (url name, object key, method, status the outsider gets). Object keys name the
# URL kwargs built in _world(). Method: the page's GET, or the POST of a POST-only URL.
# fmt: off
CASES: list[tuple[str, str, str, int]] = [
    ("accounts:proof",               "member_user",      "get",  404),
    ("bulletins:archive_detail",     "issue",            "get",  200),  # public archive
    ("bulletins:unsubscribe",        "unsubscribe",      "get",  200),  # the e-mailed token
    # A group by invitation the outsider is not in: its page is for every teacher (title,
    # description, how to join); its threads, posts, files and moderation are not.
    ("groups:detail",                "group",            "get",  200),
    ("groups:detail",                "proposed_group",   "get",  404),
    ("groups:follow",                "group",            "post", 403),
    ("groups:image",                 "group",            "get",  404),
    ("groups:invite",                "group",            "post", 403),
    ("groups:join",                  "group",            "post", 403),
    ("groups:leave",                 "group",            "post", 403),
    ("groups:member",                "group_membership", "post", 403),
    ("groups:post_hide",             "group_post",       "post", 403),
    ("groups:post_report",           "group_post",       "get",  403),
    ("groups:resource_file",         "group_file",       "get",  403),
    ("groups:resource_new",          "group",            "get",  403),
    ("groups:thread",                "group_thread",     "get",  403),
    ("groups:thread_follow",         "group_thread",     "post", 403),
    ("groups:thread_moderate",       "group_thread",     "post", 403),
    ("groups:thread_new",            "group",            "get",  403),
    ("labels:apply",                 "project_pk",       "get",  404),
    ("labels:certificate",           "label",            "get",  404),
    ("labels:european_certificate",  "european",         "get",  404),
    ("labels:jury",                  "edition",          "get",  404),
    ("labels:prize_certificate",     "prize",            "get",  404),
    ("labels:school",                "school",           "get",  200),  # public school page
    ("labels:school_certificate",    "school_label",     "get",  404),
    ("labels:winners",               "edition",          "get",  200),  # published results
    # Another teacher's notification: hidden, and left unread.
    ("notifications:open",           "notification",     "get",  404),
    ("partners:announcement",        "closed_announce",  "get",  404),
    ("partners:announcement_edit",   "closed_announce",  "get",  404),
    ("partners:announcement_close",  "closed_announce",  "post", 404),
    ("partners:announcement_renew",  "closed_announce",  "post", 404),
    ("partners:contact_accept",      "contact",          "post", 404),
    ("partners:contact_decline",     "contact",          "post", 404),
    # Teachers see each other's profiles, but not the founder's private projects.
    ("partners:teacher",             "founder_user",     "get",  200),
    ("partners:contact_request",     "founder_user",     "get",  200),
    ("partners:conversation",        "member_user_id",   "get",  404),
    ("partners:report",              "message_report",   "get",  404),
    ("partners:report",              "announce_report",  "get",  404),
    ("projects:accept",              "pk",               "post", 404),
    ("projects:archive",             "pk",               "post", 404),
    ("projects:cofounder_invite",    "pk",               "post", 404),
    ("projects:collaborator_invite", "pk",               "post", 404),
    ("projects:collaborator_revoke", "collaborator",     "post", 404),
    ("projects:decline",             "pk",               "post", 404),
    ("projects:detail",              "pk",               "get",  404),
    ("projects:edit",                "pk",               "get",  404),
    ("projects:finish",              "pk",               "post", 404),
    ("projects:invite",              "pk",               "post", 404),
    ("projects:leave",               "pk",               "post", 404),
    ("projects:member_make_founder", "membership",       "post", 404),
    ("projects:member_remove",       "membership",       "post", 404),
    ("projects:public",              "pk",               "get",  404),
    ("space:activity",               "project_id",       "get",  404),
    ("space:delete",                 "delete_thread",    "post", 404),
    ("space:file",                   "file",             "get",  404),
    ("space:forum",                  "project_id",       "get",  404),
    ("space:home",                   "project_id",       "get",  404),
    ("space:journal",                "project_id",       "get",  404),
    ("space:journal_create",         "project_id",       "get",  404),
    ("space:journal_detail",         "post",             "get",  404),
    ("space:journal_edit",           "post",             "get",  404),
    ("space:journal_publish",        "post",             "post", 404),
    # Pupils open it from the link their teacher gives: it must answer, untitled.
    ("space:login",                  "project_id",       "get",  200),
    ("space:logout",                 "project_id",       "post", 302),
    ("space:material_create",        "project_id",       "get",  404),
    ("space:materials",              "project_id",       "get",  404),
    ("space:members",                "project_id",       "get",  404),
    ("space:page_create",            "project_id",       "get",  404),
    ("space:page_detail",            "page",             "get",  404),
    ("space:page_edit",              "page",             "get",  404),
    ("space:page_move",              "page",             "post", 404),
    ("space:pages",                  "project_id",       "get",  404),
    ("space:public_page",            "page",             "get",  404),
    ("space:pupil_active",           "pupil",            "post", 404),
    ("space:pupil_admin",            "pupil",            "post", 404),
    ("space:pupil_reset",            "pupil",            "post", 404),
    ("space:pupils",                 "project_id",       "get",  404),
    ("space:teacher_admin",          "space_membership", "post", 404),
    ("space:thread_create",          "project_id",       "get",  404),
    ("space:thread_detail",          "thread",           "get",  404),
    # An unpublished kit: staff preview it, a teacher gets nothing.
    ("kits:detail",                  "unpublished_kit",  "get",  404),
    ("trainings:apply",              "training",         "get",  302),  # not abroad: to the page
    ("trainings:certificate",        "registration",     "get",  404),
    ("trainings:detail",             "training",         "get",  200),  # public
    ("portal:news_detail",        "news",             "get",  200),  # public
    ("trainings:register",           "training",         "post", 302),  # open to every teacher
    ("trainings:unregister",         "training",         "post", 302),
]
# fmt: on

# The URLs that show a private title to whoever holds them — the token is the right:
# the invitation link e-mailed to a collaborator (a 43-character random token), and
# the address printed on a certificate (a 20-character random code), which its holder
# shows to whom they choose.
BEARER_LINKS = {
    "projects:collaborator_accept": "collaborator_token",
    "certificates:verify": "certificate_code",
}


def _private_objects(world) -> dict:
    """One private object of each kind a URL takes, around the shared world's project."""
    from accounts.tests.factories import TeacherFactory
    from bulletins.mailing import unsubscribe_token
    from bulletins.tests.factories import IssueFactory
    from kits.tests.factories import make_kit
    from labels import services as label_services
    from labels.certificates import national_label_certificate_issue
    from labels.models import ApplicationStatus, EuropeanLabel
    from labels.tests.factories import (
        GOOD_SCORES,
        application,
        awarded_school_label,
        open_round,
    )
    from notifications.models import Notification
    from partners.models import Contact, ContactStatus, Message
    from partners.services import announcement_close
    from partners.tests.factories import publish
    from portal.tests.factories import NewsFactory
    from projects.models import Collaborator, CollaboratorStatus, Membership
    from projects.space import services as space
    from projects.space.tests.factories import actor, jpeg_bytes, pupil, upload
    from trainings.tests.factories import RegistrationFactory, TrainingFactory

    project = world.project
    founder, member = world.users["founder"], world.users["member"]
    admin = actor(project, user=founder)
    page = space.page_create(actor=admin, title=SECRETS["page"], body="<p>Texte</p>")
    post = space.journal_post_create(
        actor=admin, title=SECRETS["post"], body="x", image=upload("a.jpg", jpeg_bytes())
    )
    thread = space.forum_thread_create(actor=admin, title=SECRETS["thread"], body="x")
    space.material_create(
        actor=admin,
        kind="video",
        title=SECRETS["material"],
        video_url="https://youtu.be/dQw4w9WgXcQ",
    )
    secret_pupil = pupil(project, SECRETS["pupil"], created_by=founder)
    contact = Contact.objects.create(
        sender=founder, recipient=member, message=SECRETS["message"], status=ContactStatus.PENDING
    )
    message = Message.objects.create(sender=founder, recipient=member, body=SECRETS["message"])
    closed = publish(member, title=SECRETS["announcement"])
    announcement_close(announcement=closed, by=member)
    collaborator = Collaborator.objects.create(
        project=project,
        email="expert@example.org",
        name=SECRETS["collaborator"],
        status=CollaboratorStatus.INVITED,
        invited_by=founder,
    )
    open_round()
    label = application(project, founder, status=ApplicationStatus.AWARDED, scores=GOOD_SCORES)
    # A published edition: the private project entered but did not win.
    now = timezone.now()
    edition = label_services.contest_edition_create(
        year=2020,
        deadline=now - datetime.timedelta(days=60),
        ceremony_at=now - datetime.timedelta(days=30),
    )
    edition.entries.create(
        project=project,
        category=edition.categories.first(),
        submitted_by=founder,
        presentation="x",
        evidence_links="https://example.org",
    )
    edition.results_published_at = now
    edition.save()
    # An earlier edition the private project won.
    won = label_services.contest_edition_create(
        year=2019,
        deadline=now - datetime.timedelta(days=400),
        ceremony_at=now - datetime.timedelta(days=370),
    )
    prize = won.entries.create(
        project=project,
        category=won.categories.first(),
        submitted_by=founder,
        presentation="x",
        evidence_links="https://example.org",
        is_winner=True,
    )
    won.results_published_at = now
    won.save()
    european = EuropeanLabel.objects.create(round=open_round(), project=project)
    school_label = awarded_school_label(founder.school, founder)
    certificate, _details = national_label_certificate_issue(application=label)
    training = TrainingFactory()
    registration = RegistrationFactory(training=training, teacher=member)
    membership = Membership.objects.get(project=project, user=member)
    objects = {
        "member_user": {"user_id": member.pk},
        "member_user_id": {"user_id": member.pk},
        "founder_user": {"pk": founder.pk},
        "issue": {"pk": IssueFactory(status="sent", started_at=now, finished_at=now).pk},
        "unsubscribe": {"token": unsubscribe_token(member.email)},
        "project_pk": {"project_pk": project.pk},
        "label": {"pk": label.pk},
        "european": {"pk": european.pk},
        "prize": {"pk": prize.pk},
        "school_label": {"pk": school_label.pk},
        "certificate_code": {"code": certificate.code},
        "edition": {"year": edition.year},
        "school": {"pk": founder.school_id},
        "closed_announce": {"pk": closed.pk},
        "contact": {"pk": contact.pk},
        "message_report": {"kind": "message", "pk": message.pk},
        "announce_report": {"kind": "announcement", "pk": closed.pk},
        "pk": {"pk": project.pk},
        "collaborator": {"pk": project.pk, "collaborator_id": collaborator.pk},
        "collaborator_token": {"token": collaborator.token},
        "membership": {"pk": project.pk, "membership_id": membership.pk},
        "project_id": {"project_id": project.pk},
        "delete_thread": {"project_id": project.pk, "kind": "thread", "object_id": thread.pk},
        "file": {"project_id": project.pk, "file_id": post.image_id},
        "post": {"project_id": project.pk, "post_id": post.pk},
        "page": {"project_id": project.pk, "page_id": page.pk},
        "pupil": {"project_id": project.pk, "pupil_id": secret_pupil.pk},
        "space_membership": {"project_id": project.pk, "membership_id": membership.pk},
        "notification": {
            "notification_id": Notification.objects.create(
                recipient=member,
                kind="partners.message",
                params={"name": SECRETS["notification"]},
                url="/fr/notifications/",
            ).pk
        },
        "thread": {"project_id": project.pk, "thread_id": thread.pk},
        "training": {"pk": training.pk},
        "registration": {"registration_id": registration.pk},
        "news": {"pk": NewsFactory().pk},
        "unpublished_kit": {"pk": make_kit(title=SECRETS["kit"], published=False).pk},
    }
    objects.update(_private_group(world))
    # A validated teacher of another school, in no project, with no contact.
    outsider = TeacherFactory(school=world.users["teacher"].school)
    return {"objects": objects, "outsider": outsider}


def _private_group(world) -> dict:
    """A group by invitation moderated by the founder, with a secret thread, post and
    file; and a group a teacher proposed, not yet approved."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from groups import services as groups
    from uploads.tests.files import pdf_bytes

    staff, founder, member = (world.users[r] for r in ("staff_fwb", "founder", "member"))
    group = groups.group_create(
        by=staff,
        title="Groupe sur invitation",
        description="D",
        theme="stem",
        service_id=staff.staff_service_id,
        join_policy="invitation",
    )
    groups.membership_add(group=group, teacher=founder, by=staff, role="moderator")
    groups.membership_add(group=group, teacher=member, by=staff)
    thread = groups.thread_create(group=group, by=founder, title=SECRETS["group_thread"], body="x")
    post = groups.post_create(thread=thread, by=member, body=SECRETS["group_post"])
    file = groups.resource_add(
        group=group,
        by=founder,
        title="Fichier",
        uploaded=SimpleUploadedFile("f.pdf", pdf_bytes()),
    )
    proposed = groups.group_propose(by=member, title="Proposé", description="D", theme="arts")
    return {
        "group": {"pk": group.pk},
        "proposed_group": {"pk": proposed.pk},
        "group_membership": {
            "pk": group.pk,
            "membership_id": group.memberships.get(user=member).pk,
        },
        "group_thread": {"pk": group.pk, "thread_id": thread.pk},
        "group_post": {"pk": group.pk, "post_id": post.pk},
        "group_file": {"pk": group.pk, "resource_id": file.pk},
    }


@pytest.fixture
def project_with_members(db, fast_password_hashing):
    """The shared world's project (conftest.py), private, with a secret title."""
    from projects.space.tests.factories import make_space

    return make_space(is_public=False, title=SECRETS["project"])


@pytest.fixture
def private(world) -> dict:
    return _private_objects(world)


def test_every_url_with_a_parameter_is_listed():
    with_params = {name for name, params in url_names() if params}
    listed = {case[0] for case in CASES} | BEARER_LINKS.keys()
    assert sorted(with_params - listed) == [], "URLs with a parameter missing from CASES"
    assert sorted(listed - with_params) == [], "CASES for URLs that no longer exist"


def test_an_unrelated_teacher_gets_404_or_the_public_page_and_never_a_private_title(
    client, private
):
    wrong, leaks = {}, {}
    for name, key, method, expected in CASES:
        client.force_login(private["outsider"])  # again: space:logout ends the session
        url = reverse(name, kwargs=private["objects"][key])
        response = getattr(client, method)(url)
        if response.status_code != expected:
            wrong[f"{name} ({key})"] = f"expected {expected}, got {response.status_code}"
        body = response.content.decode(errors="replace")
        found = [label for label, secret in SECRETS.items() if secret in body]
        if found:
            leaks[f"{name} ({key})"] = found
    assert (wrong, leaks) == ({}, {})


@pytest.mark.parametrize(("name", "key"), BEARER_LINKS.items())
def test_a_bearer_link_shows_the_title_and_nothing_else_of_the_project(client, private, name, key):
    """Its token is the authorisation: whoever holds the e-mailed link, or the
    certificate its holder showed them, sees the project's title (and nothing else
    of it)."""
    client.force_login(private["outsider"])
    body = client.get(reverse(name, kwargs=private["objects"][key])).content.decode()
    assert SECRETS["project"] in body
    assert not [label for label, s in SECRETS.items() if s in body and label != "project"]


def test_the_labels_of_a_private_project_stay_off_its_teachers_public_profile(client, private):
    """The leak fixed with the walk: a National Quality Label awarded to a private
    project used to name it on the founder's profile, which every teacher may read."""
    client.force_login(private["outsider"])
    url = reverse("partners:teacher", kwargs=private["objects"]["founder_user"])
    body = client.get(url).content.decode()
    assert 'data-testid="teacher-labels"' not in body
