"""Who may write what in the admin (issue 12, « Staff authority over shared data »).

Portal-wide rows (reference data, the label round, the project settings, European
labels, unsubscriptions, the beat schedule, groups) are written by superusers only;
service staff read them. A row in use is deleted by nobody, superusers included.

The expected table is written by hand: role × model × action → allowed? Each case
posts the real admin URL (the change form with one value modified, the delete
confirmation, a changelist action) as that role, then reads the row back from the
database: after a refused write it is unchanged, after an allowed one it changed.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from accounts.models import Country, Language, School, Subject, SupportService
from accounts.tests.factories import SchoolFactory, service
from bulletins.models import Unsubscription
from labels.models import EuropeanLabel, LabelRound
from labels.tests.factories import european_project, open_round
from partners.models import Announcement
from partners.tests.factories import languages, publish, teacher_in
from projects.models import ProjectSettings

pytestmark = pytest.mark.django_db

ROLES = ("superuser", "staff_fwb", "staff_vl", "staff_dg", "teacher", "anonymous")
Y, N = True, False

# fmt: off
EXPECTED = {
    # (model, action):                          superuser FWB  Flemish German teacher anonymous
    # Reference data: superusers only; service staff read it.
    ("country", "change"):                      (Y,       N,   N,      N,     N,      N),
    ("country", "list_editable"):               (Y,       N,   N,      N,     N,      N),
    ("country", "delete"):                      (Y,       N,   N,      N,     N,      N),
    ("country", "delete_selected"):             (Y,       N,   N,      N,     N,      N),
    ("support service", "change"):              (Y,       N,   N,      N,     N,      N),
    ("own support service", "change"):          (Y,       N,   N,      N,     N,      N),
    ("support service", "delete"):              (Y,       N,   N,      N,     N,      N),
    ("support service", "delete_selected"):     (Y,       N,   N,      N,     N,      N),
    ("subject", "change"):                      (Y,       N,   N,      N,     N,      N),
    ("subject", "delete"):                      (Y,       N,   N,      N,     N,      N),
    ("subject", "delete_selected"):             (Y,       N,   N,      N,     N,      N),
    ("language", "change"):                     (Y,       N,   N,      N,     N,      N),
    ("language", "delete"):                     (Y,       N,   N,      N,     N,      N),
    ("language", "delete_selected"):            (Y,       N,   N,      N,     N,      N),
    # The label round and the project settings apply to every service.
    ("label round", "change"):                  (Y,       N,   N,      N,     N,      N),
    ("label round", "delete"):                  (Y,       N,   N,      N,     N,      N),
    ("label round", "delete_selected"):         (Y,       N,   N,      N,     N,      N),
    ("project settings", "change"):             (Y,       N,   N,      N,     N,      N),
    ("project settings", "delete"):             (N,       N,   N,      N,     N,      N),
    # A European label belongs to partners of several services.
    ("european label", "delete"):               (Y,       N,   N,      N,     N,      N),
    ("european label", "delete_selected"):      (Y,       N,   N,      N,     N,      N),
    # Addresses of every service; the beat schedule; permission groups.
    ("unsubscription", "change"):               (Y,       N,   N,      N,     N,      N),
    ("unsubscription", "delete"):               (Y,       N,   N,      N,     N,      N),
    ("group", "change"):                        (Y,       N,   N,      N,     N,      N),
    ("group", "delete"):                        (Y,       N,   N,      N,     N,      N),
    ("interval schedule", "change"):            (Y,       N,   N,      N,     N,      N),
    ("periodic task", "delete"):                (Y,       N,   N,      N,     N,      N),
    ("periodic task", "delete_selected"):       (Y,       N,   N,      N,     N,      N),
    # Service-scoped rows of the FWB keep their scoping: the FWB's staff act on them.
    ("fwb school", "change"):                   (Y,       Y,   N,      N,     N,      N),
    ("fwb school", "validate_selected"):        (Y,       Y,   N,      N,     N,      N),
    ("fwb announcement", "hide"):               (Y,       Y,   N,      N,     N,      N),
}
# fmt: on


@dataclass(frozen=True)
class Target:
    """A kind of row: how to make a fresh one (``n`` keeps unique fields unique),
    and the field a change form modifies with its new value (None: uncheck)."""

    make: Callable[[int], models.Model]
    field: str = ""
    value: Any = None


def _country(n: int) -> Country:
    return Country.objects.create(code=f"X{n}", name_fr=f"Pays d'essai {n}", programme="core")


def _service(n: int) -> SupportService:
    return SupportService.objects.create(
        code=f"essai-{n}", name_fr=f"Bureau d'essai {n}", country=_country(n)
    )


def _own_service(n: int) -> SupportService:
    fwb = service("be-fwb")
    fwb.email = "etwinning@cfwb.be"
    fwb.save()
    return fwb


def _label_round(n: int) -> LabelRound:
    opens = timezone.make_aware(datetime.datetime(2090 + n, 9, 1, 9, 0))
    return LabelRound.objects.create(
        year=2090 + n, opens_at=opens, closes_at=opens + datetime.timedelta(days=60)
    )


def _project_settings(n: int) -> ProjectSettings:
    settings = ProjectSettings.load()
    settings.plus_requires_core = True
    settings.save()
    return settings


def _european_label(n: int) -> EuropeanLabel:
    project, _founder, _partner = european_project()
    return EuropeanLabel.objects.create(round=open_round(), project=project)


def _periodic_task(n: int) -> PeriodicTask:
    every = IntervalSchedule.objects.create(every=10 + n, period=IntervalSchedule.MINUTES)
    return PeriodicTask.objects.create(name=f"Essai {n}", task="essai", interval=every)


def _fwb_school(n: int) -> School:
    return SchoolFactory(name=f"École d'essai {n}", status="pending")


def _fwb_announcement(n: int) -> Announcement:
    return publish(teacher_in("be-fwb"), title=f"Annonce de la FWB {n}")


TARGETS = {
    "country": Target(_country, "name_fr", "Pays renommé"),
    "support service": Target(_service, "email", "autre@example.org"),
    "own support service": Target(_own_service, "email", "autre@example.org"),
    "subject": Target(
        lambda n: Subject.objects.create(code=f"essai-{n}", name_fr=f"Discipline {n}"),
        "name_fr",
        "Discipline renommée",
    ),
    "language": Target(
        lambda n: Language.objects.create(code=f"x{n}", name_fr=f"Langue {n}"),
        "name_fr",
        "Langue renommée",
    ),
    "label round": Target(_label_round, "limit_per_teacher", "5"),
    "project settings": Target(_project_settings, "plus_requires_core", None),
    "european label": Target(_european_label),
    "unsubscription": Target(
        lambda n: Unsubscription.objects.create(email=f"parti{n}@example.org"),
        "email",
        "autre@example.org",
    ),
    "group": Target(lambda n: Group.objects.create(name=f"Essai {n}"), "name", "Renommé"),
    "interval schedule": Target(
        lambda n: IntervalSchedule.objects.create(every=10 + n, period=IntervalSchedule.MINUTES),
        "every",
        "99",
    ),
    "periodic task": Target(_periodic_task),
    "fwb school": Target(_fwb_school, "name", "École renommée"),
    "fwb announcement": Target(_fwb_announcement),
}


class _FormReader(HTMLParser):
    """What a browser would submit from the admin's change form (``<form id="…_form">``).

    Hand-written on the standard library's parser: no form-filling test library
    (WebTest) is installed, and the bound form alone does not give the names and
    formats the split date/time and related-object widgets post."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self.in_form = False
        self.select: str | None = None
        self.select_first: str | None = None
        self.select_chosen = False
        self.select_multiple = False
        self.textarea: str | None = None
        self.text: list[str] = []

    def _add(self, name: str, value: str) -> None:
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("id") or "").endswith("_form"):
            self.in_form = True
        if not self.in_form or not a.get("name"):
            if tag == "option" and self.select is not None:
                self._option(a)
            return
        name = a["name"]
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("submit", "button", "reset", "file", "image"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self._add(name, a.get("value") or ("on" if kind == "checkbox" else ""))
        elif tag == "select":
            self.select, self.select_first, self.select_chosen = name, None, False
            self.select_multiple = "multiple" in a
        elif tag == "textarea":
            self.textarea, self.text = name, []

    def _option(self, a):
        value = a.get("value") or ""
        if self.select_first is None:
            self.select_first = value
        if "selected" in a:
            self.select_chosen = True
            self._add(self.select, value)

    def handle_data(self, data):
        if self.textarea is not None:
            self.text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select" and self.select is not None:
            if not self.select_chosen and not self.select_multiple and self.select_first:
                self._add(self.select, self.select_first)
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            text = "".join(self.text)
            self._add(self.textarea, text[1:] if text.startswith("\n") else text)
            self.textarea = None


def change_form_data(client: Client, url: str) -> dict[str, list[str]]:
    page = client.get(url)
    assert page.status_code == 200, url
    reader = _FormReader()
    reader.feed(page.content.decode())
    return reader.data


def _admin_url(row: models.Model, view: str, *args) -> str:
    opts = row._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def _post_change(client, row, target, root):
    url = _admin_url(row, "change", row.pk)
    data = change_form_data(root, url)
    if target.value is None:
        data.pop(target.field, None)
    else:
        data[target.field] = [target.value]
    client.post(url, data)


def _post_delete(client, row, target, root):
    client.post(_admin_url(row, "delete", row.pk), {"post": "yes"})


def _changelist_action(name: str):
    def post(client, row, target, root):
        client.post(
            _admin_url(row, "changelist"),
            {"action": name, "_selected_action": [row.pk], "index": 0, "post": "yes"},
        )

    return post


def _post_list_editable(client, row, target, root):
    client.post(
        _admin_url(row, "changelist"),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "1000",
            "form-0-id": str(row.pk),
            # is_active left out: unchecked.
            "_save": "Enregistrer",
        },
    )


