"""Editing a journal update: its author or a moderator, sanitised like on creation,
photo and sound replaced or removed through the same checks, recorded in the
activity feed; nobody else, and nobody once the project is archived."""

from __future__ import annotations

import os

import pytest
from django.core.exceptions import PermissionDenied
from django.test import TestCase
from django.urls import reverse

from accounts.tests.factories import TeacherFactory
from projects.models import MemberRole, ProjectState
from projects.space import services
from projects.space.models import Activity, ActivityKind, JournalPost, StoredFile
from projects.space.tests.factories import (
    actor,
    jpeg_bytes,
    login_pupil,
    make_space,
    png_bytes,
    upload,
    wav_bytes,
)
from projects.tests.factories import member


@pytest.fixture
def space(db):
    return make_space()


def _partner_post(space, **kwargs) -> JournalPost:
    return services.journal_post_create(
        actor=actor(space.project, user=space.partner),
        title="Arivée de Léon",
        body="Léon est arrivé en trian.",
        **kwargs,
    )


def _edit_url(post: JournalPost) -> str:
    return reverse("space:journal_edit", args=[post.project_id, post.pk])


def _edit(client, post: JournalPost, **data):
    return client.post(
        _edit_url(post), {"title": "Arrivée de Léon", "body": "Léon est arrivé en train.", **data}
    )


def test_the_author_fixes_a_typo(client, space):
    post = _partner_post(space)
    client.force_login(space.partner)
    response = _edit(client, post)
    assert response.status_code == 302
    assert response.url == reverse("space:journal_detail", args=[space.project.pk, post.pk])
    post.refresh_from_db()
    assert post.title == "Arrivée de Léon"
    assert post.body == "<p>Léon est arrivé en train.</p>"
    assert post.author_user == space.partner  # the author stays the author


def test_the_text_is_sanitised_exactly_as_on_creation(client, space):
    post = _partner_post(space)
    client.force_login(space.partner)
    _edit(
        client,
        post,
        body='<p onclick="x()" style="color:red">Bonjour</p><script>alert(1)</script>'
        '<a href="javascript:alert(1)">lien</a><iframe src="https://evil.example"></iframe>',
    )
    post.refresh_from_db()
    assert post.body == '<p>Bonjour</p><a rel="noopener nofollow">lien</a>'


def test_the_edit_is_recorded_in_the_activity_feed(client, space):
    post = _partner_post(space)
    client.force_login(space.partner)
    _edit(client, post)
    item = Activity.objects.filter(project=space.project).first()
    assert (item.kind, item.target_id, item.target_title, item.actor_label) == (
        ActivityKind.JOURNAL_UPDATED,
        post.pk,
        "Arrivée de Léon",
        str(space.partner),
    )
    feed = client.get(reverse("space:activity", args=[space.project.pk])).content.decode()
    assert "a modifié la mise à jour" in feed
    assert reverse("space:journal_detail", args=[space.project.pk, post.pk]) in feed


@pytest.mark.parametrize("moderator", ["founder", "cofounder"])
def test_the_founders_who_moderate_the_space_edit_any_update(client, space, moderator):
    post = _partner_post(space)
    client.force_login(getattr(space, moderator))
    assert _edit(client, post).status_code == 302
    post.refresh_from_db()
    assert post.title == "Arrivée de Léon" and post.author_user == space.partner


def test_a_pupil_administrator_edits_their_own_update(client, space):
    post = services.journal_post_create(
        actor=actor(space.project, pupil_account=space.pupil_admin), title="Par Tom", body="x"
    )
    login_pupil(client, space.pupil_admin)
    assert client.get(_edit_url(post)).status_code == 200
    assert _edit(client, post).status_code == 302
    post.refresh_from_db()
    assert post.title == "Arrivée de Léon"


def test_a_public_update_edited_by_a_pupil_goes_back_to_members_only(client, space):
    """Only teachers decide what is shown to the world, also after an edit."""
    post = services.journal_post_create(
        actor=actor(space.project, pupil_account=space.pupil_admin), title="Par Tom", body="x"
    )
    services.journal_post_set_public(
        actor=actor(space.project, user=space.founder), post=post, is_public=True
    )
    login_pupil(client, space.pupil_admin)
    form = client.get(_edit_url(post)).content.decode()
    assert "elle sera réservée aux membres" in form
    _edit(client, post)
    post.refresh_from_db()
    assert not post.is_public


