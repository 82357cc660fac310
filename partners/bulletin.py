"""The partner-search section of the monthly bulletin « Liaison eTwinning »
(``settings.BULLETIN_SECTION_PROVIDERS``): announcements published during the
month before the issue, newest first, written in every portal language.

The section lists the month's announcements whose working languages or
subjects are those most spoken/taught by the service's subscribed teachers,
so that it matches the readers as a group; staff edit it before sending.
"""

from __future__ import annotations

import datetime

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext

from accounts.emails import absolute_url
from accounts.models import Language, Subject
from partners.models import Announcement

BULLETIN_ANNOUNCEMENTS = 8
TOP_INTERESTS = 10


def _previous_month(issue_month: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    end = timezone.make_aware(
        datetime.datetime.combine(issue_month.replace(day=1), datetime.time.min)
    )
    start_day = (issue_month.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    start = timezone.make_aware(datetime.datetime.combine(start_day, datetime.time.min))
    return start, end


def new_announcements_section(*, service, issue_month: datetime.date) -> list:
    from bulletins.sections import SectionDraft, bullet_list, in_each_language

    readers = {"user__support_service": service, "user__bulletin_subscribed": True}
    subjects = list(
        Subject.objects.filter(**readers)
        .annotate(n=Count("user"))
        .order_by("-n")
        .values_list("pk", flat=True)[:TOP_INTERESTS]
    )
    languages = list(
        Language.objects.filter(**readers)
        .annotate(n=Count("user"))
        .order_by("-n")
        .values_list("pk", flat=True)[:TOP_INTERESTS]
    )
    start, end = _previous_month(issue_month)
    announcements = Announcement.objects.visible().filter(created_at__gte=start, created_at__lt=end)
    if subjects or languages:
        matching = Announcement.objects.filter(subjects__in=subjects) | Announcement.objects.filter(
            languages__in=languages
        )
        announcements = announcements.filter(pk__in=matching.values("pk"))
    chosen = list(
        announcements.prefetch_related("subjects", "languages").order_by("-created_at")[
            :BULLETIN_ANNOUNCEMENTS
        ]
    )
    if not chosen:
        return []

    def body() -> str:
        lines = []
        for a in chosen:
            detail = ", ".join(s.name for s in a.subjects.all())
            langs = ", ".join(lang.name for lang in a.languages.all())
            url = absolute_url("partners:announcement", language="fr", kwargs={"pk": a.pk})
            lines.append(f"{a.title} — {detail} · {langs} · {a.age_range_label()} — {url}")
        return (
            gettext("De nouvelles classes cherchent des partenaires ce mois-ci :")
            + "\n\n"
            + bullet_list(lines)
        )

    return [
        SectionDraft(
            key="partners",
            title=in_each_language(lambda: gettext("Ils cherchent des partenaires")),
            body=in_each_language(body),
            link_url=absolute_url("partners:search", language="fr"),
        )
    ]
