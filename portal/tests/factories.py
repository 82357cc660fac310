from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from accounts.tests.factories import service
from portal.models import News


class NewsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = News

    service = factory.LazyFunction(lambda: service("be-fwb"))
    title = factory.Sequence(lambda n: f"Actualité n°{n}")
    summary = "Un court chapeau."
    body = "Le texte de l'actualité."
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
