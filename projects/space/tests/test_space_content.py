"""Pages tree, journal with public updates, forums, activity since the last visit,
former members, CSP on the space pages."""

import pytest
from django.urls import reverse

from projects.space import services
from projects.space.models import Page
from projects.space.tests.factories import (
    actor,
    jpeg_bytes,
    login_pupil,
    make_space,
    upload,
    wav_bytes,
)


@pytest.fixture
def space(db):
    return make_space()


def test_pages_form_an_ordered_tree(client, space):
    admin = actor(space.project, user=space.founder)
    home = services.page_create(actor=admin, title="Accueil", body="a")
    first = services.page_create(actor=admin, title="Étape 1", body="b", parent=home)
    second = services.page_create(actor=admin, title="Étape 2", body="c", parent=home)
    services.page_move(actor=admin, page=second, up=True)
    assert list(Page.objects.filter(parent=home).values_list("title", flat=True)) == [
        "Étape 2",
        "Étape 1",
    ]
    with pytest.raises(Exception, match="elle-même"):
        services.page_update(
            actor=admin, page=home, title="Accueil", body="a", parent=first, is_public=False
        )


def test_public_updates_and_pages_show_on_the_public_project_page(client, space):
    admin = actor(space.project, user=space.founder)
    services.journal_post_create(
        actor=admin,
        title="Public !",
        body="Bonjour le monde",
        image=upload("a.jpg", jpeg_bytes()),
        sound=upload("s.wav", wav_bytes()),
        is_public=True,
    )
    services.journal_post_create(actor=admin, title="Interne", body="Entre nous")
    page = services.page_create(
        actor=admin, title="Présentation", body="Qui sommes-nous", is_public=True
    )
    services.page_create(actor=admin, title="Secrète", body="Non")
    html = client.get(reverse("projects:public", args=[space.project.pk])).content.decode()
    assert "Public !" in html and "Présentation" in html
    assert "Interne" not in html and "Secrète" not in html
    post = space.project.journal_posts.get(title="Public !")
    assert (
        client.get(reverse("space:file", args=[space.project.pk, post.image_id])).status_code == 200
    )
    assert (
        client.get(reverse("space:public_page", args=[space.project.pk, page.pk])).status_code
        == 200
    )
    hidden = Page.objects.get(title="Secrète")
    assert (
        client.get(reverse("space:public_page", args=[space.project.pk, hidden.pk])).status_code
        == 404
    )


def test_a_pupil_admins_update_stays_members_only(space):
    pupil_admin = actor(space.project, pupil_account=space.pupil_admin)
    post = services.journal_post_create(
        actor=pupil_admin, title="Par Tom", body="x", is_public=True
    )
    assert not post.is_public and post.author_label() == "Tom"


def test_pupils_reply_in_forums_but_do_not_open_threads(client, space):
    admin = actor(space.project, user=space.founder)
    thread = services.forum_thread_create(actor=admin, title="Bonjour", body="Présentez-vous")
    login_pupil(client, space.pupil)
    client.post(
        reverse("space:thread_detail", args=[space.project.pk, thread.pk]), {"body": "Je suis Léa"}
    )
    assert thread.replies.get().author_label() == "Léa"
    assert client.get(reverse("space:thread_create", args=[space.project.pk])).status_code == 403


def test_the_feed_marks_what_changed_since_my_last_visit(client, space):
    admin = actor(space.project, user=space.founder)
    services.page_create(actor=admin, title="Ancienne", body="a")
    client.force_login(space.partner)
    first = client.get(reverse("space:activity", args=[space.project.pk])).content.decode()
    assert "Première visite" in first
    services.forum_thread_create(actor=admin, title="Nouvelle discussion", body="b")
    home = client.get(reverse("space:home", args=[space.project.pk])).content.decode()
    assert "1 nouveauté depuis votre dernière visite" in home
    feed = client.get(reverse("space:activity", args=[space.project.pk]))
    items = list(feed.context["feed"])
    assert [i.target_title for i in items if i.is_new] == ["Nouvelle discussion"]


def test_a_deleted_teachers_writing_stays_as_former_member(space):
    admin = actor(space.project, user=space.partner)
    post = services.journal_post_create(actor=admin, title="Mon texte", body="x")
    space.partner.delete()
    post.refresh_from_db()
    assert post.author_label() == "ancien membre"


def test_space_pages_carry_the_strict_content_security_policy(client, space):
    client.force_login(space.founder)
    response = client.get(reverse("space:home", args=[space.project.pk]))
    csp = response["Content-Security-Policy"]
    for directive in (
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "script-src 'self'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert "<script>" not in response.content.decode() and "style=" not in response.content.decode()
