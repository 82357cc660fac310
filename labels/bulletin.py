"""The labels' sections of the monthly bulletin « Liaison eTwinning »
(``settings.BULLETIN_SECTION_PROVIDERS``): the FWB contest deadline countdown
while an edition is open, and the projects awarded a National Quality Label by
the service during the month before the issue."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext, ngettext

from accounts.emails import absolute_url
from bulletins.sections import SectionDraft, bullet_list, in_each_language
from labels import clock, selectors
from labels.models import NationalLabelApplication

BULLETIN_LABELLED = 10


def _month_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day.replace(day=1), datetime.time.min))


def contest_countdown_section(*, service, issue_month: datetime.date) -> list:

    # The contest is the FWB's own (B): only its service announces it.
    if service.code != "be-fwb":
        return []
    now = clock.now()
    edition = selectors.open_edition(now)
    if edition is None:
        return []
    # Days counted in Brussels, whatever the server's TIME_ZONE, to the last open day.
    days = (edition.last_day - clock.local_date(now)).days

    def body() -> str:
        until = edition.deadline_text
        if days == 0:
            return gettext(
                "Dernier jour pour déposer votre projet au concours (%(until)s, heure de Bruxelles)."
            ) % {"until": until}
        return ngettext(
            "Plus que %(days)d jour pour déposer votre projet au concours (%(until)s, heure de Bruxelles).",
            "Plus que %(days)d jours pour déposer votre projet au concours (%(until)s, heure de Bruxelles).",
            days,
        ) % {"days": days, "until": until}

    return [
        SectionDraft(
            key="contest",
            title=in_each_language(lambda: str(edition)),
            body=in_each_language(body),
            link_url=absolute_url("labels:contest", language="fr"),
        )
    ]


def new_labels_section(*, service, issue_month: datetime.date) -> list:
    end = _month_start(issue_month)
    start = _month_start(issue_month.replace(day=1) - datetime.timedelta(days=1))
    awarded = list(
        NationalLabelApplication.objects.awarded()
        .filter(service=service, decided_at__gte=start, decided_at__lt=end)
        .select_related("project", "school")
        .order_by("-decided_at")[:BULLETIN_LABELLED]
    )
    if not awarded:
        return []

    def body() -> str:
        lines = [f"{a.project.title} — {a.school.name}" for a in awarded]
        return gettext("Félicitations aux projets qui ont reçu le label de qualité national :") + (
            "\n\n" + bullet_list(lines)
        )

    return [
        SectionDraft(
            key="labels",
            title=in_each_language(lambda: gettext("Nouveaux projets labellisés")),
            body=in_each_language(body),
            link_url=absolute_url("labels:labelled", language="fr"),
        )
    ]
