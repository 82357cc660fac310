from django.urls import reverse

from accounts.tests.factories import SchoolFactory, TeacherFactory


def test_root_redirects_to_the_french_home(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/fr/"


def test_home_shows_live_counts_from_the_database(client, db):
    TeacherFactory.create_batch(3)
    TeacherFactory(status="pending")
    SchoolFactory(status="pending")
    response = client.get(reverse("accounts:home"))
    assert response.status_code == 200
    assert response.context["counts"] == {"teachers": 3, "schools": 4, "countries": 40}
    assert "enseignants inscrits" in response.content.decode()


def test_who_can_take_part_groups_countries_by_programme(client, db):
    response = client.get(reverse("accounts:countries"))
    core = [c.code for c in response.context["core_countries"]]
    plus = [c.code for c in response.context["plus_countries"]]
    assert "BE" in core and "NO" in core and "GE" not in core
    assert set(plus) == {"AM", "AZ", "GE", "MD", "UA", "TN", "JO", "LB"}


def test_a_deactivated_country_disappears_from_who_can_take_part(client, db):
    from accounts.models import Country

    Country.objects.filter(code="LB").update(is_active=False)
    response = client.get(reverse("accounts:countries"))
    assert "LB" not in [c.code for c in response.context["plus_countries"]]


def test_contact_page_shows_the_fwb_service(client, db):
    body = client.get(reverse("accounts:contact")).content.decode()
    assert "etwinning@cfwb.be" in body
    assert "+32 (0)2 542 62 88" in body
    assert "Chaussée de Charleroi 111" in body


def test_every_public_page_has_the_language_switcher(client, db):
    for name in ["accounts:home", "accounts:countries", "accounts:contact"]:
        body = client.get(reverse(name)).content.decode()
        for code in ["fr", "nl", "de", "en"]:
            assert f'name="language" value="{code}"' in body


def test_pages_carry_a_content_security_policy(client, db):
    response = client.get(reverse("accounts:home"))
    policy = response["Content-Security-Policy"]
    assert "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "base-uri 'none'" in policy
    assert "script-src 'self'" in policy


def test_healthz_answers_ok(client, db):
    assert client.get("/healthz/").content == b"ok"
