"""Writes on teachers and schools. Views and admin call these, never ``save()``."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import tasks  # cycle: tasks call these services; names resolve at call time
from accounts.admin_mixins import portal_wide_models
from accounts.models import (
    Language,
    School,
    StaffDigest,
    Subject,
    SupportService,
    TeacherRole,
    TeacherStatus,
    User,
    ValidationStatus,
)
from accounts.scoping import can_act_for_service
from accounts.validators import validate_proof_of_employment
from etwinning import hooks


def _ensure_staff_of(actor: User, service: SupportService | None) -> None:
    if not can_act_for_service(actor, service):
        raise PermissionDenied(_("Ce dossier relève d'un autre bureau d'assistance."))


def _teacher_changed(teacher: User) -> None:
    """After commit, tell the apps that listen ("teacher_changed" hooks) that a profile
    or status changed, e.g. so that partner search re-indexes it. Accounts never
    imports the apps that listen."""
    teacher_id = teacher.pk
    transaction.on_commit(lambda: hooks.call("teacher_changed", teacher_id))


# What the teachers' search rows copy from their school.
SCHOOL_INDEXED_FIELDS = frozenset(
    {"name", "city", "country", "level_nursery", "level_primary", "level_secondary"}
)


def school_changed(school: School, *, changed_fields) -> None:
    """After staff edited a school: when a field its teachers' search rows copy
    changed, tell the apps that listen ("school_changed" hooks) after commit."""
    if SCHOOL_INDEXED_FIELDS.intersection(changed_fields):
        school_id = school.pk
        transaction.on_commit(lambda: hooks.call("school_changed", school_id))


@transaction.atomic
def teacher_signup_complete(
    *,
    user: User,
    first_name: str,
    last_name: str,
    preferred_language: str,
    bulletin_subscribed: bool,
) -> User:
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    user.preferred_language = preferred_language
    user.bulletin_subscribed = bulletin_subscribed
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def teacher_profile_update(
    *,
    teacher: User,
    first_name: str,
    last_name: str,
    role: str,
    school: School,
    other_schools: Iterable[School] = (),
    subjects: Iterable[Subject] = (),
    languages: Iterable[Language] = (),
    age_min: int | None,
    age_max: int | None,
    bio: str = "",
    available_for_projects: bool = True,
    hidden_from_search: bool = False,
    preferred_language: str,
    bulletin_subscribed: bool,
    proof_of_employment: UploadedFile | None = None,
) -> User:
    """Save the profile. A new profile, or a move to a school of another support
    service, (re)enters the validation queue of the school's service, and needs a
    proof of employment; the proof goes through the upload pipeline and what is
    stored are its checked bytes."""
    if teacher.is_staff:
        raise PermissionDenied(_("Les comptes du personnel n'ont pas de profil d'enseignant."))
    if role not in TeacherRole.values:
        raise ValidationError({"role": _("Fonction inconnue.")})
    if school.status == ValidationStatus.REJECTED:
        raise ValidationError(
            {"school": _("Cette école a été refusée par le bureau d'assistance.")}
        )
    previous_service_id = teacher.support_service_id
    teacher.first_name = first_name.strip()
    teacher.last_name = last_name.strip()
    teacher.role = role
    teacher.school = school
    teacher.support_service = school.support_service
    teacher.age_min = age_min
    teacher.age_max = age_max
    teacher.bio = bio.strip()
    teacher.available_for_projects = available_for_projects
    teacher.hidden_from_search = hidden_from_search
    teacher.preferred_language = preferred_language
    teacher.bulletin_subscribed = bulletin_subscribed
    if proof_of_employment:
        try:
            checked = validate_proof_of_employment(proof_of_employment)
        except ValidationError as exc:
            raise ValidationError({"proof_of_employment": exc.messages}) from exc
        # The replaced proof leaves storage after commit (django-cleanup).
        teacher.proof_of_employment = checked.as_file()
        teacher.proof_deleted_at = None
    service_changed = previous_service_id not in (None, school.support_service_id)
    if teacher.status == TeacherStatus.NEW or (
        service_changed and teacher.status != TeacherStatus.PENDING
    ):
        teacher.status = TeacherStatus.PENDING
        teacher.pending_since = timezone.now()
        teacher.rejection_reason = ""
        teacher.decided_at = None
        teacher.decided_by = None
    # Staff decide on a proof: a validated teacher whose proof was deleted after the
    # retention period edits their profile without sending a new one.
    if teacher.status == TeacherStatus.PENDING and not teacher.proof_of_employment:
        raise ValidationError(
            {"proof_of_employment": _("Joignez une preuve d'emploi signée par la direction.")}
        )
    teacher.full_clean(exclude=["password"])
    teacher.save()
    teacher.other_schools.set([s for s in other_schools if s.pk != school.pk])
    teacher.subjects.set(subjects)
    teacher.languages.set(languages)
    _teacher_changed(teacher)
    return teacher


@transaction.atomic
def teacher_validate(*, teacher: User, by: User) -> User:
    _ensure_staff_of(by, teacher.support_service)
    teacher = User.objects.select_for_update().get(pk=teacher.pk)
    if teacher.status not in (TeacherStatus.PENDING, TeacherStatus.REJECTED):
        raise ValidationError(_("Seul un enseignant en attente ou refusé peut être validé."))
    teacher.status = TeacherStatus.VALIDATED
    teacher.rejection_reason = ""
    teacher.decided_by = by
    teacher.decided_at = timezone.now()
    teacher.save(update_fields=["status", "rejection_reason", "decided_by", "decided_at"])
    transaction.on_commit(lambda: tasks.send_teacher_decision_email.delay(teacher.pk))
    _teacher_changed(teacher)
    return teacher


@transaction.atomic
def teacher_reject(*, teacher: User, by: User, reason: str) -> User:
    _ensure_staff_of(by, teacher.support_service)
    if not reason.strip():
        raise ValidationError({"reason": _("Indiquez le motif du refus.")})
    teacher = User.objects.select_for_update().get(pk=teacher.pk)
    if teacher.status not in (TeacherStatus.PENDING, TeacherStatus.VALIDATED):
        raise ValidationError(_("Seul un enseignant en attente ou validé peut être refusé."))
    teacher.status = TeacherStatus.REJECTED
    teacher.rejection_reason = reason.strip()
    teacher.decided_by = by
    teacher.decided_at = timezone.now()
    teacher.save(update_fields=["status", "rejection_reason", "decided_by", "decided_at"])
    transaction.on_commit(lambda: tasks.send_teacher_decision_email.delay(teacher.pk))
    _teacher_changed(teacher)
    return teacher


@transaction.atomic
def teacher_proof_expire(*, teacher_id: int) -> bool:
    """Data minimisation: once staff have decided on the account, the proof of
    employment is kept ``PROOF_RETENTION_DAYS`` days, then its file leaves storage
    (after commit, django-cleanup), the field is cleared and the deletion dated for
    the staff. Returns whether a proof was deleted; a teacher not (or no longer) due
    is left alone, so running it twice deletes nothing more."""
    now = timezone.now()
    teacher = (
        User.objects.select_for_update()
        .proofs_past_retention(now=now, days=settings.PROOF_RETENTION_DAYS)
        .filter(pk=teacher_id)
        .first()
    )
    if teacher is None:
        return False
    teacher.proof_of_employment = ""
    teacher.proof_deleted_at = now
    teacher.save(update_fields=["proof_of_employment", "proof_deleted_at"])
    return True


@transaction.atomic
def school_propose(
    *,
    teacher: User,
    name: str,
    support_service: SupportService,
    city: str,
    postcode: str,
    address: str = "",
    contact_email: str = "",
    level_nursery: bool = False,
    level_primary: bool = False,
    level_secondary: bool = False,
    network: str = "",
    special_education: bool = False,
) -> School:
    """A teacher proposes a school that is not listed yet; it waits for staff."""
    if not support_service.country.is_active:
        raise ValidationError({"support_service": _("Ce pays ne participe pas à eTwinning.")})
    if not (level_nursery or level_primary or level_secondary):
        raise ValidationError(_("Cochez au moins un niveau d'enseignement."))
    school = School(
        name=name.strip(),
        country=support_service.country,
        support_service=support_service,
        city=city.strip(),
        postcode=postcode.strip(),
        address=address.strip(),
        contact_email=contact_email.strip().lower(),
        level_nursery=level_nursery,
        level_primary=level_primary,
        level_secondary=level_secondary,
        network=network,
        special_education=special_education,
        proposed_by=teacher,
    )
    school.full_clean()
    school.save()
    return school


@transaction.atomic
def school_validate(*, school: School, by: User) -> School:
    _ensure_staff_of(by, school.support_service)
    school = School.objects.select_for_update().get(pk=school.pk)
    if school.status == ValidationStatus.VALIDATED:
        raise ValidationError(_("Cette école est déjà validée."))
    school.status = ValidationStatus.VALIDATED
    school.rejection_reason = ""
    school.decided_by = by
    school.decided_at = timezone.now()
    school.save(update_fields=["status", "rejection_reason", "decided_by", "decided_at"])
    if school.proposed_by_id:
        transaction.on_commit(lambda: tasks.send_school_decision_email.delay(school.pk))
    return school


@transaction.atomic
def school_reject(*, school: School, by: User, reason: str) -> School:
    _ensure_staff_of(by, school.support_service)
    if not reason.strip():
        raise ValidationError({"reason": _("Indiquez le motif du refus.")})
    school = School.objects.select_for_update().get(pk=school.pk)
    if school.status == ValidationStatus.REJECTED:
        raise ValidationError(_("Cette école est déjà refusée."))
    school.status = ValidationStatus.REJECTED
    school.rejection_reason = reason.strip()
    school.decided_by = by
    school.decided_at = timezone.now()
    school.save(update_fields=["status", "rejection_reason", "decided_by", "decided_at"])
    if school.proposed_by_id:
        transaction.on_commit(lambda: tasks.send_school_decision_email.delay(school.pk))
    return school


def user_set_language(*, user: User, language: str) -> None:
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise ValidationError(_("Langue inconnue."))
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])


def staff_digest_set(*, user: User, enabled: bool) -> None:
    """A staff member chooses whether a morning e-mail tells them what waits."""
    if not user.is_staff:
        raise PermissionDenied(_("Ce résumé est réservé au personnel du bureau d'assistance."))
    if user.staff_morning_digest != enabled:
        user.staff_morning_digest = enabled
        user.save(update_fields=["staff_morning_digest"])


def staff_digest_claim(*, user: User, day: datetime.date) -> bool:
    """Claim ``user``'s morning e-mail of ``day``: True once, False ever after (a
    second beat, a retried task). Call it inside the transaction that sends, so a
    failed sending releases the claim."""
    try:
        with transaction.atomic():
            StaffDigest.objects.create(user=user, day=day)
    except IntegrityError:
        return False
    return True


def teacher_set_bulletin_subscription(*, user: User, subscribed: bool) -> None:
    if user.bulletin_subscribed != subscribed:
        user.bulletin_subscribed = subscribed
        user.save(update_fields=["bulletin_subscribed"])


def teacher_export_data(*, user: User) -> dict[str, Any]:
    """Everything the portal holds about ``user``, as JSON-ready data (GDPR art. 15/20).

    Other apps contribute their part through "user_data_exporters" hooks; one that
    fails stops the export (an incomplete copy must not pass for the whole).
    """
    data: dict[str, Any] = {
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "preferred_language": user.preferred_language,
            "bulletin_subscribed": user.bulletin_subscribed,
            "status": user.status,
        },
        "profile": {
            "role": user.role,
            "school": _school_data(user.school) if user.school else None,
            "other_schools": [_school_data(s) for s in user.other_schools.all()],
            "subjects": [s.code for s in user.subjects.all()],
            "languages": [lang.code for lang in user.languages.all()],
            "age_min": user.age_min,
            "age_max": user.age_max,
            "bio": user.bio,
            "available_for_projects": user.available_for_projects,
            "hidden_from_search": user.hidden_from_search,
            "proof_of_employment_uploaded": bool(user.proof_of_employment),
        },
    }
    for part in hooks.call("user_data_exporters", user, on_error=_stop_export):
        data.update(part)
    return data


def _stop_export(where: str, error: BaseException) -> None:
    raise error


def _school_data(school: School) -> dict[str, Any]:
    return {
        "name": school.name,
        "city": school.city,
        "postcode": school.postcode,
        "country": school.country.code,
        "support_service": school.support_service.code,
    }


@transaction.atomic
def teacher_delete_account(*, user: User) -> None:
    """Delete the account and its personal data. What the teacher wrote in shared
    spaces stays (foreign keys there are ``SET_NULL``), shown as "former member".
    The proof of employment leaves storage after commit (django-cleanup)."""
    user.delete()


STAFF_GROUP_NAME = "Bureau d'assistance"
# The apps whose models support-service staff work on in admin. Scoping to their
# own service is enforced by each ModelAdmin, not by these permissions.
STAFF_APPS = (
    "accounts",
    "partners",
    "projects",
    "space",
    "labels",
    "bulletins",
    "trainings",
    "portal",
    "certificates",
    "kits",
    "groups",
)


@transaction.atomic
def staff_group_sync():
    """Create or refresh the staff group so that it holds every permission on the
    portal's own models (run after migrations that add models), except adding,
    changing and deleting the portal-wide rows every service shares: only
    superusers write those (the admin says which models they are)."""
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q

    shared = ContentType.objects.get_for_models(*portal_wide_models()).values()
    group, _created = Group.objects.get_or_create(name=STAFF_GROUP_NAME)
    group.permissions.set(
        Permission.objects.filter(content_type__app_label__in=STAFF_APPS).exclude(
            Q(content_type__in=shared) & ~Q(codename__startswith="view_")
        )
    )
    return group


@transaction.atomic
def staff_member_create(
    *,
    email: str,
    password: str,
    service: SupportService | None,
    first_name: str = "",
    last_name: str = "",
    superuser: bool = False,
) -> User:
    """Create (or update) a staff account attached to one support service."""
    from allauth.account.models import EmailAddress

    email = email.strip().lower()
    user = User.objects.filter(email=email).first() or User(email=email)
    user.first_name, user.last_name = first_name, last_name
    user.is_staff = True
    user.is_superuser = superuser
    user.staff_service = service
    user.status = TeacherStatus.NEW
    user.set_password(password)
    user.save()
    if not superuser:
        user.groups.add(staff_group_sync())
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user
