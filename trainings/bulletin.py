"""The trainings' section of the monthly bulletin « Liaison eTwinning »
(``settings.BULLETIN_SECTION_PROVIDERS``): the service's upcoming trainings
still open for registration, written in every portal language."""

from __future__ import annotations

import datetime
from datetime import timedelta

from django.utils import formats, timezone
from django.utils.translation import gettext

from accounts.emails import absolute_url
from bulletins.sections import SectionDraft, bullet_list, in_each_language
from trainings.models import Training

BULLETIN_TRAININGS = 8
HORIZON_DAYS = 62


def upcoming_trainings_section(*, service, issue_month: datetime.date) -> list:
    now = timezone.now()
    start = max(
        now,
        timezone.make_aware(datetime.datetime.combine(issue_month, datetime.time.min)),
    )
    trainings = list(
        Training.objects.published()
        .filter(
            service=service,
            starts_at__gte=start,
            starts_at__lt=start + timedelta(days=HORIZON_DAYS),
            registration_deadline__gte=now,
        )
        .order_by("starts_at")[:BULLETIN_TRAININGS]
    )
    if not trainings:
        return []

    def body() -> str:
        lines = [
            f"{t.title} — {formats.date_format(timezone.localtime(t.starts_at).date(), 'DATE_FORMAT')}"
            f" ({t.get_format_display()})"
            for t in trainings
        ]
        return (
            gettext("Formations gratuites du Bureau d'Assistance ; inscriptions sur le portail :")
            + "\n\n"
            + bullet_list(lines)
        )

    return [
        SectionDraft(
            key="trainings",
            title=in_each_language(lambda: gettext("Prochaines formations")),
            body=in_each_language(body),
            link_url=absolute_url("trainings:list", language="fr"),
        )
    ]
