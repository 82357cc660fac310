"""Turn selector results into what templates display (names, counts, links)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

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
    query = form.to_query()
    ref = search_module.reference_lists()
    result = search_module.search_with(query, user=request.user, ref=ref)
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
    countries = [
        {
            "pk": c.pk,
            "name": c.name,
            "count": facets["country"].get(c.pk, 0),
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
                "url": _url_with(request, kind=value, page=None),
            }
            for value, label in EntryKind.choices
        ],
        "country_facet": countries,
        "subject_facet": [
            {
                "pk": s.pk,
                "name": s.name,
                "count": facets["subject"][s.pk],
                "selected": s.pk == query.subject,
            }
            for s in ref.subjects
            # A retired subject is no longer a filter, unless the query still names it.
            if s.is_active or s.pk == query.subject
        ],
        "language_facet": [
            {
                "pk": lang.pk,
                "name": lang.name,
                "count": facets["language"][lang.pk],
                "selected": lang.pk == query.language,
            }
            for lang in ref.languages
            if lang.is_active or lang.pk == query.language
        ],
        "level_facet": [
            {
                "value": value,
                "label": label,
                "count": facets["level"][value],
                "selected": value == query.level,
            }
            for value, label in form.fields["level"].choices
            if value
        ],
        "programme_facet": [
            {
                "value": value,
                "label": label,
                "count": facets["programme"][value],
                "selected": value == query.programme,
            }
            for value, label in form.fields["programme"].choices
            if value
        ],
        "sort_choices": form.fields["sort"].choices,
        "previous_url": _url_with(request, page=result.page.previous_page_number)
        if result.page.has_previous
        else "",
        "next_url": _url_with(request, page=result.page.next_page_number)
        if result.page.has_next
        else "",
    }


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
