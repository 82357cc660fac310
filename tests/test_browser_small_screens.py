"""On a phone (360 × 740, real Chromium) every main page starts on the first screen: the
header is short, its navigation folds into a « Menu » button and the partner search's
filters into « Filtres » (both <details>: no script needed, keyboard-usable, under the
portal's Content Security Policy), so the first result shows without scrolling. On a
laptop they are open as before; for staff at 1280 px the teachers' list shows its
status column. Screenshots of every page land in the test's temporary folder."""

from __future__ import annotations

import re

import pytest

from tests.test_a11y import PUBLIC_PAGES, TEACHER_PAGES, _path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
LAPTOP = {"width": 1280, "height": 800}
HEADER_MAX = 120  # px: was 275 (anonymous) to 310 (teacher) before the menu folded


@pytest.fixture
def project_with_members(reference_data, fast_password_hashing):
    """The shared world's project (conftest.py), founded by Claire Dubois, named."""
    from projects.space.tests.factories import make_space

    return make_space(title="Les oiseaux migrateurs")


@pytest.fixture
def world(world):
    """The shared world, and announcements, a training and news for the pages to show."""
    from partners.tests.factories import publish, teacher_in
    from portal.tests.factories import NewsFactory
    from trainings.tests.factories import TrainingFactory

    for index, (code, city) in enumerate([("pt", "Lisboa"), ("dk", "Aarhus"), ("es", "Sevilla")]):
        publish(teacher_in(code, city=city), title=f"Défis mathématiques n°{index}")
    TrainingFactory(title="Démarrer avec eTwinning")
    NewsFactory(title="Le concours est ouvert")
    return world


def _first_screen_problems(page, name: str) -> list[str]:
    problems = []
    header = page.locator("header.site-header").bounding_box()
    if header["height"] > HEADER_MAX:
        problems.append(f"{name}: header {header['height']:.0f} px high")
    title = page.locator("main h1").first.bounding_box()
    if title is None or title["y"] + title["height"] > PHONE["height"]:
        problems.append(f"{name}: the page's title is not on the first screen ({title})")
    if page.evaluate("document.scrollingElement.scrollWidth") > PHONE["width"]:
        problems.append(f"{name}: wider than the screen")
    return problems


def test_every_main_page_starts_on_the_first_screen_of_a_phone(
    browser, live_server, world, log_in, tmp_path
):
    anonymous = browser.new_context(viewport=PHONE, locale="fr-BE")
    teacher = browser.new_context(viewport=PHONE, locale="fr-BE")
    log_in(teacher, world.users["founder"])
    space = f"/fr/projects/{world.project.pk}/space/"
    pages = [(anonymous, _path(name, "fr")) for name in PUBLIC_PAGES]
    pages += [(anonymous, f"/fr/projects/{world.project.pk}/"), (anonymous, space + "login/")]
    pages += [(teacher, _path(name, "fr")) for name in TEACHER_PAGES]
    pages += [(teacher, space), (teacher, space + "journal/")]
    problems = []
    for context, path in pages:
        page = context.new_page()
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        problems += _first_screen_problems(page, path)
        shot = tmp_path / (path.strip("/").replace("/", "_") + ".png")
        page.screenshot(path=str(shot))
        assert shot.stat().st_size > 5_000
        page.close()
    anonymous.close()
    teacher.close()
    assert not problems, problems


def test_partner_search_shows_the_first_result_on_the_first_screen(
    browser, live_server, world, log_in
):
    from playwright.sync_api import expect

    context = browser.new_context(viewport=PHONE, locale="fr-BE")
    log_in(context, world.users["founder"])
    page = context.new_page()
    page.goto(live_server.url + _path("partners:search", "fr"))

    first = page.get_by_test_id("results").locator("li").first
    expect(first).to_contain_text("Défis mathématiques")
    assert first.bounding_box()["y"] < PHONE["height"]
    # The keywords stay at hand; the other filters are folded.
    expect(page.get_by_label("Mots-clés")).to_be_visible()
    expect(page.locator("#id_sort")).to_be_hidden()

    # Opened, the filters stay open while htmx redraws the search after a change.
    page.get_by_text("Filtres", exact=True).click()
    expect(page.locator("#id_sort")).to_be_visible()
    page.locator("#id_sort").select_option("relevance")
    expect(page).to_have_url(re.compile(r"sort=relevance"))
    expect(page.locator("#id_sort")).to_be_visible()
    expect(page.locator("#id_sort")).to_have_value("relevance")
    context.close()


def test_the_menu_opens_with_the_keyboard_and_shows_the_links(browser, live_server, world):
    page = browser.new_page(viewport=PHONE, locale="fr-BE")
    page.goto(live_server.url + _path("portal:home", "fr"))
    about = page.locator("nav.main-nav").get_by_role("link", name="À propos")
    assert not about.is_visible()

    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('details.nav-menu > summary') !== null"):
            break
    else:
        pytest.fail("Tab never reaches the « Menu » button")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Menu"
    page.keyboard.press("Enter")
    assert about.is_visible()
    assert about.bounding_box()["y"] < PHONE["height"]
    # The next Tab goes into the menu's links.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('nav.main-nav') !== null")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    assert not about.is_visible()
    page.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_without_script_the_menu_and_filters_work_and_laptops_see_them_open(
    browser, live_server, world, log_in, javascript
):
    context = browser.new_context(viewport=LAPTOP, locale="fr-BE", java_script_enabled=javascript)
    log_in(context, world.users["founder"])
    page = context.new_page()
    page.goto(live_server.url + _path("partners:search", "fr"))
    # On a laptop: no « Menu » nor « Filtres » button, the links and filters are shown.
    assert not page.locator("details.nav-menu > summary").is_visible()
    assert page.locator("nav.main-nav").get_by_role("link", name="À propos").is_visible()
    assert not page.locator("#partners-more-filters > summary").is_visible()
    assert page.locator("#id_sort").is_visible()

    # On a phone, the buttons open them, with or without script.
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + _path("partners:search", "fr"))
    assert not page.locator("#id_sort").is_visible()
    page.get_by_text("Filtres", exact=True).click()
    assert page.locator("#id_sort").is_visible()
    page.get_by_text("Menu", exact=True).click()
    assert page.locator("nav.main-nav").get_by_role("link", name="À propos").is_visible()
    context.close()


def test_staff_see_the_status_of_the_teachers_they_validate_at_1280_px(
    browser, live_server, world, log_in
):
    from accounts.models import TeacherStatus
    from accounts.tests.factories import TeacherFactory

    TeacherFactory(
        school=world.users["founder"].school,
        status=TeacherStatus.PENDING,
        first_name="Nadia",
        last_name="Benali",
    )
    context = browser.new_context(viewport=LAPTOP, locale="fr-BE")
    log_in(context, world.users["staff_fwb"])
    page = context.new_page()
    page.goto(live_server.url + _path("admin:accounts_user_changelist", "fr"))
    status = page.locator("#result_list th.column-status")
    box = status.bounding_box()
    assert box and box["x"] + box["width"] <= LAPTOP["width"], box
    row = page.locator("#result_list tr", has_text="Nadia Benali")
    assert row.locator("td.field-status").inner_text().strip() == "en attente de validation"
    assert row.locator("td.field-status").bounding_box()["x"] < LAPTOP["width"]
    # Every column of the list is within the screen: nothing to scroll sideways to.
    last = page.locator("#result_list thead th").last.bounding_box()
    assert last["x"] + last["width"] <= LAPTOP["width"]
    context.close()
