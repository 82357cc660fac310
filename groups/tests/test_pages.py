"""The groups' pages: search, a group's page, replying with and without htmx, forms
that keep what was typed, files served safely, the dashboard, the GDPR export, the
staff desk and the admin."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from accounts.admin_queue import staff_queue
from accounts.models import Language
from accounts.tests.factories import StaffFactory, service
from groups import selectors, services
from groups.models import Group, GroupStatus, Membership, Post, Theme
from groups.tests.factories import fwb_teacher, make_group, make_world
from projects.space.tests.factories import jpeg_bytes
from uploads.tests.files import pdf_bytes

pytestmark = pytest.mark.django_db


def _titles(response) -> list[str]:
    return [group.title for group in response.context["page"].object_list]


# --- the list and its search -------------------------------------------------------------


def test_the_list_searches_by_theme_language_and_text(client):
    staff = StaffFactory(staff_service=service("be-fwb"))
    english = Language.objects.get(code="en")
    make_group(staff=staff, title="Robots en classe", theme=Theme.STEM, languages=[english])
    make_group(staff=staff, title="Comptines", theme=Theme.EARLY_YEARS)
    client.force_login(fwb_teacher())
    url = reverse("groups:list")
    assert _titles(client.get(url, {"theme": "stem"})) == ["Robots en classe"]
    assert _titles(client.get(url, {"language": english.pk})) == ["Robots en classe"]
    assert _titles(client.get(url, {"q": "comptine"})) == ["Comptines"]
    assert _titles(client.get(url, {"q": "comptine", "theme": "stem"})) == []


def test_the_text_is_searched_in_the_readers_language_and_in_french(client):
    make_group(
        title={"fr": "Langues vivantes", "nl": "Moderne talen"},
        description={"fr": "Correspondance", "nl": "Briefwisseling"},
    )
    make_group(title="Petits scientifiques")  # French only: read in French everywhere
    client.force_login(fwb_teacher())
    with translation.override("nl"):
        assert [g.title for g in selectors.group_search(text="talen")] == ["Moderne talen"]
        assert [g.title for g in selectors.group_search(text="langues")] == ["Moderne talen"]
        assert [g.title for g in selectors.group_search(text="scientifiques")] == [
            "Petits scientifiques"
        ]
    with translation.override("de"):
        assert [g.title for g in selectors.group_search(text="talen")] == []
    assert client.get("/nl/groups/", {"q": "briefwisseling"}).context["page"].paginator.count == 1


def test_proposed_and_archived_groups_are_not_listed_and_featured_ones_come_first():
    staff = StaffFactory(staff_service=service("be-fwb"))
    make_group(staff=staff, title="A")
    make_group(staff=staff, title="Z", featured=True)
    services.group_archive(group=make_group(staff=staff, title="B"), by=staff)
    services.group_propose(by=fwb_teacher(), title="C", description="D", theme="stem")
    assert [g.title for g in selectors.group_search()] == ["Z", "A"]


def test_the_list_costs_the_same_queries_for_3_or_30_groups(client):
    staff = StaffFactory(staff_service=service("be-fwb"))
    teacher = fwb_teacher()
    client.force_login(teacher)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("groups:list")).status_code == 200
        return len(captured)

    for n in range(3):
        services.group_join(group=make_group(staff=staff, title=f"G{n}"), user=teacher)
    few = queries()
    for n in range(27):
        make_group(staff=staff, title=f"H{n}", languages=list(Language.objects.all()[:2]))
    assert queries() == few


# --- a group's page ----------------------------------------------------------------------


def test_a_non_member_sees_the_join_button_and_not_the_discussions(client):
    world = make_world()
    client.force_login(world.teacher)
    page = client.get(reverse("groups:detail", kwargs={"pk": world.group.pk})).content.decode()
    assert 'data-testid="join"' in page
    assert "Bienvenue" not in page and "Rejoignez le groupe pour lire" in page


def test_a_member_reads_threads_resources_and_members(client):
    world = make_world()
    services.resource_add(
        group=world.group, by=world.member, title="Charte", url="https://example.org/charte"
    )
    client.force_login(world.member)
    page = client.get(reverse("groups:detail", kwargs={"pk": world.group.pk})).content.decode()
    assert "Bienvenue" in page and "Charte" in page and world.other.get_full_name() in page
    assert "Modération" not in page


def test_a_moderator_sees_requests_and_reports(client):
    world = make_world(policy="request")
    services.group_join(group=world.group, user=world.teacher)
    services.post_report(post=world.post, by=world.member, reason="Publicité déguisée")
    client.force_login(world.moderator)
    page = client.get(reverse("groups:detail", kwargs={"pk": world.group.pk})).content.decode()
    assert world.teacher.get_full_name() in page and "Publicité déguisée" in page
    assert f"#post-{world.post.pk}" in page


def test_a_proposed_group_is_seen_by_its_author_and_its_service_staff_only(client):
    author = fwb_teacher()
    group = services.group_propose(by=author, title="T", description="D", theme="stem")
    url = reverse("groups:detail", kwargs={"pk": group.pk})
    expected = {
        author: 200,
        fwb_teacher(): 404,
        StaffFactory(staff_service=service("be-fwb")): 200,
        StaffFactory(staff_service=service("be-vl")): 404,
    }
    seen = {}
    for user in expected:
        client.force_login(user)
        seen[user] = client.get(url).status_code
    assert seen == expected


# --- writing -----------------------------------------------------------------------------


def test_a_reply_without_javascript_redirects_to_the_new_post(client):
    world = make_world()
    client.force_login(world.member)
    url = reverse("groups:thread", kwargs={"pk": world.group.pk, "thread_id": world.thread.pk})
    response = client.post(url, {"body": "Merci !"})
    post = Post.objects.latest("pk")
    assert response.status_code == 302 and response["Location"].endswith(f"#post-{post.pk}")


def test_a_reply_with_htmx_answers_the_replies_block_only(client):
    world = make_world()
    client.force_login(world.member)
    url = reverse("groups:thread", kwargs={"pk": world.group.pk, "thread_id": world.thread.pk})
    response = client.post(url, {"body": "Avec htmx"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="replies">') and "<html" not in html
    assert "Avec htmx" in html
    assert 'name="body"' in html and "Avec htmx</textarea>" not in html  # a fresh form


def test_an_empty_reply_keeps_the_form_with_a_translated_error(client):
    world = make_world()
    client.force_login(world.member)
    url = reverse("groups:thread", kwargs={"pk": world.group.pk, "thread_id": world.thread.pk})
    response = client.post(url.replace("/fr/", "/nl/"), {"body": "<p>   </p>"})
    assert response.status_code == 200
    assert "Schrijf uw bericht." in response.content.decode()
    assert world.thread.posts.count() == 2


def test_a_new_thread_form_keeps_what_was_typed(client):
    world = make_world()
    client.force_login(world.member)
    response = client.post(
        reverse("groups:thread_new", kwargs={"pk": world.group.pk}),
        {"title": "", "body": "Mon long message"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Mon long message</textarea>" in html
    assert "Ce champ est obligatoire." in html


def test_a_teacher_proposes_a_group_from_the_site_and_staff_see_it_on_their_desk(client):
    teacher = fwb_teacher()
    client.force_login(teacher)
    response = client.post(
        reverse("groups:propose"),
        {
            "title": "Clubs de lecture",
            "description": "Lire ensemble.",
            "theme": "arts",
            "join_policy": "request",
        },
    )
    group = Group.objects.get()
    assert response.status_code == 302 and group.status == GroupStatus.PROPOSED
    staff = StaffFactory(staff_service=service("be-fwb"))
    lines = [
        line
        for line in staff_queue(user=staff, service_id=staff.staff_service_id)
        if "Groupes proposés" in line.label
    ]
    assert [line.count for line in lines] == [1]
    other = StaffFactory(staff_service=service("be-vl"))
    assert not [
        line
        for line in staff_queue(user=other, service_id=other.staff_service_id)
        if "Groupes proposés" in line.label
    ]


# --- files -------------------------------------------------------------------------------


def test_a_proposed_groups_image_is_stored_without_its_metadata_and_served_to_teachers(client):
    teacher = fwb_teacher()
    client.force_login(teacher)
    photo = SimpleUploadedFile("moi.jpg", jpeg_bytes(exif_gps=True), content_type="image/jpeg")
    client.post(
        reverse("groups:propose"),
        {"title": "T", "description": "D", "theme": "arts", "join_policy": "open", "image": photo},
    )
    group = Group.objects.get()
    stored = group.image.read()
    assert b"SecretPhone" not in stored and "moi" not in group.image.name
    url = reverse("groups:image", kwargs={"pk": group.pk})
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content) == stored
    client.force_login(fwb_teacher())  # a proposed group's image: its author and staff only
    assert client.get(url).status_code == 404


def test_a_resource_file_is_served_to_members_as_an_attachment_never_rendered(client):
    world = make_world()
    resource = services.resource_add(
        group=world.group,
        by=world.member,
        title="Charte",
        uploaded=SimpleUploadedFile("charte.pdf", pdf_bytes()),
    )
    url = reverse("groups:resource_file", kwargs={"pk": world.group.pk, "resource_id": resource.pk})
    client.force_login(world.member)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    client.force_login(world.teacher)
    assert client.get(url).status_code == 403


# --- elsewhere: dashboard, GDPR export, admin --------------------------------------------


def test_my_groups_are_on_the_dashboard(client):
    world = make_world()
    client.force_login(world.member)
    html = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Mes groupes" in html and world.group.title in html


def test_the_gdpr_export_holds_memberships_posts_and_resources():
    world = make_world()
    services.resource_add(group=world.group, by=world.other, title="Lien", url="https://e.org/")
    export = selectors.user_data_export(world.other)
    assert [m["group"] for m in export["group_memberships"]] == [world.group.title]
    assert [p["body"] for p in export["group_posts"]] == ["<p>Bonjour de Liège.</p>"]
    assert [r["title"] for r in export["group_resources"]] == ["Lien"]


def test_staff_create_a_group_in_the_admin_for_their_service_with_its_moderator(client):
    staff = StaffFactory(staff_service=service("be-fwb"))
    teacher = fwb_teacher()
    client.force_login(staff)
    response = client.post(
        reverse("admin:groups_group_add"),
        {
            "service": service("be-fwb").pk,
            "title_fr": "Éducation aux médias",
            "title_nl": "Mediawijsheid",
            "description_fr": "Décoder l'information.",
            "theme": "esafety",
            "join_policy": "open",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-user": teacher.pk,
            "memberships-0-role": "moderator",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    group = Group.objects.get()
    assert (group.status, group.service, group.created_by, group.title_nl) == (
        GroupStatus.APPROVED,
        service("be-fwb"),
        staff,
        "Mediawijsheid",
    )
    membership = Membership.objects.get(group=group)
    assert (membership.user, membership.role, membership.status) == (
        teacher,
        "moderator",
        "active",
    )


def test_the_admin_list_shows_a_staff_member_only_their_services_groups(client):
    make_group(staff=StaffFactory(staff_service=service("be-fwb")), title="FWB")
    make_group(staff=StaffFactory(staff_service=service("be-vl")), title="VL")
    client.force_login(StaffFactory(staff_service=service("be-vl")))
    response = client.get(reverse("admin:groups_group_changelist"))
    assert [g.title for g in response.context["cl"].result_list] == ["VL"]