ACTIONS = {
    "change": _post_change,
    "delete": _post_delete,
    "delete_selected": _changelist_action("delete_selected"),
    "validate_selected": _changelist_action("validate_selected"),
    "hide": _changelist_action("hide"),
    "list_editable": _post_list_editable,
}


def _intended(action: str, target: Target, after: dict | None) -> bool:
    """Did the write do what it asks for?"""
    if action in ("delete", "delete_selected"):
        return after is None
    if after is None:
        return False
    if action == "change":
        expected = False if target.value is None else target.value
        return str(after[target.field]) == str(expected)
    if action == "list_editable":
        return after["is_active"] is False
    if action == "validate_selected":
        return after["status"] == "validated"
    if action == "hide":
        return after["is_hidden"] is True
    raise AssertionError(action)


def _snapshot(row: models.Model) -> dict | None:
    fresh = type(row)._base_manager.filter(pk=row.pk).first()
    if fresh is None:
        return None
    return {field.attname: getattr(fresh, field.attname) for field in fresh._meta.concrete_fields}


@pytest.fixture
def clients(superuser, staff_fwb, staff_vl, staff_dg, teacher) -> dict[str, Client]:
    users = {
        "superuser": superuser,
        "staff_fwb": staff_fwb,
        "staff_vl": staff_vl,
        "staff_dg": staff_dg,
        "teacher": teacher,
    }
    result = {"anonymous": Client()}
    for role, user in users.items():
        result[role] = Client()
        result[role].force_login(user)
    return result


