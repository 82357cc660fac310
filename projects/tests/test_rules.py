"""The eligibility engine, as a table of cases with the exact reason each gives."""

from __future__ import annotations

import pytest

from accounts.models import Country
from projects import rules
from projects.models import ProjectSettings
from projects.tests.factories import make_contacts, school_in, teacher_in

pytestmark = pytest.mark.django_db


def _pair(a_service, b_service, *, a=None, b=None, same_school=False, contacts=True):
    a_kwargs = {"first_name": "Anne", "last_name": "Lambert", **(a or {})}
    founder = teacher_in(a_service, **a_kwargs)
    b_kwargs = {"first_name": "Nino", "last_name": "Beridze", **(b or {})}
    if same_school:
        b_kwargs["school"] = founder.school
    cofounder = teacher_in(b_service, **b_kwargs)
    if contacts:
        make_contacts(founder, cofounder)
    return founder, cofounder


CASES = [
    # (id, founder service, co-founder service, options, expected [(rule, message)])
    ("core-core", "be-fwb", "pt", {}, []),
    ("core-plus", "be-fwb", "ge", {}, []),
    ("national", "be-fwb", "be-vl", {}, []),
    ("national-same-community", "be-fwb", "be-fwb", {}, []),
    (
        "plus-plus",
        "ge",
        "az",
        {"a_school": "Tbilisi School 55", "b_school": "Baku Lyceum 6"},
        [
            (
                "plus_needs_core",
                "L'école « Tbilisi School 55 » (Géorgie, eTwinning+) requiert au moins "
                "une école d'un pays eTwinning dans le projet.",
            ),
            (
                "plus_needs_core",
                "L'école « Baku Lyceum 6 » (Azerbaïdjan, eTwinning+) requiert au moins "
                "une école d'un pays eTwinning dans le projet.",
            ),
        ],
    ),
    (
        "inactive-country",
        "be-fwb",
        "pt",
        {"b_school": "Escola de Alvalade", "deactivate": "PT"},
        [
            (
                "country_active",
                "L'école « Escola de Alvalade » se trouve dans un pays qui ne participe "
                "pas (ou plus) à eTwinning : Portugal.",
            )
        ],
    ),
    (
        "unvalidated-school",
        "be-fwb",
        "pt",
        {"b_school": "Escola de Alvalade", "b_school_status": "pending"},
        [
            (
                "school_validated",
                "L'école « Escola de Alvalade » n'est pas encore validée par son bureau "
                "d'assistance.",
            )
        ],
    ),
    (
        "unvalidated-cofounder",
        "be-fwb",
        "pt",
        {"b": {"status": "pending"}},
        [
            (
                "teacher_validated",
                "« Nino Beridze » n'est pas encore validé·e par son bureau d'assistance : "
                "seul·e un·e enseignant·e validé·e peut participer à un projet.",
            )
        ],
    ),
    (
        "unvalidated-founder",
        "be-fwb",
        "pt",
        {"a": {"status": "pending"}},
        [
            (
                "teacher_validated",
                "« Anne Lambert » n'est pas encore validé·e par son bureau d'assistance : "
                "seul·e un·e enseignant·e validé·e peut participer à un projet.",
            )
        ],
    ),
    (
        "same-school",
        "be-fwb",
        "be-fwb",
        {"same_school": True, "a_school": "Athénée de Liège"},
        [
            (
                "two_schools",
                "Un projet réunit au moins deux écoles : « Athénée de Liège » serait la "
                "seule école du projet.",
            )
        ],
    ),
    (
        "not-contacts",
        "be-fwb",
        "pt",
        {"contacts": False},
        [
            (
                "contact",
                "« Nino Beridze » ne fait pas partie de vos contacts : un projet se fonde "
                "avec un contact accepté.",
            )
        ],
    ),
]


@pytest.mark.parametrize(
    ("a_service", "b_service", "options", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_founding_eligibility(a_service, b_service, options, expected):
    options = dict(options)
    a_school = options.pop("a_school", None)
    b_school = options.pop("b_school", None)
    b_status = options.pop("b_school_status", "validated")
    a = dict(options.pop("a", {}))
    b = dict(options.pop("b", {}))
    if a_school:
        a["school"] = school_in(a_service, name=a_school)
    if b_school:
        b["school"] = school_in(b_service, name=b_school, status=b_status)
    deactivate = options.pop("deactivate", None)
    founder, cofounder = _pair(a_service, b_service, a=a, b=b, **options)
    if deactivate:
        Country.objects.filter(code=deactivate).update(is_active=False)

    refusals = rules.check_founding(founder, cofounder)

    assert [(r.rule, r.message) for r in refusals] == expected


def test_plus_plus_is_allowed_when_staff_switch_the_rule_off():
    settings_row = ProjectSettings.load()
    settings_row.plus_requires_core = False
    settings_row.save()
    founder, cofounder = _pair("ge", "az")

    assert rules.check_founding(founder, cofounder) == []


def test_a_teacher_cannot_cofound_with_themselves():
    founder = teacher_in("be-fwb")

    (refusal,) = rules.check_founding(founder, founder)

    assert refusal.rule == "not_self"


def test_a_staff_account_cannot_be_a_member():
    founder, cofounder = _pair("be-fwb", "pt", b={"is_staff": True})

    assert [r.rule for r in rules.check_founding(founder, cofounder)] == ["teacher_account"]


def test_reasons_are_translated_in_the_current_language():
    from django.utils import translation

    founder, cofounder = _pair("ge", "az", a={"school": school_in("ge", name="Tbilisi 55")})
    with translation.override("en"):
        refusals = rules.check_founding(founder, cofounder)

    assert refusals[0].message == (
        "The school “Tbilisi 55” (Georgia, eTwinning+) requires at least one school "
        "from an eTwinning country in the project."
    )
