"""Text stored in the database and read by teachers is in their language: every model
registered with django-modeltranslation has its demo rows filled in nl/de/en, and the
public pages in nl/de/en show none of the demo's French."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from modeltranslation.translator import translator

OTHER_LANGUAGES = ("nl", "de", "en")

# Written by hand: the models whose text a teacher or a school reads. One leaving the
# registry (or never entering it) fails here.
MUST_BE_TRANSLATED = {
    "accounts.Country": {"name"},
    "accounts.SupportService": {"name", "address"},
    "accounts.Subject": {"name"},
    "accounts.Language": {"name"},
    "bulletins.BulletinIssue": {"subject", "intro"},
    "bulletins.BulletinSection": {"title", "body"},
    "labels.ContestEdition": {"title", "introduction", "ceremony_place"},
    "labels.ContestCategory": {"name"},
    "labels.ContestCriterion": {"name"},
    "portal.News": {"title", "summary", "body"},
    "trainings.Training": {"title", "description", "audience", "place"},
    "kits.Kit": {"title", "summary", "objectives", "evaluation", "suggested_tools", "duration"},
    "kits.KitStep": {"title", "body"},
}

# Written by hand from the demo data (labels/demo.py, portal/demo.py, trainings/demo.py,
# the contest's default categories): French that no Dutch, German or English page may show.
FRENCH_MARKERS = [
    "Jusqu'à 6 ans",
    "7 à 11 ans",
    "16 à 19 ans",
    "Formation professionnelle initiale",
    "Inscrivez votre projet eTwinning",
    "matériel multimédia",
    "les inscriptions sont ouvertes",
    "Démarrer avec eTwinning",
    "premiers pas sur le portail",
    "Webinaire : le TwinSpace",
    "Séminaire européen de contact",
    "Labels de qualité : réussir sa demande",
    "Nouveau : les formations en ligne",
    "Vingt ans d'eTwinning",
    "Enseignants du secondaire",
    "Néerlandais",
    "Allemand",
    "Anglais",
    # kits/demo.py
    "Le voyage virtuel de notre mascotte",
    "Défis mathématiques entre classes",
    "Un e-book avec une classe lointaine",
    "Former les équipes",
    "Publier l'e-book",
]


class _VisibleText(HTMLParser):
    """The text a reader sees: no script, style or head."""

    HIDDEN = {"script", "style", "head", "template"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def _visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def _seed(settings) -> None:
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())


def test_the_models_teachers_read_are_registered_for_translation():
    registered = {
        f"{model._meta.app_label}.{model.__name__}": set(
            translator.get_options_for_model(model).fields
        )
        for model in translator.get_registered_models(abstract=False)
    }
    for label, fields in MUST_BE_TRANSLATED.items():
        assert label in registered, f"{label} is not registered in its translation.py"
        assert fields <= registered[label], (label, fields - registered[label])


def _awaiting_staff_translation(row) -> bool:
    """A group a teacher proposed holds their French text only until staff approve it and
    add the translations in the admin (docs/groups.md); the demo seeds one on purpose."""
    from groups.models import Group, GroupStatus

    return isinstance(row, Group) and row.status == GroupStatus.PROPOSED


@pytest.mark.django_db(transaction=True)
def test_the_demo_fills_every_translated_field_in_nl_de_en(settings):
    _seed(settings)
    missing = []
    for model in translator.get_registered_models(abstract=False):
        fields = translator.get_options_for_model(model).fields
        rows = list(model._default_manager.all())
        label = f"{model._meta.app_label}.{model.__name__}"
        if label in MUST_BE_TRANSLATED:
            assert rows, f"the demo seeds no {label}"
        for row in rows:
            if _awaiting_staff_translation(row):
                continue
            for field in fields:
                if not getattr(row, f"{field}_fr"):
                    continue
                for lang in OTHER_LANGUAGES:
                    if not getattr(row, f"{field}_{lang}"):
                        missing.append(f"{label}#{row.pk}.{field}_{lang}")
    assert missing == []


@pytest.mark.django_db(transaction=True)
def test_public_pages_in_nl_de_en_show_no_french_of_the_demo(client, settings):
    from kits.models import Kit
    from labels.models import ContestEdition
    from portal.models import News
    from trainings.models import Training

    _seed(settings)
    published = ContestEdition.objects.published().first()
    pages = [
        ("portal:home", ()),
        ("portal:news", ()),
        *(("portal:news_detail", (pk,)) for pk in News.objects.values_list("pk", flat=True)),
        ("trainings:list", ()),
        *(("trainings:detail", (pk,)) for pk in Training.objects.values_list("pk", flat=True)),
        ("labels:index", ()),
        ("labels:contest", ()),
        ("labels:winners", (published.year,)),
        ("bulletins:archive", ()),
        ("kits:list", ()),
        *(("kits:detail", (pk,)) for pk in Kit.objects.values_list("pk", flat=True)),
    ]
    seen = []
    for lang in OTHER_LANGUAGES:
        for name, args in pages:
            with translation.override(lang):
                url = reverse(name, args=args)
            response = client.get(url)
            if response.status_code != 200:
                continue  # a page for members only is not public
            seen.append(url)
            text = _visible_text(response.content.decode())
            left = [marker for marker in FRENCH_MARKERS if marker in text]
            assert left == [], (url, left)
    # The walk really read the contest, the news and the trainings in each language.
    for lang in OTHER_LANGUAGES:
        assert f"/{lang}/labels/contest/" in seen
        assert f"/{lang}/news/" in seen
        assert f"/{lang}/trainings/" in seen
        assert f"/{lang}/kits/" in seen
