"""Formatting of staff-written section text: plain text in, safe HTML out."""

from __future__ import annotations

from django import template
from django.utils.html import escape, urlize
from django.utils.safestring import mark_safe

register = template.Library()


def _blocks(text: str) -> list[tuple[str, list[str]]]:
    """Paragraphs (blank-line separated) and bullet lists (lines starting "- ")."""
    blocks: list[tuple[str, list[str]]] = []
    for raw in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in raw.split("\n") if line.strip()]
        if not lines:
            continue
        current: tuple[str, list[str]] | None = None
        for line in lines:
            kind = "ul" if line.startswith("- ") else "p"
            content = line[2:].strip() if kind == "ul" else line
            if current is None or current[0] != kind:
                current = (kind, [])
                blocks.append(current)
            current[1].append(content)
    return blocks


@register.filter
def bulletin_html(text: str, style: str = "") -> str:
    """HTML of a section body. ``style`` is "email" for the inline styles mail
    clients need (the web archive uses the site's stylesheet instead)."""
    email = style == "email"
    p_attr = ' style="margin:0 0 12px 0;line-height:1.55;"' if email else ""
    ul_attr = ' style="margin:0 0 12px 0;padding-left:20px;line-height:1.55;"' if email else ""
    parts = []
    for kind, lines in _blocks(text or ""):
        rendered = [urlize(escape(line), nofollow=True, autoescape=False) for line in lines]
        if kind == "ul":
            items = "".join(f"<li>{line}</li>" for line in rendered)
            parts.append(f"<ul{ul_attr}>{items}</ul>")
        else:
            parts.append(f"<p{p_attr}>{'<br>'.join(rendered)}</p>")
    return mark_safe("\n".join(parts))  # noqa: S308 - every piece escaped above
