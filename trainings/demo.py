"""Demo trainings (one full with a waiting list, one online, one abroad taking
applications, one past with attendance) and news in four languages.
Idempotent: rows are looked up by their French title."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils import timezone

from accounts.models import Language, SupportService, TeacherStatus, User
from trainings.models import News, Registration, RegistrationStatus, Training, TrainingFormat


@dataclass(frozen=True)
class Text:
    fr: str
    nl: str
    de: str
    en: str

    def fields(self, name: str) -> dict[str, str]:
        return {f"{name}_{lang}": getattr(self, lang) for lang in ("fr", "nl", "de", "en")}


def _at(days: int, hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    while day.weekday() >= 5:  # trainings happen on school days
        day += timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


TRAININGS = [
    {
        "key": "full",
        "title": Text(
            "Démarrer avec eTwinning : premiers pas sur le portail",
            "Aan de slag met eTwinning: eerste stappen op het portaal",
            "Einstieg in eTwinning: erste Schritte im Portal",
            "Getting started with eTwinning: first steps on the portal",
        ),
        "description": Text(
            "Une matinée pour créer son profil, chercher des partenaires et fonder un premier "
            "projet avec une classe d'un autre pays. Apportez votre ordinateur portable.",
            "Een ochtend om je profiel aan te maken, partners te zoeken en een eerste project "
            "met een klas uit een ander land op te zetten. Breng je laptop mee.",
            "Ein Vormittag, um das eigene Profil anzulegen, Partner zu suchen und ein erstes "
            "Projekt mit einer Klasse aus einem anderen Land zu gründen. Bitte Laptop mitbringen.",
            "A morning to create your profile, look for partners and found a first project with "
            "a class from another country. Bring your laptop.",
        ),
        "audience": Text(
            "Enseignants du fondamental et du secondaire débutant avec eTwinning",
            "Leraren basis- en secundair onderwijs die met eTwinning beginnen",
            "Lehrkräfte der Primar- und Sekundarstufe, die mit eTwinning beginnen",
            "Primary and secondary teachers new to eTwinning",
        ),
        "place": Text(
            "AEF-Europe, Chaussée de Charleroi 111, Bruxelles",
            "AEF-Europe, Charleroisesteenweg 111, Brussel",
            "AEF-Europe, Chaussée de Charleroi 111, Brüssel",
            "AEF-Europe, Chaussée de Charleroi 111, Brussels",
        ),
        "format": TrainingFormat.BELGIUM,
        "language": "fr",
        "days": 12,
        "capacity": 2,
    },
    {
        "key": "online",
        "title": Text(
            "Webinaire : le TwinSpace, l'espace de travail de votre projet",
            "Webinar: de TwinSpace, de werkruimte van je project",
            "Webinar: der TwinSpace, der Arbeitsraum Ihres Projekts",
            "Webinar: the TwinSpace, your project's workspace",
        ),
        "description": Text(
            "En une heure, découvrez comment créer des pages, tenir le journal du projet, "
            "inviter vos élèves et publier leurs productions en toute sécurité.",
            "Ontdek in één uur hoe je pagina's maakt, het projectdagboek bijhoudt, je leerlingen "
            "uitnodigt en hun werk veilig publiceert.",
            "Erfahren Sie in einer Stunde, wie Sie Seiten anlegen, das Projekttagebuch führen, "
            "Ihre Schüler einladen und ihre Arbeiten sicher veröffentlichen.",
            "In one hour, learn how to create pages, keep the project journal, invite your "
            "pupils and publish their work safely.",
        ),
        "audience": Text(
            "Tous les eTwinneurs",
            "Alle eTwinners",
            "Alle eTwinner",
            "All eTwinners",
        ),
        "place": Text("", "", "", ""),
        "format": TrainingFormat.ONLINE,
        "language": "fr",
        "days": 5,
        "capacity": 100,
        "online_link": "https://meet.example.org/etwinning-twinspace",
    },
    {
        "key": "abroad",
        "title": Text(
            "Séminaire européen de contact à Lisbonne",
            "Europees contactseminarie in Lissabon",
            "Europäisches Kontaktseminar in Lissabon",
            "European contact seminar in Lisbon",
        ),
        "description": Text(
            "Trois jours pour rencontrer des enseignants de toute l'Europe et construire ensemble "
            "un projet eTwinning. Voyage et séjour pris en charge par Erasmus+.",
            "Drie dagen om leraren uit heel Europa te ontmoeten en samen een eTwinning-project "
            "uit te werken. Reis en verblijf worden door Erasmus+ betaald.",
            "Drei Tage, um Lehrkräfte aus ganz Europa zu treffen und gemeinsam ein "
            "eTwinning-Projekt aufzubauen. Reise und Aufenthalt übernimmt Erasmus+.",
            "Three days to meet teachers from all over Europe and build an eTwinning project "
            "together. Travel and stay covered by Erasmus+.",
        ),
        "audience": Text(
            "Enseignants du secondaire ayant déjà mené un projet eTwinning",
            "Leraren secundair onderwijs met eTwinning-ervaring",
            "Lehrkräfte der Sekundarstufe mit eTwinning-Erfahrung",
            "Secondary teachers who have already run an eTwinning project",
        ),
        "place": Text(
            "Lisbonne (Portugal)", "Lissabon (Portugal)", "Lissabon (Portugal)", "Lisbon (Portugal)"
        ),
        "format": TrainingFormat.ABROAD,
        "language": "en",
        "days": 45,
        "capacity": 2,
    },
    {
        "key": "past",
        "title": Text(
            "Labels de qualité : réussir sa demande",
            "Kwaliteitslabels: een geslaagde aanvraag",
            "Qualitätssiegel: erfolgreich beantragen",
            "Quality labels: a successful application",
        ),
        "description": Text(
            "Les cinq critères du label de qualité expliqués avec des projets primés.",
            "De vijf criteria van het kwaliteitslabel uitgelegd met bekroonde projecten.",
            "Die fünf Kriterien des Qualitätssiegels, erklärt an ausgezeichneten Projekten.",
            "The five criteria of the quality label explained with award-winning projects.",
        ),
        "audience": Text(
            "Enseignants terminant un projet",
            "Leraren die een project afronden",
            "Lehrkräfte, die ein Projekt abschließen",
            "Teachers finishing a project",
        ),
        "place": Text("Namur", "Namen", "Namur", "Namur"),
        "format": TrainingFormat.BELGIUM,
        "language": "fr",
        "days": -20,
        "capacity": 20,
    },
]

NEWS = [
    (
        Text(
            "Concours eTwinning de la FWB : les inscriptions sont ouvertes",
            "eTwinning-wedstrijd van de FWB: inschrijvingen geopend",
            "eTwinning-Wettbewerb der FWB: Anmeldung geöffnet",
            "FWB eTwinning contest: entries are open",
        ),
        Text(
            "Présentez votre projet avant le 30 juin ; la remise des prix aura lieu à la mi-octobre.",
            "Dien je project in vóór 30 juni; de prijsuitreiking is half oktober.",
            "Reichen Sie Ihr Projekt bis zum 30. Juni ein; die Preisverleihung ist Mitte Oktober.",
            "Submit your project before 30 June; the prize ceremony is in mid-October.",
        ),
        Text(
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
        Text(
            "Nouveau : les formations en ligne du mercredi",
            "Nieuw: de onlineopleidingen op woensdag",
            "Neu: die Online-Fortbildungen am Mittwoch",
            "New: Wednesday online trainings",
        ),
        Text(
            "Une heure, une fois par mois, pour se former sans se déplacer.",
            "Eén uur, één keer per maand, om je bij te scholen zonder je te verplaatsen.",
            "Eine Stunde, einmal im Monat, fortbilden ohne Anreise.",
            "One hour, once a month, to train without travelling.",
        ),
        Text(
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
        Text(
            "Vingt ans d'eTwinning",
            "Twintig jaar eTwinning",
            "Zwanzig Jahre eTwinning",
            "Twenty years of eTwinning",
        ),
        Text(
            "Lancée en 2005, eTwinning rassemble aujourd'hui plus d'un million d'enseignants.",
            "eTwinning, gestart in 2005, verenigt vandaag meer dan een miljoen leraren.",
            "Das 2005 gestartete eTwinning vereint heute über eine Million Lehrkräfte.",
            "Launched in 2005, eTwinning now brings together over a million teachers.",
        ),
        Text(
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
    teachers = list(
        User.objects.filter(
            support_service=service, status=TeacherStatus.VALIDATED, is_staff=False
        ).order_by("email")[:4]
    )
    trainings: dict[str, Training] = {}
    for demo in TRAININGS:
        start = _at(demo["days"], 9)
        training = Training.objects.filter(title_fr=demo["title"].fr).first() or Training()
        for name in ("title", "description", "audience", "place"):
            for field, value in demo[name].fields(name).items():
                setattr(training, field, value)
        training.service = service
        training.language = Language.objects.get(code=demo["language"])
        training.format = demo["format"]
        training.online_link = demo.get("online_link", "")
        training.starts_at = start
        training.ends_at = start + (
            timedelta(days=2, hours=8) if demo["key"] == "abroad" else timedelta(hours=3)
        )
        training.registration_deadline = start - timedelta(days=2 if demo["days"] > 3 else 0)
        training.capacity = demo["capacity"]
        training.is_published = True
        training.full_clean()
        training.save()
        trainings[demo["key"]] = training

    # The full training: two seats taken, a third teacher on the waiting list.
    full = trainings["full"]
    for index, teacher in enumerate(teachers[:3]):
        status = RegistrationStatus.CONFIRMED if index < 2 else RegistrationStatus.WAITLISTED
        Registration.objects.get_or_create(
            training=full, teacher=teacher, defaults={"status": status}
        )
    # The past training: attendance recorded, certificates available.
    past = trainings["past"]
    for teacher in teachers[:2]:
        Registration.objects.get_or_create(
            training=past,
            teacher=teacher,
            defaults={"status": RegistrationStatus.CONFIRMED, "attended": True},
        )
    if teachers[3:]:
        Registration.objects.get_or_create(
            training=trainings["abroad"],
            teacher=teachers[3],
            defaults={
                "status": RegistrationStatus.APPLIED,
                "motivation": "Je mène un projet eTwinning avec une école portugaise et "
                "souhaite rencontrer de nouveaux partenaires pour l'an prochain.",
            },
        )

    for title, summary, body, days_ago in NEWS:
        news = News.objects.filter(title_fr=title.fr).first() or News()
        for field, value in {
            **title.fields("title"),
            **summary.fields("summary"),
            **body.fields("body"),
        }.items():
            setattr(news, field, value)
        news.service = service
        news.published_at = timezone.now() - timedelta(days=days_ago)
        news.is_published = True
        news.full_clean()
        news.save()
    stdout.write(
        f"Trainings: {len(trainings)} trainings (one full with a waiting list), "
        f"{len(NEWS)} news items\n"
    )
