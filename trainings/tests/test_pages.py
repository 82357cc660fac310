"""The public list of trainings, the teacher's pages, and who may do what on each
view. (The home page's upcoming trainings: portal/tests/test_home_sections.py.)"""

from __future__ import annotations

from datetime import timedelta
from html import unescape

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from trainings.models import Registration, RegistrationStatus
from trainings.tests.factories import RegistrationFactory, TrainingFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["fr", "nl", "de", "en"])
def test_the_list_opens_to_everybody_in_four_languages(client, language):
    with translation.override(language):
        url = reverse("trainings:list")
    response = client.get(url)
    assert response.status_code == 200
    assert f'lang="{language}"' in response.content.decode()


def test_the_list_shows_upcoming_published_trainings_only(client):
    upcoming = TrainingFactory(title="À venir")
    TrainingFactory(title="Brouillon", is_published=False)
    start = timezone.now() - timedelta(days=5)
    TrainingFactory(title="Passée", starts_at=start, ends_at=start, registration_deadline=start)
    html = client.get(reverse("trainings:list")).content.decode()
    assert upcoming.title in html
    assert "Brouillon" not in html and "Passée" not in html


def test_the_list_filters_by_format(client):
    TrainingFactory(title="Webinaire", format="online", online_link="https://meet.example.org/x")
    TrainingFactory(title="Présentiel")
    html = client.get(reverse("trainings:list"), {"format": "online"}).content.decode()
    assert "Webinaire" in html and "Présentiel" not in html


def test_a_teacher_registers_and_unregisters_through_the_pages(client, teacher):
    training = TrainingFactory(capacity=1)
    client.force_login(teacher)
    response = client.post(reverse("trainings:register", args=[training.pk]), follow=True)
    assert "Vous êtes inscrit·e à cette formation." in response.content.decode()
    assert Registration.objects.get().status == RegistrationStatus.CONFIRMED
    client.post(reverse("trainings:unregister", args=[training.pk]))
    assert Registration.objects.get().status == RegistrationStatus.CANCELLED


def test_a_full_training_offers_the_waiting_list(client, teacher):
    training = TrainingFactory(capacity=1)
    RegistrationFactory(training=training)
    client.force_login(teacher)
    page = client.get(reverse("trainings:detail", args=[training.pk])).content.decode()
    assert "M'inscrire sur la liste d'attente" in page
    response = client.post(reverse("trainings:register", args=[training.pk]), follow=True)
    html = response.content.decode()
    assert "liste d'attente" in html
    assert "n° 1 sur la liste d'attente" in html


def test_registration_after_the_deadline_shows_a_clear_error(client, teacher):
    start = timezone.now() + timedelta(hours=5)
    training = TrainingFactory(
        starts_at=start, registration_deadline=timezone.now() - timedelta(hours=1)
    )
    client.force_login(teacher)
    response = client.post(reverse("trainings:register", args=[training.pk]), follow=True)
    assert "La date limite d'inscription à cette formation est passée." in unescape(
        response.content.decode()
    )
    assert not Registration.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client):
    training = TrainingFactory()
    response = client.post(reverse("trainings:register", args=[training.pk]))
    assert response.status_code == 302 and "login" in response["Location"]
    assert client.get(reverse("trainings:mine")).status_code == 302
    assert client.get(reverse("trainings:request")).status_code == 302


def test_a_pending_teacher_is_told_to_wait_for_validation(client, pending_teacher):
    training = TrainingFactory()
    client.force_login(pending_teacher)
    page = client.get(reverse("trainings:detail", args=[training.pk])).content.decode()
    assert "doit être validé" in page
    client.post(reverse("trainings:register", args=[training.pk]))
    assert not Registration.objects.exists()


def test_an_application_form_keeps_the_motivation_on_error(client, teacher):
    training = TrainingFactory(format="abroad", place="Lisbonne")
    client.force_login(teacher)
    response = client.post(reverse("trainings:apply", args=[training.pk]), {"motivation": "Court"})
    assert response.status_code == 200
    assert "Court" in response.content.decode()
    assert not Registration.objects.exists()


def test_my_trainings_lists_my_registrations(client, teacher):
    RegistrationFactory(teacher=teacher, training__title="Ma formation")
    RegistrationFactory(training__title="Celle d'un autre")
    client.force_login(teacher)
    html = client.get(reverse("trainings:mine")).content.decode()
    assert "Ma formation" in html and "Celle d'un autre" not in html


def test_the_dashboard_shows_my_trainings(client, teacher):
    RegistrationFactory(teacher=teacher, training__title="Webinaire TwinSpace")
    client.force_login(teacher)
    html = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Webinaire TwinSpace" in html


def test_my_registrations_are_in_my_data_export(client, teacher):
    RegistrationFactory(teacher=teacher, training__title="Webinaire TwinSpace")
    client.force_login(teacher)
    data = client.get(reverse("accounts:export")).json()
    assert data["training_registrations"][0]["training"] == "Webinaire TwinSpace"


def test_no_email_is_sent_when_nobody_is_waiting(client, teacher):
    training = TrainingFactory(capacity=1)
    client.force_login(teacher)
    client.post(reverse("trainings:register", args=[training.pk]))
    mail.outbox.clear()
    client.post(reverse("trainings:unregister", args=[training.pk]))
    assert mail.outbox == []
