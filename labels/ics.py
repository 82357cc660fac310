"""The contest's iCalendar feed (RFC 5545), written by hand: each edition's
deadline and ceremony, times in UTC, lines folded at 75 octets, CRLF endings.

The deadline is an all-day event on the last open day (30 June), not an instant:
entries close at 1 July 00:00 Brussels, excluded, so the whole of 30 June is open."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from labels.models import ContestEdition

PRODID = "-//eTwinning FWB//Labels et concours//FR"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character."""
    out: list[str] = []
    current = ""
    limit = 75
    for char in line:
        if len((current + char).encode()) > limit:
            out.append(current)
            current = " " + char
            limit = 75
        else:
            current += char
    out.append(current)
    return "\r\n".join(out)


def _when(name: str, moment: datetime.datetime | datetime.date) -> str:
    if isinstance(moment, datetime.datetime):
        return f"{name}:{_utc(moment)}"
    return f"{name};VALUE=DATE:{moment.strftime('%Y%m%d')}"


def _event(
    uid: str,
    start: datetime.datetime | datetime.date,
    end: datetime.datetime | datetime.date,
    summary: str,
    description: str,
    location: str = "",
) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{_utc(timezone.now())}",
        _when("DTSTART", start),
        _when("DTEND", end),
        f"SUMMARY:{_escape(summary)}",
        f"DESCRIPTION:{_escape(description)}",
    ]
    if location:
        lines.append(f"LOCATION:{_escape(location)}")
    lines.append("END:VEVENT")
    return lines


def edition_calendar(editions: Iterable[ContestEdition], *, ceremony_only: bool = False) -> str:
    host = settings.SITE_URL.split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "etwinning"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(_('Prix eTwinning FWB'))}",
    ]
    for edition in editions:
        name = str(edition)
        if not ceremony_only:
            lines += _event(
                f"contest-{edition.year}-deadline@{host}",
                edition.last_day,
                edition.last_day + datetime.timedelta(days=1),
                _("%(edition)s : dernier jour de participation") % {"edition": name},
                _("Participations %(until)s (heure de Bruxelles).")
                % {"until": edition.deadline_text},
            )
        lines += _event(
            f"contest-{edition.year}-ceremony@{host}",
            edition.ceremony_at,
            edition.ceremony_at + datetime.timedelta(hours=3),
            _("%(edition)s : cérémonie de remise des prix") % {"edition": name},
            _("Remise des prix du concours eTwinning de la Fédération Wallonie-Bruxelles."),
            edition.ceremony_place,
        )
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
