"""Demo trainings (one full with a waiting list, one online, one abroad taking
applications, one past with attendance), in four languages. Idempotent: rows are
looked up by their French title."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils import timezone

from accounts.models import Language, SupportService, TeacherStatus, User
from trainings.models import (
    Registration,
    RegistrationStatus,
    Training,
    TrainingFormat,
    TrainingRequest,
)


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

    # A school's request, not answered yet: the FWB staff desk's trainings line.
    if teachers:
        TrainingRequest.objects.get_or_create(
            school=teachers[0].school,
            topic="Le TwinSpace en classe : premiers pas",
            defaults={
                "requested_by": teachers[0],
                "audience": "L'équipe pédagogique du primaire",
                "participants": 12,
                "preferred_dates": "Un mercredi après-midi de février ou mars",
            },
        )
    stdout.write(f"Trainings: {len(trainings)} trainings (one full with a waiting list)\n")
