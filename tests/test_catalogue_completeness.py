"""Every message the source asks to translate is in every catalogue: a string missing
from a catalogue fails like an untranslated one (tests/test_translations.py sees only
the entries a catalogue already has).

The messages are extracted the way ``scripts/makemessages.sh`` does — Django's own
``makemessages`` (xgettext on the .py files and the templatized templates), each file
going to the nearest ``locale/`` above it — but in a temporary copy of the sources, so
the shared catalogues are never rewritten."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

ROOT = Path(settings.BASE_DIR)
LANGS = ("nl", "de", "en")
# As scripts/makemessages.sh: neither tests, migrations nor tools are translated.
IGNORED = ["tests/*", "migrations/*", ".venv/*", "var/*", "bench/*", "scripts/*"]
SKIPPED_DIRS = {".git", ".venv", "var", "node_modules", "__pycache__", "static"}


def _copy_sources(target: Path) -> None:
    def ignore(folder, names):
        return [
            name
            for name in names
            if name in SKIPPED_DIRS
            or (Path(folder, name).is_file() and Path(name).suffix not in {".py", ".html", ".txt"})
        ]

    shutil.copytree(ROOT, target, ignore=ignore, dirs_exist_ok=True)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """``{locale dir relative to the project: {(msgctxt, msgid), …}}`` from the sources."""
    copy = tmp_path_factory.mktemp("sources")
    _copy_sources(copy)
    for folder in [ROOT / "locale", *ROOT.glob("*/locale")]:
        (copy / folder.relative_to(ROOT)).mkdir(parents=True, exist_ok=True)
    previous = Path.cwd()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(settings, "LOCALE_PATHS", [str(copy / "locale")])
        patch.chdir(copy)
        try:
            # No language to merge (all excluded): only the .pot files, kept.
            call_command(
                "makemessages",
                exclude=["nl", "de", "en", "fr"],
                keep_pot=True,
                no_location=True,
                ignore_patterns=IGNORED,
                verbosity=0,
            )
        finally:
            patch.chdir(previous)
    messages = {}
    for pot in copy.glob("**/locale/django.pot"):
        folder = pot.parent.relative_to(copy)
        messages[str(folder)] = {(e.msgctxt, e.msgid) for e in polib.pofile(str(pot))}
    return messages


def test_the_extraction_sees_the_apps_and_the_templates(extracted):
    assert {"locale", "accounts/locale", "labels/locale", "projects/locale"} <= set(extracted)
    # A template string of templates/ and a Python string of an app.
    assert (None, "Mon profil") in extracted["locale"] | extracted["accounts/locale"]
    assert (None, "Jusqu'à 6 ans") in extracted["labels/locale"]


@pytest.mark.parametrize("lang", LANGS)
def test_every_extracted_message_is_in_the_catalogue(extracted, lang):
    missing = {}
    for folder, messages in extracted.items():
        path = ROOT / folder / lang / "LC_MESSAGES" / "django.po"
        assert path.exists(), f"{path} is missing"
        present = {(e.msgctxt, e.msgid) for e in polib.pofile(str(path)) if not e.obsolete}
        absent = sorted(msgid for ctxt, msgid in messages - present)
        if absent:
            missing[str(path.relative_to(ROOT))] = absent
    assert missing == {}, missing
