"""Publishing, editing, closing, renewing announcements; the search page itself."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import Language, Subject
from accounts.tests.factories import TeacherFactory
from partners import services
from partners.models import Announcement, AnnouncementStatus, SearchEntry
from partners.tests.factories import next_month, publish

pytestmark = pytest.mark.django_db


def _form(**overrides):
    data = {
        "title": "Défis mathématiques",
        "idea": "Des énigmes entre deux classes.",
        "language": "fr",
        "subjects": [Subject.objects.get(code="mathematics").pk],
        "languages": [Language.objects.get(code="fr").pk],
        "age_min": 9,
        "age_max": 11,
        "partners_wanted": 2,
        "start_month": next_month().strftime("%Y-%m"),
        "duration_months": 6,
        "plus_welcome": "on",
        "expires_in_months": 3,
    }
    data.update(overrides)
    return data


def test_a_teacher_publishes_from_the_form_and_it_is_indexed(client):
    teacher = TeacherFactory()
    client.force_login(teacher)
    response = client.post(reverse("partners:announcement_new"), _form())
    announcement = Announcement.objects.get()
    assert response.status_code == 302
    assert announcement.author == teacher
    assert 85 <= (announcement.expires_at - timezone.now()).days <= 93
    assert SearchEntry.objects.get(announcement=announcement).visible


def test_bad_input_keeps_what_was_typed_and_writes_nothing(client):
    client.force_login(TeacherFactory())
    response = client.post(
        reverse("partners:announcement_new"), _form(age_min=12, age_max=9, subjects=[])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Défis mathématiques" in html
    assert not Announcement.objects.exists()


def test_expiry_is_at_most_six_months():
    with pytest.raises(ValidationError):
        publish(TeacherFactory(), expires_in_months=7)


def test_the_author_edits_closes_and_renews(client):
    teacher = TeacherFactory()
    announcement = publish(teacher)
    client.force_login(teacher)
    client.post(
        reverse("partners:announcement_edit", args=[announcement.pk]), _form(title="Nouveau titre")
    )
    announcement.refresh_from_db()
    assert announcement.title == "Nouveau titre"
    client.post(reverse("partners:announcement_close", args=[announcement.pk]))
    announcement.refresh_from_db()
    assert announcement.status == AnnouncementStatus.CLOSED
    assert not SearchEntry.objects.get(announcement=announcement).visible
    Announcement.objects.filter(pk=announcement.pk).update(
        expires_at=timezone.now() - timedelta(days=1)
    )
    client.post(reverse("partners:announcement_renew", args=[announcement.pk]))
    announcement.refresh_from_db()
    assert announcement.status == AnnouncementStatus.OPEN
    assert announcement.expires_at > timezone.now() + timedelta(days=80)
    assert SearchEntry.objects.get(announcement=announcement).visible


def test_expired_announcements_are_swept_out_of_the_index():
    announcement = publish(TeacherFactory())
    SearchEntry.objects.filter(announcement=announcement).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    assert services.announcements_expire() == 1
    assert not SearchEntry.objects.get(announcement=announcement).visible


def test_the_search_page_holds_the_query_in_the_url_and_works_without_javascript(client):
    author = TeacherFactory()
    publish(author, title="Mascotte voyageuse", idea="La mascotte visite les classes.")
    client.force_login(TeacherFactory())
    response = client.get(reverse("partners:search"), {"q": "mascotte", "sort": "newest"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html and "Mascotte voyageuse" in html
    assert 'value="mascotte"' in html
    assert 'data-hx-push-url="true"' in html


def test_htmx_requests_get_only_the_search_fragment(client):
    publish(TeacherFactory(), title="Mascotte voyageuse")
    client.force_login(TeacherFactory())
    response = client.get(reverse("partners:search"), {"q": "mascotte"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="partner-search"' in html and "Mascotte voyageuse" in html
    assert "HX-Request" in response["Vary"]


def test_invalid_filters_are_ignored_with_a_notice(client):
    client.force_login(TeacherFactory())
    response = client.get(reverse("partners:search"), {"age_min": "abc", "country": "x"})
    assert response.status_code == 200
    assert "ignorés" in response.content.decode()


def test_profile_setting_hides_the_teacher_from_search(
    client, teacher, django_capture_on_commit_callbacks
):
    from partners import search
    from partners.search_index import teacher_reindex

    teacher_reindex(teacher)
    viewer = TeacherFactory()
    assert teacher.pk in {
        e.teacher_id for e in search.search(search.Query(kind="teacher"), user=viewer).entries
    }
    client.force_login(teacher)
    from accounts.selectors import profile_initial

    data = {k: v for k, v in profile_initial(teacher=teacher).items() if v is not None}
    data.update({"hidden_from_search": "on", "available_for_projects": "on"})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:profile"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    teacher.refresh_from_db()
    assert teacher.hidden_from_search
    assert teacher.pk not in {
        e.teacher_id for e in search.search(search.Query(kind="teacher"), user=viewer).entries
    }
