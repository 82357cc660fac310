"""Public pages (trainings, news, about, statistics), the teacher's pages, the
home page's sections, and who may do what on each view."""

from __future__ import annotations

from datetime import timedelta
from html import unescape

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from trainings.models import Registration, RegistrationStatus
from trainings.tests.factories import NewsFactory, RegistrationFactory, TrainingFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["list", "news", "about", "statistics"])
@pytest.mark.parametrize("language", ["fr", "nl", "de", "en"])
def test_public_pages_open_to_everybody_in_four_languages(client, name, language):
    with translation.override(language):
        url = reverse(f"trainings:{name}")
    response = client.get(url)
    assert response.status_code == 200
    assert f'lang="{language}"' in response.content.decode()


def test_the_about_page_tells_what_the_brochure_says(client):
    html = client.get(reverse("trainings:about")).content.decode()
    for heading in (
        "Pourquoi ?",
        "Pour qui ?",
        "Comment ?",
        "Avec qui ?",
        "Quel soutien aux projets ?",
        "Quelle valorisation des projets ?",
    ):
        assert heading in html


def test_the_about_page_is_translated(client):
    with translation.override("de"):
        url = reverse("trainings:about")
    html = client.get(url).content.decode()
    assert "Warum?" in html
    assert "Pourquoi ?" not in html


def test_news_shows_in_the_readers_language(client):
    news = NewsFactory(title_fr="Bonne nouvelle", title_nl="Goed nieuws")
    with translation.override("nl"):
        url = reverse("trainings:news_detail", args=[news.pk])
    assert "Goed nieuws" in client.get(url).content.decode()


def test_unpublished_news_is_hidden(client):
    news = NewsFactory(is_published=False)
    assert client.get(reverse("trainings:news_detail", args=[news.pk])).status_code == 404
    future = NewsFactory(published_at=timezone.now() + timedelta(days=1))
    assert client.get(reverse("trainings:news_detail", args=[future.pk])).status_code == 404


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


def test_the_home_page_shows_upcoming_trainings_and_latest_news(client):
    TrainingFactory(title="Formation de printemps")
    NewsFactory(title="Dernière nouvelle")
    html = client.get(reverse("accounts:home")).content.decode()
    assert "Formation de printemps" in html
    assert "Dernière nouvelle" in html


def test_the_home_sections_are_cached(client, django_assert_max_num_queries):
    TrainingFactory()
    NewsFactory()
    client.get(reverse("accounts:home"))
    with django_assert_max_num_queries(3):
        client.get(reverse("accounts:home"))


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
