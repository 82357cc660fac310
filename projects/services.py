"""Writes on projects. Every lifecycle transition is one function here, guarded
(who may, from which state) and recorded in the project's history; every change
of membership goes through :mod:`projects.rules`.

Lifecycle::

    draft ──invite co-founder──▶ awaiting_partner ──co-founder accepts──▶ awaiting_approval
      ▲                               │                                      │
      └────── co-founder declines ◀───┘        every service approves ──▶ active
                                                 any service rejects ──▶ rejected (closed)
    active ──founder──▶ finished ──founder or staff──▶ archived (read-only)

A rejection closes the project for good (state ``rejected``, read-only, reason
kept and e-mailed): the founders fix what the service asked and found again.
This keeps one decision per service and per project, which admin history shows.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Language, Subject, User
from accounts.scoping import can_act_for_service
from etwinning import hooks
from notifications.services import neutral_url, notify
from projects import (
    notification_kinds,
    permissions,
    rules,
    tasks,  # cycle: tasks call these services; names resolve at call time
)
from projects.models import (
    Approval,
    ApprovalState,
    Collaborator,
    CollaboratorStatus,
    MemberRole,
    Membership,
    MemberStatus,
    Project,
    ProjectState,
    StateChange,
    _new_token,
)

# --- helpers -----------------------------------------------------------------


def _lock(project: Project) -> Project:
    return Project.objects.select_for_update().get(pk=project.pk)


def _guard_state(project: Project, *allowed: str) -> None:
    if project.state not in allowed:
        raise ValidationError(
            _("Impossible dans l'état actuel du projet (« %(state)s »).")
            % {"state": project.get_state_display()}
        )


def _transition(project: Project, *, to: str, by: User | None, note: str = "") -> Project:
    previous = project.state
    project.state = to
    now = timezone.now()
    if to == ProjectState.ACTIVE:
        project.activated_at = now
    elif to == ProjectState.FINISHED:
        project.finished_at = now
    elif to == ProjectState.ARCHIVED:
        project.archived_at = now
    project.full_clean()
    project.save()
    StateChange.objects.create(project=project, from_state=previous, to_state=to, by=by, note=note)
    permissions.forget_roles(project)
    if to == ProjectState.ACTIVE:
        # Other apps add to the space that now exists (a kit seeds its pages).
        hooks.call("project_activated", project)
    return project


def _on_commit(task, *args) -> None:
    transaction.on_commit(lambda: task.delay(*args))


def _notify_decision(project: Project, approval: Approval) -> None:
    """The active founders learn each service's decision (notification centre)."""
    founders = project.memberships.founders().filter(status=MemberStatus.ACTIVE)
    notify(
        kind=notification_kinds.decision_kind(approval.state),
        recipients=founders.values("user_id"),
        actor_id=approval.decided_by_id,
        url=neutral_url("projects:detail", project.pk),
        params={"project": str(project), "service": str(approval.service.name)},
    )


def _invited_membership(project: Project, teacher: User, *, role: str, by: User) -> Membership:
    """The teacher's row in ``project``, (re)set to an invitation: one row per
    (project, teacher) even after an earlier decline or departure."""
    membership, _created = Membership.objects.update_or_create(
        project=project,
        user=teacher,
        defaults={
            "school": teacher.school,
            "role": role,
            "status": MemberStatus.INVITED,
            "invited_by": by,
            "joined_at": None,
            "ended_at": None,
        },
    )
    return membership


def _teacher_with_school(user: User) -> User:
    return User.objects.select_related("school__country", "school__support_service").get(pk=user.pk)


# --- founding ----------------------------------------------------------------


