"""Pupil logins: created by a teacher administrator, password shown once, valid only
in that project space, rate-limited per pupil login and per client address (allauth's
rate limiting, the client address as allauth takes it behind the proxy), ended when the
project is archived."""

import re

import pytest
from django.contrib.auth.hashers import check_password
from django.test import Client
from django.urls import reverse

from projects.models import ProjectState
from projects.space.models import PupilAccount
from projects.space.permissions import SESSION_PUPIL_KEY
from projects.space.services import pupils_end_for_closed_projects
from projects.space.tests.factories import PUPIL_PASSWORD, make_space


@pytest.fixture
def space(db):
    return make_space()


def _login(client, space, username, password, **extra):
    return client.post(
        reverse("space:login", args=[space.project.pk]),
        {"username": username, "password": password},
        **extra,
    )


def test_a_teacher_administrator_creates_a_login_and_sees_the_password_once(client, space):
    client.force_login(space.founder)
    response = client.post(
        reverse("space:pupils", args=[space.project.pk]),
        {"display_name": "Zoé", "class_label": "5A"},
    )
    html = response.content.decode()
    password = re.search(r'data-testid="pupil-secret">([a-z0-9]+)<', html).group(1)
    pupil = PupilAccount.objects.get(display_name="Zoé")
    assert pupil.username == "zoe" and pupil.created_by == space.founder
    assert password not in pupil.password and check_password(password, pupil.password)
    again = client.get(reverse("space:pupils", args=[space.project.pk])).content.decode()
    assert password not in again


def test_a_pupil_logs_in_with_a_new_session_key_and_reads_the_space(client, space):
    client.get(reverse("space:login", args=[space.project.pk]))
    before = client.session.session_key
    response = _login(client, space, "lea", PUPIL_PASSWORD)
    assert response.status_code == 302
    assert client.session[SESSION_PUPIL_KEY] == space.pupil.pk
    assert client.session.session_key != before
    home = client.get(reverse("space:home", args=[space.project.pk]))
    assert "Connecté·e comme élève : Léa" in home.content.decode()


@pytest.mark.parametrize("page", ["space:home", "space:journal", "space:forum", "space:members"])
def test_a_logged_in_pupil_is_not_offered_a_teachers_login_or_sign_up(client, space, page):
    login, signup = reverse("account_login"), reverse("account_signup")
    anonymous = client.get(reverse("space:login", args=[space.project.pk])).content.decode()
    assert f'href="{login}"' in anonymous and f'href="{signup}"' in anonymous

    _login(client, space, "lea", PUPIL_PASSWORD)
    html = client.get(reverse(page, args=[space.project.pk])).content.decode()
    assert "Connecté·e comme élève : Léa" in html
    assert f'href="{login}"' not in html and f'href="{signup}"' not in html
    assert reverse("space:logout", args=[space.project.pk]) in html


def test_a_wrong_password_is_refused_with_a_clear_message(client, space):
    response = _login(client, space, "lea", "nope")
    assert "Identifiant ou mot de passe incorrect" in response.content.decode()
    assert SESSION_PUPIL_KEY not in client.session


def test_a_pupil_login_does_not_open_another_project(client, space):
    other = make_space()
    PupilAccount.objects.filter(project=other.project).delete()
    response = _login(client, other, "lea", PUPIL_PASSWORD)
    assert SESSION_PUPIL_KEY not in client.session
    assert "incorrect" in response.content.decode()


def test_guessing_is_stopped_after_the_limit(client, space, settings):
    settings.SPACE_PUPIL_LOGIN_ATTEMPTS = 3
    for _ in range(3):
        _login(client, space, "lea", "wrong")
    response = _login(client, space, "lea", PUPIL_PASSWORD)
    assert response.status_code == 429
    assert "Trop d&#x27;essais" in response.content.decode()
    assert SESSION_PUPIL_KEY not in client.session


# --- One class behind one address (a school's NAT, the portal's proxy) ------------------

SCHOOL_NAT = "192.0.2.10"


def test_ten_mistakes_of_one_pupil_do_not_lock_their_classmates_out(client, space):
    for _ in range(10):
        _login(client, space, "lea", "wrong", REMOTE_ADDR=SCHOOL_NAT)
    classmate = Client()
    response = _login(classmate, space, "tom", PUPIL_PASSWORD, REMOTE_ADDR=SCHOOL_NAT)
    assert response.status_code == 302
    assert classmate.session[SESSION_PUPIL_KEY] == space.pupil_admin.pk


