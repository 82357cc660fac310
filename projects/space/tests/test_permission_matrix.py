"""Every view of the project space × every role, against tables written here by hand
(never computed from projects/space/permissions.py, which they check): what each
role is shown, and whether each role's POST changes the rows — after a refused write
the rows are exactly as before, after an allowed one they changed. Other projects'
ids give 404; an archived space is read-only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from projects.models import Membership, ProjectState
from projects.space import services
from projects.space.models import (
    ForumReply,
    ForumThread,
    JournalComment,
    JournalPost,
    Material,
    Page,
    PupilAccount,
    StoredFile,
    TeacherAdmin,
)
from projects.space.permissions import Role
from projects.space.tests.factories import (
    actor,
    jpeg_bytes,
    login_pupil,
    make_space,
    upload,
)


def _space_objects(space) -> dict:
    """Pages, a post with an image, a thread, a material in ``space``: their ids."""
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
    return objects


def _world():
    """Another project space (the shared world is the first), with its objects."""
    space = make_space()
    return space, _space_objects(space)


@pytest.fixture
def matrix(world):
    """The shared world's space (conftest.py) and its objects' ids."""
    return world.space, _space_objects(world.space)


# --- the expected tables, written by hand ---------------------------------------------------
#
# Roles: the founder is a teacher administrator, the partner a teacher, the accepted
# collaborator an observer, staff of the founder's service follow the project read-only,
# an outsider is a validated teacher with no part in it. The founder wrote every page,
# update and thread of the world, and created both pupil logins.

# fmt: off
COLUMNS = ("anonymous", "outsider", "staff", "observer", "pupil", "pupil_admin", "teacher", "teacher_admin")

# GET: what each role is shown. ok: the page; login: the space's login page; 403: refused.
L, N, F = "login", "404", "403"
PAGES: dict[str, tuple[str, ...]] = {
    #                 anonymous outsider staff observer pupil pupil_admin teacher teacher_admin
    "home":           (L,       N,       "ok", "ok",   "ok", "ok",       "ok",   "ok"),
    "pages":          (L,       N,       "ok", "ok",   "ok", "ok",       "ok",   "ok"),
    "page_detail":    (L,       N,       "ok", "ok",   "ok", "ok",       "ok",   "ok"),
    "page_create":    (L,       N,       F,    F,      F,    F,          F,      "ok"),
    "page_edit":      (L,       N,       F,    F,      F,    F,          F,      "ok"),
    "journal":        (L,       N,       "ok", "ok",   "ok", "ok",       "ok",   "ok"),
    "journal_create": (L,       N,       F,    F,      F,    "ok",       "ok",   "ok"),
    "journal_detail": (L,       N,       "ok", "ok",   "ok", "ok",       "ok",   "ok"),
    # The update is the founder's: only moderators edit it (authors: test_journal_edit).
    "journal_edit":   (L,       N,       F,    F,      F,    F,          F,      "ok"),
    "forum":          (L,       N,       "ok", "ok",   "ok", "ok",       "ok",   "ok"),
    "thread_create":  (L,       N,       F,    F,      F,    "ok",       "ok",   "ok"),
    "thread_detail":  (L,       N,       "ok", "ok",   "ok", "ok",       "ok",   "ok"),
    "materials":      (L,       N,       "ok", "ok",   "ok", "ok",       "ok",   "ok"),
    "material_create":(L,       N,       F,    F,      F,    "ok",       "ok",   "ok"),
    # A file is fetched by the browser without a page around it: 404, not a login page.
    "file":           (N,       N,       "ok", "ok",   "ok", "ok",       "ok",   "ok"),
    "members":        (L,       N,       "ok", "ok",   "ok", "ok",       "ok",   "ok"),
    "pupils":         (L,       N,       F,    F,      F,    F,          F,      "ok"),
    "activity":       (L,       N,       "ok", "ok",   "ok", "ok",       "ok",   "ok"),
}

# POST: 1 if the role's write changes the rows, 0 if they are exactly as before.
WRITES: dict[str, tuple[int, ...]] = {
    #                        anonymous outsider staff observer pupil pupil_admin teacher teacher_admin
    "page_create":           (0,       0,       0,    0,       0,    0,          0,      1),
    "page_edit":             (0,       0,       0,    0,       0,    0,          0,      1),
    "page_move":             (0,       0,       0,    0,       0,    0,          0,      1),
    "journal_create":        (0,       0,       0,    0,       0,    1,          1,      1),
    # Commenting and replying: every member, pupils included; not observers nor staff.
    "journal_comment":       (0,       0,       0,    0,       1,    1,          1,      1),
    # Only teachers decide what pupils' work is shown to the world.
    "journal_publish":       (0,       0,       0,    0,       0,    0,          1,      1),
    "journal_edit":          (0,       0,       0,    0,       0,    0,          0,      1),
    "thread_create":         (0,       0,       0,    0,       0,    1,          1,      1),
    "thread_reply":          (0,       0,       0,    0,       1,    1,          1,      1),
    "material_create":       (0,       0,       0,    0,       0,    1,          1,      1),
    "delete_page":           (0,       0,       0,    0,       0,    0,          0,      1),
    "delete_material":       (0,       0,       0,    0,       0,    0,          0,      1),
    # Roles and pupil logins: teacher administrators only.
    "teacher_admin":         (0,       0,       0,    0,       0,    0,          0,      1),
    "pupil_create":          (0,       0,       0,    0,       0,    0,          0,      1),
    "pupil_reset":           (0,       0,       0,    0,       0,    0,          0,      1),
    "pupil_active":          (0,       0,       0,    0,       0,    0,          0,      1),
    "pupil_admin":           (0,       0,       0,    0,       0,    0,          0,      1),
}
# fmt: on
ROLES = list(COLUMNS)

# GET pages: name -> URL kwargs (see _kwargs). Writes: name -> view, URL kwargs, data, probe.
PAGE_KWARGS = {
    "page_detail": ["page_id"],
    "page_edit": ["page_id"],
    "journal_detail": ["post_id"],
    "journal_edit": ["post_id"],
    "thread_detail": ["thread_id"],
    "file": ["file_id"],
}
READS = {name for name, row in PAGES.items() if row[COLUMNS.index("staff")] == "ok"}


# What each write POSTs: view, URL kwargs (see _kwargs), data.
REQUESTS: dict[str, tuple[str, list[str], dict]] = {
    "page_create": ("page_create", [], {"title": "Neuve", "body": "Texte"}),
    "page_edit": ("page_edit", ["page_id"], {"title": "Accueil", "body": "Texte changé"}),
    "page_move": ("page_move", ["page_id"], {"direction": "down"}),
    "journal_create": ("journal_create", [], {"title": "Nouvelles", "body": "Texte"}),
    "journal_comment": ("journal_detail", ["post_id"], {"body": "Bravo !"}),
    "journal_publish": ("journal_publish", ["post_id"], {"public": "1"}),
    "journal_edit": ("journal_edit", ["post_id"], {"title": "Arrivée", "body": "Texte changé"}),
    "thread_create": ("thread_create", [], {"title": "Sujet", "body": "Message"}),
    "thread_reply": ("thread_detail", ["thread_id"], {"body": "Ma réponse"}),
    "material_create": (
        "material_create",
        [],
        {"kind": "video", "title": "Clip", "video_url": "https://vimeo.com/76979871"},
    ),
    "delete_page": ("delete", ["kind:page", "page_id->object_id"], {}),
    "delete_material": ("delete", ["kind:material", "material_id->object_id"], {}),
    "teacher_admin": ("teacher_admin", ["membership_id"], {"admin": "1"}),
    "pupil_create": ("pupils", [], {"display_name": "Zoé", "class_label": "5A"}),
    "pupil_reset": ("pupil_reset", ["pupil_id"], {}),
    "pupil_active": ("pupil_active", ["pupil_id"], {"active": "0"}),
    "pupil_admin": ("pupil_admin", ["pupil_id"], {"admin": "1"}),
}


def _rows(queryset, *fields) -> list:
    return sorted(queryset.values_list(*fields))


def _probe(write: str, project) -> list:
    """The rows ``write`` would change, read now."""
    pupils = PupilAccount.objects.filter(project=project)
    pages = Page.objects.filter(project=project)
    posts = JournalPost.objects.filter(project=project)
    reads = {
        "page_create": lambda: _rows(pages, "title"),
        "page_edit": lambda: _rows(pages, "title", "body"),
        "page_move": lambda: _rows(pages, "pk", "position"),
        "journal_create": lambda: _rows(posts, "title"),
        "journal_comment": lambda: _rows(
            JournalComment.objects.filter(post__project=project), "body"
        ),
        "journal_publish": lambda: _rows(posts, "pk", "is_public"),
        "journal_edit": lambda: _rows(posts, "title", "body"),
        "thread_create": lambda: _rows(ForumThread.objects.filter(project=project), "title"),
        "thread_reply": lambda: _rows(ForumReply.objects.filter(thread__project=project), "body"),
        "material_create": lambda: _rows(Material.objects.filter(project=project), "title"),
        "delete_page": lambda: _rows(pages, "pk"),
        "delete_material": lambda: _rows(Material.objects.filter(project=project), "pk"),
        "teacher_admin": lambda: _rows(TeacherAdmin.objects.filter(project=project), "user_id"),
        "pupil_create": lambda: _rows(pupils, "display_name"),
        "pupil_reset": lambda: _rows(pupils, "pk", "password"),
        "pupil_active": lambda: _rows(pupils, "pk", "is_active"),
        "pupil_admin": lambda: _rows(pupils, "pk", "is_admin"),
    }
    return reads[write]()


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


# Who plays each role of the tables: the shared world's people (conftest.py).
PLAYED_BY = {
    "anonymous": "anonymous",
    "outsider": "teacher",
    "staff": "staff_fwb",
    "observer": "collaborator",
    "pupil": "pupil",
    "pupil_admin": "pupil_admin",
    "teacher": "member",
    "teacher_admin": "founder",
}


def _outcome(response, space) -> str:
    if response.status_code == 302 and response.url.startswith(
        reverse("space:login", args=[space.project.pk])
    ):
        return "login"
    if response.status_code == 200:
        return "ok"
    return str(response.status_code)


def test_every_view_of_the_space_is_in_a_table():
    from projects.space import urls

    names = {pattern.name for pattern in urls.urlpatterns}
    covered = set(PAGES) | {view for view, _spec, _data in REQUESTS.values()}
    # Not about roles in a space: the pupils' own login and logout, and the public page.
    assert names - covered == {"login", "logout", "public_page"}
    assert REQUESTS.keys() == WRITES.keys()


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PAGES))
def test_each_role_is_shown_the_page_the_table_says(client, log_in_as, matrix, name):
    space, objects = matrix
    kwargs = _kwargs(space.project.pk, PAGE_KWARGS.get(name, []), objects)
    url = reverse(f"space:{name}", kwargs=kwargs)
    seen = {}
    for role in ROLES:
        log_in_as(PLAYED_BY[role])
        seen[role] = _outcome(client.get(url), space)
    assert seen == dict(zip(ROLES, PAGES[name], strict=True))


@pytest.mark.django_db
@pytest.mark.parametrize("write", sorted(WRITES))
def test_each_role_write_changes_the_rows_exactly_where_the_table_says(
    client, log_in_as, matrix, write
):
    from django.db import transaction

    space, objects = matrix
    view, spec, data = REQUESTS[write]
    url = reverse(f"space:{view}", kwargs=_kwargs(space.project.pk, spec, objects))
    seen = {}
    for role in ROLES:
        with transaction.atomic():  # every role against the same space; undone after
            log_in_as(PLAYED_BY[role])
            before = _probe(write, space.project)
            response = client.post(url, data)
            after = _probe(write, space.project)
            transaction.set_rollback(True)
        assert response.status_code < 500, (write, role, response.status_code)
        seen[role] = int(before != after)
    assert seen == dict(zip(ROLES, WRITES[write], strict=True))


def _with_ids(spec: list[str]) -> bool:
    return any(not item.startswith("kind:") for item in spec)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "name"),
    [("get", name) for name in sorted(PAGE_KWARGS)]
    + [("post", write) for write in sorted(REQUESTS) if _with_ids(REQUESTS[write][1])],
)
def test_another_projects_ids_give_404(client, matrix, method, name):
    """A teacher administrator of A asking for B's page, post, thread, file... in A's space."""
    space_a, _objects_a = matrix
    space_b, objects_b = _world()
    client.force_login(space_a.founder)
    if method == "get":
        view, spec, data = name, PAGE_KWARGS[name], None
    else:
        view, spec, data = REQUESTS[name]
    url = reverse(f"space:{view}", kwargs=_kwargs(space_a.project.pk, spec, objects_b))
    before = method == "post" and _probe(name, space_b.project)
    response = client.post(url, data) if method == "post" else client.get(url)
    assert response.status_code == 404
    if method == "post":
        assert _probe(name, space_b.project) == before


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["teacher_admin", "teacher", "observer", "staff"])
def test_archived_space_is_read_only(client, log_in_as, matrix, role):
    space, objects = matrix
    space.project.state = ProjectState.ARCHIVED
    space.project.save()
    log_in_as(PLAYED_BY[role])
    for name in PAGES:
        url = reverse(
            f"space:{name}", kwargs=_kwargs(space.project.pk, PAGE_KWARGS.get(name, []), objects)
        )
        expected = 200 if name in READS else 403
        assert client.get(url).status_code == expected, name
    for write, (view, spec, data) in REQUESTS.items():
        url = reverse(f"space:{view}", kwargs=_kwargs(space.project.pk, spec, objects))
        before = _probe(write, space.project)
        assert client.post(url, data).status_code == 403, write
        assert _probe(write, space.project) == before, write


@pytest.mark.django_db
def test_pupils_cannot_enter_an_archived_space(client, matrix):
    space, _objects = matrix
    space.project.state = ProjectState.ARCHIVED
    space.project.save()
    login_pupil(client, space.pupil)
    response = client.get(reverse("space:home", args=[space.project.pk]))
    assert response.status_code == 302
    assert "/login/" in response.url


@pytest.mark.django_db
def test_a_pupil_of_another_project_is_a_stranger_here(client, matrix):
    space_a, _ = matrix
    space_b, _ = _world()
    login_pupil(client, space_b.pupil)
    response = client.get(reverse("space:home", args=[space_a.project.pk]))
    assert response.status_code == 302 and "/login/" in response.url
    assert client.get(reverse("space:home", args=[space_b.project.pk])).status_code == 200


@pytest.mark.django_db
def test_a_space_not_yet_opened_is_404_for_its_founders(client, matrix):
    space, _ = matrix
    space.project.state = ProjectState.AWAITING_APPROVAL
    space.project.save()
    client.force_login(space.founder)
    assert client.get(reverse("space:home", args=[space.project.pk])).status_code == 404


@pytest.mark.django_db
def test_a_promoted_partner_becomes_teacher_administrator(client, matrix):
    space, objects = matrix
    client.force_login(space.founder)
    client.post(
        reverse("space:teacher_admin", args=[space.project.pk, objects["membership_id"]]),
        {"admin": "1"},
    )
    assert actor(space.project, user=space.partner).role == Role.TEACHER_ADMIN
    client.force_login(space.partner)
    assert client.get(reverse("space:page_create", args=[space.project.pk])).status_code == 200


@pytest.mark.django_db
def test_moderators_delete_files_with_the_content(client, matrix, settings):
    space, objects = matrix
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
