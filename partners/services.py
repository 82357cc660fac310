"""Writes of partner search. Views, admin and tasks call these, never ``save()``."""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Iterable
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Country, Language, Subject, User
from accounts.scoping import can_act_for_service
from notifications.services import neutral_url, notify
from partners import (
    notification_kinds,
    search_index,
    spam,
    tasks,  # cycle: tasks call these services; names resolve at call time
)
from partners.models import (
    DEFAULT_EXPIRY_MONTHS,
    MAX_EXPIRY_MONTHS,
    Announcement,
    AnnouncementStatus,
    Contact,
    ContactStatus,
    EntryKind,
    Message,
    Report,
    ReportKind,
    ReportStatus,
    SearchEntry,
    Suspension,
)
from partners.permissions import ensure_validated_teacher
from partners.selectors import are_contacts


@transaction.atomic
def contact_request_send(*, sender: User, recipient: User, message: str) -> Contact:
    """Ask ``recipient`` to become a contact of ``sender``."""
    ensure_validated_teacher(sender)
    spam.ensure_not_suspended(sender)
    message = message.strip()
    if not message:
        raise ValidationError({"message": _("Écrivez un message de présentation.")})
    if recipient.pk == sender.pk:
        raise ValidationError(_("Vous ne pouvez pas vous ajouter vous-même comme contact."))
    if not recipient.is_validated_teacher or not recipient.is_active:
        raise ValidationError(_("Ce profil ne peut pas recevoir de demande de contact."))
    existing = Contact.objects.between(sender, recipient).first()
    if existing is not None:
        if existing.status == ContactStatus.ACCEPTED:
            raise ValidationError(_("Vous êtes déjà en contact avec cette personne."))
        if existing.status == ContactStatus.PENDING:
            raise ValidationError(_("Une demande de contact est déjà en attente."))
        raise ValidationError(_("Cette personne a refusé une demande de contact précédente."))
    spam.ensure_contact_request_allowed(sender, message)
    contact = Contact(sender=sender, recipient=recipient, message=message)
    contact.full_clean()
    try:
        with transaction.atomic():
            contact.save()
    except IntegrityError:
        # A simultaneous request in the other direction won the race.
        raise ValidationError(_("Une demande de contact est déjà en attente.")) from None

    transaction.on_commit(lambda: tasks.notify_contact_request.delay(contact.pk))
    notify(
        kind=notification_kinds.CONTACT_REQUEST,
        recipients=[recipient.pk],
        actor_id=sender.pk,
        url=neutral_url("partners:contacts"),
        params={"name": str(sender)},
    )
    return contact


def _decide(*, contact: Contact, by: User, status: str) -> Contact:
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.recipient_id != by.pk:
        raise PermissionDenied(_("Seul le destinataire peut répondre à cette demande."))
    if contact.status != ContactStatus.PENDING:
        raise ValidationError(_("Cette demande a déjà reçu une réponse."))
    contact.status = status
    contact.decided_at = timezone.now()
    contact.full_clean()
    contact.save(update_fields=["status", "decided_at"])
    return contact


@transaction.atomic
def contact_accept(*, contact: Contact, by: User) -> Contact:
    contact = _decide(contact=contact, by=by, status=ContactStatus.ACCEPTED)

    transaction.on_commit(lambda: tasks.notify_contact_accepted.delay(contact.pk))
    notify(
        kind=notification_kinds.CONTACT_ACCEPTED,
        recipients=[contact.sender_id],
        actor_id=by.pk,
        url=neutral_url("partners:contacts"),
        params={"name": str(by)},
    )
    return contact


@transaction.atomic
def contact_decline(*, contact: Contact, by: User) -> Contact:
    return _decide(contact=contact, by=by, status=ContactStatus.DECLINED)


# --- Announcements ------------------------------------------------------------------