@transaction.atomic
def project_found(
    *,
    founder: User,
    cofounder: User,
    title: str,
    summary: str,
    subjects: Iterable[Subject],
    languages: Iterable[Language],
    age_min: int,
    age_max: int,
    planned_start: datetime.date,
    planned_end: datetime.date,
    themes: str = "",
    expected_partners: int = 2,
    is_public: bool = False,
    origin: Mapping[str, str] | None = None,
) -> Project:
    """Create the project (draft), the founder's membership, and invite the
    co-founder (awaiting partner). ``origin``: the founding page's query parameters,
    passed to the ``project_founded`` hook (a kit records that the project came from it)."""
    rules.ensure_allowed(rules.check_founding(founder, cofounder))
    founder = _teacher_with_school(founder)
    project = Project(
        title=title.strip(),
        summary=summary.strip(),
        age_min=age_min,
        age_max=age_max,
        themes=themes.strip(),
        planned_start=planned_start,
        planned_end=planned_end,
        expected_partners=expected_partners,
        is_public=is_public,
        founded_by=founder,
        state=ProjectState.DRAFT,
    )
    project.full_clean()
    project.save()
    subjects, languages = list(subjects), list(languages)
    if not subjects:
        raise ValidationError({"subjects": _("Choisissez au moins une discipline.")})
    if not languages:
        raise ValidationError({"languages": _("Choisissez au moins une langue de travail.")})
    project.subjects.set(subjects)
    project.languages.set(languages)
    StateChange.objects.create(
        project=project, from_state="", to_state=ProjectState.DRAFT, by=founder
    )
    Membership.objects.create(
        project=project,
        user=founder,
        school=founder.school,
        role=MemberRole.FOUNDER,
        status=MemberStatus.ACTIVE,
        invited_by=founder,
        joined_at=timezone.now(),
    )
    project = project_cofounder_invite(project=project, by=founder, cofounder=cofounder)
    hooks.call("project_founded", project, dict(origin or {}))
    return project


@transaction.atomic
def project_cofounder_invite(*, project: Project, by: User, cofounder: User) -> Project:
    """draft → awaiting_partner: invite one accepted contact as co-founder."""
    project = _lock(project)
    _guard_state(project, ProjectState.DRAFT)
    permissions.ensure(permissions.is_founder(by, project))
    rules.ensure_allowed(rules.check_founding(by, cofounder))
    cofounder = _teacher_with_school(cofounder)
    membership = _invited_membership(project, cofounder, role=MemberRole.FOUNDER, by=by)
    _transition(
        project,
        to=ProjectState.AWAITING_PARTNER,
        by=by,
        note=_("Invitation de %(teacher)s comme cofondateur·rice.") % {"teacher": cofounder},
    )
    _on_commit(tasks.send_cofounder_invitation, membership.pk)
    notify(
        kind=notification_kinds.COFOUNDER_INVITATION,
        recipients=[cofounder.pk],
        actor_id=by.pk,
        url=neutral_url("projects:mine"),
        params={"inviter": str(by), "project": str(project)},
    )
    return project


def _pending_cofounding(project: Project, user: User) -> Membership:
    membership = project.memberships.filter(
        user=user, role=MemberRole.FOUNDER, status=MemberStatus.INVITED
    ).first()
    if membership is None:
        raise PermissionDenied(_("Vous n'êtes pas invité·e à cofonder ce projet."))
    return membership


@transaction.atomic
def project_cofounder_accept(*, project: Project, by: User) -> Project:
    """awaiting_partner → awaiting_approval: the co-founder joins; one approval is
    asked of each founder's support service."""
    project = _lock(project)
    _guard_state(project, ProjectState.AWAITING_PARTNER)
    membership = _pending_cofounding(project, by)
    rules.ensure_allowed(rules.check_cofounding_accept(project, by))
    by = _teacher_with_school(by)
    membership.status = MemberStatus.ACTIVE
    membership.school = by.school
    membership.joined_at = timezone.now()
    membership.save()
    service_ids = set(
        project.memberships.active().founders().values_list("school__support_service_id", flat=True)
    )
    for service_id in sorted(service_ids):
        Approval.objects.get_or_create(project=project, service_id=service_id)
    project = _transition(project, to=ProjectState.AWAITING_APPROVAL, by=by)
    # Each service's staff learn that the project waits for their decision.
    pending = project.approvals.filter(state=ApprovalState.PENDING, notified_at__isnull=True)
    for approval_id in pending.values_list("pk", flat=True):
        _on_commit(tasks.send_approval_request, approval_id)
    return project