def test_a_guessed_pupil_login_is_locked_from_every_address(client, space):
    for number in range(10):
        _login(client, space, "lea", "wrong", REMOTE_ADDR=f"203.0.113.{number}")
    elsewhere = Client()
    response = _login(elsewhere, space, "lea", PUPIL_PASSWORD, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 429
    assert SESSION_PUPIL_KEY not in elsewhere.session


def test_a_successful_login_does_not_count_as_a_mistake(client, space, settings):
    settings.SPACE_PUPIL_LOGIN_ATTEMPTS = 3
    for _ in range(5):
        assert _login(Client(), space, "lea", PUPIL_PASSWORD).status_code == 302
    _login(client, space, "lea", "wrong")
    assert _login(Client(), space, "lea", PUPIL_PASSWORD).status_code == 302


def test_one_address_guessing_many_logins_is_stopped(client, space, settings):
    settings.SPACE_PUPIL_LOGIN_ATTEMPTS_PER_ADDRESS = 5
    for name in ["ana", "bob", "eva", "ian", "lou"]:
        _login(client, space, name, "wrong", REMOTE_ADDR=SCHOOL_NAT)
    response = _login(Client(), space, "tom", PUPIL_PASSWORD, REMOTE_ADDR=SCHOOL_NAT)
    assert response.status_code == 429
    assert (
        _login(Client(), space, "tom", PUPIL_PASSWORD, REMOTE_ADDR="198.51.100.7").status_code
        == 302
    )


def test_behind_the_proxy_the_forwarded_client_address_counts(client, space, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.SPACE_PUPIL_LOGIN_ATTEMPTS_PER_ADDRESS = 5
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for name in ["ana", "bob", "eva", "ian", "lou"]:
        _login(client, space, name, "wrong", HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy)
    guesser = _login(
        Client(), space, "tom", PUPIL_PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy
    )
    assert guesser.status_code == 429
    # Another school through the same proxy is not concerned.
    other = _login(
        Client(), space, "tom", PUPIL_PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.9", **proxy
    )
    assert other.status_code == 302


def test_a_reset_password_replaces_the_old_one(client, space):
    client.force_login(space.founder)
    response = client.post(reverse("space:pupil_reset", args=[space.project.pk, space.pupil.pk]))
    password = re.search(
        r'data-testid="pupil-secret">([a-z0-9]+)<', response.content.decode()
    ).group(1)
    client.logout()
    assert (
        SESSION_PUPIL_KEY not in _login(client, space, "lea", PUPIL_PASSWORD).wsgi_request.session
    )
    assert _login(client, space, "lea", password).status_code == 302


def test_only_the_creating_teacher_manages_their_class(client, space):
    client.force_login(space.cofounder)
    client.post(
        reverse("space:pupil_active", args=[space.project.pk, space.pupil.pk]), {"active": "0"}
    )
    space.pupil.refresh_from_db()
    assert space.pupil.is_active


def test_a_deactivated_login_is_refused_and_its_session_ends(client, space):
    _login(client, space, "lea", PUPIL_PASSWORD)
    PupilAccount.objects.filter(pk=space.pupil.pk).update(is_active=False)
    response = client.get(reverse("space:home", args=[space.project.pk]))
    assert response.status_code == 302 and "/login/" in response.url


def test_archiving_ends_pupil_logins(client, space):
    _login(client, space, "lea", PUPIL_PASSWORD)
    space.project.state = ProjectState.ARCHIVED
    space.project.save()
    assert client.get(reverse("space:home", args=[space.project.pk])).status_code == 302
    client.session.flush()
    response = _login(client, space, "lea", PUPIL_PASSWORD)
    assert "archivé" in response.content.decode()
    assert pupils_end_for_closed_projects() == 2
    assert not PupilAccount.objects.filter(project=space.project, is_active=True).exists()


def test_pupil_names_are_unique_in_a_project(client, space):
    client.force_login(space.founder)
    response = client.post(
        reverse("space:pupils", args=[space.project.pk]), {"display_name": "léa"}
    )
    assert "porte déjà ce nom" in response.content.decode()
