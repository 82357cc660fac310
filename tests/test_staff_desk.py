"""The support officer's desk: the admin index opens on what waits for the staff
member's service — one line per kind of work, each a count and a link to the admin list
filtered to exactly those rows — and a morning e-mail of it for those who want one."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.admin_queue import desk_service_id, staff_queue
from accounts.models import StaffDigest, TeacherStatus, ValidationStatus
from accounts.tests.factories import SchoolFactory, StaffFactory, TeacherFactory, service
from bulletins.models import BulletinIssue, Delivery, DeliveryStatus, IssueStatus
from bulletins.tests.factories import IssueFactory
from groups.models import Theme
from groups.services import group_propose
from labels.models import ApplicationStatus, ContestEdition
from labels.tests.factories import application, awarded_school_label, european_project
from partners.models import Report, ReportKind
from projects.models import Approval, ApprovalState, ProjectState
from projects.tests.factories import active_project, teacher_in
from trainings.tests.factories import TrainingRequestFactory

pytestmark = pytest.mark.django_db

# The FWB desk's lines, by the French label each starts with (written by hand).
FWB_LINES = [
    "Enseignant·es en attente de validation",
    "Écoles proposées par des enseignant·es",
    "Projets en attente de votre approbation",
    "Candidatures au Label de qualité national à évaluer",
    "Candidatures au label École eTwinning à décider",
    "Participations au concours",
    "Signalements à modérer",
    "Demandes de formation à traiter",
    "Groupes proposés à approuver",
    "Bulletin de",
    "Adresses rejetées (bounces)",
]


PAST_MONTHS = (datetime.date(2000 + n // 12, 1 + n % 12, 1) for n in itertools.count())


def waiting_work(code: str, *, n: int = 1, juror=None) -> None:
    """``n`` rows of every kind of work for the service ``code`` (and, for an FWB
    ``juror``, contest entries of a closed edition)."""
    svc = service(code)
    now = timezone.now()
    for i in range(n):
        school = SchoolFactory(support_service=svc, country=svc.country)
        TeacherFactory(
            school=school,
            status=TeacherStatus.PENDING,
            pending_since=now - datetime.timedelta(days=2),
        )
        SchoolFactory(support_service=svc, country=svc.country, status=ValidationStatus.PENDING)
        founder, other = teacher_in(code), teacher_in("fr")
        waiting = active_project(founder, other)
        waiting.state = ProjectState.AWAITING_APPROVAL
        waiting.save()
        Approval.objects.filter(project=waiting, service=svc).update(state=ApprovalState.PENDING)
        project, labelled, _partner = european_project(fwb_teacher=teacher_in(code))
        application(project, labelled)  # submitted
        label = awarded_school_label(labelled.school, labelled)
        label.status = ApplicationStatus.SUBMITTED
        label.valid_until = None
        label.save()
        Report.objects.create(
            kind=ReportKind.PROFILE, reporter=other, reported_teacher=founder, reason="Publicité"
        )
        TrainingRequestFactory(school=school)
        group_propose(
            by=teacher_in(code), title=f"Groupe {i}", description="À approuver", theme=Theme.STEM
        )
        issue = IssueFactory(service=svc, issue_month=next(PAST_MONTHS), status="sent")
        Delivery.objects.create(
            issue=issue,
            email=f"gone{i}-{code}@example.org",
            status=DeliveryStatus.BOUNCED,
            sent_at=now - datetime.timedelta(days=1),
        )
    month = timezone.localdate().replace(day=1)
    if not BulletinIssue.objects.filter(service=svc, issue_month=month).exists():
        IssueFactory(service=svc, issue_month=month, status=IssueStatus.DRAFT)
    if juror is not None:
        edition, _created = ContestEdition.objects.get_or_create(
            year=2019,
            defaults={"deadline": now - datetime.timedelta(days=3), "ceremony_at": now},
        )
        edition.jury.add(juror)
        for _ in range(n):
            project, founder, _partner = european_project(fwb_teacher=teacher_in(code))
            edition.entries.create(
                project=project,
                category=edition.categories.create(name=f"Catégorie {project.pk}"),
                submitted_by=founder,
                presentation="x",
                evidence_links="https://example.org",
            )


def desk(client, user, query: str = ""):
    client.force_login(user)
    response = client.get(reverse("admin:index") + query)
    assert response.status_code == 200
    return response


def test_the_index_opens_on_the_queue_before_the_list_of_models(client, staff_fwb):
    waiting_work("be-fwb", juror=staff_fwb)
    page = desk(client, staff_fwb).content.decode()

    assert page.index('data-testid="staff-desk"') < page.index('class="app-accounts')
    assert "Ce qui vous attend" in page


def test_each_line_counts_and_links_to_exactly_its_rows(client, staff_fwb):
    waiting_work("be-fwb", n=2, juror=staff_fwb)
    waiting_work("be-vl", n=1)  # another service's work: not on the FWB desk

    lines = desk(client, staff_fwb).context["desk_lines"]

    assert [next(p for p in FWB_LINES if line.label.startswith(p)) for line in lines] == FWB_LINES
    counts = {line.label.split(" ")[0]: line.count for line in lines}
    assert set(counts.values()) == {2, 1}  # two of each; one bulletin of this month
    for line in lines:
        listed = client.get(line.url)
        assert listed.status_code == 200, line.url  # no "?e=1": the filter is allowed
        assert listed.context["cl"].result_count == line.count, line.label


def test_staff_see_only_their_own_services_work(client, staff_vl):
    waiting_work("be-fwb", n=2)
    waiting_work("be-vl", n=1)

    lines = desk(client, staff_vl).context["desk_lines"]

    assert {line.count for line in lines} == {1}
    assert not [line for line in lines if line.label.startswith("Participations au concours")]


def test_nothing_waits_says_so(client, staff_dg):
    page = desk(client, staff_dg).content.decode()
    assert "Rien ne vous attend pour le moment." in page


def test_a_superuser_sees_every_service_or_the_one_they_choose(client, superuser):
    waiting_work("be-fwb", n=2)
    waiting_work("be-vl", n=1)

    everyone = desk(client, superuser)
    flemish = desk(client, superuser, f"?service={service('be-vl').pk}")

    page = everyone.content.decode()
    assert 'name="service"' in page and escape(service("be-dg").name) in page
    teachers = "Enseignant·es en attente de validation"
    assert next(li for li in everyone.context["desk_lines"] if li.label == teachers).count == 3
    vl_lines = flemish.context["desk_lines"]
    assert next(li for li in vl_lines if li.label == teachers).count == 1
    for line in vl_lines:
        assert client.get(line.url).context["cl"].result_count == line.count, line.label


def test_the_jury_line_appears_once_entries_close_and_leaves_with_the_results(
    client, staff_fwb, staff_vl
):
    waiting_work("be-fwb", n=2, juror=staff_fwb)
    edition = ContestEdition.objects.get(year=2019)

    def jury_line(user):
        lines = staff_queue(user=user, service_id=desk_service_id(user))
        return [line for line in lines if line.label.startswith("Participations au concours")]

    assert [line.count for line in jury_line(staff_fwb)] == [2]
    assert jury_line(StaffFactory(staff_service=service("be-fwb"))) == []  # not on the jury

    edition.deadline = timezone.now() + datetime.timedelta(days=1)
    edition.ceremony_at = edition.deadline + datetime.timedelta(days=90)
    edition.save()
    assert jury_line(staff_fwb) == []  # entries still open

    edition.deadline = timezone.now() - datetime.timedelta(days=1)
    edition.results_published_at = timezone.now()
    edition.save()
    assert jury_line(staff_fwb) == []  # scored and published


def test_a_line_waiting_longer_than_the_setting_stands_out(client, staff_fwb, settings):
    settings.STAFF_QUEUE_LATE_DAYS = 7
    svc = service("be-fwb")
    school = SchoolFactory(support_service=svc)
    TeacherFactory(
        school=school,
        status=TeacherStatus.PENDING,
        pending_since=timezone.now() - datetime.timedelta(days=8),
    )
    SchoolFactory(support_service=svc, status=ValidationStatus.PENDING)  # proposed today

    response = desk(client, staff_fwb)

    late = {line.label: line.late for line in response.context["desk_lines"]}
    assert late == {
        "Enseignant·es en attente de validation": True,
        "Écoles proposées par des enseignant·es": False,
    }
    assert response.content.decode().count('class="desk-late"') == 1
    assert "en retard (plus de 7 jours)" in response.content.decode()


def test_the_index_costs_the_same_queries_whatever_the_amount_of_work(client, staff_fwb):
    client.force_login(staff_fwb)
    url = reverse("admin:index")
    waiting_work("be-fwb", n=1, juror=staff_fwb)
    client.get(url)  # warm the caches (content types, sessions)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    waiting_work("be-fwb", n=4)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200

    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    counts = {line.count for line in client.get(url).context["desk_lines"]}
    assert 5 in counts


def test_each_line_is_one_statement(staff_fwb):
    waiting_work("be-fwb", n=2, juror=staff_fwb)
    with CaptureQueriesContext(connection) as queries:
        lines = staff_queue(user=staff_fwb, service_id=staff_fwb.staff_service_id)
    # One statement per kind of work (the jury's editions grouped in one).
    assert len(lines) == len(FWB_LINES)
    assert len(queries) == len(FWB_LINES)


def test_a_teacher_never_reaches_the_desk(client, teacher):
    client.force_login(teacher)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert staff_queue(user=teacher, service_id=None) == []


# --- The morning e-mail --------------------------------------------------------------------


def test_the_staff_member_chooses_the_morning_email_from_the_desk(client, staff_fwb):
    page = desk(client, staff_fwb).content.decode()
    url = reverse("admin:desk_digest")
    assert url in page

    assert client.get(url).status_code == 200
    response = client.post(url, {"staff_morning_digest": "on"})
    assert response.status_code == 302
    staff_fwb.refresh_from_db()
    assert staff_fwb.staff_morning_digest is True

    client.post(url, {})
    staff_fwb.refresh_from_db()
    assert staff_fwb.staff_morning_digest is False


# Written by hand: who may turn the morning e-mail on for themselves (1: it changes).
DIGEST_WRITE = {"teacher": 0, "pending_teacher": 0, "staff_fwb": 1, "staff_vl": 1, "superuser": 1}


@pytest.mark.parametrize(("role", "changes"), DIGEST_WRITE.items())
def test_only_staff_choose_the_morning_email(request, client, role, changes):
    user = request.getfixturevalue(role)
    client.force_login(user)

    client.post(reverse("admin:desk_digest"), {"staff_morning_digest": "on"})

    user.refresh_from_db()
    assert user.staff_morning_digest is bool(changes)


@pytest.fixture
def digest_reader(staff_fwb):
    staff_fwb.staff_morning_digest = True
    staff_fwb.preferred_language = "nl"
    staff_fwb.first_name = "Els"
    staff_fwb.save()
    return staff_fwb


def test_the_morning_email_lists_what_waits_in_the_staff_members_language(digest_reader):
    from accounts.tasks import send_staff_digests

    waiting_work("be-fwb", n=2)

    assert send_staff_digests() == 1

    (message,) = mail.outbox
    assert message.to == [digest_reader.email]
    assert "Els" in message.body
    assert "http://127.0.0.1:8000/nl/admin/accounts/user/?status__exact=pending" in message.body
    assert "Enseignant·es en attente de validation" not in message.body  # Dutch, not French


def test_no_email_when_nothing_waits(digest_reader):
    from accounts.tasks import send_staff_digests

    send_staff_digests()

    assert mail.outbox == []
    assert not StaffDigest.objects.exists()


def test_at_most_one_email_a_day_even_if_the_beat_fires_twice(digest_reader):
    from accounts.tasks import send_staff_digests

    waiting_work("be-fwb")
    send_staff_digests()
    send_staff_digests()

    assert len(mail.outbox) == 1
    assert StaffDigest.objects.get().day == timezone.localdate()


def test_yesterdays_email_does_not_stop_todays(digest_reader):
    from accounts.tasks import send_staff_digest

    waiting_work("be-fwb")
    StaffDigest.objects.create(
        user=digest_reader, day=timezone.localdate() - datetime.timedelta(days=1)
    )

    assert send_staff_digest(digest_reader.pk) is True
    assert len(mail.outbox) == 1


def test_only_those_who_asked_receive_it(staff_fwb, staff_vl):
    from accounts.tasks import send_staff_digests

    waiting_work("be-fwb")
    waiting_work("be-vl")

    assert send_staff_digests() == 0
    assert mail.outbox == []


def test_a_sending_that_fails_leaves_the_day_unclaimed_for_the_retry(digest_reader, monkeypatch):
    from accounts import tasks

    waiting_work("be-fwb")

    def refuse(**kwargs):
        raise ConnectionError("SMTP server away")

    monkeypatch.setattr(tasks, "send_localised_mail", refuse)
    with pytest.raises(ConnectionError):
        tasks.send_staff_digest.run(digest_reader.pk)
    assert not StaffDigest.objects.exists()

    monkeypatch.undo()
    assert tasks.send_staff_digest.run(digest_reader.pk) is True
    assert len(mail.outbox) == 1


# --- The demo ---------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_demo_fills_every_line_of_the_fwb_desk_and_prints_a_certificate_to_verify(settings):
    import io
    import re

    from django.core.management import call_command
    from django.test import Client

    from accounts.models import User

    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", stdout=out)

    staff = User.objects.get(email="staff.fwb@demo.etwinning.be")
    lines = staff_queue(user=staff, service_id=staff.staff_service_id)
    assert [next(p for p in FWB_LINES if line.label.startswith(p)) for line in lines] == FWB_LINES
    printed = re.search(r"a certificate anyone can verify: (\S+)", out.getvalue())
    page = Client().get(printed.group(1).removeprefix(settings.SITE_URL))
    assert page.status_code == 200
    assert "est valide" in page.content.decode()
