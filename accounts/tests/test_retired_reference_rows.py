"""A retired reference row (``is_active=False``) is no longer offered in forms and
search filters, but stays on, and is still shown on, the objects that use it."""

import pytest
from django.urls import reverse

from accounts.forms import ProfileForm, SchoolProposalForm
from accounts.models import Country, Language, Subject, SupportService
from partners.forms import AnnouncementForm
from partners.models import Announcement
from partners.presenters import announcement_initial
from partners.tests.factories import languages, next_month, publish, subjects, teacher_in
from projects.forms import ProjectDetailsForm

pytestmark = pytest.mark.django_db


def _retire(row):
    row.is_active = False
    row.save()
    return row


def _offered(form, name) -> set[str]:
    return set(form.fields[name].queryset.values_list("code", flat=True))


@pytest.fixture
def bulgarian():
    return Language.objects.get(code="bg")


@pytest.fixture
def announcement_with_bulgarian(bulgarian) -> Announcement:
    announcement = publish(
        teacher_in("be-fwb"),
        title="Contes bulgares et belges",
        languages=languages("fr", "bg"),
        wanted_countries=list(Country.objects.filter(code__in=["BG"])),
    )
    _retire(bulgarian)
    _retire(Country.objects.get(code="BG"))
    return announcement


def test_every_kind_of_reference_row_can_be_retired_and_active_leaves_it_out():
    for model in (Country, SupportService, Subject, Language):
        row = model.objects.order_by("pk").first()
        _retire(row)
        assert row not in model.objects.active(), model
        assert row in model.objects.all(), model


def test_a_new_announcement_is_not_offered_a_retired_language_and_cannot_post_it(client, bulgarian):
    _retire(bulgarian)
    teacher = teacher_in("be-fwb")
    client.force_login(teacher)

    assert "bg" not in _offered(AnnouncementForm(), "languages")
    response = client.post(
        reverse("partners:announcement_new"),
        {
            "title": "Contes",
            "idea": "Des contes lus à deux voix.",
            "language": "fr",
            "subjects": [s.pk for s in subjects("mathematics")],
            "languages": [bulgarian.pk],
            "age_min": 9,
            "age_max": 11,
            "partners_wanted": 1,
            "start_month": next_month().strftime("%Y-%m"),
            "duration_months": 6,
            "expires_in_months": 3,
        },
    )

    assert response.status_code == 200
    assert "languages" in response.context["form"].errors
    assert "Des contes lus à deux voix." in response.content.decode()  # nothing lost
    assert not Announcement.objects.filter(title="Contes").exists()


def test_an_announcement_keeps_its_retired_language_and_country_when_edited(
    client, announcement_with_bulgarian
):
    announcement = announcement_with_bulgarian
    client.force_login(announcement.author)
    form = AnnouncementForm(initial=announcement_initial(announcement))
    assert {"fr", "bg"} <= _offered(form, "languages")
    assert "BG" in _offered(form, "wanted_countries")

    data = {
        key: value
        for key, value in announcement_initial(announcement).items()
        if value is not None and value is not False
    }
    data.update(
        title="Contes bulgares et belges, 2e édition",
        start_month=next_month().strftime("%Y-%m"),
        expires_in_months=3,
    )
    response = client.post(reverse("partners:announcement_edit", args=[announcement.pk]), data)

    assert response.status_code == 302, response.context["form"].errors
    announcement.refresh_from_db()
    assert announcement.title == "Contes bulgares et belges, 2e édition"
    assert set(announcement.languages.values_list("code", flat=True)) == {"fr", "bg"}
    assert set(announcement.wanted_countries.values_list("code", flat=True)) == {"BG"}


def test_the_announcement_page_still_shows_its_retired_language(
    client, announcement_with_bulgarian
):
    client.force_login(teacher_in("be-vl"))
    page = client.get(reverse("partners:announcement", args=[announcement_with_bulgarian.pk]))
    assert "Bulgare" in page.content.decode()


def test_the_profile_form_offers_a_retired_language_only_to_a_teacher_who_has_it(bulgarian):
    speaker = teacher_in("be-fwb", language_codes=("fr", "bg"))
    other = teacher_in("be-fwb", language_codes=("fr",))
    _retire(bulgarian)

    assert "bg" in _offered(ProfileForm(teacher=speaker), "languages")
    assert "bg" not in _offered(ProfileForm(teacher=other), "languages")
    assert "bg" not in _offered(ProfileForm(), "languages")


def test_the_project_form_offers_a_retired_subject_only_to_a_project_that_has_it():
    from projects.tests.factories import ProjectFactory

    history = Subject.objects.get(code="history")
    project = ProjectFactory(founded_by=teacher_in("be-fwb"))
    project.subjects.set([history])
    _retire(history)

    assert "history" in _offered(ProjectDetailsForm(instance=project), "subjects")
    assert "history" not in _offered(ProjectDetailsForm(), "subjects")


def test_a_retired_service_is_not_offered_to_a_proposed_school():
    dg = _retire(SupportService.objects.get(code="be-dg"))
    assert dg not in SchoolProposalForm().fields["support_service"].queryset


def test_the_search_filters_leave_out_a_retired_subject_unless_the_query_names_it(client):
    history = _retire(Subject.objects.get(code="history"))
    client.force_login(teacher_in("be-fwb"))

    plain = client.get(reverse("partners:search"))
    naming_it = client.get(reverse("partners:search"), {"subject": history.pk})

    assert history.pk not in [f["pk"] for f in plain.context["subject_facet"]]
    assert history.pk in [f["pk"] for f in naming_it.context["subject_facet"]]


def test_staff_admin_forms_offer_a_retired_language_only_where_it_is_set(
    client, staff_fwb, bulgarian
):
    teacher = teacher_in("be-fwb", language_codes=("fr", "bg"))
    other = teacher_in("be-fwb", language_codes=("fr",))
    _retire(bulgarian)
    client.force_login(staff_fwb)

    def offered(user):
        page = client.get(reverse("admin:accounts_user_change", args=[user.pk]))
        return page.context["adminform"].form.fields["languages"].queryset

    assert bulgarian in offered(teacher)
    assert bulgarian not in offered(other)
