"""Every interface string is really translated in Dutch, German and English."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
LANGS = ["nl", "de", "en"]
PORTAL_APPS = [
    app
    for app in (
        "accounts",
        "partners",
        "projects",
        "projects/space",
        "labels",
        "bulletins",
        "trainings",
        "uploads",
        "portal",
        "certificates",
    )
    if (ROOT / app / "apps.py").exists()
]
CATALOGUE_DIRS = [ROOT / "locale"] + [ROOT / app / "locale" for app in PORTAL_APPS]
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|\{\w*\}")


def _catalogues():
    for folder in CATALOGUE_DIRS:
        for lang in LANGS:
            yield pytest.param(
                folder / lang / "LC_MESSAGES" / "django.po", id=f"{folder.relative_to(ROOT)}-{lang}"
            )


@pytest.mark.parametrize("app", PORTAL_APPS)
def test_every_portal_app_has_a_catalogue_per_language(app):
    for lang in LANGS:
        assert (ROOT / app / "locale" / lang / "LC_MESSAGES" / "django.po").exists(), (app, lang)


@pytest.mark.parametrize("path", list(_catalogues()))
def test_catalogue_has_no_untranslated_or_fuzzy_entry(path):
    catalogue = polib.pofile(str(path))
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert untranslated == [], f"untranslated in {path}: {untranslated[:5]}"
    assert fuzzy == [], f"fuzzy in {path}: {fuzzy[:5]}"


@pytest.mark.parametrize("path", list(_catalogues()))
def test_translations_keep_their_placeholders(path):
    for entry in polib.pofile(str(path)).translated_entries():
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            assert sorted(PLACEHOLDER.findall(text)) == expected, (path.name, entry.msgid, text)


def test_catalogues_are_not_copies_of_the_french(db):
    """A few anchors: real words, not the French source pasted again."""
    from django.utils import translation

    expectations = {"nl": "Mijn profiel", "de": "Mein Profil", "en": "My profile"}
    for lang, expected in expectations.items():
        with translation.override(lang):
            assert translation.gettext("Mon profil") == expected