@transaction.atomic
def project_cofounder_decline(*, project: Project, by: User) -> Project:
    """awaiting_partner → draft: the founder may invite another contact."""
    project = _lock(project)
    _guard_state(project, ProjectState.AWAITING_PARTNER)
    membership = _pending_cofounding(project, by)
    membership.status = MemberStatus.DECLINED
    membership.ended_at = timezone.now()
    membership.save()
    project = _transition(project, to=ProjectState.DRAFT, by=by, note=_("Invitation déclinée."))
    _on_commit(tasks.send_cofounder_declined, membership.pk)
    if membership.invited_by_id:
        notify(
            kind=notification_kinds.COFOUNDER_DECLINED,
            recipients=[membership.invited_by_id],
            actor_id=by.pk,
            url=neutral_url("projects:detail", project.pk),
            params={"teacher": str(by), "project": str(project)},
        )
    return project


# --- approval by the support services -----------------------------------------


def approval_notice_claim(*, approval_id: int) -> bool:
    """Record that the service's staff are being told a project waits for their
    decision; False when they already were (or nothing waits any more), so that
    a retried task, a second worker or a second transition never mails twice."""
    return bool(
        Approval.objects.awaiting_notice().filter(pk=approval_id).update(notified_at=timezone.now())
    )


def approval_notice_release(*, approval_id: int) -> None:
    """Undo :func:`approval_notice_claim` after a failed send, for the retry."""
    Approval.objects.filter(pk=approval_id).update(notified_at=None)


def _ensure_staff_of(by: User, approval: Approval) -> None:
    if not can_act_for_service(by, approval.service_id):
        raise PermissionDenied(_("Ce projet relève d'un autre bureau d'assistance."))


@transaction.atomic
def project_approve(*, approval: Approval, by: User) -> Approval:
    """One service approves; the project opens when every approval is in."""
    _ensure_staff_of(by, approval)
    project = _lock(approval.project)
    approval = Approval.objects.select_for_update().get(pk=approval.pk)
    _guard_state(project, ProjectState.AWAITING_APPROVAL)
    if approval.state != ApprovalState.PENDING:
        raise ValidationError(_("Ce bureau d'assistance a déjà rendu sa décision."))
    approval.state = ApprovalState.APPROVED
    approval.decided_by = by
    approval.decided_at = timezone.now()
    approval.full_clean()
    approval.save()
    if not project.approvals.exclude(state=ApprovalState.APPROVED).exists():
        _transition(
            project,
            to=ProjectState.ACTIVE,
            by=by,
            note=_("Toutes les approbations sont réunies."),
        )
    else:
        StateChange.objects.create(
            project=project,
            from_state=project.state,
            to_state=project.state,
            by=by,
            note=_("Approuvé par %(service)s.") % {"service": approval.service.name},
        )
    _on_commit(tasks.send_approval_decision, approval.pk)
    _notify_decision(project, approval)
    return approval


@transaction.atomic
def project_reject(*, approval: Approval, by: User, reason: str) -> Approval:
    """One service rejects, with a reason: the project is closed (rejected)."""
    _ensure_staff_of(by, approval)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Indiquez le motif du refus.")})
    project = _lock(approval.project)
    approval = Approval.objects.select_for_update().get(pk=approval.pk)
    _guard_state(project, ProjectState.AWAITING_APPROVAL)
    if approval.state != ApprovalState.PENDING:
        raise ValidationError(_("Ce bureau d'assistance a déjà rendu sa décision."))
    approval.state = ApprovalState.REJECTED
    approval.reason = reason
    approval.decided_by = by
    approval.decided_at = timezone.now()
    approval.full_clean()
    approval.save()
    _transition(project, to=ProjectState.REJECTED, by=by, note=reason)
    _on_commit(tasks.send_approval_decision, approval.pk)
    _notify_decision(project, approval)
    return approval


# --- after opening ------------------------------------------------------------


@transaction.atomic
def project_finish(*, project: Project, by: User) -> Project:
    """active → finished, by a founder."""
    project = _lock(project)
    _guard_state(project, ProjectState.ACTIVE)
    permissions.ensure(permissions.is_founder(by, project))
    return _transition(project, to=ProjectState.FINISHED, by=by)


@transaction.atomic
def project_archive(*, project: Project, by: User) -> Project:
    """finished → archived (read-only), by a founder or a staff member involved."""
    project = _lock(project)
    _guard_state(project, ProjectState.FINISHED)
    permissions.ensure(permissions.can_archive(by, project))
    return _transition(project, to=ProjectState.ARCHIVED, by=by)