@pytest.mark.parametrize(("model", "action"), list(EXPECTED))
def test_each_role_writes_exactly_what_the_table_allows(clients, model, action):
    target = TARGETS[model]
    observed, intended = {}, {}
    for n, role in enumerate(ROLES):
        row = target.make(n)
        before = _snapshot(row)
        ACTIONS[action](clients[role], row, target, clients["superuser"])
        after = _snapshot(row)
        if after == before:
            observed[role] = False
        elif _intended(action, target, after):
            observed[role] = True
        else:
            observed[role] = f"changed otherwise: {before} -> {after}"
        intended[role] = EXPECTED[(model, action)][n]
    assert observed == intended


# fmt: off
EXPECTED_ADD = {
    # model:            superuser FWB  Flemish German teacher anonymous
    "country":          (Y,       N,   N,      N,     N,      N),
    "support service":  (Y,       N,   N,      N,     N,      N),
    "subject":          (Y,       N,   N,      N,     N,      N),
    "language":         (Y,       N,   N,      N,     N,      N),
    "label round":      (Y,       N,   N,      N,     N,      N),
}
# fmt: on

# What the add form is given (on top of its initial values), and where the new row is.
ADDED = {
    "country": (
        "admin:accounts_country_add",
        {"code": "ZZ", "name_fr": "Pays ajouté", "programme": "core"},
        lambda: Country.objects.filter(code="ZZ"),
    ),
    "support service": (
        "admin:accounts_supportservice_add",
        {"code": "ajout", "name_fr": "Bureau ajouté", "country": "BG"},
        lambda: SupportService.objects.filter(code="ajout"),
    ),
    "subject": (
        "admin:accounts_subject_add",
        {"code": "ajout", "name_fr": "Discipline ajoutée"},
        lambda: Subject.objects.filter(code="ajout"),
    ),
    "language": (
        "admin:accounts_language_add",
        {"code": "zz", "name_fr": "Langue ajoutée"},
        lambda: Language.objects.filter(code="zz"),
    ),
    "label round": (
        "admin:labels_labelround_add",
        {
            "year": "2095",
            "opens_at_0": "01/09/2095",
            "opens_at_1": "09:00:00",
            "closes_at_0": "01/11/2095",
            "closes_at_1": "18:00:00",
        },
        lambda: LabelRound.objects.filter(year=2095),
    ),
}


