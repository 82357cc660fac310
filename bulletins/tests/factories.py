from __future__ import annotations

import datetime

import factory

from accounts.tests.factories import service
from bulletins.models import BulletinIssue, BulletinSection


class IssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BulletinIssue

    service = factory.LazyFunction(lambda: service("be-fwb"))
    issue_month = factory.Sequence(lambda n: datetime.date(2026 - n // 12, 12 - n % 12, 1))
    subject_fr = "Liaison eTwinning — novembre"
    subject_nl = "Liaison eTwinning — november"
    subject_de = "Liaison eTwinning — November"
    subject_en = "Liaison eTwinning — November"
    intro_fr = "Bonjour à toutes et à tous."
    intro_en = "Hello everyone."


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BulletinSection

    issue = factory.SubFactory(IssueFactory)
    position = 10
    title_fr = "Formations du mois"
    title_nl = "Opleidingen van de maand"
    title_de = "Fortbildungen des Monats"
    title_en = "Trainings of the month"
    body_fr = "- Démarrer avec eTwinning\n- Le TwinSpace en pratique"
    body_en = "- Getting started with eTwinning\n- The TwinSpace in practice"
