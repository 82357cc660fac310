from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from accounts.models import Language
from accounts.tests.factories import SchoolFactory, TeacherFactory, service
from trainings.models import (
    Registration,
    RegistrationStatus,
    Training,
    TrainingFormat,
    TrainingRequest,
)


class TrainingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Training

    service = factory.LazyFunction(lambda: service("be-fwb"))
    title = factory.Sequence(lambda n: f"Formation eTwinning n°{n}")
    description = "Découvrir le portail et fonder un premier projet."
    audience = "Enseignants du primaire"
    language = factory.LazyFunction(lambda: Language.objects.get(code="fr"))
    format = TrainingFormat.BELGIUM
    place = "Bruxelles"
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=3))
    registration_deadline = factory.LazyAttribute(lambda o: o.starts_at - timedelta(days=2))
    capacity = 10
    is_published = True


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    training = factory.SubFactory(TrainingFactory)
    teacher = factory.SubFactory(TeacherFactory)
    status = RegistrationStatus.CONFIRMED


class TrainingRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingRequest

    school = factory.SubFactory(SchoolFactory)
    topic = "Le TwinSpace en classe"
    audience = "L'équipe du primaire"
    participants = 12
    preferred_dates = "Mercredis après-midi de mars"
