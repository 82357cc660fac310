"""Label decisions also land in the notification centre; the e-mail goes only to a
teacher whose preference for that kind is « immediately » (the default)."""

import pytest
from django.core import mail

from labels import services
from labels.tests.factories import GOOD_SCORES, application, european_project
from notifications import selectors
from notifications.models import Notification, Preference

pytestmark = pytest.mark.django_db


def test_an_award_notifies_the_teacher_and_mails_by_default(
    staff_fwb, django_capture_on_commit_callbacks
):
    project, founder, _partner = european_project()
    app = application(project, founder)
    with django_capture_on_commit_callbacks(execute=True):
        services.national_label_evaluate(
            application=app, by=staff_fwb, scores=GOOD_SCORES, comment="Bravo", decision="award"
        )
    notification = Notification.objects.get(recipient=founder)
    assert notification.kind == "labels.national_awarded"
    assert str(project) in selectors.message(notification)
    assert selectors.target_path(notification, "fr") == "/fr/labels/mine/"
    assert [m.to for m in mail.outbox] == [[founder.email]]


def test_a_refusal_waits_for_the_digest_when_the_teacher_chose_it(
    staff_fwb, django_capture_on_commit_callbacks
):
    project, founder, _partner = european_project()
    app = application(project, founder)
    Preference.objects.create(user=founder, kind="labels.national_refused", delivery="daily")
    with django_capture_on_commit_callbacks(execute=True):
        services.national_label_evaluate(
            application=app, by=staff_fwb, scores={}, comment="Trop peu.", decision="refuse"
        )
    notification = Notification.objects.get(recipient=founder)
    assert (notification.kind, notification.delivery) == ("labels.national_refused", "daily")
    assert mail.outbox == []


def test_contest_results_notify_winners_and_other_entrants_each_once(
    monkeypatch, staff_fwb, django_capture_on_commit_callbacks
):
    from labels.tests.test_jury_results_reminders import _at, _edition_with_entries

    edition, (best, other) = _edition_with_entries(monkeypatch)
    edition.jury.add(staff_fwb)
    _at(monkeypatch, 2027, 7, 2, 10)
    criterion = edition.criteria.first()
    services.jury_scores_record(
        edition=edition,
        juror=staff_fwb,
        scores={best.pk: {criterion.pk: 9}, other.pk: {criterion.pk: 4}},
    )
    Preference.objects.create(
        user=other.submitted_by, kind="labels.contest_results", delivery="site"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.contest_results_publish(edition=edition, by=staff_fwb)
    winners = set(
        best.project.memberships.filter(status="active").values_list("user_id", flat=True)
    ) | {best.submitted_by_id}
    won = Notification.objects.filter(kind="labels.contest_won")
    assert sorted(won.values_list("recipient_id", flat=True)) == sorted(winners)
    results = Notification.objects.filter(kind="labels.contest_results")
    assert list(results.values_list("recipient_id", flat=True)) == [other.submitted_by_id]
    assert selectors.target_path(results.get(), "de") == "/de/labels/contest/2027/winners/"
    # The other entrant chose « only on the site »: no results e-mail for them.
    assert not [m for m in mail.outbox if m.to == [other.submitted_by.email]]
