"""Who may open which partner-search page: a matrix of roles x views."""

import pytest
from django.urls import reverse

from accounts.tests.factories import TeacherFactory
from partners import services
from partners.tests.factories import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def author():
    return TeacherFactory(first_name="Auteur")


@pytest.fixture
def urls(author):
    announcement = publish(author)
    return [
        reverse("partners:search"),
        reverse("partners:announcement", args=[announcement.pk]),
        reverse("partners:announcement_new"),
        reverse("partners:my_announcements"),
        reverse("partners:teacher", args=[author.pk]),
        reverse("partners:contact_request", args=[author.pk]),
        reverse("partners:contacts"),
        reverse("partners:inbox"),
        reverse("partners:report", args=["teacher", author.pk]),
    ]


def test_anonymous_visitors_are_sent_to_login_and_see_no_personal_data(client, urls, author):
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/login/" in response["Location"]
        assert author.last_name not in response.content.decode()


@pytest.mark.parametrize("kind", ["pending", "staff"])
def test_unvalidated_teachers_and_staff_are_refused(client, urls, kind, pending_teacher, staff_fwb):
    client.force_login(pending_teacher if kind == "pending" else staff_fwb)
    for url in urls:
        assert client.get(url).status_code == 403, url


def test_validated_teachers_open_every_page(client, urls):
    client.force_login(TeacherFactory())
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_a_hidden_profile_is_not_shown_to_strangers_but_to_contacts(client, author):
    author.hidden_from_search = True
    author.save()
    stranger, contact = TeacherFactory(), TeacherFactory()
    request = services.contact_request_send(sender=contact, recipient=author, message="Bonjour")
    services.contact_accept(contact=request, by=author)
    client.force_login(stranger)
    assert client.get(reverse("partners:teacher", args=[author.pk])).status_code == 404
    client.force_login(contact)
    assert client.get(reverse("partners:teacher", args=[author.pk])).status_code == 200


def test_only_the_author_edits_closes_or_renews(client, author):
    announcement = publish(author)
    client.force_login(TeacherFactory())
    for name in ("announcement_edit", "announcement_close", "announcement_renew"):
        url = reverse(f"partners:{name}", args=[announcement.pk])
        response = client.post(url) if name != "announcement_edit" else client.get(url)
        assert response.status_code == 404, name


def test_only_the_recipient_accepts_a_request(client, author):
    sender = TeacherFactory()
    contact = services.contact_request_send(sender=sender, recipient=author, message="Bonjour")
    client.force_login(sender)
    assert client.post(reverse("partners:contact_accept", args=[contact.pk])).status_code == 404
    client.force_login(author)
    assert client.post(reverse("partners:contact_accept", args=[contact.pk])).status_code == 302
    contact.refresh_from_db()
    assert contact.status == "accepted"
