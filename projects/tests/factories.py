"""Factories for projects' tests, built on the accounts factories."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from accounts.models import Language, Subject
from accounts.tests.factories import SchoolFactory, TeacherFactory, country, service
from partners.models import Contact, ContactStatus
from projects.models import (
    Approval,
    ApprovalState,
    MemberRole,
    Membership,
    MemberStatus,
    Project,
    ProjectState,
)


def school_in(service_code: str, **kwargs):
    """A validated school of the support service ``service_code`` (e.g. "ge")."""
    svc = service(service_code)
    return SchoolFactory(support_service=svc, country=svc.country, **kwargs)


def teacher_in(service_code: str, **kwargs):
    school = kwargs.pop("school", None) or school_in(service_code)
    return TeacherFactory(school=school, **kwargs)


def make_contacts(a, b) -> Contact:
    return Contact.objects.create(
        sender=a, recipient=b, message="Bonjour !", status=ContactStatus.ACCEPTED
    )


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Projet n°{n}")
    summary = "Un voyage virtuel de notre mascotte entre nos deux écoles."
    age_min = 8
    age_max = 11
    planned_start = datetime.date(2026, 9, 1)
    planned_end = datetime.date(2027, 6, 30)
    expected_partners = 2
    state = ProjectState.ACTIVE
    is_public = True
    activated_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def subjects(obj, create, extracted, **kwargs):
        if create:
            obj.subjects.set(extracted or Subject.objects.all()[:1])

    @factory.post_generation
    def languages(obj, create, extracted, **kwargs):
        if create:
            obj.languages.set(extracted or Language.objects.filter(code="fr"))


def member(project, user, *, role=MemberRole.PARTNER, status=MemberStatus.ACTIVE) -> Membership:
    return Membership.objects.create(
        project=project,
        user=user,
        school=user.school,
        role=role,
        status=status,
        joined_at=timezone.now() if status == MemberStatus.ACTIVE else None,
    )


def active_project(founder, cofounder, **kwargs) -> Project:
    """An opened project founded by two teachers, approved by their services."""
    project = ProjectFactory(founded_by=founder, **kwargs)
    member(project, founder, role=MemberRole.FOUNDER)
    member(project, cofounder, role=MemberRole.FOUNDER)
    for service_id in {founder.school.support_service_id, cofounder.school.support_service_id}:
        Approval.objects.create(
            project=project, service_id=service_id, state=ApprovalState.APPROVED
        )
    return project


__all__ = [
    "ProjectFactory",
    "active_project",
    "country",
    "make_contacts",
    "member",
    "school_in",
    "service",
    "teacher_in",
]
