"""Who may do what in the labels app: every view and service asks these helpers
(the eligibility rules answer with the reasons why not, shown to the user)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.scoping import can_act_for_service
from accounts.selectors import FWB_SERVICE_CODE
from labels import clock, selectors
from labels.models import (
    ApplicationStatus,
    ContestEdition,
    ContestEntry,
    EuropeanLabel,
    NationalLabelApplication,
    SchoolLabelApplication,
)
from projects import permissions as project_permissions
from projects.models import ApprovalState, MemberStatus, Project, ProjectState


def national_label_ineligibility(
    *, teacher: User, project: Project, now: datetime.datetime | None = None
) -> list[str]:
    """The reasons why ``teacher`` may not apply for ``project`` now (empty: may apply)."""
    now = now or clock.now()
    reasons: list[str] = []
    if not teacher.is_authenticated or not getattr(teacher, "is_validated_teacher", False):
        return [_("Seul·e un·e enseignant·e validé·e peut demander le label.")]
    if not project.memberships.filter(user=teacher, status=MemberStatus.ACTIVE).exists():
        return [_("Vous n'êtes pas membre de ce projet.")]
    if project.state == ProjectState.REJECTED:
        reason = (
            project.approvals.filter(state=ApprovalState.REJECTED)
            .values_list("reason", flat=True)
            .first()
        )
        reasons.append(
            _("Ce projet a été refusé par un bureau d'assistance : %(reason)s")
            % {"reason": reason or "—"}
        )
    elif project.state in (ProjectState.FINISHED, ProjectState.ARCHIVED):
        pass
    elif project.state == ProjectState.ACTIVE:
        horizon = clock.local_date(now) + datetime.timedelta(
            days=settings.LABELS_NEARLY_FINISHED_DAYS
        )
        if project.planned_end > horizon:
            reasons.append(
                _(
                    "Le projet n'est pas encore terminé : le label se demande à la fin du "
                    "projet (fin prévue le %(date)s)."
                )
                % {"date": project.planned_end.strftime("%d/%m/%Y")}
            )
    else:
        reasons.append(_("Le projet n'a pas encore démarré."))
    if len(selectors.project_countries(project)) < 2:
        reasons.append(
            _(
                "Projet national : seuls les projets européens, entre écoles d'au moins "
                "deux pays, peuvent recevoir le Label de qualité."
            )
        )
    label_round = selectors.current_round(now)
    if label_round is None or not label_round.is_open(now):
        reasons.append(_("Les candidatures au Label de qualité ne sont pas ouvertes."))
    else:
        mine = NationalLabelApplication.objects.filter(round=label_round, teacher=teacher)
        if mine.filter(project=project).exists():
            reasons.append(_("Vous avez déjà demandé le label pour ce projet cette année."))
        elif mine.count() >= label_round.limit_per_teacher:
            reasons.append(
                _("Vous avez atteint la limite de %(limit)s candidatures pour cette année.")
                % {"limit": label_round.limit_per_teacher}
            )
    return reasons


def national_label_rule_failures(application: NationalLabelApplication) -> list[str]:
    """Why the scored ``application`` may not be awarded (the minimum-points rules)."""
    label_round = application.round
    failures = []
    if not application.prerequisites_met:
        failures.append(_("Toutes les conditions préalables doivent être remplies."))
    if None in application.scores:
        failures.append(_("Chaque critère doit être noté de 0 à 6."))
        return failures
    if application.score_collaboration < label_round.min_collaboration:
        failures.append(
            _("La collaboration doit obtenir au moins %(points)s points.")
            % {"points": label_round.min_collaboration}
        )
    if application.score_technology < label_round.min_technology:
        failures.append(
            _("L'utilisation de la technologie doit obtenir au moins %(points)s points.")
            % {"points": label_round.min_technology}
        )
    if application.total < label_round.min_total:
        failures.append(
            _("Le total doit atteindre au moins %(points)s points sur 30.")
            % {"points": label_round.min_total}
        )
    return failures


def contest_ineligibility(*, user: User, project: Project) -> list[str]:
    reasons = []
    if not project.memberships.filter(user=user, status=MemberStatus.ACTIVE).exists():
        reasons.append(_("Seul·e un·e fondateur·rice ou membre du projet peut l'inscrire."))
    if project.state not in (ProjectState.ACTIVE, ProjectState.FINISHED):
        reasons.append(_("Seul un projet actif ou terminé peut participer."))
    if not project.memberships.filter(
        status__in=(MemberStatus.ACTIVE, MemberStatus.LEFT),
        school__support_service__code=FWB_SERVICE_CODE,
    ).exists():
        reasons.append(
            _("Le concours est réservé aux projets d'écoles de la Fédération Wallonie-Bruxelles.")
        )
    return reasons


def is_contest_staff(user: User) -> bool:
    """The contest is the FWB service's own: its staff and superusers run it."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    return user.is_superuser or (
        user.staff_service_id is not None and user.staff_service.code == FWB_SERVICE_CODE
    )


