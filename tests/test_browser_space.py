"""Browser journey of a project space in Chromium: a teacher creates pages, posts a
journal update with a photo and a sound, creates two pupil logins; a pupil logs in,
reads the page, plays the sound and replies in a forum; the update shows on the
public project page."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as_teacher(browser, log_in, user):
    context = browser.new_context(locale="fr-BE", viewport={"width": 1280, "height": 900})
    log_in(context, user)
    return context.new_page()


def test_teacher_builds_the_space_and_a_pupil_takes_part(
    browser, live_server, reference_data, log_in
):
    from playwright.sync_api import expect

    from projects.space.tests.factories import jpeg_bytes, wav_bytes
    from projects.tests.factories import active_project, teacher_in

    claire = teacher_in("be-fwb", first_name="Claire", last_name="Dubois")
    ines = teacher_in("pt", first_name="Inês", last_name="Costa")
    project = active_project(claire, ines, title="Le voyage de Léon")
    space = f"{live_server.url}/fr/projects/{project.pk}/space"

    # The teacher administrator creates a page and a sub-page.
    page = _as_teacher(browser, log_in, claire)
    page.goto(f"{space}/")
    expect(page.get_by_test_id("space-header")).to_contain_text("Le voyage de Léon")
    page.get_by_role("link", name="Nouvelle page").click()
    page.get_by_label("Titre").fill("Bienvenue")
    page.get_by_label("Contenu").fill("Léon arrive à Namur lundi.\n\nPréparez vos questions !")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_test_id("page")).to_contain_text("Léon arrive à Namur lundi.")
    page.get_by_role("link", name="Ajouter une sous-page").click()
    page.get_by_label("Titre").fill("Étape 1 : Namur")
    page.get_by_label("Contenu").fill("<p>La citadelle <script>alert(1)</script></p>")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_test_id("page")).to_contain_text("La citadelle")

    # A public journal update with a photo and a sound.
    page.get_by_role("navigation", name="Sections de l'espace").get_by_role(
        "link", name="Journal"
    ).click()
    page.get_by_role("link", name="Nouvelle mise à jour").click()
    page.get_by_label("Titre").fill("Léon est arrivé !")
    page.get_by_label("Texte").fill("Voici Léon et son message de bienvenue.")
    page.get_by_label("Photo").set_input_files(
        files=[{"name": "leon.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes(exif_gps=True)}]
    )
    page.get_by_label("Son").set_input_files(
        files=[{"name": "bonjour.wav", "mimeType": "audio/wav", "buffer": wav_bytes(seconds=1.0)}]
    )
    page.get_by_label("Mise à jour publique").check()
    page.get_by_role("button", name="Publier").click()
    expect(page.get_by_test_id("journal-post")).to_contain_text("Léon est arrivé !")
    expect(page.locator("[data-testid=journal-post] img")).to_have_count(1)

    # Two pupil logins; each password is shown once.
    page.goto(f"{space}/pupils/")
    credentials = []
    for name in ("Léa", "Tom"):
        page.get_by_label("Prénom ou pseudonyme").fill(name)
        page.get_by_label("Classe").fill("3e A")
        page.get_by_role("button", name="Créer le compte").click()
        credentials.append(
            (
                page.get_by_test_id("pupil-username").inner_text(),
                page.get_by_test_id("pupil-secret").inner_text(),
            )
        )
    assert [c[0] for c in credentials] == ["lea", "tom"]

    # A forum thread for the pupils.
    page.goto(f"{space}/forums/new/")
    page.get_by_label("Sujet").fill("Où Léon ira-t-il ensuite ?")
    page.get_by_label("Message").fill("Proposez une ville !")
    page.get_by_role("button", name="Publier").click()
    expect(page.get_by_test_id("thread")).to_contain_text("Proposez une ville")
    thread_url = page.url

    # Léa logs in on another browser, reads the page, plays the sound, replies.
    pupil_context = browser.new_context(locale="fr-BE")
    pupil = pupil_context.new_page()
    pupil.goto(f"{space}/")
    pupil.get_by_label("Identifiant").fill(credentials[0][0])
    pupil.get_by_label("Mot de passe").fill(credentials[0][1])
    pupil.get_by_role("button", name="Entrer").click()
    expect(pupil.get_by_test_id("space-header")).to_contain_text("Connecté·e comme élève : Léa")
    pupil.get_by_role("link", name="Bienvenue").first.click()
    expect(pupil.get_by_test_id("page")).to_contain_text("Préparez vos questions !")
    expect(pupil.get_by_role("link", name="modifier")).to_have_count(0)

    pupil.get_by_role("navigation", name="Sections de l'espace").get_by_role(
        "link", name="Journal"
    ).click()
    pupil.get_by_role("link", name="Léon est arrivé !").click()
    audio = pupil.get_by_test_id("audio")
    result = audio.evaluate(
        """async (a) => {
            a.muted = true;
            if (a.readyState < 1) {
                await new Promise((ok, ko) => { a.onloadedmetadata = ok; a.onerror = ko; a.load(); });
            }
            await a.play();
            return {duration: a.duration, paused: a.paused};
        }"""
    )
    assert result["duration"] > 0.9 and result["paused"] is False

    pupil.goto(thread_url)
    expect(pupil.get_by_role("link", name="Ouvrir une discussion")).to_have_count(0)
    pupil.get_by_label("Votre réponse").fill("À Copenhague, pour voir la petite sirène !")
    pupil.get_by_role("button", name="Répondre").click()
    expect(pupil.get_by_test_id("reply")).to_contain_text("Léa")
    expect(pupil.get_by_test_id("reply")).to_contain_text("petite sirène")

    # The update is on the public project page, for anyone.
    visitor = browser.new_context(locale="fr-BE").new_page()
    visitor.goto(f"{live_server.url}/fr/projects/{project.pk}/public/")
    update = visitor.get_by_test_id("public-update")
    expect(update).to_contain_text("Léon est arrivé !")
    loaded = update.locator("img").evaluate(
        "img => img.complete ? img.naturalWidth : new Promise(ok => img.onload = () => ok(img.naturalWidth))"
    )
    assert loaded == 64
