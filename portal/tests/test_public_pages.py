"""The portal's own pages: home (live counts), who can take part, contact, about,
their languages and addresses, the security headers and the health check."""

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.tests.factories import SchoolFactory, TeacherFactory


def test_root_redirects_to_the_french_home(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/fr/"


def test_home_shows_live_counts_from_the_database(client, db):
    TeacherFactory.create_batch(3)
    TeacherFactory(status="pending")
    SchoolFactory(status="pending")
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    assert response.context["counts"] == {"teachers": 3, "schools": 4, "countries": 40}
    assert "enseignants inscrits" in response.content.decode()


def test_who_can_take_part_groups_countries_by_programme(client, db):
    response = client.get(reverse("portal:countries"))
    core = [c.code for c in response.context["core_countries"]]
    plus = [c.code for c in response.context["plus_countries"]]
    assert "BE" in core and "NO" in core and "GE" not in core
    assert set(plus) == {"AM", "AZ", "GE", "MD", "UA", "TN", "JO", "LB"}


def test_a_deactivated_country_disappears_from_who_can_take_part(client, db):
    from accounts.models import Country

    Country.objects.filter(code="LB").update(is_active=False)
    response = client.get(reverse("portal:countries"))
    assert "LB" not in [c.code for c in response.context["plus_countries"]]


def test_contact_page_shows_the_fwb_service(client, db):
    body = client.get(reverse("portal:contact")).content.decode()
    assert "etwinning@cfwb.be" in body
    assert "+32 (0)2 542 62 88" in body
    assert "Chaussée de Charleroi 111" in body


def test_every_public_page_has_the_language_switcher(client, db):
    for name in ["portal:home", "portal:countries", "portal:contact"]:
        body = client.get(reverse(name)).content.decode()
        for code in ["fr", "nl", "de", "en"]:
            assert f'name="language" value="{code}"' in body


def test_pages_carry_a_content_security_policy(client, db):
    response = client.get(reverse("portal:home"))
    policy = response["Content-Security-Policy"]
    assert "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "base-uri 'none'" in policy
    assert "script-src 'self'" in policy


def test_healthz_answers_ok(client, db):
    assert client.get("/healthz/").content == b"ok"


@pytest.mark.parametrize("name", ["home", "countries", "contact", "news", "about", "statistics"])
@pytest.mark.parametrize("language", ["fr", "nl", "de", "en"])
def test_public_pages_open_to_everybody_in_four_languages(client, db, name, language):
    with translation.override(language):
        url = reverse(f"portal:{name}")
    response = client.get(url)
    assert response.status_code == 200
    assert f'lang="{language}"' in response.content.decode()


def test_the_pages_keep_their_addresses(db):
    """The pages moved between apps; links, bookmarks and benchmarks keep working."""
    addresses = {
        "portal:home": "/fr/",
        "portal:countries": "/fr/who-can-take-part/",
        "portal:contact": "/fr/contact/",
        "portal:about": "/fr/about/",
        "portal:news": "/fr/news/",
        "portal:statistics": "/fr/statistics/",
    }
    assert {name: reverse(name) for name in addresses} == addresses
    assert reverse("portal:news_detail", args=[7]) == "/fr/news/7/"
    assert reverse("healthz") == "/healthz/"


def test_the_about_page_tells_what_the_brochure_says(client, db):
    html = client.get(reverse("portal:about")).content.decode()
    for heading in (
        "Pourquoi ?",
        "Pour qui ?",
        "Comment ?",
        "Avec qui ?",
        "Quel soutien aux projets ?",
        "Quelle valorisation des projets ?",
    ):
        assert heading in html


def test_the_about_page_is_translated(client, db):
    with translation.override("de"):
        url = reverse("portal:about")
    html = client.get(url).content.decode()
    assert "Warum?" in html
    assert "Pourquoi ?" not in html
