"""Demo groups (eSafety, early years, STEM, languages) in four languages, with their
moderators, members, threads, replies and a resource, and one group a teacher
proposed, waiting on the staff desk. Idempotent: a group is looked up by its French
title and seeded only once."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from accounts.demo import summary
from accounts.models import Language, SupportService, User
from groups import services
from groups.models import (
    Group,
    JoinPolicy,
    MemberRole,
    Membership,
    MembershipStatus,
    Theme,
)

DOMAIN = "@demo.etwinning.be"


@dataclass(frozen=True)
class Text:
    fr: str
    nl: str
    de: str
    en: str

    def as_dict(self) -> dict[str, str]:
        return {"fr": self.fr, "nl": self.nl, "de": self.de, "en": self.en}


GROUPS = [
    {
        "title": Text(
            "eSafety : une classe en sécurité en ligne",
            "eSafety: veilig online met je klas",
            "eSafety: sicher online mit der Klasse",
            "eSafety: a class that is safe online",
        ),
        "description": Text(
            "Droit à l'image, mots de passe, réseaux sociaux, cyberharcèlement : partageons nos "
            "pratiques pour mener des projets eTwinning en toute sécurité avec nos élèves.",
            "Portretrecht, wachtwoorden, sociale media, cyberpesten: we delen onze praktijken om "
            "eTwinning-projecten veilig met onze leerlingen uit te voeren.",
            "Recht am eigenen Bild, Passwörter, soziale Netzwerke, Cybermobbing: Wir teilen unsere "
            "Praxis, um eTwinning-Projekte sicher mit unseren Schülern durchzuführen.",
            "Image rights, passwords, social networks, cyberbullying: let us share our practices "
            "to run eTwinning projects safely with our pupils.",
        ),
        "theme": Theme.ESAFETY,
        "policy": JoinPolicy.OPEN,
        "featured": True,
        "languages": ["fr", "en"],
        "moderator": "claire.dubois",
        "members": ["marc.lambert", "sophie.renard", "pieter.devos"],
        "threads": [
            (
                "claire.dubois",
                "Bienvenue ! Présentez-vous",
                "<p>Bonjour à toutes et à tous ! Dites-nous qui vous êtes, où vous enseignez et "
                "ce que vous attendez de ce groupe.</p>",
                [("marc.lambert", "<p>Marc, instituteur à Jambes (Namur), 5e primaire.</p>")],
                True,
            ),
            (
                "sophie.renard",
                "Photos d'élèves dans le journal du projet : quelles règles ?",
                "<p>Nos partenaires danois publient des photos où l'on voit les visages. "
                "Comment faites-vous pour l'autorisation des parents ?</p>",
                [
                    (
                        "claire.dubois",
                        "<p>Nous demandons une autorisation écrite en début d'année et nous "
                        "publions de dos ou en floutant.</p>",
                    ),
                    (
                        "pieter.devos",
                        "<p>Bij ons: alleen handen en tekeningen, nooit gezichten.</p>",
                    ),
                ],
                False,
            ),
        ],
        "resource": ("Better Internet for Kids", "https://www.betterinternetforkids.eu/"),
    },
    {
        "title": Text(
            "Petite enfance : eTwinning en maternelle",
            "Jonge kinderen: eTwinning in de kleuterklas",
            "Frühe Kindheit: eTwinning im Kindergarten",
            "Early years: eTwinning in nursery school",
        ),
        "description": Text(
            "Des idées de projets pour les 2,5-6 ans : mascottes voyageuses, comptines, "
            "échanges de dessins et de petites vidéos avec des classes d'autres pays.",
            "Projectideeën voor 2,5- tot 6-jarigen: reizende mascottes, versjes, uitwisseling "
            "van tekeningen en filmpjes met klassen uit andere landen.",
            "Projektideen für 2,5- bis 6-Jährige: reisende Maskottchen, Kinderreime, Austausch "
            "von Zeichnungen und kleinen Videos mit Klassen aus anderen Ländern.",
            "Project ideas for 2.5 to 6-year-olds: travelling mascots, nursery rhymes, swapping "
            "drawings and short videos with classes from other countries.",
        ),
        "theme": Theme.EARLY_YEARS,
        "policy": JoinPolicy.REQUEST,
        "featured": False,
        "languages": ["fr", "de"],
        "moderator": "julie.hermans",
        "members": ["anna.schmitz"],
        "requests": ["sophie.renard"],
        "threads": [
            (
                "julie.hermans",
                "Une mascotte qui voyage : par où commencer ?",
                "<p>Notre ours en peluche part en Allemagne en mars. Comment l'avez-vous fait "
                "« voyager » en ligne avec les tout-petits ?</p>",
                [
                    (
                        "anna.schmitz",
                        "<p>Wir haben jeden Tag ein Foto mit einem kurzen Satz gepostet.</p>",
                    )
                ],
                False,
            ),
        ],
    },
    {
        "title": Text(
            "STEM : sciences et maths entre classes",
            "STEM: wetenschap en wiskunde tussen klassen",
            "MINT: Naturwissenschaften und Mathe zwischen Klassen",
            "STEM: science and maths between classes",
        ),
        "description": Text(
            "Défis mathématiques, expériences menées en parallèle, mesures partagées : le groupe "
            "des enseignants qui font de la science ensemble par-delà les frontières.",
            "Wiskundige uitdagingen, parallelle experimenten, gedeelde metingen: de groep van "
            "leerkrachten die samen over de grenzen heen aan wetenschap doen.",
            "Mathe-Challenges, parallele Experimente, geteilte Messungen: die Gruppe der "
            "Lehrkräfte, die über Grenzen hinweg gemeinsam forschen.",
            "Maths challenges, parallel experiments, shared measurements: the group of teachers "
            "doing science together across borders.",
        ),
        "theme": Theme.STEM,
        "policy": JoinPolicy.OPEN,
        "featured": False,
        "languages": ["fr", "en", "pt"],
        "moderator": "marc.lambert",
        "members": ["claire.dubois", "ines.costa"],
        "threads": [
            (
                "marc.lambert",
                "Défis mathématiques : une énigme par semaine",
                "<p>Nous lançons une énigme chaque lundi avec notre classe partenaire de Lisbonne. "
                "Qui veut se joindre à nous ?</p>",
                [("ines.costa", "<p>Count us in! We answer in English every Friday.</p>")],
                False,
            ),
        ],
    },
    {
        "title": Text(
            "Langues : apprendre avec des correspondants",
            "Talen: leren met correspondenten",
            "Sprachen: lernen mit Brieffreunden",
            "Languages: learning with pen-friends",
        ),
        "description": Text(
            "Pour les professeurs de langues qui font écrire, parler et jouer leurs élèves avec "
            "des classes partenaires : activités, outils, bonnes idées.",
            "Voor taalleerkrachten die hun leerlingen laten schrijven, spreken en spelen met "
            "partnerklassen: activiteiten, tools, goede ideeën.",
            "Für Sprachlehrkräfte, die ihre Schüler mit Partnerklassen schreiben, sprechen und "
            "spielen lassen: Aktivitäten, Werkzeuge, gute Ideen.",
            "For language teachers whose pupils write, speak and play with partner classes: "
            "activities, tools, good ideas.",
        ),
        "theme": Theme.LANGUAGES,
        "policy": JoinPolicy.INVITATION,
        "featured": True,
        "languages": ["fr", "nl", "de", "en", "es"],
        "moderator": "sophie.renard",
        "members": ["pieter.devos", "anna.schmitz"],
        "invitations": ["claire.dubois"],
        "threads": [
            (
                "sophie.renard",
                "Correspondance avec l'Espagne : nos premiers échanges",
                "<p>Mes élèves de 3e secondaire écrivent à leurs correspondants espagnols en "
                "français, et reçoivent les réponses en espagnol.</p>",
                [],
                False,
            ),
        ],
    },
]

PROPOSED = {
    "by": "julie.hermans",
    "title": "Lecture et bibliothèques scolaires",
    "description": "Échanger des listes de lectures et monter des clubs de lecture entre "
    "classes partenaires.",
    "theme": Theme.ARTS,
}


def _teacher(handle: str) -> User:
    return User.objects.get(email__startswith=f"{handle}@")


def seed(stdout) -> None:
    service = SupportService.objects.get(code="be-fwb")
    staff = User.objects.get(email=f"staff.fwb{DOMAIN}")
    seeded = 0
    for demo in GROUPS:
        if Group.objects.filter(title_fr=demo["title"].fr).exists():
            continue
        with transaction.atomic():
            _seed_group(demo, service, staff)
        seeded += 1
    if not Group.objects.filter(title_fr=PROPOSED["title"]).exists():
        services.group_propose(
            by=_teacher(PROPOSED["by"]),
            title=PROPOSED["title"],
            description=PROPOSED["description"],
            theme=PROPOSED["theme"],
        )
    stdout.write(f"Groups: {seeded} seeded, {Group.objects.count()} in all.\n")
    with translation.override(settings.LANGUAGE_CODE):
        url = settings.SITE_URL + reverse("groups:list")
    summary(
        stdout,
        "To try",
        f"thematic groups: {url} (claire.dubois{DOMAIN} moderates « eSafety »; "
        f"staff.fwb{DOMAIN} approves the proposed « {PROPOSED['title']} » in the admin)",
    )


def _seed_group(demo: dict, service: SupportService, staff: User) -> None:
    group = services.group_create(
        by=staff,
        title=demo["title"].as_dict(),
        description=demo["description"].as_dict(),
        theme=demo["theme"],
        service_id=service.pk,
        join_policy=demo["policy"],
        featured=demo["featured"],
        languages=list(Language.objects.filter(code__in=demo["languages"])),
    )
    services.membership_add(
        group=group, teacher=_teacher(demo["moderator"]), by=staff, role=MemberRole.MODERATOR
    )
    for handle in demo["members"]:
        services.membership_add(group=group, teacher=_teacher(handle), by=staff)
    for handle in demo.get("requests", []):
        Membership.objects.create(
            group=group, user=_teacher(handle), status=MembershipStatus.REQUESTED
        )
    for handle in demo.get("invitations", []):
        services.membership_invite(
            group=group, teacher=_teacher(handle), by=_teacher(demo["moderator"])
        )
    for author, title, body, replies, pinned in demo["threads"]:
        thread = services.thread_create(group=group, by=_teacher(author), title=title, body=body)
        for reply_author, reply in replies:
            services.post_create(thread=thread, by=_teacher(reply_author), body=reply)
        if pinned:
            services.thread_pin(thread=thread, by=staff)
    if "resource" in demo:
        title, url = demo["resource"]
        services.resource_add(group=group, by=_teacher(demo["moderator"]), title=title, url=url)