@pytest.mark.parametrize("model", list(EXPECTED_ADD))
def test_each_role_adds_exactly_what_the_table_allows(clients, model):
    url_name, typed, added = ADDED[model]
    url = reverse(url_name)
    data = change_form_data(clients["superuser"], url)
    typed = dict(typed)
    if "country" in typed:
        typed["country"] = str(Country.objects.get(code=typed["country"]).pk)
    data.update({name: [value] for name, value in typed.items()})
    observed = {}
    for role in ROLES:
        clients[role].post(url, data)
        observed[role] = added().exists()
        added().delete()
    assert observed == dict(zip(ROLES, EXPECTED_ADD[model], strict=True))


# --- In use: nobody deletes it; « Bulgare » -----------------------------------------


@pytest.fixture
def bulgarian_in_use(teacher) -> tuple[Language, Announcement]:
    """An FWB teacher's announcement whose working languages include Bulgarian."""
    announcement = publish(
        teacher, title="Contes bulgares et belges", languages=languages("fr", "bg")
    )
    return Language.objects.get(code="bg"), announcement


def _languages_of(announcement: Announcement) -> set[str]:
    return set(announcement.languages.values_list("code", flat=True))


def test_flemish_staff_cannot_delete_bulgarian_used_by_an_fwb_announcement(
    client, staff_vl, bulgarian_in_use
):
    bulgarian, announcement = bulgarian_in_use
    client.force_login(staff_vl)

    client.post(reverse("admin:accounts_language_delete", args=[bulgarian.pk]), {"post": "yes"})
    client.post(
        reverse("admin:accounts_language_changelist"),
        {"action": "delete_selected", "_selected_action": [bulgarian.pk], "post": "yes"},
    )

    assert Language.objects.filter(pk=bulgarian.pk).exists()
    assert _languages_of(announcement) == {"fr", "bg"}


def test_a_superuser_cannot_delete_bulgarian_while_an_announcement_uses_it(
    client, superuser, bulgarian_in_use
):
    bulgarian, announcement = bulgarian_in_use
    client.force_login(superuser)

    page = client.post(
        reverse("admin:accounts_language_delete", args=[bulgarian.pk]), {"post": "yes"}
    )

    assert Language.objects.filter(pk=bulgarian.pk).exists()
    assert _languages_of(announcement) == {"fr", "bg"}
    text = page.content.decode()
    assert "est encore utilisé" in text and "Rien n'a été supprimé" in text
    assert "Annonces de recherche de partenaires (1)" in text
    assert "Contes bulgares et belges" in text
    assert "décochez « actif »" in text  # the way out: retire it


