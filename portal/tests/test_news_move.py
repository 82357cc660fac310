"""The News model moved from the trainings app to the portal without losing anything:
its rows (the table keeps its name), its content type (renamed, so the permissions on
it and the admin's history of news follow), and the staff group's permissions.

The migrations run on whichever database the tests use (SQLite here, PostgreSQL in CI)."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# Before the move: trainings still held News, the portal app had no migration.
BEFORE = [("trainings", "0001_initial"), ("portal", None)]


def _migrate(targets=None):
    """Migrate to ``targets`` (every app's latest by default); the state of the models as
    the applied migrations leave them."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor.migrate(targets or executor.loader.graph.leaf_nodes())


def _old_world():
    """At the state before the move: a news item, the staff group's permission on
    news, an admin log entry about it; returns their ids."""
    old = _migrate(BEFORE).apps
    ContentType = old.get_model("contenttypes", "ContentType")
    content_type, _created = ContentType.objects.get_or_create(app_label="trainings", model="news")
    news = old.get_model("trainings", "News").objects.create(
        service=old.get_model("accounts", "SupportService").objects.get(code="be-fwb"),
        title="Le concours est ouvert",
        title_fr="Le concours est ouvert",
        title_nl="De wedstrijd is open",
        summary="Chapeau",
        body="Texte",
    )
    Permission = old.get_model("auth", "Permission")
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type, codename="change_news", defaults={"name": "Can change news"}
    )
    group = old.get_model("auth", "Group").objects.create(name="Bureau d'assistance")
    group.permissions.add(permission)
    author = old.get_model("accounts", "User").objects.create(email="staff@example.org")
    entry = old.get_model("admin", "LogEntry").objects.create(
        user=author,
        content_type=content_type,
        object_id=str(news.pk),
        object_repr=news.title,
        action_flag=2,
    )
    return {"news": news.pk, "content_type": content_type.pk, "group": group.pk, "log": entry.pk}


def _content_types_of_news():
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    return list(ContentType.objects.filter(model="news").values_list("pk", "app_label"))


@pytest.mark.django_db(transaction=True)
def test_the_move_keeps_the_rows_the_permissions_and_the_admin_history():
    before = _old_world()

    _migrate()

    from django.contrib.admin.models import LogEntry
    from django.contrib.auth.models import Group

    from portal.models import News

    news = News.objects.get(pk=before["news"])
    assert (news.title_fr, news.title_nl) == ("Le concours est ouvert", "De wedstrijd is open")
    assert _content_types_of_news() == [(before["content_type"], "portal")]
    group = Group.objects.get(pk=before["group"])
    assert [f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()] == [
        "portal.change_news"
    ]
    assert LogEntry.objects.get(pk=before["log"]).get_edited_object() == news


@pytest.mark.django_db(transaction=True)
def test_a_content_type_made_by_an_earlier_partial_migrate_gives_way_to_the_old_one():
    before = _old_world()
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.create(app_label="portal", model="news")

    _migrate()

    assert _content_types_of_news() == [(before["content_type"], "portal")]


@pytest.mark.django_db(transaction=True)
def test_the_move_can_be_undone():
    before = _old_world()
    _migrate()

    _migrate(BEFORE)

    assert _content_types_of_news() == [(before["content_type"], "trainings")]
    _migrate()


@pytest.mark.django_db
def test_the_staff_group_holds_the_news_permissions(staff_fwb):
    from django.core.management import call_command

    call_command("sync_staff_group", stdout=io.StringIO())

    staff = type(staff_fwb).objects.get(pk=staff_fwb.pk)  # fresh permission cache
    assert [p for p in ("portal.add_news", "portal.change_news") if not staff.has_perm(p)] == []
