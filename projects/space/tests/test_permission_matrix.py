"""Every view of the project space × every role, from the table in
projects/space/permissions.py; other projects' ids give 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from projects.models import Membership, ProjectState
from projects.space import services
from projects.space.models import Page, StoredFile
from projects.space.permissions import PERMISSIONS, Action, Role
from projects.space.tests.factories import (
    actor,
    jpeg_bytes,
    login_pupil,
    make_space,
    upload,
)

# Teacher administrators last: their allowed writes (delete, promote, deactivate)
# would change what the other roles see.
ROLES = [
    "anonymous",
    "outsider",
    "staff",
    "observer",
    "pupil",
    "pupil_admin",
    "teacher",
    "teacher_admin",
]


def _world():
    space = make_space()
    project = space.project
    admin = actor(project, user=space.founder)
    page = services.page_create(actor=admin, title="Accueil", body="<p>Bonjour</p>")
    services.page_create(actor=admin, title="Deuxième", body="<p>Suite</p>")
    post = services.journal_post_create(
        actor=admin, title="Arrivée de Léon", body="Il est là", image=upload("a.jpg", jpeg_bytes())
    )
    thread = services.forum_thread_create(
        actor=admin, title="Présentations", body="Qui êtes-vous ?"
    )
    material = services.material_create(
        actor=admin, kind="video", title="Film", video_url="https://youtu.be/dQw4w9WgXcQ"
    )
    partner_membership = Membership.objects.get(project=project, user=space.partner)
    objects = {
        "page_id": page.pk,
        "post_id": post.pk,
        "thread_id": thread.pk,
        "material_id": material.pk,
        "file_id": post.image_id,
        "membership_id": partner_membership.pk,
        "pupil_id": space.pupil.pk,
    }
    return space, objects


# name, method, url kwargs, action, POST data
VIEWS = [
    ("home", "get", [], Action.VIEW, None),
    ("pages", "get", [], Action.VIEW, None),
    ("page_detail", "get", ["page_id"], Action.VIEW, None),
    ("page_create", "get", [], Action.MANAGE_PAGES, None),
    ("page_create", "post", [], Action.MANAGE_PAGES, {"title": "Neuve", "body": "Texte"}),
    ("page_edit", "get", ["page_id"], Action.MANAGE_PAGES, None),
    ("page_edit", "post", ["page_id"], Action.MANAGE_PAGES, {"title": "Accueil", "body": "Texte"}),
    ("page_move", "post", ["page_id"], Action.MANAGE_PAGES, {"direction": "down"}),
    ("journal", "get", [], Action.VIEW, None),
    ("journal_create", "get", [], Action.POST_JOURNAL, None),
    ("journal_create", "post", [], Action.POST_JOURNAL, {"title": "Nouvelles", "body": "Texte"}),
    ("journal_detail", "get", ["post_id"], Action.VIEW, None),
    ("journal_detail", "post", ["post_id"], Action.COMMENT, {"body": "Bravo !"}),
    ("journal_publish", "post", ["post_id"], Action.PUBLISH_JOURNAL, {"public": "1"}),
    # The update is the founder's: only moderators may edit it (authors: test_journal_edit).
    ("journal_edit", "get", ["post_id"], Action.MODERATE, None),
    ("journal_edit", "post", ["post_id"], Action.MODERATE, {"title": "Arrivée", "body": "Texte"}),
    ("forum", "get", [], Action.VIEW, None),
    ("thread_create", "get", [], Action.OPEN_THREAD, None),
    ("thread_create", "post", [], Action.OPEN_THREAD, {"title": "Sujet", "body": "Message"}),
    ("thread_detail", "get", ["thread_id"], Action.VIEW, None),
    ("thread_detail", "post", ["thread_id"], Action.REPLY, {"body": "Ma réponse"}),
    ("materials", "get", [], Action.VIEW, None),
    ("material_create", "get", [], Action.ADD_MATERIAL, None),
    (
        "material_create",
        "post",
        [],
        Action.ADD_MATERIAL,
        {"kind": "video", "title": "Clip", "video_url": "https://vimeo.com/76979871"},
    ),
    ("file", "get", ["file_id"], Action.VIEW, None),
    ("delete", "post", ["kind:page", "page_id->object_id"], Action.MODERATE, {}),
    ("delete", "post", ["kind:material", "material_id->object_id"], Action.MODERATE, {}),
    ("members", "get", [], Action.VIEW, None),
    ("teacher_admin", "post", ["membership_id"], Action.MANAGE_ROLES, {"admin": "1"}),
    ("pupils", "get", [], Action.MANAGE_PUPILS, None),
    ("pupils", "post", [], Action.MANAGE_PUPILS, {"display_name": "Zoé", "class_label": "5A"}),
    ("pupil_reset", "post", ["pupil_id"], Action.MANAGE_PUPILS, {}),
    ("pupil_active", "post", ["pupil_id"], Action.MANAGE_PUPILS, {"active": "0"}),
    ("pupil_admin", "post", ["pupil_id"], Action.MANAGE_ROLES, {"admin": "1"}),
    ("activity", "get", [], Action.VIEW, None),
]


def _kwargs(project_id: int, spec: list[str], objects: dict) -> dict:
    kwargs = {"project_id": project_id}
    for item in spec:
        if item.startswith("kind:"):
            kwargs["kind"] = item[5:]
        elif "->" in item:
            source, target = item.split("->")
            kwargs[target] = objects[source]
        else:
            kwargs[item] = objects[item]
    return kwargs


def _log_in(client, space, role: str) -> None:
    users = {
        "teacher_admin": space.founder,
        "teacher": space.partner,
        "observer": space.collaborator,
        "staff": space.staff,
        "outsider": space.outsider,
    }
    if role in users:
        client.force_login(users[role])
    elif role == "pupil":
        login_pupil(client, space.pupil)
    elif role == "pupil_admin":
        login_pupil(client, space.pupil_admin)


def _call(client, method, url, data):
    return client.post(url, data) if method == "post" else client.get(url)


def _expected(role: str, name: str, method: str, action: Action) -> str:
    if role == "outsider":
        return "404"
    if role == "anonymous":
        return "404" if name == "file" else "login"
    if Role(role) in PERMISSIONS[action]:
        return "ok"
    return "403"


def _outcome(response, space) -> str:
    if response.status_code == 302 and response.url.startswith(
        reverse("space:login", args=[space.project.pk])
    ):
        return "login"
    if response.status_code in (200, 302):
        return "ok"
    return str(response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "method", "spec", "action", "data"),
    VIEWS,
    ids=[f"{v[0]}-{v[1]}-{'-'.join(v[2])}" for v in VIEWS],
)
def test_view_answers_each_role_as_the_table_says(client, name, method, spec, action, data):
    space, objects = _world()
    url = reverse(f"space:{name}", kwargs=_kwargs(space.project.pk, spec, objects))
    seen, wanted = {}, {}
    for role in ROLES:
        client.logout()
        _log_in(client, space, role)
        response = _call(client, method, url, data)
        if method == "get" and response.status_code == 302 and _outcome(response, space) == "ok":
            seen[role] = "redirect"  # a GET view must render, not redirect
        else:
            seen[role] = _outcome(response, space)
        wanted[role] = _expected(role, name, method, action)
    assert seen == wanted


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "method", "spec", "action", "data"),
    [v for v in VIEWS if any(k != "kind" and not k.startswith("kind:") for k in v[2])],
    ids=[f"{v[0]}-{v[1]}" for v in VIEWS if v[2]],
)
def test_another_projects_ids_give_404(client, name, method, spec, action, data):
    """A teacher administrator of A asking for B's page, post, thread, file... in A's space."""
    space_a, _objects_a = _world()
    _space_b, objects_b = _world()
    client.force_login(space_a.founder)
    url = reverse(f"space:{name}", kwargs=_kwargs(space_a.project.pk, spec, objects_b))
    response = _call(client, method, url, data)
    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["teacher_admin", "teacher", "observer", "staff"])
def test_archived_space_is_read_only(client, role):
    space, objects = _world()
    space.project.state = ProjectState.ARCHIVED
    space.project.save()
    _log_in(client, space, role)
    for name, method, spec, action, data in VIEWS:
        url = reverse(f"space:{name}", kwargs=_kwargs(space.project.pk, spec, objects))
        response = _call(client, method, url, data)
        expected = 200 if action == Action.VIEW else 403
        assert response.status_code == expected, (name, method, response.status_code)
    assert Page.objects.filter(project=space.project).count() == 2


@pytest.mark.django_db
def test_pupils_cannot_enter_an_archived_space(client):
    space, _objects = _world()
    space.project.state = ProjectState.ARCHIVED
    space.project.save()
    login_pupil(client, space.pupil)
    response = client.get(reverse("space:home", args=[space.project.pk]))
    assert response.status_code == 302
    assert "/login/" in response.url


@pytest.mark.django_db
def test_a_pupil_of_another_project_is_a_stranger_here(client):
    space_a, _ = _world()
    space_b, _ = _world()
    login_pupil(client, space_b.pupil)
    response = client.get(reverse("space:home", args=[space_a.project.pk]))
    assert response.status_code == 302 and "/login/" in response.url
    assert client.get(reverse("space:home", args=[space_b.project.pk])).status_code == 200


@pytest.mark.django_db
def test_a_space_not_yet_opened_is_404_for_its_founders(client):
    space, _ = _world()
    space.project.state = ProjectState.AWAITING_APPROVAL
    space.project.save()
    client.force_login(space.founder)
    assert client.get(reverse("space:home", args=[space.project.pk])).status_code == 404


@pytest.mark.django_db
def test_a_promoted_partner_becomes_teacher_administrator(client):
    space, objects = _world()
    client.force_login(space.founder)
    client.post(
        reverse("space:teacher_admin", args=[space.project.pk, objects["membership_id"]]),
        {"admin": "1"},
    )
    assert actor(space.project, user=space.partner).role == Role.TEACHER_ADMIN
    client.force_login(space.partner)
    assert client.get(reverse("space:page_create", args=[space.project.pk])).status_code == 200


@pytest.mark.django_db
def test_moderators_delete_files_with_the_content(client, settings):
    space, objects = _world()
    stored = StoredFile.objects.get(pk=objects["file_id"])
    path = stored.file.path
    client.force_login(space.founder)
    with pytest.raises(AssertionError):
        # the file exists before
        assert not __import__("os").path.exists(path)
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("space:delete", args=[space.project.pk, "post", objects["post_id"]])
        )
    assert response.status_code == 302
    assert not StoredFile.objects.filter(pk=stored.pk).exists()
    assert not __import__("os").path.exists(path)