def _months_later(start, months: int):
    """The same day ``months`` later, clamped to the month's last day."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return start.replace(year=year, month=month, day=min(start.day, monthrange(year, month)[1]))


def _announcement_fill(
    announcement: Announcement,
    *,
    title: str,
    idea: str,
    language: str,
    age_min: int,
    age_max: int,
    partners_wanted: int,
    start_month: date,
    duration_months: int,
    plus_welcome: bool,
) -> None:
    announcement.title = title.strip()
    announcement.idea = idea.strip()
    announcement.language = language
    announcement.age_min = age_min
    announcement.age_max = age_max
    announcement.partners_wanted = partners_wanted
    announcement.start_month = start_month.replace(day=1)
    announcement.duration_months = duration_months
    announcement.plus_welcome = plus_welcome
    if age_min is not None and age_max is not None and age_min > age_max:
        raise ValidationError(
            {"age_max": _("L'âge maximum doit être supérieur ou égal au minimum.")}
        )


def _validate_expiry(months: int) -> int:
    if not 1 <= months <= MAX_EXPIRY_MONTHS:
        raise ValidationError(
            {
                "expires_in_months": _("Une annonce reste en ligne de 1 à %(max)s mois.")
                % {"max": MAX_EXPIRY_MONTHS}
            }
        )
    return months


@transaction.atomic
def announcement_publish(
    *,
    author: User,
    title: str,
    idea: str,
    language: str,
    subjects: Iterable[Subject],
    languages: Iterable[Language],
    age_min: int,
    age_max: int,
    wanted_countries: Iterable[Country] = (),
    partners_wanted: int = 1,
    start_month: date,
    duration_months: int,
    plus_welcome: bool = True,
    expires_in_months: int = DEFAULT_EXPIRY_MONTHS,
) -> Announcement:
    ensure_validated_teacher(author)
    spam.ensure_not_suspended(author)
    spam.ensure_announcement_allowed(author)
    subjects, languages = list(subjects), list(languages)
    if not subjects:
        raise ValidationError({"subjects": _("Choisissez au moins une discipline.")})
    if not languages:
        raise ValidationError({"languages": _("Choisissez au moins une langue de travail.")})
    now = timezone.now()
    announcement = Announcement(author=author, created_at=now)
    _announcement_fill(
        announcement,
        title=title,
        idea=idea,
        language=language,
        age_min=age_min,
        age_max=age_max,
        partners_wanted=partners_wanted,
        start_month=start_month,
        duration_months=duration_months,
        plus_welcome=plus_welcome,
    )
    announcement.expires_at = _months_later(now, _validate_expiry(expires_in_months))
    announcement.full_clean()
    announcement.save()
    announcement.subjects.set(subjects)
    announcement.languages.set(languages)
    announcement.wanted_countries.set(wanted_countries)
    search_index.teacher_reindex(author)
    search_index.touch_activity(author)
    return announcement


def _ensure_author(announcement: Announcement, user: User) -> None:
    if announcement.author_id != user.pk:
        raise PermissionDenied(_("Seul l'auteur peut modifier cette annonce."))


@transaction.atomic
def announcement_update(
    *,
    announcement: Announcement,
    by: User,
    title: str,
    idea: str,
    language: str,
    subjects: Iterable[Subject],
    languages: Iterable[Language],
    age_min: int,
    age_max: int,
    wanted_countries: Iterable[Country] = (),
    partners_wanted: int = 1,
    start_month: date,
    duration_months: int,
    plus_welcome: bool = True,
    expires_in_months: int | None = None,
) -> Announcement:
    _ensure_author(announcement, by)
    spam.ensure_not_suspended(by)
    subjects, languages = list(subjects), list(languages)
    if not subjects:
        raise ValidationError({"subjects": _("Choisissez au moins une discipline.")})
    if not languages:
        raise ValidationError({"languages": _("Choisissez au moins une langue de travail.")})
    announcement = Announcement.objects.select_for_update().get(pk=announcement.pk)
    _announcement_fill(
        announcement,
        title=title,
        idea=idea,
        language=language,
        age_min=age_min,
        age_max=age_max,
        partners_wanted=partners_wanted,
        start_month=start_month,
        duration_months=duration_months,
        plus_welcome=plus_welcome,
    )
    if expires_in_months is not None:
        announcement.expires_at = _months_later(timezone.now(), _validate_expiry(expires_in_months))
    announcement.full_clean()
    announcement.save()
    announcement.subjects.set(subjects)
    announcement.languages.set(languages)
    announcement.wanted_countries.set(wanted_countries)
    search_index.teacher_reindex(announcement.author)
    return announcement


@transaction.atomic
def announcement_close(*, announcement: Announcement, by: User) -> Announcement:
    _ensure_author(announcement, by)
    announcement = Announcement.objects.select_for_update().get(pk=announcement.pk)
    announcement.status = AnnouncementStatus.CLOSED
    announcement.save(update_fields=["status", "updated_at"])
    search_index.teacher_reindex(announcement.author)
    return announcement


@transaction.atomic
def announcement_renew(
    *, announcement: Announcement, by: User, months: int = DEFAULT_EXPIRY_MONTHS
) -> Announcement:
    """Put the announcement back online for ``months`` from today (reopens it)."""
    _ensure_author(announcement, by)
    spam.ensure_not_suspended(by)
    announcement = Announcement.objects.select_for_update().get(pk=announcement.pk)
    announcement.expires_at = _months_later(timezone.now(), _validate_expiry(months))
    announcement.status = AnnouncementStatus.OPEN
    announcement.save(update_fields=["expires_at", "status", "updated_at"])
    search_index.teacher_reindex(announcement.author)
    return announcement


# --- Messages -------------------------------------------------------------------------


@transaction.atomic
def message_send(*, sender: User, recipient: User, body: str) -> Message:
    """Send a message to a contact; the recipient is notified by e-mail."""
    ensure_validated_teacher(sender)
    spam.ensure_not_suspended(sender)
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Le message est vide.")})
    if not are_contacts(sender, recipient):
        raise PermissionDenied(_("Vous ne pouvez écrire qu'à vos contacts."))
    spam.ensure_message_allowed(sender, body)
    message = Message(sender=sender, recipient=recipient, body=body)
    message.full_clean()
    message.save()
    search_index.touch_activity(sender)

    transaction.on_commit(lambda: tasks.notify_message.delay(message.pk))
    notify(
        kind=notification_kinds.MESSAGE,
        recipients=[recipient.pk],
        actor_id=sender.pk,
        url=neutral_url("partners:conversation", user_id=sender.pk),
        params={"name": str(sender)},
    )
    return message


def messages_mark_read(*, reader: User, other: User) -> int:
    """Mark the messages ``other`` sent to ``reader`` as read."""
    return Message.objects.filter(recipient=reader, sender=other, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# --- Reports and moderation -------------------------------------------------------------


@transaction.atomic
def report_create(
    *,
    reporter: User,
    reason: str,
    announcement: Announcement | None = None,
    teacher: User | None = None,
    message: Message | None = None,
    content: Model | None = None,
) -> Report:
    """``content``: another app's contribution (a group's post), with an ``author``
    and an ``is_hidden`` flag; the calling app checks that the reporter may see it."""
    ensure_validated_teacher(reporter)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Expliquez brièvement le problème.")})
    if announcement is not None:
        report = Report(
            kind=ReportKind.ANNOUNCEMENT,
            announcement=announcement,
            reported_teacher=announcement.author,
        )
    elif message is not None:
        if reporter.pk not in (message.recipient_id, message.sender_id):
            raise PermissionDenied(_("Vous ne pouvez signaler que vos propres messages."))
        report = Report(kind=ReportKind.MESSAGE, message=message, reported_teacher=message.sender)
    elif teacher is not None:
        report = Report(kind=ReportKind.PROFILE, reported_teacher=teacher)
    elif content is not None:
        report = Report(
            kind=ReportKind.CONTENT,
            content_type=ContentType.objects.get_for_model(content),
            object_id=content.pk,
            reported_teacher=content.author,
        )
    else:
        raise ValidationError(_("Rien à signaler."))
    if report.reported_teacher_id == reporter.pk:
        raise ValidationError(_("Vous ne pouvez pas vous signaler vous-même."))
    report.reporter = reporter
    report.reason = reason
    report.full_clean()
    report.save()
    return report


def _ensure_moderator(by: User, teacher: User) -> None:
    if not can_act_for_service(by, teacher.support_service_id):
        raise PermissionDenied(_("Ce dossier relève d'un autre bureau d'assistance."))


def _close_report(report: Report, by: User, status: str) -> None:
    report.status = status
    report.handled_by = by
    report.handled_at = timezone.now()
    report.save(update_fields=["status", "handled_by", "handled_at"])


@transaction.atomic
def report_hide_content(*, report: Report, by: User) -> Report:
    """Hide what was reported: the announcement, the message, or the profile
    (taken out of the search)."""
    report = Report.objects.select_related("reported_teacher").get(pk=report.pk)
    _ensure_moderator(by, report.reported_teacher)
    if report.kind == ReportKind.ANNOUNCEMENT:
        Announcement.objects.filter(pk=report.announcement_id).update(is_hidden=True)
        search_index.announcement_reindex(report.announcement)
    elif report.kind == ReportKind.MESSAGE:
        Message.objects.filter(pk=report.message_id).update(is_hidden=True)
    elif report.kind == ReportKind.CONTENT:
        report.content_type.model_class().objects.filter(pk=report.object_id).update(is_hidden=True)
    else:
        User.objects.filter(pk=report.reported_teacher_id).update(hidden_from_search=True)
        search_index.teacher_reindex(report.reported_teacher)
    _close_report(report, by, ReportStatus.ACTIONED)
    return report


def reports_close_for_content(*, content: Model, by: User, hidden: bool) -> int:
    """Close the open reports on ``content`` once its own app's moderator acted on it
    (hid it: actioned; kept it: dismissed). The calling app checked ``by``'s right."""
    return Report.objects.filter(
        content_type=ContentType.objects.get_for_model(content),
        object_id=content.pk,
        status=ReportStatus.OPEN,
    ).update(
        status=ReportStatus.ACTIONED if hidden else ReportStatus.DISMISSED,
        handled_by=by,
        handled_at=timezone.now(),
    )


