"""Server-side sanitising of user rich text (nh3): the project space's pages and
journal, the groups' posts. Low in the house (uploads) so every app may use it.

An explicit allow-list: structure and emphasis only. No ``style``, no ``class``,
no event handlers, no images or frames (images go through the checked uploads),
links limited to http, https and mailto and always ``rel="noopener nofollow"``.
"""

from __future__ import annotations

import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "h2", "h3", "h4",
    "ul", "ol", "li", "blockquote", "a", "code", "pre", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener nofollow",
        strip_comments=True,
        # Drop the content of these elements entirely, not only their tags.
        clean_content_tags={
            "script",
            "style",
            "iframe",
            "object",
            "embed",
            "template",
            "svg",
            "math",
        },
    ).strip()


def is_blank(html: str) -> bool:
    """True when sanitised HTML has no visible text."""
    return not nh3.clean(html, tags=set()).strip()
