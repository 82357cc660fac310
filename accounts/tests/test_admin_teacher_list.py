"""The admin's lists of teachers and schools, as staff use them to validate: what they
decide by comes first, and the filters offer only values that can match within the
staff member's scope (FWB staff see Belgian teachers: Belgium, not forty countries)."""

import pytest
from django.urls import reverse

from accounts.models import Country, SupportService, TeacherStatus
from accounts.tests.factories import SchoolFactory, TeacherFactory, country, service


@pytest.fixture
def world(db):
    """Teachers of the FWB, Flemish and Spanish services, and a French school."""
    for code in ("be-fwb", "be-vl", "es"):
        TeacherFactory(
            school=SchoolFactory(support_service=service(code)), status=TeacherStatus.PENDING
        )
    SchoolFactory(support_service=service("fr"), country=country("FR"))


def _offered(response, parameter: str, model=None) -> set | None:
    """The codes a filter of the changelist offers; None when there is no such filter."""
    for spec in response.context["cl"].filter_specs:
        if parameter in spec.expected_parameters():
            if model is None:
                return set()
            pks = {pk for pk, _label in spec.lookup_choices}
            return set(model.objects.filter(pk__in=pks).values_list("code", flat=True))
    return None


ALL = "all"
# Who → (teachers' service filter, teachers' country filter, schools' country filter,
# "is staff" filter offered), written by hand; ALL: every row of the reference table;
# None: no filter (the staff member's rows have one service, one country: Django leaves
# out a filter with a single value, where a plain filter would list all forty).
EXPECTED = {
    "staff_fwb": (None, None, None, False),
    "staff_vl": (None, None, None, False),
    "superuser": (ALL, ALL, ALL, True),
}


@pytest.mark.parametrize("who", list(EXPECTED))
def test_filters_offer_only_values_within_the_staff_members_scope(request, client, world, who):
    client.force_login(request.getfixturevalue(who))
    every = {
        SupportService: set(SupportService.objects.values_list("code", flat=True)),
        Country: set(Country.objects.values_list("code", flat=True)),
    }
    services, countries, school_countries, is_staff_filter = EXPECTED[who]

    teachers = client.get(reverse("admin:accounts_user_changelist"))
    schools = client.get(reverse("admin:accounts_school_changelist"))
    for response, parameter, model, expected in [
        (teachers, "support_service__id__exact", SupportService, services),
        (teachers, "support_service__country__id__exact", Country, countries),
        (schools, "country__id__exact", Country, school_countries),
    ]:
        assert _offered(response, parameter, model) == (every[model] if expected == ALL else None)
    assert (_offered(teachers, "is_staff__exact") is not None) is is_staff_filter


def test_a_superuser_filters_teachers_by_country(client, world, superuser):
    client.force_login(superuser)
    response = client.get(
        reverse("admin:accounts_user_changelist"),
        {"support_service__country__id__exact": country("ES").pk},
    )
    assert [row.support_service.code for row in response.context["cl"].result_list] == ["es"]


# Who → the columns of the teachers' and the schools' lists, by hand: what staff validate
# by first; no e-mail (the widest: searched, and on the change page); the service and
# the country only where they vary.
COLUMNS = {
    "staff_fwb": (
        ["action_checkbox", "name", "status", "school_name", "date_joined", "role"],
        ["action_checkbox", "name", "status", "city", "postcode", "created_at"],
    ),
    "superuser": (
        ["action_checkbox", "name", "status", "school_name", "date_joined", "service", "role"],
        [
            "action_checkbox",
            "name",
            "status",
            "city",
            "postcode",
            "created_at",
            "country",
            "service",
        ],
    ),
}


@pytest.mark.parametrize("who", list(COLUMNS))
def test_the_lists_show_name_and_status_first(request, client, world, who):
    client.force_login(request.getfixturevalue(who))
    teachers = client.get(reverse("admin:accounts_user_changelist"))
    schools = client.get(reverse("admin:accounts_school_changelist"))
    assert (
        list(teachers.context["cl"].list_display),
        list(schools.context["cl"].list_display),
    ) == (COLUMNS[who])
