"""Rendering of e-mails in the recipient's language.

Every app sends its mail through :func:`send_localised_mail` so that subject,
plain text and HTML are rendered under the recipient's language, links are
absolute, and templates follow one naming scheme:
``emails/<name>_subject.txt``, ``emails/<name>.txt`` and optionally
``emails/<name>.html``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation


def absolute_url(
    viewname: str, *, language: str, args: tuple = (), kwargs: dict | None = None
) -> str:
    """An absolute URL of ``viewname`` in ``language``, for links in e-mails."""
    with translation.override(language):
        return settings.SITE_URL + reverse(viewname, args=args, kwargs=kwargs)


def language_for(language: str | None) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    return language if language in codes else settings.LANGUAGE_CODE


def render_localised_mail(
    *,
    to: str,
    language: str,
    template: str,
    context: Mapping[str, Any],
    headers: Mapping[str, str] | None = None,
    connection=None,
) -> EmailMultiAlternatives:
    language = language_for(language)
    ctx = {"site_url": settings.SITE_URL, "language": language, **context}
    with translation.override(language):
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", ctx).split())
        text = render_to_string(f"emails/{template}.txt", ctx)
        try:
            html = render_to_string(f"emails/{template}.html", ctx)
        except TemplateDoesNotExist:
            html = None
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=dict(headers or {}),
        connection=connection,
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message


def send_localised_mail(
    *,
    to: str,
    language: str,
    template: str,
    context: Mapping[str, Any],
    headers: Mapping[str, str] | None = None,
    connection=None,
) -> None:
    render_localised_mail(
        to=to,
        language=language,
        template=template,
        context=context,
        headers=headers,
        connection=connection,
    ).send()