@transaction.atomic
def project_update(
    *,
    project: Project,
    by: User,
    title: str,
    summary: str,
    subjects: Iterable[Subject],
    languages: Iterable[Language],
    age_min: int,
    age_max: int,
    planned_start: datetime.date,
    planned_end: datetime.date,
    themes: str = "",
    expected_partners: int = 2,
    is_public: bool = False,
) -> Project:
    project = _lock(project)
    permissions.ensure(permissions.can_manage(by, project))
    project.title = title.strip()
    project.summary = summary.strip()
    project.age_min, project.age_max = age_min, age_max
    project.planned_start, project.planned_end = planned_start, planned_end
    project.themes = themes.strip()
    project.expected_partners = expected_partners
    project.is_public = is_public
    project.full_clean()
    project.save()
    subjects, languages = list(subjects), list(languages)
    if not subjects:
        raise ValidationError({"subjects": _("Choisissez au moins une discipline.")})
    if not languages:
        raise ValidationError({"languages": _("Choisissez au moins une langue de travail.")})
    project.subjects.set(subjects)
    project.languages.set(languages)
    return project


# --- partners -----------------------------------------------------------------


@transaction.atomic
def membership_invite(*, project: Project, by: User, teacher: User) -> Membership:
    """A founder invites a partner teacher to an active project."""
    project = _lock(project)
    _guard_state(project, ProjectState.ACTIVE)
    permissions.ensure(permissions.is_founder(by, project))
    rules.ensure_allowed(rules.check_invitation(project, teacher))
    teacher = _teacher_with_school(teacher)
    membership = _invited_membership(project, teacher, role=MemberRole.PARTNER, by=by)
    _on_commit(tasks.send_partner_invitation, membership.pk)
    notify(
        kind=notification_kinds.PARTNER_INVITATION,
        recipients=[teacher.pk],
        actor_id=by.pk,
        url=neutral_url("projects:mine"),
        params={"inviter": str(by), "project": str(project)},
    )
    return membership


def _own_invitation(membership: Membership, by: User) -> Membership:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.user_id != by.pk or membership.status != MemberStatus.INVITED:
        raise PermissionDenied(_("Cette invitation ne vous est pas adressée."))
    return membership


@transaction.atomic
def membership_accept(*, membership: Membership, by: User) -> Membership:
    """A partner accepts an invitation; the rules are checked again."""
    if membership.role == MemberRole.FOUNDER:
        project_cofounder_accept(project=membership.project, by=by)
        return Membership.objects.get(pk=membership.pk)
    project = _lock(membership.project)
    membership = _own_invitation(membership, by)
    _guard_state(project, ProjectState.ACTIVE)
    rules.ensure_allowed(rules.check_new_member(project, by))
    by = _teacher_with_school(by)
    membership.status = MemberStatus.ACTIVE
    membership.school = by.school
    membership.joined_at = timezone.now()
    membership.save()
    permissions.forget_roles(project)
    return membership


@transaction.atomic
def membership_decline(*, membership: Membership, by: User) -> Membership:
    if membership.role == MemberRole.FOUNDER:
        project_cofounder_decline(project=membership.project, by=by)
        return Membership.objects.get(pk=membership.pk)
    membership = _own_invitation(membership, by)
    membership.status = MemberStatus.DECLINED
    membership.ended_at = timezone.now()
    membership.save()
    return membership


def _other_active_founders(project: Project, user: User) -> bool:
    return project.memberships.active().founders().exclude(user=user).exists()


@transaction.atomic
def membership_leave(*, project: Project, by: User) -> Membership:
    """A member leaves. The last founder hands founder rights on first, so that
    a project always has someone to run it."""
    project = _lock(project)
    permissions.ensure(permissions.can_leave(by, project))
    membership = project.memberships.select_for_update().get(user=by, status=MemberStatus.ACTIVE)
    if membership.is_founder and not _other_active_founders(project, by):
        raise ValidationError(
            _(
                "Vous êtes le·la dernier·ère fondateur·rice : transmettez d'abord vos "
                "droits de fondateur à un autre membre."
            )
        )
    membership.status = MemberStatus.LEFT
    membership.ended_at = timezone.now()
    membership.save()
    permissions.forget_roles(project)
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by: User) -> Membership:
    """A founder removes a partner (or withdraws a pending invitation)."""
    project = _lock(membership.project)
    permissions.ensure(permissions.can_manage(by, project))
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.user_id == by.pk:
        raise ValidationError(_("Pour partir vous-même, quittez le projet."))
    if membership.is_founder:
        raise ValidationError(_("Un·e fondateur·rice ne peut pas être retiré·e du projet."))
    if membership.status not in (MemberStatus.ACTIVE, MemberStatus.INVITED):
        raise ValidationError(_("Cette personne ne fait plus partie du projet."))
    membership.status = MemberStatus.REMOVED
    membership.ended_at = timezone.now()
    membership.save()
    permissions.forget_roles(project)
    return membership


