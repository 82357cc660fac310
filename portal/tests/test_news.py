"""The support services' news: the public list and pages in the reader's language,
and the staff writing them in admin for their own service only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accounts.tests.factories import service
from portal.models import News
from portal.tests.factories import NewsFactory

pytestmark = pytest.mark.django_db


def test_the_list_shows_published_news_newest_first(client):
    NewsFactory(title="Ancienne", published_at=timezone.now() - timedelta(days=3))
    NewsFactory(title="Récente")
    NewsFactory(title="Brouillon", is_published=False)
    html = client.get(reverse("portal:news")).content.decode()
    assert html.index("Récente") < html.index("Ancienne")
    assert "Brouillon" not in html


def test_news_shows_in_the_readers_language(client):
    news = NewsFactory(title_fr="Bonne nouvelle", title_nl="Goed nieuws")
    with translation.override("nl"):
        url = reverse("portal:news_detail", args=[news.pk])
    assert "Goed nieuws" in client.get(url).content.decode()


def test_unpublished_news_is_hidden(client):
    news = NewsFactory(is_published=False)
    assert client.get(reverse("portal:news_detail", args=[news.pk])).status_code == 404
    future = NewsFactory(published_at=timezone.now() + timedelta(days=1))
    assert client.get(reverse("portal:news_detail", args=[future.pk])).status_code == 404


def test_staff_see_only_their_services_news(client, staff_fwb):
    own, other = NewsFactory(service=service("be-fwb")), NewsFactory(service=service("be-vl"))
    client.force_login(staff_fwb)
    listing = client.get(reverse("admin:portal_news_changelist"))
    assert listing.status_code == 200
    assert list(listing.context["cl"].result_list) == [own]
    assert client.get(reverse("admin:portal_news_change", args=[own.pk])).status_code == 200
    assert client.get(reverse("admin:portal_news_change", args=[other.pk])).status_code == 302


def test_staff_write_news_in_four_languages_for_their_service(client, staff_fwb):
    client.force_login(staff_fwb)
    now = timezone.localtime()
    data = {
        "service": staff_fwb.staff_service_id,
        "published_at_0": now.strftime("%d/%m/%Y"),
        "published_at_1": "10:00:00",
        "is_published": "on",
    }
    for lang, title in {
        "fr": "Concours",
        "nl": "Wedstrijd",
        "de": "Wettbewerb",
        "en": "Contest",
    }.items():
        data |= {f"title_{lang}": title, f"summary_{lang}": title, f"body_{lang}": title}
    response = client.post(reverse("admin:portal_news_add"), data)
    assert response.status_code == 302
    news = News.objects.get()
    assert (news.service_id, news.title_de) == (staff_fwb.staff_service_id, "Wettbewerb")


def test_staff_cannot_create_content_for_another_service(client, staff_fwb):
    client.force_login(staff_fwb)
    now = timezone.localtime()
    response = client.post(
        reverse("admin:portal_news_add"),
        {
            "service": service("be-vl").pk,
            "title_fr": "x",
            "summary_fr": "x",
            "body_fr": "x",
            "published_at_0": now.strftime("%d/%m/%Y"),
            "published_at_1": "10:00:00",
        },
    )
    assert response.status_code == 200  # the form refuses the other service
    assert not News.objects.exists()


def test_the_service_refuses_news_of_another_service(staff_fwb):
    from django.core.exceptions import PermissionDenied

    from portal.services import news_save

    news = NewsFactory.build(service=service("be-vl"))
    with pytest.raises(PermissionDenied):
        news_save(news=news, by=staff_fwb)
    assert not News.objects.exists()


def test_a_publication_time_lost_to_the_autumn_clock_change_is_refused_clearly(client, staff_fwb):
    """02:30 on 31 October 2027 happens twice in Brussels: the form says so and keeps
    what was typed, instead of guessing which one."""
    client.force_login(staff_fwb)
    response = client.post(
        reverse("admin:portal_news_add"),
        {
            "service": staff_fwb.staff_service_id,
            "title_fr": "Heure d'hiver",
            "summary_fr": "x",
            "body_fr": "x",
            "published_at_0": "31/10/2027",
            "published_at_1": "02:30:00",
            "is_published": "on",
        },
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["published_at"]
    assert "Europe/Brussels" in errors[0]
    assert "Heure d&#x27;hiver" in response.content.decode()
    assert not News.objects.exists()
