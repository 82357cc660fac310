"""Automatic sections of a monthly draft.

Other apps contribute sections without ``bulletins`` importing them, through
"bulletin_sections" hooks (their ``hooks.py``)::

    def provider(*, service: SupportService, issue_month: datetime.date) -> list[SectionDraft]

called when the beat task drafts the issue of ``issue_month`` for ``service``.
A provider renders its text in every portal language (use
:func:`in_each_language`), so that staff find the four versions ready to edit
or remove. A provider that fails is logged and written into the draft's
"drafting problems", which staff see before they schedule it: one broken app must
not prevent the bulletin from being drafted, nor silently drop its section.

When the issue goes out, an app may also rewrite its automatic section per reader,
through a "bulletin_personal_lines" hook::

    def personal(*, issue_month, sources, readers, memo) -> PersonalLines | None

called once per chunk of delivery rows (``readers``: {teacher id: language}), never per
reader: one chunk is one or two queries, whatever its size (see
:class:`PersonalLines`). A contribution that fails is logged and written into the
issue's problems; that chunk's readers get the section as staff left it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.utils import translation

from etwinning import hooks


@dataclass(frozen=True)
class SectionDraft:
    """A section proposed by a provider. ``title`` and ``body`` map a language
    code to the text in that language; French is required."""

    key: str
    title: dict[str, str]
    body: dict[str, str]
    link_url: str = ""
    extra: dict = field(default_factory=dict)


class PersonalPart(NamedTuple):
    """One reader's version of a section body, in their language: an introduction and
    list lines (``- `` items once rendered). Readers with the same part share one
    object: the bulletin renders each distinct part once."""

    intro: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class PersonalLines:
    """A "bulletin_personal_lines" contribution for one chunk: the automatic section
    whose ``source`` it rewrites, and the part of each teacher who gets a personal
    version (a teacher left out reads the section as staff left it)."""

    source: str
    parts: dict[int, PersonalPart]


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def in_each_language(render: Callable[[], str]) -> dict[str, str]:
    """Call ``render`` under each portal language and collect the results."""
    texts = {}
    for code in language_codes():
        with translation.override(code):
            texts[code] = str(render())
    return texts


def bullet_list(lines: list[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def section_drafts(*, service, issue_month: datetime.date) -> tuple[list[SectionDraft], list[str]]:
    """The proposed sections, and one line per provider that failed."""
    problems: list[str] = []
    results = hooks.call(
        "bulletin_sections",
        service=service,
        issue_month=issue_month,
        on_error=lambda where, error: problems.append(f"{where}: {error!r}"),
    )
    return [draft for drafts in results for draft in drafts], problems
