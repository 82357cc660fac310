"""Two seedings of the same opened project at once (a retried transition, a second
worker): the lock on the kit use lets one of them create the pages, the other adds
nothing (PostgreSQL, where SELECT ... FOR UPDATE really locks)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from conftest import require_service

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_two_simultaneous_seedings_create_the_pages_once(reference_data):
    require_service("PostgreSQL", connection.vendor == "postgresql")
    from kits import services
    from kits.models import KitUse
    from kits.tests.factories import make_kit
    from projects.space.models import Page
    from projects.tests.factories import active_project, teacher_in

    founder, cofounder = teacher_in("be-fwb"), teacher_in("be-fwb")
    project = active_project(founder, cofounder)
    kit = make_kit(steps=("Former les équipes", "Le premier défi", "La finale"))
    KitUse.objects.create(kit=kit, project=project, founded_by=founder)
    barrier = threading.Barrier(2)
    created: list[int] = []

    def seed():
        try:
            barrier.wait()
            created.append(services.kit_space_seed(project_id=project.pk))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=seed) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(created) == [0, 3]
    assert Page.objects.filter(project=project).count() == 3
