"""Browser journey of partner search in Chromium: search with filters (htmx,
URL kept), open an announcement, send a contact request; the other teacher
accepts; they exchange a message."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_contact_accept_and_exchange_messages(
    page, browser, live_server, reference_data, log_in
):
    from playwright.sync_api import expect

    from accounts.models import Country
    from partners.models import Contact
    from partners.tests.factories import publish, teacher_in

    claire = teacher_in("be-fwb", first_name="Claire", last_name="Dubois", city="Liège")
    ines = teacher_in(
        "pt", first_name="Ines", last_name="Costa", city="Lisboa", language_codes=("pt", "en", "fr")
    )
    teacher_in("dk", first_name="Mette", last_name="Jensen", city="Aarhus")
    publish(
        ines,
        title="Défis mathématiques à Lisbonne",
        idea="Des énigmes mathématiques pour des élèves de dix ans.",
        age_min=9,
        age_max=11,
    )
    publish(
        teacher_in("dk", first_name="Other", last_name="Author"),
        title="Défis danois",
        idea="Des énigmes en danois.",
        age_min=14,
        age_max=16,
    )
    portugal = Country.objects.get(code="PT")

    # Claire searches with text and filters; the results update without reload.
    log_in(page, claire)
    page.goto(f"{live_server.url}/fr/partners/")
    page.get_by_label("Mots-clés").fill("mathématiques")
    page.get_by_label("Mots-clés").press("Enter")
    expect(page).to_have_url(re.compile(r"q=math"))
    page.get_by_label("Âge des élèves : de").fill("10")
    page.get_by_label("Âge des élèves : de").press("Tab")
    expect(page).to_have_url(re.compile(r"age_min=10"))
    page.locator(f"input[name=country][value='{portugal.pk}']").check()
    expect(page).to_have_url(re.compile(rf"country={portugal.pk}"))
    expect(page.get_by_test_id("result-count")).to_contain_text("1 résultat")
    results = page.get_by_test_id("results")
    expect(results).to_contain_text("Défis mathématiques à Lisbonne")
    expect(results).not_to_contain_text("Défis danois")

    # The URL holds the whole query: reloading it gives the same results.
    page.reload()
    expect(page.get_by_test_id("results")).to_contain_text("Défis mathématiques à Lisbonne")

    # She opens the announcement and sends a contact request.
    page.get_by_role("link", name="Défis mathématiques à Lisbonne").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Défis mathématiques à Lisbonne")
    page.get_by_label("Votre message").fill(
        "Bonjour Ines, nos élèves de 10 ans adorent les énigmes !"
    )
    page.get_by_role("button", name="Envoyer une demande de contact").click()
    expect(page.locator(".messages")).to_contain_text("demande de contact est envoyée")
    assert Contact.objects.get().status == "pending"

    # Ines sees the request (badge in the nav) and accepts it.
    ines_context = browser.new_context(locale="fr-BE")
    log_in(ines_context, ines)
    ines_page = ines_context.new_page()
    ines_page.goto(f"{live_server.url}/fr/partners/contacts/")
    expect(ines_page.get_by_test_id("partners-unread")).to_contain_text("1")
    received = ines_page.get_by_test_id("received-requests")
    expect(received).to_contain_text("Claire Dubois")
    received.get_by_role("button", name="Accepter").click()
    expect(ines_page.get_by_test_id("accepted-contacts")).to_contain_text("Claire Dubois")

    # They exchange a message.
    ines_page.get_by_test_id("accepted-contacts").get_by_role("link", name="Écrire").click()
    ines_page.get_by_label("Votre message").fill("Avec plaisir ! Commençons en octobre.")
    ines_page.get_by_role("button", name="Envoyer", exact=True).click()
    expect(ines_page.get_by_test_id("thread")).to_contain_text("Commençons en octobre")

    page.goto(f"{live_server.url}/fr/partners/messages/")
    expect(page.get_by_test_id("conversations")).to_contain_text("1 non lu")
    page.get_by_test_id("conversations").get_by_role("link", name="Ines Costa").click()
    expect(page.get_by_test_id("thread")).to_contain_text("Commençons en octobre")
    page.get_by_label("Votre message").fill("Parfait, à bientôt !")
    page.get_by_role("button", name="Envoyer", exact=True).click()
    expect(page.get_by_test_id("thread")).to_contain_text("Parfait, à bientôt !")
    ines_context.close()


def test_a_dutch_teacher_finds_french_mathematics_with_wiskunde(
    page, live_server, reference_data, log_in
):
    """Issue 15: « wiskunde » on /nl/ finds the French announcement tagged
    mathematics, and the page says which facet the word matched; a name typed
    on the announcements tab opens the teachers' tab."""
    from playwright.sync_api import expect

    from partners.tests.factories import publish, subjects, teacher_in

    pieter = teacher_in(
        "be-vl", first_name="Pieter", last_name="De Vos", city="Gent", subject_codes=("arts",)
    )
    publish(
        teacher_in("be-fwb", first_name="Claire", last_name="Dubois", subject_codes=("arts",)),
        title="Défis de mathématiques entre classes",
        idea="Des énigmes chaque mois.",
        subjects=subjects("mathematics"),
    )
    publish(
        teacher_in("pt", first_name="Ines", last_name="Costa", subject_codes=("arts",)),
        title="Azulejos",
        idea="Les carreaux de nos villes.",
        subjects=subjects("arts"),
    )
    teacher_in("dk", first_name="Mette", last_name="Jensen", city="Aarhus")

    log_in(page, pieter)
    page.goto(f"{live_server.url}/nl/partners/")
    page.get_by_label("Trefwoorden").fill("wiskunde")
    page.get_by_label("Trefwoorden").press("Enter")
    expect(page).to_have_url(re.compile(r"q=wiskunde"))
    results = page.get_by_test_id("results")
    expect(results).to_contain_text("Défis de mathématiques entre classes")
    expect(results).not_to_contain_text("Azulejos")
    notes = page.get_by_test_id("facet-notes")
    expect(notes).to_contain_text("« wiskunde » → Wiskunde")
    expect(notes).to_contain_text("Dit woord is ook een filter")

    # A teacher's name on the announcements tab: the teachers' tab opens.
    page.get_by_label("Trefwoorden").fill("Jensen")
    page.get_by_label("Trefwoorden").press("Enter")
    expect(page.get_by_test_id("tab-switched")).to_be_visible()
    expect(page.get_by_test_id("results")).to_contain_text("Mette Jensen")
    expect(page).to_have_url(re.compile(r"kind=teacher"))
    expect(page.locator(".partners-tabs [aria-current=page]")).to_contain_text("Leraren")
