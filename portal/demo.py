"""Demo news of the FWB support service, in four languages. Idempotent: rows are
looked up by their French title."""

from __future__ import annotations

from datetime import timedelta
from typing import NamedTuple

from django.utils import timezone

from accounts.models import SupportService
from portal.models import News


class Four(NamedTuple):
    fr: str
    nl: str
    de: str
    en: str


NEWS = [
    (
        Four(
            "Concours eTwinning de la FWB : les inscriptions sont ouvertes",
            "eTwinning-wedstrijd van de FWB: inschrijvingen geopend",
            "eTwinning-Wettbewerb der FWB: Anmeldung geöffnet",
            "FWB eTwinning contest: entries are open",
        ),
        Four(
            "Présentez votre projet avant le 30 juin ; la remise des prix aura lieu à la mi-octobre.",
            "Dien je project in vóór 30 juni; de prijsuitreiking is half oktober.",
            "Reichen Sie Ihr Projekt bis zum 30. Juni ein; die Preisverleihung ist Mitte Oktober.",
            "Submit your project before 30 June; the prize ceremony is in mid-October.",
        ),
        Four(
            "Comme chaque année, les promoteurs de projets eTwinning peuvent soumettre leur "
            "réalisation au concours de la Fédération Wallonie-Bruxelles. Les prix permettent "
            "l'achat de matériel multimédia pour l'école.",
            "Zoals elk jaar kunnen projectpromotoren hun eTwinning-project indienen voor de "
            "wedstrijd van de Federatie Wallonië-Brussel. Met de prijzen koopt de school "
            "multimediamateriaal.",
            "Wie jedes Jahr können Projektträger ihr eTwinning-Projekt beim Wettbewerb der "
            "Föderation Wallonie-Brüssel einreichen. Mit den Preisen kauft die Schule "
            "Multimedia-Ausstattung.",
            "As every year, eTwinning project leaders can enter their project in the contest of "
            "the Fédération Wallonie-Bruxelles. The prizes buy multimedia equipment for the school.",
        ),
        3,
    ),
    (
        Four(
            "Nouveau : les formations en ligne du mercredi",
            "Nieuw: de onlineopleidingen op woensdag",
            "Neu: die Online-Fortbildungen am Mittwoch",
            "New: Wednesday online trainings",
        ),
        Four(
            "Une heure, une fois par mois, pour se former sans se déplacer.",
            "Eén uur, één keer per maand, om je bij te scholen zonder je te verplaatsen.",
            "Eine Stunde, einmal im Monat, fortbilden ohne Anreise.",
            "One hour, once a month, to train without travelling.",
        ),
        Four(
            "Le Bureau d'Assistance lance une série de webinaires gratuits : TwinSpace, sécurité "
            "en ligne, évaluation des projets. Inscription sur la page des formations.",
            "Het bureau start een reeks gratis webinars: TwinSpace, online veiligheid, evaluatie "
            "van projecten. Inschrijven via de opleidingspagina.",
            "Die Unterstützungsstelle startet eine Reihe kostenloser Webinare: TwinSpace, "
            "Online-Sicherheit, Projektbewertung. Anmeldung auf der Fortbildungsseite.",
            "The support service launches a series of free webinars: TwinSpace, online safety, "
            "project evaluation. Register on the trainings page.",
        ),
        10,
    ),
    (
        Four(
            "Vingt ans d'eTwinning",
            "Twintig jaar eTwinning",
            "Zwanzig Jahre eTwinning",
            "Twenty years of eTwinning",
        ),
        Four(
            "Lancée en 2005, eTwinning rassemble aujourd'hui plus d'un million d'enseignants.",
            "eTwinning, gestart in 2005, verenigt vandaag meer dan een miljoen leraren.",
            "Das 2005 gestartete eTwinning vereint heute über eine Million Lehrkräfte.",
            "Launched in 2005, eTwinning now brings together over a million teachers.",
        ),
        Four(
            "Depuis 2014, eTwinning fait partie d'Erasmus+. Retour sur vingt ans de projets entre "
            "classes d'Europe, du voyage virtuel d'une mascotte aux livres numériques écrits à "
            "plusieurs mains.",
            "Sinds 2014 maakt eTwinning deel uit van Erasmus+. Een terugblik op twintig jaar "
            "projecten tussen Europese klassen.",
            "Seit 2014 ist eTwinning Teil von Erasmus+. Ein Rückblick auf zwanzig Jahre Projekte "
            "zwischen Klassen in Europa.",
            "Since 2014 eTwinning has been part of Erasmus+. A look back at twenty years of "
            "projects between classes across Europe.",
        ),
        30,
    ),
]


def seed(stdout) -> None:
    service = SupportService.objects.get(code="be-fwb")
    for title, summary, body, days_ago in NEWS:
        news = News.objects.filter(title_fr=title.fr).first() or News()
        for name, text in (("title", title), ("summary", summary), ("body", body)):
            for language, value in text._asdict().items():
                setattr(news, f"{name}_{language}", value)
        news.service = service
        news.published_at = timezone.now() - timedelta(days=days_ago)
        news.is_published = True
        news.full_clean()
        news.save()
    stdout.write(f"Portal: {len(NEWS)} news items\n")
