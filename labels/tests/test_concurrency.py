"""Races on PostgreSQL (where SELECT ... FOR UPDATE and unique indexes really
serialise): two members entering the same project at once leave one entry; a
teacher sending two applications at once cannot exceed the yearly limit."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from conftest import require_service

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _race(calls) -> list[str]:
    barrier = threading.Barrier(len(calls))
    results: list[str] = []

    def run(call):
        try:
            barrier.wait()
            call()
            results.append("ok")
        except ValidationError as error:
            results.append(error.messages[0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_members_entering_the_same_project_leave_one_entry(reference_data):
    require_service("PostgreSQL", connection.vendor == "postgresql")
    from django.utils import timezone

    from labels import services
    from labels.models import ContestEntry
    from labels.tests.factories import european_project

    edition = services.contest_edition_create(year=timezone.now().year + 1)
    project, founder, partner = european_project()
    category = edition.categories.first()

    def submit(user):
        return lambda: services.contest_entry_submit(
            edition=edition,
            project=project,
            user=user,
            category=category,
            presentation="Présentation",
            evidence_links="https://example.org",
        )

    results = _race([submit(founder), submit(partner)])
    assert ContestEntry.objects.filter(project=project).count() == 1
    # The project row serialises the two submissions: the second one updates the entry.
    assert results == ["ok", "ok"]


def test_two_applications_at_once_respect_the_limit(reference_data):
    require_service("PostgreSQL", connection.vendor == "postgresql")
    from labels import services
    from labels.models import NationalLabelApplication
    from labels.tests.factories import european_project, open_round

    open_round(limit_per_teacher=1)
    first, founder, _p = european_project()
    second, *_rest = european_project(fwb_teacher=founder)
    prerequisites = dict.fromkeys(
        ("pupil_collaboration", "ict_use", "data_protection", "copyright", "e_safety"), True
    )
    texts = dict.fromkeys(
        ("innovation", "curriculum", "collaboration", "technology", "results"), "T"
    )

    def apply(project):
        return lambda: services.national_label_apply(
            teacher=founder,
            project=project,
            prerequisites=prerequisites,
            texts=texts,
            evidence_links="https://example.org",
        )

    results = _race([apply(first), apply(second)])
    assert NationalLabelApplication.objects.filter(teacher=founder).count() == 1
    assert results.count("ok") == 1
    assert any("limite de 1" in r for r in results)
