"""Pages drawing on several apps keep a constant number of SQL queries as their
data grows (the apps test their own pages; these are the cross-app ones)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.http import urlencode


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.PARTNERS_ANNOUNCEMENTS_PER_DAY = 1000


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _grow_teacher_world(teacher, n: int) -> None:
    """n more projects, contacts, messages, announcements and trainings around teacher."""
    from partners.models import Message
    from partners.tests.factories import publish
    from portal.tests.factories import NewsFactory
    from projects.tests.factories import active_project, make_contacts, teacher_in
    from trainings.tests.factories import RegistrationFactory

    for i in range(n):
        other = teacher_in("fr")
        make_contacts(teacher, other)
        Message.objects.create(sender=other, recipient=teacher, body=f"Bonjour {i}")
        active_project(teacher, other, title=f"Projet {i}")
        if i < 3:
            publish(teacher)
        RegistrationFactory(teacher=teacher)
        NewsFactory()


def test_the_dashboard_query_count_does_not_grow_with_the_teacher_data(
    client, teacher, django_assert_max_num_queries
):
    client.force_login(teacher)
    _grow_teacher_world(teacher, 1)
    small = _queries(client, reverse("accounts:dashboard"))
    _grow_teacher_world(teacher, 8)
    with django_assert_max_num_queries(small):
        assert client.get(reverse("accounts:dashboard")).status_code == 200


def test_the_home_page_query_count_does_not_grow_with_news_trainings_and_projects(
    client, db, django_assert_max_num_queries
):
    from portal.tests.factories import NewsFactory
    from projects.tests.factories import active_project, teacher_in
    from trainings.tests.factories import TrainingFactory

    def grow(n):
        for i in range(n):
            NewsFactory()
            TrainingFactory()
            active_project(teacher_in("be-fwb"), teacher_in("fr"), title=f"Public {i}")

    grow(1)
    small = _queries(client, reverse("portal:home"))
    grow(10)
    from django.core.cache import cache

    cache.clear()
    with django_assert_max_num_queries(small):
        assert client.get(reverse("portal:home")).status_code == 200


def test_the_space_pages_list_query_count_does_not_grow_with_pages(
    client, db, django_assert_max_num_queries
):
    from projects.space import services
    from projects.space.tests.factories import actor, make_space

    space = make_space()
    admin = actor(space.project, user=space.founder)
    client.force_login(space.founder)
    url = reverse("space:pages", kwargs={"project_id": space.project.pk})
    services.page_create(actor=admin, title="Accueil", body="<p>Bonjour</p>")
    small = _queries(client, url)
    for i in range(12):
        services.page_create(actor=admin, title=f"Page {i}", body="<p>Texte</p>")
    with django_assert_max_num_queries(small):
        assert client.get(url).status_code == 200


def test_the_project_gallery_query_count_does_not_grow_with_projects(
    client, db, django_assert_max_num_queries
):
    from projects.tests.factories import active_project, teacher_in

    active_project(teacher_in("be-fwb"), teacher_in("fr"), title="Premier")
    small = _queries(client, reverse("projects:gallery"))
    for i in range(15):
        active_project(teacher_in("be-fwb"), teacher_in("de"), title=f"Projet {i}")
    with django_assert_max_num_queries(small):
        assert client.get(reverse("projects:gallery")).status_code == 200


def test_the_filtered_project_gallery_query_count_does_not_grow_with_projects(
    client, db, django_assert_max_num_queries
):
    from django.core.cache import cache

    from accounts.models import Country, Subject
    from projects.tests.factories import active_project, teacher_in

    maths = Subject.objects.filter(code="mathematics")

    def grow(n):
        for i in range(n):
            active_project(
                teacher_in("be-fwb"), teacher_in("de"), title=f"Filtré {i}", subjects=maths
            )

    url = reverse("projects:gallery")
    params = {
        "country": Country.objects.get(code__iexact="de").pk,
        "subject": maths.get().pk,
        "age": 10,
        "year": 2026,
        "label": "national",
    }
    grow(1)
    small = _queries(client, f"{url}?{urlencode(params)}")
    grow(15)
    cache.clear()  # the total and the filter choices are cached: compare cold pages
    with django_assert_max_num_queries(small):
        assert client.get(url, params).status_code == 200