@transaction.atomic
def membership_make_founder(*, membership: Membership, by: User) -> Membership:
    """A founder hands founder rights to an active partner (both stay founders;
    the giver may then leave)."""
    project = _lock(membership.project)
    permissions.ensure(permissions.can_manage(by, project))
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.status != MemberStatus.ACTIVE or membership.is_founder:
        raise ValidationError(_("Seul·e un·e partenaire actif·ve peut devenir fondateur·rice."))
    membership.role = MemberRole.FOUNDER
    membership.save()
    StateChange.objects.create(
        project=project,
        from_state=project.state,
        to_state=project.state,
        by=by,
        note=_("%(teacher)s devient fondateur·rice.") % {"teacher": membership.user},
    )
    permissions.forget_roles(project)
    return membership


# --- collaborators ---------------------------------------------------------------


@transaction.atomic
def collaborator_invite(*, project: Project, by: User, email: str, name: str) -> Collaborator:
    project = _lock(project)
    _guard_state(project, ProjectState.ACTIVE)
    permissions.ensure(permissions.is_founder(by, project))
    email = email.strip().lower()
    existing = project.collaborators.filter(email=email).first()
    if existing is not None and existing.status != CollaboratorStatus.REVOKED:
        raise ValidationError({"email": _("Cette adresse est déjà invitée dans le projet.")})
    collaborator = existing or Collaborator(project=project, email=email)
    collaborator.name = name.strip()
    collaborator.status = CollaboratorStatus.INVITED
    collaborator.invited_by = by
    collaborator.user = None
    collaborator.accepted_at = None
    if existing is not None:
        collaborator.token = _new_token()
    collaborator.full_clean()
    collaborator.save()
    _on_commit(tasks.send_collaborator_invitation, collaborator.pk)
    return collaborator


@transaction.atomic
def collaborator_accept(*, token: str, by: User) -> Collaborator:
    collaborator = (
        Collaborator.objects.select_for_update()
        .select_related("project")
        .filter(token=token, status=CollaboratorStatus.INVITED)
        .first()
    )
    if collaborator is None:
        raise ValidationError(_("Cette invitation n'est plus valable."))
    if not collaborator.project.space_is_open or collaborator.project.is_read_only:
        raise ValidationError(_("Ce projet n'accueille plus de collaborateur·rices."))
    if permissions.is_member(by, collaborator.project):
        raise ValidationError(_("Vous êtes déjà membre de ce projet."))
    collaborator.status = CollaboratorStatus.ACCEPTED
    collaborator.user = by
    collaborator.accepted_at = timezone.now()
    collaborator.save()
    permissions.forget_roles(collaborator.project)
    return collaborator


@transaction.atomic
def collaborator_revoke(*, collaborator: Collaborator, by: User) -> Collaborator:
    permissions.ensure(permissions.can_manage(by, collaborator.project))
    collaborator = Collaborator.objects.select_for_update().get(pk=collaborator.pk)
    collaborator.status = CollaboratorStatus.REVOKED
    collaborator.save()
    permissions.forget_roles(collaborator.project)
    return collaborator


__all__ = [
    "project_found",
    "project_cofounder_invite",
    "project_cofounder_accept",
    "project_cofounder_decline",
    "approval_notice_claim",
    "approval_notice_release",
    "project_approve",
    "project_reject",
    "project_finish",
    "project_archive",
    "project_update",
    "membership_invite",
    "membership_accept",
    "membership_decline",
    "membership_leave",
    "membership_remove",
    "membership_make_founder",
    "collaborator_invite",
    "collaborator_accept",
    "collaborator_revoke",
]
