"""Two teachers racing for the last seat: the row lock on the training lets only
one of them in (PostgreSQL, where SELECT ... FOR UPDATE really locks)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from conftest import require_service

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_two_teachers_cannot_both_take_the_last_seat(reference_data):
    require_service("PostgreSQL", connection.vendor == "postgresql")
    from accounts.tests.factories import TeacherFactory
    from trainings import services
    from trainings.models import RegistrationStatus
    from trainings.tests.factories import TrainingFactory

    training = TrainingFactory(capacity=1)
    teachers = [TeacherFactory(), TeacherFactory()]
    barrier = threading.Barrier(2)
    results: list[str] = []

    def register(teacher):
        try:
            barrier.wait()
            results.append(services.registration_create(training=training, teacher=teacher).status)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(t,)) for t in teachers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED]
    assert training.registrations.confirmed().count() == 1
