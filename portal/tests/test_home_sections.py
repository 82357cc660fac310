"""The home page's sections: each app contributes its own through a ``home_sections``
hook (trainings: upcoming trainings; labels: the contest deadline and the awarded
projects, labels/tests/test_showcase.py; the portal itself: the latest news), each
cached briefly per language."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from etwinning import hooks
from portal.tests.factories import NewsFactory
from trainings.tests.factories import TrainingFactory

pytestmark = pytest.mark.django_db


def test_the_home_page_shows_upcoming_trainings_and_latest_news(client):
    TrainingFactory(title="Formation de printemps")
    NewsFactory(title="Dernière nouvelle")
    html = client.get(reverse("portal:home")).content.decode()
    assert "Formation de printemps" in html
    assert "Dernière nouvelle" in html


def test_the_home_sections_are_cached(client, django_assert_max_num_queries):
    TrainingFactory()
    NewsFactory()
    client.get(reverse("portal:home"))
    with django_assert_max_num_queries(3):
        client.get(reverse("portal:home"))


def test_the_news_section_is_cached_per_language(client):
    NewsFactory(title_fr="Bonne nouvelle", title_nl="Goed nieuws")
    client.get(reverse("portal:home"))
    with translation.override("nl"):
        url = reverse("portal:home")
    assert "Goed nieuws" in client.get(url).content.decode()


def test_no_news_section_without_news(client):
    assert "Dernières actualités" not in client.get(reverse("portal:home")).content.decode()


def _section(request):
    return {"template": "portal/_home_news.html", "news": [], "marker": True}


def test_the_sections_come_from_the_hooks_in_order(client):
    NewsFactory(title="Dernière nouvelle")
    with hooks.replaced("home_sections", _section):
        response = client.get(reverse("portal:home"))
    assert [section.get("marker") for section in response.context["sections"]] == [True]
    assert "Dernière nouvelle" not in response.content.decode()
