"""The language switcher names each language in that language, whatever the page's
language; Django admin's own strings are Dutch on /nl/admin/."""

from __future__ import annotations

import re

import pytest

# Written by hand: what a reader of each language must see, never a mix.
NAMES = {"fr": "Français", "nl": "Nederlands", "de": "Deutsch", "en": "English"}
BUTTON = re.compile(
    r'<button type="submit" name="language" value="(\w+)" lang="(\w+)"\s+title="([^"]+)"'
)


@pytest.mark.django_db
@pytest.mark.parametrize("page_language", ["fr", "nl", "de", "en"])
def test_the_switcher_names_each_language_in_itself(client, page_language):
    html = client.get(f"/{page_language}/").content.decode()
    buttons = {value: (lang, title) for value, lang, title in BUTTON.findall(html)}
    assert buttons == {code: (code, name) for code, name in NAMES.items()}


@pytest.mark.django_db
def test_django_admin_strings_are_dutch_on_the_dutch_admin(client, superuser):
    client.force_login(superuser)
    html = client.get("/nl/admin/").content.decode()
    for french in ("Nom du modèle", "Lien pour l'ajout", "Lien pour modifier ou voir la liste"):
        assert french not in html
    assert "Modelnaam" in html


@pytest.mark.django_db
def test_french_admin_titles_agree_with_feminine_models(client, rf, superuser):
    from django.contrib import admin
    from django.utils import translation

    from accounts.models import Subject
    from labels import services

    edition = services.contest_edition_create(year=2031)
    client.force_login(superuser)
    change = client.get(f"/fr/admin/labels/contestedition/{edition.pk}/change/").content.decode()
    assert "Modification de édition" not in change
    assert "Modification : édition du concours" in change
    # The delete action of a feminine model (« disciplines »).
    request = rf.get("/fr/admin/accounts/subject/")
    request.user = superuser
    with translation.override("fr"):
        actions = dict(admin.site._registry[Subject].get_action_choices(request))
    assert actions["delete_selected"] == "Supprimer la sélection (disciplines)"
