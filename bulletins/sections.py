"""Automatic sections of a monthly draft.

Other apps contribute sections without ``bulletins`` importing them: each entry
of ``settings.BULLETIN_SECTION_PROVIDERS`` is the dotted path of a function::

    def provider(*, service: SupportService, issue_month: datetime.date) -> list[SectionDraft]

called when the beat task drafts the issue of ``issue_month`` for ``service``.
A provider renders its text in every portal language (use
:func:`in_each_language`), so that staff find the four versions ready to edit
or remove. A provider that fails is logged and skipped: one broken app must not
prevent the bulletin from being drafted.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SectionDraft:
    """A section proposed by a provider. ``title`` and ``body`` map a language
    code to the text in that language; French is required."""

    key: str
    title: dict[str, str]
    body: dict[str, str]
    link_url: str = ""
    extra: dict = field(default_factory=dict)


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


def section_drafts(*, service, issue_month: datetime.date) -> list[SectionDraft]:
    drafts: list[SectionDraft] = []
    for path in getattr(settings, "BULLETIN_SECTION_PROVIDERS", []):
        try:
            provider = import_string(path)
            drafts.extend(provider(service=service, issue_month=issue_month) or [])
        except Exception:
            logger.exception("Bulletin section provider %s failed", path)
    return drafts
