"""Who may do what with kits, as a table written by hand (role × action → allowed?),
each case asserting the effect on the database or what the page shows:

- reading an unpublished kit: staff preview it (any service), nobody else sees it;
- founding a project from a kit: validated teachers (the founding form's own rules);
- writing kits in the admin: staff of any service and superusers; deleting a
  published kit: superusers only (staff unpublish it), an unpublished one: staff too.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Language, Subject
from kits.models import Kit, KitUse
from kits.tests.factories import make_kit
from projects.models import Project
from projects.tests.factories import make_contacts, teacher_in
from tests.test_admin_authority import change_form_data

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "pending", "teacher", "staff_fwb", "staff_vl", "superuser")
Y, N = True, False

# fmt: off
EXPECTED = {
    # action:                        anonymous pending teacher staff_fwb staff_vl superuser
    "read unpublished kit":          (N,        N,      N,      Y,        Y,       Y),
    "list unpublished kit":          (N,        N,      N,      Y,        Y,       Y),
    "read published kit":            (Y,        Y,      Y,      Y,        Y,       Y),
    "found from published kit":      (N,        N,      Y,      N,        N,       N),
    "found from unpublished kit":    (N,        N,      N,      N,        N,       N),
    "admin: change kit":             (N,        N,      N,      Y,        Y,       Y),
    "admin: add kit":                (N,        N,      N,      Y,        Y,       Y),
    "admin: delete published kit":   (N,        N,      N,      N,        N,       Y),
    "admin: bulk delete published":  (N,        N,      N,      N,        N,       Y),
    "admin: delete unpublished kit": (N,        N,      N,      Y,        Y,       Y),
}
# fmt: on


@pytest.fixture
def people(world):
    """The shared world's people (conftest.py) for the roles; all FWB but staff_vl and
    the superuser. And a contact of the teachers' to found a project with."""
    cofounder = teacher_in("be-fwb", first_name="Marc")
    people = {role: None if role == "anonymous" else world.users[role] for role in ROLES}
    for role in ("pending", "teacher"):
        make_contacts(people[role], cofounder)
    people["cofounder"] = cofounder
    return people


def client_for(people, role: str) -> Client:
    client = Client()
    if people[role] is not None:
        client.force_login(people[role])
    return client


def _found(people, role: str, kit: Kit) -> bool:
    before = set(Project.objects.values_list("pk", flat=True))
    client_for(people, role).post(
        f"{reverse('projects:found')}?kit={kit.pk}",
        {
            "cofounder": people["cofounder"].pk,
            "title": f"Projet de {role}",
            "summary": "Un défi par quinzaine.",
            "subjects": [Subject.objects.get(code="mathematics").pk],
            "languages": [Language.objects.get(code="fr").pk],
            "age_min": 9,
            "age_max": 12,
            "planned_start": "2026-09-01",
            "planned_end": "2027-06-30",
            "expected_partners": 2,
        },
    )
    new = set(Project.objects.values_list("pk", flat=True)) - before
    return KitUse.objects.filter(kit=kit, project__in=new).exists()


def _read(people, role, kit) -> bool:
    return client_for(people, role).get(reverse("kits:detail", args=[kit.pk])).status_code == 200


def _listed(people, role, kit) -> bool:
    page = client_for(people, role).get(reverse("kits:list")).context["page"]
    return kit in page.object_list


def _change(people, role, kit) -> bool:
    url = reverse("admin:kits_kit_change", args=[kit.pk])
    data = change_form_data(client_for(people, "superuser"), url)
    data["title_fr"] = [f"Modifié par {role}"]
    client_for(people, role).post(url, data)
    return Kit.objects.get(pk=kit.pk).title_fr == f"Modifié par {role}"


def _add(people, role, kit) -> bool:
    title = f"Ajouté par {role}"
    client_for(people, role).post(
        reverse("admin:kits_kit_add"),
        {
            "title_fr": title,
            "summary_fr": "Résumé",
            "objectives_fr": "Un objectif",
            "duration_fr": "4 semaines",
            "duration_weeks": "4",
            "age_min": "8",
            "age_max": "10",
            "subjects": [str(Subject.objects.get(code="arts").pk)],
            "position": "0",
            "steps-TOTAL_FORMS": "0",
            "steps-INITIAL_FORMS": "0",
            "steps-MIN_NUM_FORMS": "0",
            "steps-MAX_NUM_FORMS": "1000",
        },
    )
    return Kit.objects.filter(title_fr=title).exists()


def _delete(people, role, kit) -> bool:
    client_for(people, role).post(reverse("admin:kits_kit_delete", args=[kit.pk]), {"post": "yes"})
    return not Kit.objects.filter(pk=kit.pk).exists()


def _bulk_delete(people, role, kit) -> bool:
    client_for(people, role).post(
        reverse("admin:kits_kit_changelist"),
        {"action": "delete_selected", "_selected_action": [kit.pk], "index": 0, "post": "yes"},
    )
    return not Kit.objects.filter(pk=kit.pk).exists()


ACTIONS = {
    "read unpublished kit": (_read, False),
    "list unpublished kit": (_listed, False),
    "read published kit": (_read, True),
    "found from published kit": (_found, True),
    "found from unpublished kit": (_found, False),
    "admin: change kit": (_change, True),
    "admin: add kit": (_add, True),
    "admin: delete published kit": (_delete, True),
    "admin: bulk delete published": (_bulk_delete, True),
    "admin: delete unpublished kit": (_delete, False),
}


@pytest.mark.parametrize("action", list(EXPECTED))
def test_each_role_does_exactly_what_the_table_allows(people, action):
    do, published = ACTIONS[action]
    observed = {}
    for role in ROLES:
        kit = make_kit(title=f"Kit pour {role}", published=published)
        observed[role] = do(people, role, kit)
    assert observed == dict(zip(ROLES, EXPECTED[action], strict=True))


def test_a_kit_a_project_was_founded_from_is_deleted_by_nobody(people):
    kit = make_kit()
    assert _found(people, "teacher", kit)
    kit.is_published = False
    kit.save()

    assert not _delete(people, "superuser", kit)
    assert not _delete(people, "staff_fwb", kit)


def test_the_admin_sanitises_a_steps_rich_text_in_every_language(people):
    kit = make_kit(steps=("Former les équipes",))
    url = reverse("admin:kits_kit_change", args=[kit.pk])
    client = client_for(people, "staff_fwb")
    data = change_form_data(client, url)
    data["steps-0-body_fr"] = ['<p onclick="x()">Équipes</p><script>alert(1)</script>']
    data["steps-0-body_de"] = ['<p>Teams<img src="x" onerror="y()"></p>']

    client.post(url, data)

    step = kit.steps.get()
    assert (step.body_fr, step.body_de) == ("<p>Équipes</p>", "<p>Teams</p>")
