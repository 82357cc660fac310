"""The one mechanism through which apps contribute to each other's pages
(etwinning/hooks.py): discovery, the start-up checks and the run-time error policy."""

from __future__ import annotations

import logging
import subprocess
import sys
import textwrap

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import service
from bulletins.models import BulletinIssue
from bulletins.services import issue_draft_for_month
from etwinning import hooks

# Written by hand from the apps' hooks.py files: who contributes what.
EXPECTED_CONTRIBUTORS = {
    "demo_seeders": [
        "accounts.demo",
        "trainings.demo",
        "portal.demo",
        "bulletins.demo",
        "projects.demo",
        "partners.demo",
        "labels.demo",
        "projects.space.demo",
        "kits.demo",
        "groups.demo",
        "notifications.demo",
    ],
    "bulletin_sections": [
        "partners.bulletin",
        "labels.bulletin",
        "labels.bulletin",
        "trainings.bulletin",
    ],
    "bulletin_personal_lines": ["partners.bulletin"],
    "home_sections": [
        "labels.showcase",
        "trainings.showcase",
        "portal.selectors",
        "labels.showcase",
    ],
    "statistics_figures": ["projects.showcase", "labels.showcase"],
    "project_public_panels": ["labels.selectors", "projects.space.selectors", "kits.selectors"],
    "project_gallery_filters": ["labels.selectors"],
    "project_found_initial": ["kits.selectors"],
    "project_founded": ["kits.services"],
    "project_activated": ["kits.services"],
    "teacher_changed": ["partners.search_index"],
    "staff_queue": [
        "accounts.desk",
        "projects.desk",
        "labels.desk",
        "partners.desk",
        "trainings.desk",
        "groups.desk",
        "bulletins.desk",
    ],
    "school_changed": ["partners.search_index"],
    "notification_kinds": [
        "partners.notification_kinds",
        "projects.notification_kinds",
        "trainings.notification_kinds",
        "labels.notification_kinds",
        "groups.notification_kinds",
    ],
    "profile_links": ["notifications.hooks"],
}


@pytest.mark.parametrize("name", sorted(EXPECTED_CONTRIBUTORS))
def test_each_app_contributes_from_its_own_hooks_module(name):
    assert [f.__module__ for f in hooks.get_hooks(name)] == EXPECTED_CONTRIBUTORS[name]


def test_every_contribution_fits_its_hook():
    assert hooks.check_contributions() == []


def test_settings_hold_no_feature_wiring():
    old_lists = [
        "DEMO_SEEDERS",
        "DASHBOARD_PANELS",
        "USER_DATA_EXPORTERS",
        "TEACHER_CHANGED_HOOKS",
        "SCHOOL_CHANGED_HOOKS",
        "HOME_SECTIONS",
        "BULLETIN_SECTION_PROVIDERS",
        "PROJECT_PUBLIC_PANELS",
        "PROJECT_GALLERY_FILTERS",
        "TEACHER_PROFILE_PANELS",
    ]
    assert [name for name in old_lists if hasattr(settings, name)] == []


def test_an_unknown_hook_name_is_refused_at_registration():
    with pytest.raises(ImproperlyConfigured, match="Unknown hook 'home_section'"):
        hooks.register("home_section", lambda request: None)


def test_a_contribution_with_the_wrong_signature_fails_the_system_check():
    def panel(user, extra):  # the hook passes one argument
        return None

    with hooks.replaced("dashboard_panels", panel):
        errors = hooks.check_contributions()

    assert [e.id for e in errors] == ["etwinning.H001"]
    assert "test_hooks" in errors[0].msg and "dashboard_panels" in errors[0].msg


def test_a_hooks_module_that_cannot_be_imported_stops_start_up(tmp_path):
    (tmp_path / "brokenapp").mkdir()
    (tmp_path / "brokenapp" / "__init__.py").write_text("")
    (tmp_path / "brokenapp" / "hooks.py").write_text("from etwinning import nothing_here\n")
    (tmp_path / "broken_settings.py").write_text(
        textwrap.dedent(
            """
            from etwinning.settings import *  # noqa: F403
            INSTALLED_APPS = [*INSTALLED_APPS, "brokenapp"]  # noqa: F405
            """
        )
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env={
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": f"{tmp_path}:{settings.BASE_DIR}",
            "DJANGO_SETTINGS_MODULE": "broken_settings",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "nothing_here" in result.stderr


def _broken_section(request):
    raise RuntimeError("boom")


@pytest.mark.django_db
def test_a_failing_home_section_is_logged_and_shown_to_staff_not_to_visitors(
    client, caplog, staff_fwb
):
    with hooks.replaced("home_sections", _broken_section), caplog.at_level(logging.ERROR):
        anonymous = client.get(reverse("portal:home"))
        client.force_login(staff_fwb)
        staff = client.get(reverse("portal:home"))

    assert anonymous.status_code == staff.status_code == 200
    assert "tests.test_hooks._broken_section" not in anonymous.content.decode()
    assert "tests.test_hooks._broken_section" in staff.content.decode()
    assert any(
        "tests.test_hooks._broken_section" in r.getMessage() and r.exc_info for r in caplog.records
    )


def _broken_provider(*, service, issue_month):
    raise RuntimeError("labels database unreachable")


def _working_provider(*, service, issue_month):
    from bulletins.sections import SectionDraft

    return [SectionDraft(key="ok", title={"fr": "Bonjour"}, body={"fr": "Texte"})]


@pytest.mark.django_db
def test_a_failing_bulletin_section_is_written_into_the_draft_for_staff():
    month = timezone.localdate().replace(day=1)
    with hooks.replaced("bulletin_sections", _broken_provider, _working_provider):
        issue, created = issue_draft_for_month(service=service("be-fwb"), issue_month=month)

    issue = BulletinIssue.objects.get(pk=issue.pk)
    assert created
    assert list(issue.sections.values_list("title_fr", flat=True)) == ["Bonjour"]
    assert "tests.test_hooks._broken_provider" in issue.drafting_problems
    assert "labels database unreachable" in issue.drafting_problems


def _broken_exporter(user):
    raise RuntimeError("half an export")


@pytest.mark.django_db
def test_a_failing_exporter_stops_the_export_rather_than_deliver_part_of_it(teacher):
    from accounts.services import teacher_export_data

    with hooks.replaced("user_data_exporters", _broken_exporter), pytest.raises(RuntimeError):
        teacher_export_data(user=teacher)
