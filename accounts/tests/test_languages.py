from django.core import mail
from django.urls import reverse

from accounts import services
from accounts.tests.factories import TeacherFactory


def test_each_language_has_its_url_prefix_and_translated_page(client, db):
    titles = {
        "fr": "Qui peut participer ?",
        "nl": "Wie kan deelnemen?",
        "de": "Wer kann teilnehmen?",
        "en": "Who can take part?",
    }
    for code, title in titles.items():
        response = client.get(f"/{code}/who-can-take-part/")
        assert response.status_code == 200
        body = response.content.decode()
        assert f'<html lang="{code}">' in body
        assert title in body


def test_country_names_follow_the_page_language(client, db):
    assert "Belgique" in client.get("/fr/who-can-take-part/").content.decode()
    assert "België" in client.get("/nl/who-can-take-part/").content.decode()
    assert "Belgien" in client.get("/de/who-can-take-part/").content.decode()


def test_the_switcher_keeps_the_page_and_changes_the_language(client, db):
    response = client.post(
        reverse("set_language"), {"language": "de", "next": "/fr/who-can-take-part/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/de/who-can-take-part/"


def test_switching_language_is_remembered_on_the_teachers_profile(client, teacher):
    client.force_login(teacher)
    client.post(reverse("set_language"), {"language": "nl", "next": "/fr/dashboard/"})
    teacher.refresh_from_db()
    assert teacher.preferred_language == "nl"


def test_a_logged_in_teacher_lands_in_their_preferred_language(client, db):
    german = TeacherFactory(preferred_language="de")
    client.force_login(german)
    response = client.get("/")
    assert response["Location"] == "/de/"


def test_an_explicit_language_in_the_url_wins_over_the_preference(client, db):
    german = TeacherFactory(preferred_language="de")
    client.force_login(german)
    body = client.get("/en/who-can-take-part/").content.decode()
    assert "Who can take part?" in body


def test_login_redirects_to_the_dashboard_in_the_preferred_language(client, db):
    TeacherFactory(preferred_language="en", email="en@example.org")
    response = client.post(
        "/fr/accounts/login/", {"login": "en@example.org", "password": "pass-word-123"}
    )
    assert response["Location"] == "/en/dashboard/"


def test_emails_use_the_recipients_language_not_the_requests(
    client, db, staff_fwb, fwb_school, django_capture_on_commit_callbacks
):
    german = TeacherFactory(school=fwb_school, status="pending", preferred_language="de")
    english = TeacherFactory(school=fwb_school, status="pending", preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        services.teacher_validate(teacher=german, by=staff_fwb)
        services.teacher_validate(teacher=english, by=staff_fwb)
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects[german.email] == "Ihre eTwinning-Anmeldung ist bestätigt"
    assert subjects[english.email] == "Your eTwinning registration is validated"
