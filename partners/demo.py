"""Demo partner search: announcements by the demo teachers (the brochure's example
projects), contacts and messages between them, and the search index of every
teacher. Idempotent: an announcement whose title exists for its author is kept."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from accounts.models import Country, Language, Subject, TeacherStatus, User
from partners import search_index, services
from partners.models import Announcement, Contact, ContactStatus, Message, Report, ReportKind

DOMAIN = "@demo.etwinning."


@dataclass(frozen=True)
class DemoAnnouncement:
    author: str
    title: str
    idea: str
    language: str
    subjects: tuple[str, ...]
    languages: tuple[str, ...]
    ages: tuple[int, int]
    countries: tuple[str, ...]  # empty: any country
    start_in_months: int
    duration: int
    partners: int = 2
    plus_welcome: bool = True


ANNOUNCEMENTS = [
    DemoAnnouncement(
        "claire.dubois",
        "Défis mathématiques entre classes de 10 ans",
        "Ma classe de 5e primaire à Liège cherche une ou deux classes pour des défis "
        "mathématiques mensuels : énigmes, jeux de logique et problèmes de la vie "
        "quotidienne, corrigés par les élèves de l'autre classe.",
        "fr",
        ("mathematics",),
        ("fr", "en"),
        (9, 11),
        ("PT", "GE"),
        1,
        8,
    ),
    DemoAnnouncement(
        "marc.lambert",
        "Le voyage virtuel de notre mascotte Pistache",
        "Classe maternelle : notre mascotte Pistache voyage de classe en classe à travers "
        "l'Europe. Chaque école l'accueille, la photographie et raconte ses aventures.",
        "fr",
        ("pre-primary", "arts"),
        ("fr", "en"),
        (3, 6),
        (),
        2,
        6,
        3,
    ),
    DemoAnnouncement(
        "sophie.renard",
        "Recherche croisée sur l'Art nouveau",
        "Nos élèves de 15 ans photographient les façades Art nouveau de Mons ; nous "
        "cherchons une classe de Barcelone, Riga ou Nancy pour comparer et publier "
        "un guide commun.",
        "fr",
        ("history", "arts"),
        ("fr", "en"),
        (14, 17),
        ("ES", "LV", "FR"),
        1,
        6,
    ),
    DemoAnnouncement(
        "nadia.benali",
        "Un blog commun de bonnes nouvelles",
        "Chaque semaine, les élèves publient une bonne nouvelle de leur quartier, en son "
        "et en image, et commentent celles des classes partenaires.",
        "fr",
        ("french", "citizenship"),
        ("fr",),
        (8, 10),
        (),
        1,
        9,
    ),
    DemoAnnouncement(
        "pieter.devos",
        "Stereotypen in debat",
        "Onze leerlingen van 16 jaar debatteren online over stereotypen met klassen uit "
        "Malta en Wallonië: voorbereiding, debat en gezamenlijke conclusies.",
        "nl",
        ("citizenship", "modern-languages"),
        ("en", "fr"),
        (15, 18),
        ("MT", "BE"),
        2,
        4,
    ),
    DemoAnnouncement(
        "lucia.garcia",
        "Learning French with pen-friends",
        "My Spanish pupils learn French: we are looking for a French-speaking class to "
        "exchange letters, voice messages and short videos every month.",
        "en",
        ("modern-languages", "french"),
        ("fr", "es"),
        (9, 12),
        ("BE", "FR"),
        1,
        9,
    ),
    DemoAnnouncement(
        "mette.jensen",
        "An ecological school together",
        "Danish pupils measure energy and waste at school; partner classes do the same "
        "and we compare results and ideas for a greener school.",
        "en",
        ("environment", "sciences"),
        ("en",),
        (12, 15),
        (),
        1,
        10,
    ),
    DemoAnnouncement(
        "leyla.aliyeva",
        "An e-book written by children",
        "Children from Baku write and illustrate a bilingual e-book of tales with a "
        "partner class; each class writes alternate chapters.",
        "en",
        ("literature", "ict"),
        ("en", "fr"),
        (8, 10),
        ("BE", "FR"),
        2,
        6,
    ),
    DemoAnnouncement(
        "julien.martin",
        "Un circuit culinaire de découverte",
        "Nos élèves de 12 ans présentent une recette de leur région ; les classes "
        "partenaires la cuisinent et proposent la leur. Nutrition, sciences et santé.",
        "fr",
        ("health", "sciences"),
        ("fr", "en"),
        (11, 14),
        (),
        3,
        6,
    ),
]

CONTACTS = [
    # (sender, recipient, message, accepted)
    (
        "claire.dubois",
        "ines.costa",
        "Bonjour Inès, vos défis de maths avec des 10 ans m'intéressent beaucoup !",
        True,
    ),
    (
        "lucia.garcia",
        "nadia.benali",
        "Hola Nadia, my pupils would love French pen-friends of the same age.",
        True,
    ),
    (
        "sophie.renard",
        "julien.martin",
        "Bonjour Julien, un projet Art nouveau à Lyon et Mons vous tenterait-il ?",
        False,
    ),
]

MESSAGES = [
    (
        "claire.dubois",
        "ines.costa",
        "Merci d'avoir accepté ! Nous pourrions commencer par un défi de logique en octobre.",
    ),
    (
        "ines.costa",
        "claire.dubois",
        "Great idea! My pupils are preparing a puzzle about Lisbon's trams.",
    ),
    ("nadia.benali", "lucia.garcia", "¡Hola! Nos élèves sont ravis, on commence quand ?"),
]


def _teacher(local: str) -> User | None:
    return User.objects.filter(email__startswith=local + DOMAIN).first()


def _month(months_ahead: int) -> date:
    today = date.today()
    index = today.month - 1 + months_ahead
    return date(today.year + index // 12, index % 12 + 1, 1)


@transaction.atomic
def seed(stdout) -> None:
    teachers = User.objects.filter(is_staff=False, status=TeacherStatus.VALIDATED)
    for teacher in teachers.filter(school__isnull=False):
        search_index.teacher_reindex(teacher)
    created = 0
    for demo in ANNOUNCEMENTS:
        author = _teacher(demo.author)
        if author is None or not author.is_validated_teacher:
            continue
        if Announcement.objects.filter(author=author, title=demo.title).exists():
            continue
        services.announcement_publish(
            author=author,
            title=demo.title,
            idea=demo.idea,
            language=demo.language,
            subjects=Subject.objects.filter(code__in=demo.subjects),
            languages=Language.objects.filter(code__in=demo.languages),
            age_min=demo.ages[0],
            age_max=demo.ages[1],
            wanted_countries=Country.objects.filter(code__in=demo.countries),
            partners_wanted=demo.partners,
            start_month=_month(demo.start_in_months),
            duration_months=demo.duration,
            plus_welcome=demo.plus_welcome,
        )
        created += 1
    for sender_local, recipient_local, text, accept in CONTACTS:
        sender, recipient = _teacher(sender_local), _teacher(recipient_local)
        if sender is None or recipient is None:
            continue
        if not (sender.is_validated_teacher and recipient.is_validated_teacher):
            continue
        if Contact.objects.between(sender, recipient).exists():
            continue
        contact = services.contact_request_send(sender=sender, recipient=recipient, message=text)
        if accept:
            services.contact_accept(contact=contact, by=recipient)
    for sender_local, recipient_local, body in MESSAGES:
        sender, recipient = _teacher(sender_local), _teacher(recipient_local)
        if sender is None or recipient is None:
            continue
        if Message.objects.filter(sender=sender, recipient=recipient, body=body).exists():
            continue
        if (
            not Contact.objects.between(sender, recipient)
            .filter(status=ContactStatus.ACCEPTED)
            .exists()
        ):
            continue
        # Written directly: demo history, no notification e-mails.
        Message.objects.create(
            sender=sender, recipient=recipient, body=body, created_at=timezone.now()
        )
    _report_to_moderate()
    stdout.write(f"partners: {created} announcements, contacts and messages between demo teachers")


def _report_to_moderate() -> None:
    """A report on an FWB teacher's announcement: the FWB staff desk's moderation line.
    Written directly: demo history, no notification."""
    announcement = (
        Announcement.objects.filter(author__support_service__code="be-fwb").order_by("pk").first()
    )
    reporter = (
        User.objects.filter(is_staff=False, status=TeacherStatus.VALIDATED)
        .exclude(support_service__code="be-fwb")
        .order_by("pk")
        .first()
    )
    if announcement is None or reporter is None:
        return
    Report.objects.get_or_create(
        kind=ReportKind.ANNOUNCEMENT,
        announcement=announcement,
        reporter=reporter,
        defaults={
            "reported_teacher": announcement.author,
            "reason": "Cette annonce ressemble à une publicité pour un voyage scolaire payant.",
        },
    )
