"""Turn selector results into what templates display (names, counts, links)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from partners import facet_words
from partners import search as search_module
from partners.models import Announcement, EntryKind
from partners.search_index import pks_of


def _url_with(request: HttpRequest, **changes: Any) -> str:
    params = request.GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = str(value)
    encoded = params.urlencode()
    return f"{request.path}?{encoded}" if encoded else request.path


def search_context(request: HttpRequest, form) -> dict[str, Any]:
    asked = form.to_query()
    ref = search_module.reference_lists()
    result = search_module.search_with(asked, user=request.user, ref=ref)
    # The page may have opened on the other tab (search.Result.switched_from).
    query = result.query
    subject_names = {s.pk: s.name for s in ref.subjects}
    language_names = {lang.pk: lang.name for lang in ref.languages}
    facets = result.facets
    rows = []
    for entry in result.entries:
        rows.append(
            {
                "entry": entry,
                "is_announcement": entry.kind == EntryKind.ANNOUNCEMENT,
                "subjects": [
                    subject_names[p] for p in pks_of(entry.subjects_mask) if p in subject_names
                ],
                "languages": [
                    language_names[p] for p in pks_of(entry.languages_mask) if p in language_names
                ],
            }
        )
    # Values and counts as text: the template engine localises every integer it
    # renders (~250 on this page, ~4 ms); no thousands separator is in use.
    countries = [
        {
            "pk": c.pk,
            "value": str(c.pk),
            "name": c.name,
            "count": str(facets["country"].get(c.pk, 0)),
            "checked": c.pk in query.countries,
        }
        for c in ref.countries
        if c.is_active or c.pk in query.countries
    ]
    return {
        "form": form,
        "query": query,
        "result": result,
        "rows": rows,
        "kinds": [
            {
                "value": value,
                "label": label,
                "count": result.total if value == query.kind else result.other_total,
                "capped": result.capped if value == query.kind else result.other_capped,
                "current": value == query.kind,
                "url": _url_with(request, kind=value, page=None, tab=1),
            }
            for value, label in EntryKind.choices
        ],
        "facet_notes": _facet_notes(result, ref),
        "facet_word_count": len({match.words for match in result.facet_matches}),
        "switched_from_label": EntryKind(result.switched_from).label
        if result.switched_from
        else "",
        "current_url": _url_with(request, kind=query.kind) if result.switched_from else "",
        "country_facet": countries,
        "subject_facet": [
            {
                "pk": s.pk,
                "value": str(s.pk),
                "name": s.name,
                "count": str(facets["subject"][s.pk]),
                "selected": s.pk == query.subject,
            }
            for s in ref.subjects
            # A retired subject is no longer a filter, unless the query still names it.
            if s.is_active or s.pk == query.subject
        ],
        "language_facet": [
            {
                "pk": lang.pk,
                "value": str(lang.pk),
                "name": lang.name,
                "count": str(facets["language"][lang.pk]),
                "selected": lang.pk == query.language,
            }
            for lang in ref.languages
            if lang.is_active or lang.pk == query.language
        ],
        "level_facet": [
            {
                "value": value,
                "label": label,
                "count": str(facets["level"][value]),
                "selected": value == query.level,
            }
            for value, label in form.fields["level"].choices
            if value
        ],
        "programme_facet": [
            {
                "value": value,
                "label": label,
                "count": str(facets["programme"][value]),
                "selected": value == query.programme,
            }
            for value, label in form.fields["programme"].choices
            if value
        ],
        "sort_choices": form.fields["sort"].choices,
        "previous_url": _url_with(request, kind=query.kind, page=result.page.previous_page_number)
        if result.page.has_previous
        else "",
        "next_url": _url_with(request, kind=query.kind, page=result.page.next_page_number)
        if result.page.has_next
        else "",
    }


def _facet_notes(result, ref) -> list[dict[str, str]]:
    """« wiskunde → Mathématiques »: each query word group that also matched a
    subject, language or country, with the value's name in the active
    language (modeltranslation) and the facet's label."""
    rows = {
        facet_words.SUBJECT: {s.pk: s for s in ref.subjects},
        facet_words.LANGUAGE: {lang.pk: lang for lang in ref.languages},
        facet_words.COUNTRY: {c.pk: c for c in ref.countries},
    }
    labels = {
        facet_words.SUBJECT: _("discipline"),
        facet_words.LANGUAGE: _("langue"),
        facet_words.COUNTRY: _("pays"),
    }
    return [
        {
            "words": " ".join(match.words),
            "names": ", ".join(rows[match.kind][pk].name for pk in match.pks),
            "facet": labels[match.kind],
        }
        for match in result.facet_matches
    ]


def announcement_initial(announcement: Announcement) -> dict[str, Any]:
    return {
        "title": announcement.title,
        "idea": announcement.idea,
        "language": announcement.language,
        "subjects": list(announcement.subjects.values_list("pk", flat=True)),
        "languages": list(announcement.languages.values_list("pk", flat=True)),
        "age_min": announcement.age_min,
        "age_max": announcement.age_max,
        "wanted_countries": list(announcement.wanted_countries.values_list("pk", flat=True)),
        "partners_wanted": announcement.partners_wanted,
        "start_month": announcement.start_month,
        "duration_months": announcement.duration_months,
        "plus_welcome": announcement.plus_welcome,
    }
