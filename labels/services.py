"""Writes of the labels app: applications, evaluations, nominations, awards and
the contest. Every rule is checked here, in one transaction, before saving."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.scoping import can_act_for_service
from certificates.models import CertificateKind
from certificates.services import certificate_withdraw
from labels import clock, notification_kinds, permissions, selectors, tasks
from labels.models import (
    CRITERIA,
    DEFAULT_CATEGORIES,
    DEFAULT_CONTEST_CRITERIA,
    PREREQUISITES,
    ApplicationStatus,
    ContestCategory,
    ContestCriterion,
    ContestEdition,
    ContestEntry,
    EuropeanLabel,
    EuropeanNomination,
    JuryScore,
    NationalLabelApplication,
    SchoolLabelApplication,
    default_ceremony,
    default_deadline,
)
from notifications.services import neutral_url, notify
from projects.models import MemberStatus, Project
from uploads.pipeline import DOCUMENT, check_upload

# The School label's signed declaration: one PDF, checked by the upload pipeline.
DECLARATION_MAX_BYTES = 5 * 1024 * 1024


# --- National Quality Label -----------------------------------------------------------


@transaction.atomic
def national_label_apply(
    *,
    teacher: User,
    project: Project,
    prerequisites: dict[str, bool],
    texts: dict[str, str],
    evidence_links: str,
) -> NationalLabelApplication:
    # Lock the teacher's row so two submissions at once cannot both pass the limit.
    User.objects.select_for_update().filter(pk=teacher.pk).first()
    reasons = permissions.national_label_ineligibility(teacher=teacher, project=project)
    if reasons:
        raise ValidationError(reasons)
    school = project.memberships.select_related("school").get(user=teacher).school
    application = NationalLabelApplication(
        round=selectors.current_round(),
        project=project,
        teacher=teacher,
        school=school,
        service_id=school.support_service_id,
        country_id=school.country_id,
        evidence_links=evidence_links,
        **{code: bool(prerequisites.get(code)) for code, _label in PREREQUISITES},
        **{f"text_{code}": texts.get(code, "") for code, _label in CRITERIA},
    )
    application.full_clean()
    application.save()
    return application


@transaction.atomic
def national_label_evaluate(
    *,
    application: NationalLabelApplication,
    by: User,
    scores: dict[str, int | None],
    comment: str,
    decision: str | None,
) -> NationalLabelApplication:
    """Record the scores; ``decision`` ``"award"`` / ``"refuse"`` / ``None`` (scores only)."""
    if not can_act_for_service(by, application.service_id):
        raise PermissionDenied
    application = NationalLabelApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError(_("Cette candidature a déjà été évaluée."))
    for code, _label in CRITERIA:
        setattr(application, f"score_{code}", scores.get(code))
    application.comment = comment
    if decision == "award":
        failures = permissions.national_label_rule_failures(application)
        if failures:
            raise ValidationError(failures)
        application.status = ApplicationStatus.AWARDED
    elif decision == "refuse":
        if not comment.strip():
            raise ValidationError(_("Expliquez le refus dans le commentaire."))
        application.status = ApplicationStatus.REFUSED
    if decision:
        application.decided_by = by
        application.decided_at = clock.now()
    application.full_clean()
    application.save()
    if decision:
        transaction.on_commit(lambda: tasks.send_national_label_decision.delay(application.pk))
        if application.teacher_id:
            awarded = application.status == ApplicationStatus.AWARDED
            notify(
                kind=notification_kinds.NATIONAL_AWARDED
                if awarded
                else notification_kinds.NATIONAL_REFUSED,
                recipients=[application.teacher_id],
                actor_id=by.pk,
                url=neutral_url("labels:mine"),
                params={"project": str(application.project)},
            )
    return application


# --- European Quality Label -----------------------------------------------------------


@transaction.atomic
def european_nominate(*, project: Project, service_id: int, by: User) -> EuropeanNomination:
    if not can_act_for_service(by, service_id):
        raise PermissionDenied
    label_round = selectors.current_round()
    if label_round is None:
        raise ValidationError(_("Aucune session de labels n'est configurée pour cette année."))
    if not selectors.european_eligible_projects().filter(pk=project.pk).exists():
        raise ValidationError(
            _("Ce projet n'a pas de Label de qualité national dans au moins deux pays.")
        )
    if (
        not NationalLabelApplication.objects.awarded()
        .filter(project=project, service_id=service_id)
        .exists()
    ):
        raise ValidationError(_("Ce projet n'a pas de Label de qualité national de votre service."))
    average = selectors.project_average_score(project)
    if average is None or average <= label_round.european_threshold:
        raise ValidationError(
            _("La moyenne nationale (%(average)s) doit dépasser %(threshold)s points.")
            % {"average": average, "threshold": label_round.european_threshold}
        )
    nomination, _created = EuropeanNomination.objects.get_or_create(
        round=label_round,
        project=project,
        service_id=service_id,
        defaults={"average_score": average, "nominated_by": by},
    )
    return nomination


@transaction.atomic
def european_award(*, project: Project, by: User) -> EuropeanLabel:
    """Central staff (superusers) award the European label once a year."""
    if not by.is_superuser:
        raise PermissionDenied
    label_round = selectors.current_round()
    if (
        label_round is None
        or not EuropeanNomination.objects.filter(round=label_round, project=project).exists()
    ):
        raise ValidationError(_("Ce projet n'a pas été nominé cette année."))
    label, _created = EuropeanLabel.objects.get_or_create(
        round=label_round, project=project, defaults={"awarded_by": by}
    )
    return label


# --- eTwinning School label -----------------------------------------------------------


@transaction.atomic
def school_label_apply(
    *, teacher: User, head_name: str, head_declaration: bool, declaration_file=None
) -> SchoolLabelApplication:
    school = teacher.school
    label_round = selectors.current_round()
    if school is None or not teacher.is_validated_teacher:
        raise ValidationError(_("Seul·e un·e enseignant·e validé·e d'une école peut demander."))
    if label_round is None or not label_round.is_open(clock.now()):
        raise ValidationError(_("Les candidatures au label École ne sont pas ouvertes."))
    if not selectors.school_label_candidates().filter(pk=school.pk).exists():
        raise ValidationError(_("Votre école ne remplit pas encore les conditions du label."))
    if SchoolLabelApplication.objects.filter(round=label_round, school=school).exists():
        raise ValidationError(_("Votre école a déjà posé sa candidature cette année."))
    stored_file = ""
    if declaration_file:
        try:
            checked = check_upload(
                declaration_file,
                kinds={DOCUMENT},
                max_bytes=DECLARATION_MAX_BYTES,
                document_formats={"pdf"},
            )
        except ValidationError as exc:
            raise ValidationError({"declaration_file": exc.messages}) from exc
        stored_file = checked.as_file()
    application = SchoolLabelApplication(
        round=label_round,
        school=school,
        applicant=teacher,
        head_name=head_name,
        head_declaration=head_declaration,
        declaration_file=stored_file,
    )
    application.full_clean()
    application.save()
    return application


@transaction.atomic
def school_label_decide(
    *, application: SchoolLabelApplication, by: User, award: bool
) -> SchoolLabelApplication:
    if not can_act_for_service(by, application.school.support_service_id):
        raise PermissionDenied
    today = clock.local_date(clock.now())
    application.status = ApplicationStatus.AWARDED if award else ApplicationStatus.REFUSED
    # Valid two years (29 February rolls to 28 February).
    application.valid_until = (
        today.replace(year=today.year + 2, day=min(today.day, 28 if today.month == 2 else 31))
        if award
        else None
    )
    application.decided_by = by
    application.decided_at = clock.now()
    application.full_clean()
    application.save()
    if not award:
        # Refused after all: a certificate already printed must no longer verify.
        certificate_withdraw(
            kind=CertificateKind.SCHOOL_LABEL,
            source=str(application.pk),
            reason=_("label refusé"),
        )
    return application


# --- Contest --------------------------------------------------------------------------


@transaction.atomic
def contest_edition_create(*, year: int, by: User | None = None, **fields) -> ContestEdition:
    """An edition with the default categories, criteria, deadline and ceremony."""
    edition = ContestEdition(
        year=year,
        deadline=fields.pop("deadline", None) or default_deadline(year),
        ceremony_at=fields.pop("ceremony_at", None) or default_ceremony(year),
        **fields,
    )
    edition.full_clean()
    edition.save()
    contest_edition_add_defaults(edition=edition)
    return edition


def _in_every_language(field: str, text) -> dict[str, str]:
    """``{"name": "Jusqu'à 6 ans", "name_fr": …, "name_nl": "Tot 6 jaar", …}`` from
    the catalogues, for a default text stored in the database."""
    values = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            values[f"{field}_{code}"] = str(text)
    values[field] = values[f"{field}_{settings.LANGUAGE_CODE}"]
    return values


def contest_edition_add_defaults(*, edition: ContestEdition) -> None:
    """Default categories and jury criteria, named in the four languages (editable in
    admin)."""
    if not edition.categories.exists():
        ContestCategory.objects.bulk_create(
            ContestCategory(edition=edition, position=i, **_in_every_language("name", name))
            for i, name in enumerate(DEFAULT_CATEGORIES)
        )
    if not edition.criteria.exists():
        ContestCriterion.objects.bulk_create(
            ContestCriterion(edition=edition, position=i, **_in_every_language("name", name))
            for i, name in enumerate(DEFAULT_CONTEST_CRITERIA)
        )


def contest_deadline_passed_message(edition: ContestEdition) -> str:
    return _(
        "La date limite est dépassée : les participations étaient ouvertes %(until)s "
        "(heure de Bruxelles) ; elles ne peuvent plus être déposées ni modifiées."
    ) % {"until": edition.deadline_text}


@transaction.atomic
def contest_entry_submit(
    *,
    edition: ContestEdition,
    project: Project,
    user: User,
    category: ContestCategory,
    presentation: str,
    evidence_links: str,
) -> ContestEntry:
    """Create or update the project's entry; refused from the closing moment on,
    which is excluded (``now < deadline``; aware datetimes, so the server's
    TIME_ZONE is irrelevant)."""
    if not edition.is_open(clock.now()):
        raise ValidationError(contest_deadline_passed_message(edition))
    reasons = permissions.contest_ineligibility(user=user, project=project)
    if reasons:
        raise ValidationError(reasons)
    if category.edition_id != edition.pk:
        raise ValidationError(_("Choisissez une catégorie de cette édition."))
    # Two members submitting at once: the project row serialises them, so the
    # second one sees (and updates) the entry the first one created.
    Project.objects.select_for_update().filter(pk=project.pk).first()
    entry = (
        ContestEntry.objects.select_for_update().filter(edition=edition, project=project).first()
    )
    if entry is None:
        entry = ContestEntry(edition=edition, project=project, submitted_by=user)
    entry.category = category
    entry.presentation = presentation
    entry.evidence_links = evidence_links
    entry.full_clean()
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError as error:  # two members submitting the same project at once
        raise ValidationError(_("Ce projet participe déjà à cette édition.")) from error
    return entry


@transaction.atomic
def jury_scores_record(
    *,
    edition: ContestEdition,
    juror: User,
    scores: dict[int, dict[int, int | None]],
) -> None:
    """Record a juror's grid, ``{entry id: {criterion id: points or None}}`` (None:
    no score, an earlier one is removed). Every value is checked before the first
    write, and all are written in this one transaction: the grid is saved whole or
    not at all."""
    if not permissions.is_juror(juror, edition):
        raise PermissionDenied
    if edition.is_open(clock.now()):
        raise ValidationError(_("Le jury note les participations après la date limite."))
    if edition.results_published:
        raise ValidationError(_("Les résultats sont déjà publiés."))
    criteria = {c.pk: c for c in edition.criteria.all()}
    entry_ids = set(edition.entries.filter(pk__in=scores).values_list("pk", flat=True))
    errors = []
    for entry_id, points in scores.items():
        if entry_id not in entry_ids or not set(points) <= criteria.keys():
            raise ValidationError(_("La grille a changé depuis son ouverture : rechargez la page."))
        for criterion_id, value in points.items():
            criterion = criteria[criterion_id]
            if value is not None and not 0 <= value <= criterion.max_points:
                errors.append(
                    _("%(criterion)s : de 0 à %(max)s points.")
                    % {"criterion": criterion.name, "max": criterion.max_points}
                )
    if errors:
        raise ValidationError(errors)
    for entry_id, points in scores.items():
        for criterion_id, value in points.items():
            if value is None:
                JuryScore.objects.filter(
                    entry_id=entry_id, criterion_id=criterion_id, juror=juror
                ).delete()
            else:
                JuryScore.objects.update_or_create(
                    entry_id=entry_id,
                    criterion_id=criterion_id,
                    juror=juror,
                    defaults={"points": value},
                )


def contest_result_recipients(edition: ContestEdition) -> tuple[set[int], set[int]]:
    """(winners, the other entrants): who submitted a winning entry or is an active
    member of its project; who submitted any other entry (and won nothing)."""
    winners: set[int] = set()
    others: set[int] = set()
    for entry in edition.entries.all():
        if entry.is_winner:
            winners |= set(
                entry.project.memberships.filter(
                    status=MemberStatus.ACTIVE, user__isnull=False
                ).values_list("user_id", flat=True)
            )
            if entry.submitted_by_id:
                winners.add(entry.submitted_by_id)
        elif entry.submitted_by_id:
            others.add(entry.submitted_by_id)
    return winners, others - winners


def _notify_contest_results(edition: ContestEdition) -> None:
    winners, others = contest_result_recipients(edition)
    url = neutral_url("labels:winners", edition.year)
    params = {"year": edition.year}
    if winners:
        notify(kind=notification_kinds.CONTEST_WON, recipients=winners, url=url, params=params)
    if others:
        notify(kind=notification_kinds.CONTEST_RESULTS, recipients=others, url=url, params=params)


@transaction.atomic
def contest_results_publish(*, edition: ContestEdition, by: User) -> ContestEdition:
    """Publish the results. Winners are those marked by staff; in a category
    where none is marked, the best-scored entry wins."""
    if not permissions.is_contest_staff(by):
        raise PermissionDenied
    edition = ContestEdition.objects.select_for_update().get(pk=edition.pk)
    if edition.is_open(clock.now()):
        raise ValidationError(_("Les résultats se publient après la date limite."))
    if edition.results_published:
        raise ValidationError(_("Les résultats sont déjà publiés."))
    totals = selectors.entry_totals(edition)
    entries = list(edition.entries.all())
    marked = {e.category_id for e in entries if e.is_winner}
    best: dict[int, ContestEntry] = {}
    for entry in entries:
        if entry.category_id in marked or entry.pk not in totals:
            continue
        current = best.get(entry.category_id)
        if current is None or totals[entry.pk] > totals[current.pk]:
            best[entry.category_id] = entry
    for entry in best.values():
        entry.is_winner = True
        entry.save(update_fields=["is_winner"])
    edition.results_published_at = clock.now()
    edition.save(update_fields=["results_published_at"])
    transaction.on_commit(lambda: tasks.send_contest_results.delay(edition.pk))
    _notify_contest_results(edition)
    return edition