def test_a_teacher_author_keeps_their_update_public(client, space):
    post = _partner_post(space, is_public=True)
    client.force_login(space.partner)
    _edit(client, post)
    post.refresh_from_db()
    assert post.is_public


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("other_member", 403),
        ("pupil", 403),
        ("pupil_admin", 403),
        ("observer", 403),
        ("staff", 403),
        # A space hides itself from outsiders, as for every other page of it.
        ("outsider", 404),
        ("anonymous", "login"),
    ],
)
def test_nobody_else_edits_an_update(client, space, who, expected):
    post = _partner_post(space)
    if who == "other_member":
        other = TeacherFactory(school=space.founder.school)
        member(space.project, other, role=MemberRole.PARTNER)
        client.force_login(other)
    elif who in ("pupil", "pupil_admin"):
        login_pupil(client, getattr(space, who))
    elif who == "observer":
        client.force_login(space.collaborator)
    elif who != "anonymous":
        client.force_login(getattr(space, who))
    for response in (client.get(_edit_url(post)), _edit(client, post)):
        if expected == "login":
            assert response.status_code == 302
            assert response.url.startswith(reverse("space:login", args=[space.project.pk]))
        else:
            assert response.status_code == expected
    post.refresh_from_db()
    assert post.title == "Arivée de Léon"
    assert not Activity.objects.filter(kind=ActivityKind.JOURNAL_UPDATED).exists()


def test_the_service_refuses_a_member_who_is_not_the_author(space):
    post = _partner_post(space)
    with pytest.raises(PermissionDenied):
        services.journal_post_update(
            actor=actor(space.project, pupil_account=space.pupil_admin),
            post=post,
            title="Pirate",
            body="x",
        )


def test_a_demoted_pupil_no_longer_edits_what_they_wrote(client, space):
    post = services.journal_post_create(
        actor=actor(space.project, pupil_account=space.pupil_admin), title="Par Tom", body="x"
    )
    space.pupil_admin.is_admin = False
    space.pupil_admin.save()
    login_pupil(client, space.pupil_admin)
    assert client.get(_edit_url(post)).status_code == 403


@pytest.mark.parametrize("who", ["partner", "founder"])
def test_an_archived_project_refuses_edits(client, space, who):
    post = _partner_post(space)
    space.project.state = ProjectState.ARCHIVED
    space.project.save()
    client.force_login(getattr(space, who))
    assert client.get(_edit_url(post)).status_code == 403
    assert _edit(client, post).status_code == 403
    with pytest.raises(PermissionDenied):
        services.journal_post_update(
            actor=actor(space.project, user=getattr(space, who)), post=post, title="x", body="y"
        )
    post.refresh_from_db()
    assert post.title == "Arivée de Léon"


def test_another_projects_update_gives_404(client, space):
    other_space = make_space()
    post = _partner_post(other_space)
    client.force_login(space.founder)
    url = reverse("space:journal_edit", args=[space.project.pk, post.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"title": "x", "body": "y"}).status_code == 404


def test_an_error_keeps_what_was_typed(client, space):
    post = _partner_post(space)
    client.force_login(space.partner)
    response = _edit(client, post, title="Mon titre corrigé", body="<script>alert(1)</script>")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mon titre corrigé" in html
    assert "Le texte est vide" in html
    assert response.context["form"]["title"].value() == "Mon titre corrigé"
    post.refresh_from_db()
    assert post.title == "Arivée de Léon"


def test_the_form_starts_from_the_current_update(client, space):
    post = _partner_post(space, image=upload("a.jpg", jpeg_bytes()))
    client.force_login(space.partner)
    response = client.get(_edit_url(post))
    form = response.context["form"]
    assert form["title"].value() == "Arivée de Léon"
    assert form["body"].value() == post.body == "Léon est arrivé en trian."
    # Publication has its own button; a sound can only be added, not removed.
    assert "is_public" not in form.fields and "remove_sound" not in form.fields
    assert form.fields["image"].label == "Remplacer la photo" and "remove_image" in form.fields