def test_delete_selected_deletes_none_of_the_languages_when_one_is_in_use(
    client, superuser, bulgarian_in_use
):
    bulgarian, announcement = bulgarian_in_use
    unused = Language.objects.create(code="xx", name_fr="Langue inutilisée")
    client.force_login(superuser)

    page = client.post(
        reverse("admin:accounts_language_changelist"),
        {"action": "delete_selected", "_selected_action": [bulgarian.pk, unused.pk], "post": "yes"},
    )

    assert set(Language.objects.filter(pk__in=[bulgarian.pk, unused.pk])) == {bulgarian, unused}
    assert _languages_of(announcement) == {"fr", "bg"}
    assert "Contes bulgares et belges" in page.content.decode()


def test_a_service_with_schools_cannot_be_deleted_and_the_page_sums_up_its_uses(
    client, superuser, fwb_school
):
    fwb = service("be-fwb")
    client.force_login(superuser)

    page = client.post(
        reverse("admin:accounts_supportservice_delete", args=[fwb.pk]), {"post": "yes"}
    )

    assert SupportService.objects.filter(pk=fwb.pk).exists()
    assert "Écoles (" in page.content.decode()


def test_a_label_round_with_applications_cannot_be_deleted(client, superuser):
    from labels.models import ApplicationStatus
    from labels.tests.factories import application

    label_round = open_round()
    project, founder, _partner = european_project()
    application(project, founder, status=ApplicationStatus.SUBMITTED)
    client.force_login(superuser)

    client.post(reverse("admin:labels_labelround_delete", args=[label_round.pk]), {"post": "yes"})

    assert LabelRound.objects.filter(pk=label_round.pk).exists()


# --- What staff see: read-only pages, no delete offered -----------------------------


@pytest.mark.parametrize("who", ["staff_fwb", "staff_vl", "staff_dg"])
def test_staff_read_mathematics_but_are_offered_no_change_and_no_delete(request, client, who):
    mathematics = Subject.objects.get(code="mathematics")
    client.force_login(request.getfixturevalue(who))

    page = client.get(reverse("admin:accounts_subject_change", args=[mathematics.pk]))
    listing = client.get(reverse("admin:accounts_subject_changelist"))

    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert page.context["has_delete_permission"] is False
    actions = listing.context["action_form"]  # None when no action is left at all
    assert actions is None or "delete_selected" not in dict(actions.fields["action"].choices)


@pytest.mark.parametrize("who", ["staff_fwb", "staff_vl", "staff_dg", "superuser"])
def test_unsubscriptions_periodic_tasks_and_groups_stay_out_of_staff_sight(request, client, who):
    client.force_login(request.getfixturevalue(who))
    for name in (
        "admin:bulletins_unsubscription_changelist",
        "admin:django_celery_beat_periodictask_changelist",
        "admin:auth_group_changelist",
    ):
        assert (client.get(reverse(name)).status_code == 200) is (who == "superuser"), name


def test_a_staff_member_given_a_permission_by_hand_still_cannot_change_the_beat_schedule(
    client, staff_fwb, superuser
):
    """The rule is the admin's, not only the staff group's permissions."""
    from django.contrib.auth.models import Permission

    staff_fwb.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["change_intervalschedule", "change_country", "delete_country"]
        )
    )
    every = IntervalSchedule.objects.create(every=10, period=IntervalSchedule.MINUTES)
    url = reverse("admin:django_celery_beat_intervalschedule_change", args=[every.pk])
    root = Client()
    root.force_login(superuser)
    data = change_form_data(root, url)
    data["every"] = ["99"]
    client.force_login(staff_fwb)

    client.post(url, data)
    client.post(reverse("admin:accounts_country_delete", args=[_country(1).pk]), {"post": "yes"})

    every.refresh_from_db()
    assert every.every == 10
    assert Country.objects.filter(code="X1").exists()


# --- The staff group -----------------------------------------------------------------

