"""One-click unsubscribe (RFC 8058): the signed token is the only credential."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.tests.factories import SchoolFactory, TeacherFactory
from bulletins.mailing import unsubscribe_token
from bulletins.models import Unsubscription
from bulletins.selectors import bulletin_recipients

pytestmark = pytest.mark.django_db


def _url(email: str) -> str:
    with translation.override("fr"):
        return reverse("bulletins:unsubscribe", kwargs={"token": unsubscribe_token(email)})


def test_get_only_asks_for_confirmation(client, teacher):
    response = client.get(_url(teacher.email))

    assert response.status_code == 200
    assert b'<form method="post">' in response.content
    assert b'<button type="submit"' in response.content
    teacher.refresh_from_db()
    assert teacher.bulletin_subscribed is True


def test_one_click_post_works_without_login_or_csrf_cookie(teacher):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(_url(teacher.email), {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    teacher.refresh_from_db()
    assert teacher.bulletin_subscribed is False
    assert Unsubscription.objects.filter(email=teacher.email).exists()


def test_a_school_contact_unsubscribes_and_is_no_longer_a_recipient(client, db):
    school = SchoolFactory(contact_email="Secretariat@Ecole.be")

    client.post(_url("secretariat@ecole.be"))

    recipients = [
        r.email for batch in bulletin_recipients(service=school.support_service) for r in batch
    ]
    assert "secretariat@ecole.be" not in recipients


def test_a_tampered_token_is_refused(client, teacher):
    token = unsubscribe_token(teacher.email)
    response = client.post(reverse("bulletins:unsubscribe", kwargs={"token": token[:-2] + "xx"}))

    assert response.status_code == 400
    teacher.refresh_from_db()
    assert teacher.bulletin_subscribed is True


def test_a_teacher_who_resubscribes_in_the_profile_receives_again(client, db):
    teacher = TeacherFactory(email="back@example.org")
    client.post(_url(teacher.email))
    teacher.refresh_from_db()
    teacher.bulletin_subscribed = True
    teacher.save()

    recipients = [
        r.email for batch in bulletin_recipients(service=teacher.support_service) for r in batch
    ]
    assert "back@example.org" in recipients
