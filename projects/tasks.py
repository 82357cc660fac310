"""E-mails of the project lifecycle. Tasks take ids, reload, and do nothing when
the row is gone or no longer in the state the mail is about (retry-safe)."""

from __future__ import annotations

from celery import shared_task

from accounts.emails import absolute_url, send_localised_mail
from accounts.models import User
from accounts.tasks import RETRYABLE
from notifications.services import wants_immediate_email
from projects import notification_kinds, services
from projects.models import (
    Approval,
    ApprovalState,
    Collaborator,
    CollaboratorStatus,
    MemberRole,
    Membership,
    MemberStatus,
)

RETRY = {
    "autoretry_for": RETRYABLE,
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 8,
}


def _mail(user, template: str, context: dict) -> None:
    if user is None or not user.email:
        return
    send_localised_mail(
        to=user.email,
        language=user.preferred_language,
        template=template,
        context={"recipient": user, **context},
    )


def _project_url(project, user) -> str:
    return absolute_url("projects:detail", language=user.preferred_language, args=(project.pk,))


def _mine_url(user) -> str:
    return absolute_url("projects:mine", language=user.preferred_language)


@shared_task(**RETRY)
def send_cofounder_invitation(membership_id: int) -> None:
    membership = (
        Membership.objects.select_related("project", "user", "invited_by")
        .filter(pk=membership_id, role=MemberRole.FOUNDER, status=MemberStatus.INVITED)
        .first()
    )
    if membership is None or not wants_immediate_email(
        user_id=membership.user_id, kind=notification_kinds.COFOUNDER_INVITATION
    ):
        return
    _mail(
        membership.user,
        "project_cofounder_invitation",
        {
            "project": membership.project,
            "inviter": membership.invited_by,
            "url": _mine_url(membership.user),
        },
    )


@shared_task(**RETRY)
def send_cofounder_declined(membership_id: int) -> None:
    membership = (
        Membership.objects.select_related("project", "user", "invited_by")
        .filter(pk=membership_id, status=MemberStatus.DECLINED)
        .first()
    )
    if membership is None or membership.invited_by is None:
        return
    if not wants_immediate_email(
        user_id=membership.invited_by_id, kind=notification_kinds.COFOUNDER_DECLINED
    ):
        return
    _mail(
        membership.invited_by,
        "project_cofounder_declined",
        {
            "project": membership.project,
            "teacher": membership.user,
            "url": _project_url(membership.project, membership.invited_by),
        },
    )


@shared_task(**RETRY)
def send_approval_decision(approval_id: int) -> None:
    """Both founders learn each service's decision, in their own language."""

    approval = (
        Approval.objects.select_related("project", "service")
        .filter(pk=approval_id)
        .exclude(state=ApprovalState.PENDING)
        .first()
    )
    if approval is None:
        return
    project = approval.project
    founders = project.memberships.founders().filter(status=MemberStatus.ACTIVE)
    kind = notification_kinds.decision_kind(approval.state)
    for membership in founders.select_related("user"):
        if not wants_immediate_email(user_id=membership.user_id, kind=kind):
            continue
        _mail(
            membership.user,
            f"project_{approval.state}",
            {
                "project": project,
                "approval": approval,
                "service": approval.service,
                "is_open": project.is_active,
                "url": _project_url(project, membership.user),
            },
        )


def _notice_staff():
    """Staff accounts that can receive an approval notice (filter by service)."""

    return User.objects.filter(is_active=True, is_staff=True).exclude(email="")


def _approval_request_recipients(approval) -> list[tuple]:
    """``(user or None, address, language)`` for each person to tell that
    ``approval`` waits: the service's active staff accounts (a superuser only
    when it is that service's staff), else the service's own contact address."""
    from django.conf import settings

    staff = _notice_staff().filter(staff_service_id=approval.service_id).order_by("pk")
    recipients = [(user, user.email, user.preferred_language) for user in staff]
    if not recipients and approval.service.email:
        recipients = [(None, approval.service.email, settings.LANGUAGE_CODE)]
    return recipients


