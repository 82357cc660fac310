"""A school renamed or moved in admin: its teachers' and announcements' search
rows follow (through ``SCHOOL_CHANGED_HOOKS`` and a Celery task)."""

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from partners import search
from partners.models import EntryKind, SearchEntry
from partners.tests.factories import publish, teacher_in

pytestmark = pytest.mark.django_db


def _names(user, text, kind=EntryKind.ANNOUNCEMENT) -> set[str]:
    result = search.search(search.Query(text=text, kind=kind), user=user)
    return {e.school_name for e in result.entries}


def _admin_post(school) -> dict:
    data = {k: v for k, v in model_to_dict(school).items() if v is not None}
    return {k: v for k, v in data.items() if not isinstance(v, bool) or v}


def test_renaming_a_school_in_admin_reindexes_its_teachers_and_announcements(
    admin_client, django_capture_on_commit_callbacks
):
    me = teacher_in("be-fwb")
    author = teacher_in("pt", school_name="Escola Velha", city="Porto")
    publish(author, title="Robots")
    school = author.school
    data = _admin_post(school)
    data.update(name="Escola Nova Aurora", city="Braga")
    url = reverse("admin:accounts_school_change", args=[school.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].errors
    assert _names(me, "Aurora") == {"Escola Nova Aurora"}
    assert _names(me, "Aurora", EntryKind.TEACHER) == {"Escola Nova Aurora"}
    assert _names(me, "Velha") == set()
    assert set(SearchEntry.objects.filter(teacher=author).values_list("city", flat=True)) == {
        "Braga"
    }


def test_a_change_that_search_does_not_copy_leaves_the_index_alone(
    admin_client, django_capture_on_commit_callbacks
):
    author = teacher_in("pt", school_name="Escola Velha")
    school = author.school
    data = _admin_post(school)
    data.update(address="Rua Nova 1")
    url = reverse("admin:accounts_school_change", args=[school.pk])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = admin_client.post(url, data)
    assert response.status_code == 302
    assert callbacks == []
