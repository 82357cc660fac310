"""The dashboard panel, the data export, the demo data."""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import TeacherFactory
from partners import services
from partners.models import Announcement, Message
from partners.selectors import are_contacts
from partners.tests.factories import publish, teacher_in

pytestmark = pytest.mark.django_db


def test_dashboard_shows_explained_suggestions_and_links(client):
    me = teacher_in("be-fwb", subject_codes=("mathematics",), language_codes=("fr",))
    teacher_in("pt", first_name="Ines", last_name="Costa")
    client.force_login(me)
    html = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Partenaires suggérés" in html
    assert "Ines Costa" in html
    assert "Enseigne aussi" in html
    assert reverse("partners:inbox") in html


def test_export_contains_announcements_contacts_and_messages_sent(client):
    me, other = TeacherFactory(), TeacherFactory()
    publish(me, title="Mon annonce")
    contact = services.contact_request_send(sender=me, recipient=other, message="Bonjour")
    services.contact_accept(contact=contact, by=other)
    services.message_send(sender=me, recipient=other, body="Premier message")
    services.message_send(sender=other, recipient=me, body="Réponse privée de l'autre")
    client.force_login(me)
    data = json.loads(client.get(reverse("accounts:export")).content)["partner_search"]
    assert [a["title"] for a in data["announcements"]] == ["Mon annonce"]
    assert data["contacts"][0]["status"] == "accepted"
    assert [m["body"] for m in data["messages_sent"]] == ["Premier message"]


def test_demo_data_has_announcements_contacts_and_messages():
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())  # idempotent
    claire = User.objects.get(email__startswith="claire.dubois@")
    ines = User.objects.get(email__startswith="ines.costa@")
    assert are_contacts(claire, ines)
    assert Announcement.objects.filter(author=claire).count() == 1
    assert Announcement.objects.count() >= 8
    assert Message.objects.filter(sender=claire, recipient=ines).count() == 1