@transaction.atomic
def report_dismiss(*, report: Report, by: User) -> Report:
    report = Report.objects.select_related("reported_teacher").get(pk=report.pk)
    _ensure_moderator(by, report.reported_teacher)
    _close_report(report, by, ReportStatus.DISMISSED)
    return report


@transaction.atomic
def teacher_suspend(*, teacher: User, by: User, reason: str = "") -> Suspension:
    """Stop a teacher from publishing and messaging; their announcements leave
    the search."""
    _ensure_moderator(by, teacher)
    suspension, _created = Suspension.objects.get_or_create(
        teacher=teacher, defaults={"reason": reason.strip(), "suspended_by": by}
    )
    Announcement.objects.filter(author=teacher).update(is_hidden=True)
    search_index.teacher_reindex(teacher)
    Report.objects.filter(reported_teacher=teacher, status=ReportStatus.OPEN).update(
        status=ReportStatus.ACTIONED, handled_by=by, handled_at=timezone.now()
    )
    return suspension


@transaction.atomic
def teacher_unsuspend(*, teacher: User, by: User) -> None:
    _ensure_moderator(by, teacher)
    Suspension.objects.filter(teacher=teacher).delete()


@transaction.atomic
def announcement_set_hidden(*, announcement: Announcement, by: User, hidden: bool) -> Announcement:
    _ensure_moderator(by, announcement.author)
    Announcement.objects.filter(pk=announcement.pk).update(is_hidden=hidden)
    announcement.refresh_from_db()
    search_index.announcement_reindex(announcement)
    return announcement


@transaction.atomic
def message_set_hidden(*, message: Message, by: User, hidden: bool) -> Message:
    _ensure_moderator(by, message.sender)
    Message.objects.filter(pk=message.pk).update(is_hidden=hidden)
    message.refresh_from_db()
    return message


def announcements_expire() -> int:
    """Daily: take expired announcements out of the visible index (the search
    already ignores them; this keeps its partial indexes small)."""
    return SearchEntry.objects.filter(
        kind=EntryKind.ANNOUNCEMENT, visible=True, expires_at__lte=timezone.now()
    ).update(visible=False)