def is_juror(user: User, edition: ContestEdition) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and edition.jury.filter(pk=user.pk).exists()
    )


def can_download_certificate(user, application: NationalLabelApplication) -> bool:
    """The awarded teacher, or staff of the application's service."""
    if application.status != ApplicationStatus.AWARDED or not user.is_authenticated:
        return False
    return application.teacher_id == user.pk or can_act_for_service(user, application.service_id)


def certificate_or_404(user, pk: int) -> NationalLabelApplication:
    """The certificate, or 404 to anyone else: the project may not be public, and
    even its existence is not theirs to know."""
    application = get_object_or_404(
        NationalLabelApplication.objects.select_related(
            "teacher", "project", "service", "round", "school"
        ),
        pk=pk,
    )
    if not can_download_certificate(user, application):
        raise Http404
    return application


def european_label_or_404(user, pk: int) -> EuropeanLabel:
    """A European Quality Label, for an active teacher member of its project."""
    label = get_object_or_404(EuropeanLabel.objects.select_related("project", "round"), pk=pk)
    if not project_permissions.is_member(user, label.project):
        raise Http404
    return label


def school_label_or_404(user, pk: int) -> SchoolLabelApplication:
    """An awarded, still valid eTwinning School label, for a validated teacher whose
    main school it is, or staff of the school's service."""
    application = get_object_or_404(
        SchoolLabelApplication.objects.select_related("school__support_service", "round"),
        pk=pk,
        status=ApplicationStatus.AWARDED,
        valid_until__gte=clock.local_date(clock.now()),
    )
    school = application.school
    teacher_of_school = getattr(user, "is_validated_teacher", False) and user.school_id == school.pk
    if not (teacher_of_school or can_act_for_service(user, school.support_service_id)):
        raise Http404
    return application


def contest_prize_or_404(user, pk: int) -> ContestEntry:
    """A winning entry of a published edition, for an active teacher member of its
    project."""
    entry = get_object_or_404(
        ContestEntry.objects.select_related("project", "edition", "category"),
        pk=pk,
        is_winner=True,
        edition__results_published_at__isnull=False,
    )
    if not project_permissions.is_member(user, entry.project):
        raise Http404
    return entry


def require_validated_teacher(user) -> None:
    if not getattr(user, "is_validated_teacher", False):
        raise PermissionDenied


def jury_edition_or_404(user, year: int) -> ContestEdition:
    """The edition whose entries ``user`` scores; 404 to anyone not on its jury
    (the grid lists entries of projects that may not be public)."""
    edition = get_object_or_404(ContestEdition, year=year)
    if not is_juror(user, edition):
        raise Http404
    return edition


def project_for_application_or_404(user, project_pk: int) -> Project:
    """The project a teacher applies for: only its active teacher members may open
    the page, everyone else gets 404 (as every member-only page does), so a
    non-public project's title is never shown to them."""
    project = get_object_or_404(Project, pk=project_pk)
    if not project_permissions.is_member(user, project):
        raise Http404
    return project