# Written by hand: the write permissions the staff group must not hold…
WITHHELD = [
    "accounts.add_country",
    "accounts.change_country",
    "accounts.delete_country",
    "accounts.change_supportservice",
    "accounts.delete_supportservice",
    "accounts.change_subject",
    "accounts.delete_subject",
    "accounts.add_language",
    "accounts.change_language",
    "accounts.delete_language",
    "labels.change_labelround",
    "labels.delete_labelround",
    "labels.delete_europeanlabel",
    "projects.change_projectsettings",
    "bulletins.change_unsubscription",
    "bulletins.delete_unsubscription",
    "django_celery_beat.change_periodictask",
    "auth.change_group",
]
# …and some it keeps: reading shared rows, writing service-scoped ones.
KEPT = [
    "accounts.view_country",
    "accounts.view_language",
    "labels.view_labelround",
    "projects.view_projectsettings",
    "accounts.change_school",
    "accounts.change_user",
    "partners.change_announcement",
    "projects.change_project",
    "labels.change_nationallabelapplication",
    "trainings.change_training",
]


def test_sync_staff_group_grants_no_write_on_portal_wide_rows(staff_fwb):
    from django.core.management import call_command

    call_command("sync_staff_group", stdout=io.StringIO())

    staff = type(staff_fwb).objects.get(pk=staff_fwb.pk)  # fresh permission cache
    assert [p for p in WITHHELD if staff.has_perm(p)] == []
    assert [p for p in KEPT if not staff.has_perm(p)] == []


# --- Every admin is classified ---------------------------------------------------------

# Written by hand: a model registered tomorrow fails here until someone decides.
CLASSIFICATION = {
    "accounts.country": "portal-wide",
    "accounts.supportservice": "portal-wide",
    "accounts.subject": "portal-wide",
    "accounts.language": "portal-wide",
    "labels.labelround": "portal-wide",
    "labels.europeanlabel": "portal-wide",
    "projects.projectsettings": "portal-wide",
    "bulletins.unsubscription": "superusers",
    "auth.group": "superusers",
    "account.emailaddress": "superusers",
    "mfa.authenticator": "superusers",
    "django_celery_beat.periodictask": "superusers",
    "django_celery_beat.intervalschedule": "superusers",
    "django_celery_beat.crontabschedule": "superusers",
    "django_celery_beat.solarschedule": "superusers",
    "django_celery_beat.clockedschedule": "superusers",
    "labels.contestedition": "fwb contest",
    "labels.contestentry": "fwb contest",
    "accounts.school": "service",
    "accounts.user": "service",
    "partners.report": "service",
    "partners.announcement": "service",
    "partners.message": "service",
    "partners.contact": "service",
    "partners.suspension": "service",
    "projects.project": "service",
    "projects.approval": "service",
    "space.pupilaccount": "service",
    "space.page": "service",
    "space.journalpost": "service",
    "space.forumthread": "service",
    "space.material": "service",
    "labels.nationallabelapplication": "service",
    "labels.europeannomination": "service",
    "labels.schoollabelapplication": "service",
    "labels.eligibleschool": "service",
    "labels.europeaneligibleproject": "service",
    "trainings.training": "service",
    "trainings.registration": "service",
    "trainings.trainingrequest": "service",
    "portal.news": "service",
    "bulletins.bulletinissue": "service",
    "bulletins.delivery": "service",
    "certificates.certificate": "service",
    "groups.group": "service",
    # Written by the staff of every service, deleted once published by superusers only
    # (docs/kits.md; kits/tests/test_authorisation.py holds its role table).
    "kits.kit": "staff-shared",
}


def test_every_registered_admin_is_portal_wide_or_scoped_as_the_table_says():
    from django.apps import apps
    from django.contrib import admin

    from accounts.admin_mixins import PortalWideAdmin, SuperuserOnlyAdmin
    from accounts.scoping import ServiceScopedAdmin
    from kits.admin import KitAdmin
    from labels.admin import FWBContestAdmin

    def kind(model_admin) -> str:
        if isinstance(model_admin, SuperuserOnlyAdmin):
            return "superusers"
        if isinstance(model_admin, PortalWideAdmin):
            return "portal-wide"
        if isinstance(model_admin, ServiceScopedAdmin):
            return "service"
        if isinstance(model_admin, FWBContestAdmin):
            return "fwb contest"
        if isinstance(model_admin, KitAdmin):
            return "staff-shared"
        return "unclassified"

    registered = {
        model._meta.label_lower: kind(admin.site.get_model_admin(model))
        for model in apps.get_models()
        if admin.site.is_registered(model)
    }
    assert registered == CLASSIFICATION
