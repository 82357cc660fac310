"""Writes on trainings, registrations and requests. Views and admin call
these, never ``save()``.

Seats are counted under a row lock on the training (``select_for_update``), so
two teachers racing for the last seat cannot both get it: the second waits for
the first transaction, then sees the training full and is waitlisted.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import School, User
from accounts.scoping import can_act_for_service
from certificates.models import CertificateKind
from certificates.services import certificate_withdraw
from notifications.services import neutral_url, notify
from trainings import (
    notification_kinds,
    tasks,  # cycle: tasks call these services; names resolve at call time
)
from trainings.models import (
    Registration,
    RegistrationStatus,
    RequestStatus,
    Training,
    TrainingRequest,
)


def _ensure_staff_of(actor: User, service_id: int | None) -> None:
    if not can_act_for_service(actor, service_id):
        raise PermissionDenied(_("Ce dossier relève d'un autre bureau d'assistance."))


def _ensure_can_register(teacher: User) -> None:
    if not teacher.is_authenticated or teacher.is_staff:
        raise PermissionDenied(_("Seuls les enseignants peuvent s'inscrire à une formation."))
    if not teacher.is_validated_teacher:
        raise PermissionDenied(
            _("Votre compte doit être validé par le bureau d'assistance pour vous inscrire.")
        )


def _locked_training(training_id: int) -> Training:
    return Training.objects.select_for_update().get(pk=training_id)


def _check_open(training: Training) -> None:
    if not training.is_published:
        raise ValidationError(_("Cette formation n'est pas publiée."))
    if timezone.now() > training.registration_deadline:
        raise ValidationError(_("La date limite d'inscription à cette formation est passée."))


def _active_registration(training: Training, teacher: User) -> Registration | None:
    return Registration.objects.active().filter(training=training, teacher=teacher).first()


def _save_new(registration: Registration) -> Registration:
    registration.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as exc:
        raise ValidationError(_("Vous êtes déjà inscrit·e à cette formation.")) from exc
    return registration


@transaction.atomic
def registration_create(*, training: Training, teacher: User) -> Registration:
    """Register a teacher: a seat if one is free, else the waiting list."""
    _ensure_can_register(teacher)
    training = _locked_training(training.pk)
    if training.is_abroad:
        raise ValidationError(_("Les formations à l'étranger se font sur candidature motivée."))
    _check_open(training)
    if _active_registration(training, teacher):
        raise ValidationError(_("Vous êtes déjà inscrit·e à cette formation."))
    seats_taken = training.registrations.confirmed().count()
    status = (
        RegistrationStatus.CONFIRMED
        if seats_taken < training.capacity
        else RegistrationStatus.WAITLISTED
    )
    registration = _save_new(Registration(training=training, teacher=teacher, status=status))
    return registration


@transaction.atomic
def application_create(*, training: Training, teacher: User, motivation: str) -> Registration:
    """Apply for a training abroad; staff select among the applications."""
    _ensure_can_register(teacher)
    training = _locked_training(training.pk)
    if not training.is_abroad:
        raise ValidationError(_("Cette formation ne demande pas de candidature."))
    _check_open(training)
    motivation = motivation.strip()
    if len(motivation) < 50:
        raise ValidationError(
            {
                "motivation": _(
                    "Expliquez votre motivation en quelques phrases (50 caractères au moins)."
                )
            }
        )
    if _active_registration(training, teacher):
        raise ValidationError(_("Vous avez déjà posé votre candidature à cette formation."))
    return _save_new(
        Registration(
            training=training,
            teacher=teacher,
            status=RegistrationStatus.APPLIED,
            motivation=motivation,
        )
    )


def _promote_waitlist(training: Training) -> list[Registration]:
    """Give free seats to the first teachers of the waiting list (training locked
    by the caller) and e-mail each once the transaction is committed."""
    free = training.capacity - training.registrations.confirmed().count()
    if free <= 0:
        return []
    promoted = list(training.registrations.waitlisted().select_for_update()[:free])
    now = timezone.now()
    for registration in promoted:
        registration.status = RegistrationStatus.CONFIRMED
        registration.promoted_at = now
        registration.full_clean(validate_constraints=False)
        registration.save(update_fields=["status", "promoted_at"])
        transaction.on_commit(lambda pk=registration.pk: tasks.send_promotion_email.delay(pk))
        notify(
            kind=notification_kinds.PROMOTED,
            recipients=[registration.teacher_id],
            url=neutral_url("trainings:detail", training.pk),
            params={"training": str(training)},
        )
    return promoted


@transaction.atomic
def registration_cancel(*, registration: Registration, by: User) -> Registration:
    """The teacher unregisters (or staff cancel); a freed seat goes to the first
    teacher on the waiting list, who is e-mailed."""
    training = _locked_training(registration.training_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.teacher_id != by.pk:
        _ensure_staff_of(by, training.service_id)
    if registration.status not in (
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITLISTED,
        RegistrationStatus.APPLIED,
    ):
        raise ValidationError(_("Cette inscription n'est plus active."))
    if registration.attended is not None:
        raise ValidationError(_("La présence est déjà enregistrée : l'inscription est close."))
    registration.status = RegistrationStatus.CANCELLED
    registration.save(update_fields=["status"])
    _promote_waitlist(training)
    return registration


@transaction.atomic
def training_save(*, training: Training, by: User) -> Training:
    """Create or change a training (admin). More seats move the waiting list up."""
    _ensure_staff_of(by, training.service_id)
    training.full_clean()
    training.save()
    locked = _locked_training(training.pk)
    _promote_waitlist(locked)
    return training


@transaction.atomic
def application_select(*, registration: Registration, by: User) -> Registration:
    training = _locked_training(registration.training_id)
    _ensure_staff_of(by, training.service_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != RegistrationStatus.APPLIED:
        raise ValidationError(_("Seule une candidature en attente peut être retenue."))
    if training.registrations.confirmed().count() >= training.capacity:
        raise ValidationError(_("Toutes les places de cette formation sont attribuées."))
    registration.status = RegistrationStatus.CONFIRMED
    registration.decided_by = by
    registration.save(update_fields=["status", "decided_by"])
    transaction.on_commit(lambda: tasks.send_application_decision_email.delay(registration.pk))
    return registration


@transaction.atomic
def application_decline(*, registration: Registration, by: User) -> Registration:
    registration = (
        Registration.objects.select_for_update().select_related("training").get(pk=registration.pk)
    )
    _ensure_staff_of(by, registration.training.service_id)
    if registration.status != RegistrationStatus.APPLIED:
        raise ValidationError(_("Seule une candidature en attente peut être déclinée."))
    registration.status = RegistrationStatus.NOT_SELECTED
    registration.decided_by = by
    registration.save(update_fields=["status", "decided_by"])
    transaction.on_commit(lambda: tasks.send_application_decision_email.delay(registration.pk))
    return registration


@transaction.atomic
def registration_mark_attendance(
    *, registration: Registration, attended: bool, by: User
) -> Registration:
    registration = (
        Registration.objects.select_for_update().select_related("training").get(pk=registration.pk)
    )
    _ensure_staff_of(by, registration.training.service_id)
    if registration.status != RegistrationStatus.CONFIRMED:
        raise ValidationError(_("La présence ne s'enregistre que pour les inscrits confirmés."))
    if registration.training.starts_at > timezone.now():
        raise ValidationError(_("La formation n'a pas encore commencé."))
    registration.attended = attended
    registration.decided_by = by
    registration.full_clean(validate_constraints=False)
    registration.save(update_fields=["attended", "decided_by"])
    if not attended:
        # A certificate already printed must no longer verify; it comes back if
        # attendance is recorded again.
        certificate_withdraw(
            kind=CertificateKind.TRAINING,
            source=str(registration.pk),
            reason=_("présence corrigée : absent·e"),
        )
    return registration


@transaction.atomic
def registrations_mark_attendance(
    *, registrations: Iterable[Registration], attended: bool, by: User
) -> int:
    """A roll-call: record the attendance of every registration, or of none. Each row
    goes through :func:`registration_mark_attendance`; if any is refused, every row
    already written in this transaction is rolled back and the refusals are raised
    together (one line per registration)."""
    refused: list[str] = []
    done = 0
    for registration in registrations:
        try:
            registration_mark_attendance(registration=registration, attended=attended, by=by)
        except (ValidationError, PermissionDenied) as exc:
            refused.append(f"{registration}: {' '.join(getattr(exc, 'messages', [str(exc)]))}")
        else:
            done += 1
    if refused:
        raise ValidationError(refused)
    return done


@transaction.atomic
def training_request_create(
    *,
    teacher: User,
    school: School,
    topic: str,
    audience: str,
    participants: int,
    preferred_dates: str,
    message: str = "",
) -> TrainingRequest:
    _ensure_can_register(teacher)
    if school.pk not in {teacher.school_id, *teacher.other_schools.values_list("pk", flat=True)}:
        raise PermissionDenied(_("Vous ne pouvez demander une formation que pour votre école."))
    request = TrainingRequest(
        school=school,
        requested_by=teacher,
        topic=topic.strip(),
        audience=audience.strip(),
        participants=participants,
        preferred_dates=preferred_dates.strip(),
        message=message.strip(),
    )
    request.full_clean()
    request.save()
    return request


def _decide_request(
    request: TrainingRequest,
    *,
    by: User,
    status: str,
    staff_message: str,
    proposed_dates: str = "",
) -> TrainingRequest:
    request = (
        TrainingRequest.objects.select_for_update().select_related("school").get(pk=request.pk)
    )
    _ensure_staff_of(by, request.school.support_service_id)
    if request.status in (RequestStatus.ACCEPTED, RequestStatus.DECLINED):
        raise ValidationError(_("Cette demande a déjà reçu une réponse définitive."))
    request.status = status
    request.staff_message = staff_message.strip()
    request.proposed_dates = proposed_dates.strip()
    request.decided_by = by
    request.decided_at = timezone.now()
    request.full_clean()
    request.save()
    transaction.on_commit(lambda: tasks.send_request_decision_email.delay(request.pk))
    return request


@transaction.atomic
def training_request_accept(
    *, request: TrainingRequest, by: User, staff_message: str = ""
) -> TrainingRequest:
    return _decide_request(
        request, by=by, status=RequestStatus.ACCEPTED, staff_message=staff_message
    )


@transaction.atomic
def training_request_propose_dates(
    *, request: TrainingRequest, by: User, proposed_dates: str, staff_message: str = ""
) -> TrainingRequest:
    if not proposed_dates.strip():
        raise ValidationError({"proposed_dates": _("Indiquez les dates proposées.")})
    return _decide_request(
        request,
        by=by,
        status=RequestStatus.DATES_PROPOSED,
        staff_message=staff_message,
        proposed_dates=proposed_dates,
    )


@transaction.atomic
def training_request_decline(
    *, request: TrainingRequest, by: User, staff_message: str
) -> TrainingRequest:
    if not staff_message.strip():
        raise ValidationError({"staff_message": _("Expliquez à l'école pourquoi.")})
    return _decide_request(
        request, by=by, status=RequestStatus.DECLINED, staff_message=staff_message
    )


def reminder_mark_sent(*, registration_id: int) -> bool:
    """Claim the reminder of one registration; False if it was already sent, so
    that a re-run or a second worker never sends it twice."""
    return bool(
        Registration.objects.filter(
            pk=registration_id, reminded_at__isnull=True, status=RegistrationStatus.CONFIRMED
        ).update(reminded_at=timezone.now())
    )
