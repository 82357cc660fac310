"""HTTP methods: every page that answers GET answers HEAD the same way (status and
Content-Type, no body), and no page acts on a method it does not serve.

The URLs are walked from the URL conf with the authorisation matrix's world (one of
each object a page needs), so a new view that forgets HEAD (``require_GET`` instead of
``require_safe``) fails here without anyone adding it to a list.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

# The matrix's world and walk are the specification of "every page with its objects".
from tests.test_authz_matrix import ROLES, _client_for, _url, matrix_world, url_names


@pytest.fixture
def matrix(world) -> dict:
    """The authorisation matrix's objects around the shared world (conftest.py)."""
    return matrix_world(world)


def allauth_url_names() -> list[str]:
    """allauth's pages that take no parameter (login, sign-up, password reset...):
    served by the portal, so held to the same rule."""
    found: list[str] = []

    def walk(patterns, inside_allauth: bool) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                module = getattr(entry.urlconf_module, "__name__", "")
                walk(entry.url_patterns, inside_allauth or module.startswith("allauth."))
            elif (
                inside_allauth
                and isinstance(entry, URLPattern)
                and entry.name
                and not entry.pattern.regex.groupindex
            ):
                found.append(entry.name)

    walk(get_resolver().url_patterns, False)
    return sorted(set(found))


def _every_url(world: dict) -> dict[str, str]:
    urls = {name: _url(name, params, world) for name, params in url_names()}
    urls |= {name: reverse(name) for name in allauth_url_names()}
    return urls


def test_the_walk_reaches_the_portal_and_allauth_pages():
    names = {name for name, _params in url_names()} | set(allauth_url_names())
    assert {
        "portal:home",
        "projects:gallery",
        "portal:statistics",
        "bulletins:unsubscribe",
        "space:home",
        "labels:contest",
        "account_login",
        "account_signup",
        "account_reset_password",
    } <= names


@pytest.mark.parametrize("role", ROLES)
def test_head_answers_like_get_on_every_url(role, matrix):
    world = matrix
    client = _client_for(role, world)
    wrong: dict[str, str] = {}
    served = 0
    for name, url in _every_url(world).items():
        # HEAD first: were HEAD to act like a write, the GET after it would tell.
        head = client.head(url)
        get = client.get(url)
        if head.status_code != get.status_code:
            wrong[name] = f"GET {get.status_code}, HEAD {head.status_code}"
        elif get.status_code == 200:
            served += 1
            body = b"".join(head.streaming_content) if head.streaming else head.content
            if body:
                wrong[name] = f"HEAD has a body of {len(body)} bytes"
            elif head.get("Content-Type") != get.get("Content-Type"):
                wrong[name] = (
                    f"Content-Type {head.get('Content-Type')} != {get.get('Content-Type')}"
                )
        if get.streaming:
            # Read to the end: the test client then closes the file. (Not response.close():
            # it sends request_finished, which closes the test's PostgreSQL connection.)
            b"".join(get.streaming_content)
    assert served >= 10, f"{role} was served only {served} pages: the world is broken"
    assert not wrong, f"{role}: {wrong}"


def test_no_portal_function_view_acts_on_put_or_delete(matrix):
    """The portal's function views list their methods. (Class-based form views, allauth's
    and the portal's subclasses of them, treat PUT as POST by Django's design, behind the
    same CSRF check.)"""
    world = matrix
    client = Client()
    client.force_login(world["users"]["founder"])
    acted = {}
    for name, params in url_names():
        url = _url(name, params, world)
        if hasattr(resolve(url).func, "view_class"):
            continue
        for method in ("put", "delete"):
            status = getattr(client, method)(url).status_code
            if status < 300:
                acted[f"{method.upper()} {name}"] = status
    assert not acted, f"answered: {acted}"
