"""Demo projects from the brochure's examples, in every lifecycle state, between
the demo teachers of accounts/demo.py. Built through the services (founding,
acceptance, approval by the services' staff) so the history is realistic.
Idempotent: a project whose title exists is left alone."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from accounts.models import Language, Subject, User
from partners.models import Contact, ContactStatus
from projects import services
from projects.models import Approval, Project, ProjectState

DOMAIN = "@demo.etwinning."


@dataclass(frozen=True)
class DemoProject:
    title: str
    summary: str
    founder: str
    cofounder: str
    subjects: tuple[str, ...]
    languages: tuple[str, ...]
    ages: tuple[int, int]
    themes: str
    target: str
    partners: tuple[str, ...] = field(default=())
    year: int | None = None
    is_public: bool = True


PROJECTS = [
    DemoProject(
        "Le voyage virtuel de Léon la mascotte",
        "Notre mascotte Léon voyage de Namur à Lisbonne (et au-delà) : chaque classe "
        "l'accueille, raconte ses aventures dans le journal du projet et lui fait "
        "découvrir sa ville, ses fêtes et sa cuisine.",
        "marc.lambert",
        "ines.costa",
        ("french", "geography"),
        ("fr", "en", "pt"),
        (5, 8),
        "mascotte, voyage, découverte",
        ProjectState.ACTIVE,
        partners=("mette.jensen",),
    ),
    DemoProject(
        "Défis et jeux mathématiques",
        "Chaque mois, une classe lance un défi mathématique à l'autre : énigmes, jeux de "
        "logique, problèmes tirés de la vie quotidienne à Liège et à Tbilissi.",
        "claire.dubois",
        "nino.beridze",
        ("mathematics",),
        ("en", "fr"),
        (9, 12),
        "énigmes, jeux, logique",
        ProjectState.ACTIVE,
    ),
    DemoProject(
        "Art nouveau : regards croisés Mons – Gand",
        "Recherche croisée sur l'Art nouveau : les élèves photographient les façades de "
        "leur ville, comparent les styles et réalisent une exposition virtuelle commune.",
        "sophie.renard",
        "pieter.devos",
        ("arts", "history"),
        ("fr", "nl"),
        (14, 17),
        "architecture, patrimoine, photographie",
        ProjectState.FINISHED,
        year=2025,
    ),
    DemoProject(
        "Débattre des stéréotypes",
        "Des classes de Mons, de La Valette et de Gand interrogent les stéréotypes sur "
        "leurs pays et organisent des débats en ligne.",
        "sophie.renard",
        "joseph.camilleri",
        ("citizenship", "modern-languages"),
        ("en",),
        (15, 18),
        "stéréotypes, débat, citoyenneté",
        ProjectState.ACTIVE,
        partners=("pieter.devos",),
        year=2025,
    ),
    DemoProject(
        "Un livre numérique avec nos amis d'Azerbaïdjan",
        "Les élèves de Liège et de Bakou écrivent et illustrent ensemble un livre "
        "numérique de contes de leurs deux pays.",
        "claire.dubois",
        "leyla.aliyeva",
        ("french", "literature"),
        ("en", "fr"),
        (9, 11),
        "contes, livre numérique, illustration",
        ProjectState.AWAITING_APPROVAL,
    ),
    DemoProject(
        "Apprendre le français avec des correspondants espagnols",
        "Échanges de lettres et de vidéos entre élèves de Namur et de Séville pour "
        "pratiquer le français et l'espagnol.",
        "marc.lambert",
        "lucia.garcia",
        ("modern-languages", "french"),
        ("fr", "es"),
        (8, 11),
        "correspondance, langues",
        ProjectState.AWAITING_PARTNER,
        is_public=False,
    ),
]


def _teacher(handle: str) -> User:
    return User.objects.select_related("school").get(
        email__startswith=handle + "@", email__contains=DOMAIN
    )


def _ensure_contacts(a: User, b: User) -> None:
    contact = Contact.objects.between(a, b).first()
    if contact is None:
        Contact.objects.create(
            sender=a,
            recipient=b,
            message="Bonjour ! Un projet ensemble ?",
            status=ContactStatus.ACCEPTED,
            decided_at=timezone.now(),
        )
    elif contact.status != ContactStatus.ACCEPTED:
        contact.status = ContactStatus.ACCEPTED
        contact.save(update_fields=["status"])


def _staff_for(approval: Approval) -> User:
    staff = User.objects.filter(is_staff=True, staff_service=approval.service).first()
    return staff or User.objects.filter(is_superuser=True).order_by("pk").first()


@transaction.atomic
def _build(demo: DemoProject) -> Project:
    founder, cofounder = _teacher(demo.founder), _teacher(demo.cofounder)
    _ensure_contacts(founder, cofounder)
    today = timezone.localdate()
    start = datetime.date(demo.year or today.year, 9, 1)
    project = services.project_found(
        founder=founder,
        cofounder=cofounder,
        title=demo.title,
        summary=demo.summary,
        subjects=Subject.objects.filter(code__in=demo.subjects),
        languages=Language.objects.filter(code__in=demo.languages),
        age_min=demo.ages[0],
        age_max=demo.ages[1],
        themes=demo.themes,
        planned_start=start,
        planned_end=start.replace(year=start.year + 1, month=6, day=30),
        expected_partners=2 + len(demo.partners),
        is_public=demo.is_public,
    )
    if demo.target == ProjectState.AWAITING_PARTNER:
        return project
    project = services.project_cofounder_accept(project=project, by=cofounder)
    if demo.target == ProjectState.AWAITING_APPROVAL:
        return project
    for approval in project.approvals.all():
        services.project_approve(approval=approval, by=_staff_for(approval))
    project.refresh_from_db()
    for handle in demo.partners:
        partner = _teacher(handle)
        membership = services.membership_invite(project=project, by=founder, teacher=partner)
        services.membership_accept(membership=membership, by=partner)
    if demo.target in (ProjectState.FINISHED, ProjectState.ARCHIVED):
        project = services.project_finish(project=project, by=founder)
    if demo.year:
        Project.objects.filter(pk=project.pk).update(
            activated_at=timezone.make_aware(datetime.datetime(demo.year, 10, 1, 9, 0))
        )
    return project


def seed(stdout) -> None:
    created = 0
    for demo in PROJECTS:
        if Project.objects.filter(title=demo.title).exists():
            continue
        _build(demo)
        created += 1
    stdout.write(f"Projects: {created} demo project(s) created.\n")