def test_the_edit_link_sits_next_to_delete_for_those_who_may_edit(client, space):
    post = _partner_post(space)
    detail = reverse("space:journal_detail", args=[space.project.pk, post.pk])
    for user, shown in ((space.partner, True), (space.founder, True), (space.collaborator, False)):
        client.force_login(user)
        html = client.get(detail).content.decode()
        assert (_edit_url(post) in html) is shown, user
    client.logout()
    login_pupil(client, space.pupil)
    assert _edit_url(post) not in client.get(detail).content.decode()


# --- photo and sound ---------------------------------------------------------------------


def test_a_new_photo_replaces_the_old_one_which_is_deleted(client, space):
    post = _partner_post(space, image=upload("a.jpg", jpeg_bytes()))
    old = post.image
    old_path = old.file.path
    client.force_login(space.partner)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = _edit(client, post, image=upload("b.png", png_bytes()))
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.image_id != old.pk and post.image.content_type == "image/png"
    assert not StoredFile.objects.filter(pk=old.pk).exists()
    assert not os.path.exists(old_path) and os.path.exists(post.image.file.path)


def test_the_photo_and_the_sound_can_be_removed(client, space):
    post = _partner_post(
        space, image=upload("a.jpg", jpeg_bytes()), sound=upload("s.wav", wav_bytes())
    )
    paths = [post.image.file.path, post.sound.file.path]
    client.force_login(space.partner)
    with TestCase.captureOnCommitCallbacks(execute=True):
        _edit(client, post, remove_image="on", remove_sound="on")
    post.refresh_from_db()
    assert post.image is None and post.sound is None
    assert not StoredFile.objects.filter(project=space.project).exists()
    assert not any(os.path.exists(p) for p in paths)


def test_a_sound_can_be_added_to_an_update_without_one(client, space):
    post = _partner_post(space)
    client.force_login(space.partner)
    _edit(client, post, sound=upload("s.wav", wav_bytes()))
    post.refresh_from_db()
    assert post.sound.is_sound


def test_a_refused_file_keeps_the_old_one_and_stores_nothing(client, space, settings):
    post = _partner_post(space, image=upload("a.jpg", jpeg_bytes()))
    old = post.image
    client.force_login(space.partner)
    response = _edit(
        client, post, title="Titre tapé", image=upload("photo.jpg", b"MZ\x90\x00" + b"\x00" * 200)
    )
    assert response.status_code == 200
    assert "pas une image acceptée" in response.content.decode()
    assert response.context["form"]["title"].value() == "Titre tapé"
    post.refresh_from_db()
    assert post.image_id == old.pk and post.title == "Arivée de Léon"
    assert list(StoredFile.objects.filter(project=space.project)) == [old]
    stored = [
        f for _d, _s, files in os.walk(os.path.join(settings.MEDIA_ROOT, "space")) for f in files
    ]
    assert stored == [os.path.basename(old.file.name)]


def test_a_bad_sound_undoes_the_new_photo(client, space, settings):
    post = _partner_post(space, image=upload("a.jpg", jpeg_bytes()))
    old = post.image
    client.force_login(space.partner)
    response = _edit(
        client,
        post,
        image=upload("b.png", png_bytes()),
        sound=upload("s.mp3", b"MZ" + b"\x00" * 300),
    )
    assert response.status_code == 200
    post.refresh_from_db()
    assert post.image_id == old.pk and post.sound is None
    assert list(StoredFile.objects.filter(project=space.project)) == [old]
    stored = [
        f for _d, _s, files in os.walk(os.path.join(settings.MEDIA_ROOT, "space")) for f in files
    ]
    assert stored == [os.path.basename(old.file.name)]


def test_a_replaced_photo_does_not_count_against_the_quota(client, space, settings):
    post = _partner_post(space, image=upload("a.jpg", jpeg_bytes()))
    # Room for one such photo (as uploaded, then as stored) and a half: replacing it
    # fits, adding a second one does not.
    settings.SPACE_PROJECT_QUOTA_BYTES = len(jpeg_bytes()) + post.image.size // 2
    client.force_login(space.partner)
    assert _edit(client, post, image=upload("b.jpg", jpeg_bytes())).status_code == 302
    assert StoredFile.objects.filter(project=space.project).count() == 1
    other = _partner_post(space)
    response = _edit(client, other, image=upload("c.jpg", jpeg_bytes()))
    assert response.status_code == 200
    assert "plein" in response.content.decode()