@shared_task(**RETRY)
def send_approval_request(approval_id: int) -> None:
    """Tell the staff of one support service that a project waits for its
    approval, each in their language, with a link to the project's admin page.
    The notice is claimed first (``Approval.notified_at``) so that it goes out
    once per project and service; a failed send releases the claim for the retry."""
    import logging

    approval = (
        Approval.objects.awaiting_notice()
        .select_related("project", "service")
        .filter(pk=approval_id)
        .first()
    )
    if approval is None:
        return
    recipients = _approval_request_recipients(approval)
    if not recipients:
        logging.getLogger(__name__).warning(
            "Project %s awaits the approval of %s, which has no staff account and no e-mail.",
            approval.project_id,
            approval.service.code,
        )
        return
    if not services.approval_notice_claim(approval_id=approval.pk):
        return
    project = approval.project
    founders = list(
        project.memberships.founders()
        .filter(status=MemberStatus.ACTIVE)
        .select_related("user", "school__country")
    )
    try:
        for user, address, language in recipients:
            send_localised_mail(
                to=address,
                language=language,
                template="project_approval_request",
                context={
                    "recipient": user,
                    "project": project,
                    "service": approval.service,
                    "founders": founders,
                    "url": absolute_url(
                        "admin:projects_project_change", language=language, args=(project.pk,)
                    ),
                },
            )
    except Exception:
        services.approval_notice_release(approval_id=approval.pk)
        raise


@shared_task
def sweep_approval_requests() -> int:
    """Queue the notice of every approval still waiting that its service was never
    told about (beat, every half hour): the broker lost the task, its retries ran
    out, or the service had neither staff nor an address then and has one now.
    Approvals younger than ``PROJECTS_APPROVAL_NOTICE_GRACE_MINUTES`` are left to
    the notice queued when the co-founder accepted; :func:`send_approval_request`
    claims before sending, so a notice the sweep races still goes out once."""
    import datetime

    from django.conf import settings
    from django.db.models import Exists, OuterRef, Q
    from django.utils import timezone

    grace = datetime.timedelta(minutes=settings.PROJECTS_APPROVAL_NOTICE_GRACE_MINUTES)
    staff = _notice_staff().filter(staff_service_id=OuterRef("service_id"))
    due = list(
        Approval.objects.awaiting_notice()
        .filter(created_at__lt=timezone.now() - grace)
        .filter(Exists(staff) | ~Q(service__email=""))
        .values_list("pk", flat=True)
    )
    for approval_id in due:
        send_approval_request.delay(approval_id)
    return len(due)


@shared_task(**RETRY)
def send_partner_invitation(membership_id: int) -> None:
    membership = (
        Membership.objects.select_related("project", "user", "invited_by")
        .filter(pk=membership_id, role=MemberRole.PARTNER, status=MemberStatus.INVITED)
        .first()
    )
    if membership is None or not wants_immediate_email(
        user_id=membership.user_id, kind=notification_kinds.PARTNER_INVITATION
    ):
        return
    _mail(
        membership.user,
        "project_partner_invitation",
        {
            "project": membership.project,
            "inviter": membership.invited_by,
            "url": _mine_url(membership.user),
        },
    )


@shared_task(**RETRY)
def send_collaborator_invitation(collaborator_id: int) -> None:
    from django.conf import settings

    collaborator = (
        Collaborator.objects.select_related("project", "invited_by")
        .filter(pk=collaborator_id, status=CollaboratorStatus.INVITED)
        .first()
    )
    if collaborator is None:
        return
    inviter = collaborator.invited_by
    language = inviter.preferred_language if inviter else settings.LANGUAGE_CODE
    send_localised_mail(
        to=collaborator.email,
        language=language,
        template="project_collaborator_invitation",
        context={
            "collaborator": collaborator,
            "project": collaborator.project,
            "inviter": inviter,
            "url": absolute_url(
                "projects:collaborator_accept", language=language, args=(collaborator.token,)
            ),
        },
    )
