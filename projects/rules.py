"""The eligibility engine: who may found a project together and who may join one.

One module, asked by every path that changes a project's membership (founding,
accepting the co-founding, inviting a partner, a partner accepting) and by the
founding form's live check. Each refusal names the rule and the party concerned,
in the current language, so the teacher knows what to fix.

Rules (codes in :class:`Rule`):

- a member is a validated teacher (not a staff account) with a main school;
- every school is validated by its support service and in an active country;
- a project gathers at least two schools (a national project — one country — is
  allowed);
- a project with an eTwinning+ school includes at least one school of a core
  eTwinning country (staff setting ``ProjectSettings.plus_requires_core``, on by
  default);
- a teacher is never in the same project twice;
- the co-founder is an accepted contact of the founder.

Per-party rules are applied to the newcomers only: a member already in the
project is not refused afresh because their school changed since (staff handle
that case). Team rules apply to the whole would-be team.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import Programme, School, TeacherStatus, User, ValidationStatus
from partners.selectors import are_contacts
from projects.models import MemberRole, MemberStatus, Project, ProjectSettings


class Rule:
    TEACHER_ACCOUNT = "teacher_account"
    TEACHER_VALIDATED = "teacher_validated"
    TEACHER_SCHOOL = "teacher_school"
    SCHOOL_VALIDATED = "school_validated"
    COUNTRY_ACTIVE = "country_active"
    TWO_SCHOOLS = "two_schools"
    PLUS_NEEDS_CORE = "plus_needs_core"
    ONCE_PER_PROJECT = "once_per_project"
    CONTACT = "contact"
    NOT_SELF = "not_self"


@dataclass(frozen=True)
class Refusal:
    rule: str
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Party:
    """A teacher in a would-be team, with the school they represent."""

    user: User | None
    school: School | None
    is_new: bool = True


def _name(user: User | None) -> str:
    if user is None:
        return _("compte supprimé")
    return user.get_full_name() or user.email


def plus_requires_core() -> bool:
    return ProjectSettings.load().plus_requires_core


def _party_refusals(party: Party) -> list[Refusal]:
    user, school = party.user, party.school
    refusals: list[Refusal] = []
    if user is not None:
        if user.is_staff or not user.is_active:
            refusals.append(
                Refusal(
                    Rule.TEACHER_ACCOUNT,
                    _("« %(teacher)s » n'est pas un compte d'enseignant·e actif.")
                    % {"teacher": _name(user)},
                )
            )
            return refusals
        if user.status != TeacherStatus.VALIDATED:
            refusals.append(
                Refusal(
                    Rule.TEACHER_VALIDATED,
                    _(
                        "« %(teacher)s » n'est pas encore validé·e par son bureau "
                        "d'assistance : seul·e un·e enseignant·e validé·e peut "
                        "participer à un projet."
                    )
                    % {"teacher": _name(user)},
                )
            )
    if school is None:
        refusals.append(
            Refusal(
                Rule.TEACHER_SCHOOL,
                _("« %(teacher)s » n'a pas indiqué d'école principale dans son profil.")
                % {"teacher": _name(user)},
            )
        )
        return refusals
    if school.status != ValidationStatus.VALIDATED:
        refusals.append(
            Refusal(
                Rule.SCHOOL_VALIDATED,
                _("L'école « %(school)s » n'est pas encore validée par son bureau d'assistance.")
                % {"school": school.name},
            )
        )
    if not school.country.is_active:
        refusals.append(
            Refusal(
                Rule.COUNTRY_ACTIVE,
                _(
                    "L'école « %(school)s » se trouve dans un pays qui ne participe "
                    "pas (ou plus) à eTwinning : %(country)s."
                )
                % {"school": school.name, "country": school.country.name},
            )
        )
    return refusals


def check_team(parties: Sequence[Party], *, require_core: bool | None = None) -> list[Refusal]:
    """Every refusal for this would-be team, in a stable order: per-party rules
    for newcomers, then duplicates, then team rules."""
    if require_core is None:
        require_core = plus_requires_core()
    refusals: list[Refusal] = []
    for party in parties:
        if party.is_new:
            refusals.extend(_party_refusals(party))

    seen: set[int] = set()
    for party in parties:
        if party.user is None:
            continue
        if party.user.pk in seen:
            refusals.append(
                Refusal(
                    Rule.ONCE_PER_PROJECT,
                    _("« %(teacher)s » fait déjà partie de ce projet.")
                    % {"teacher": _name(party.user)},
                )
            )
        seen.add(party.user.pk)

    schools: dict[int, School] = {}
    for party in parties:
        if party.school is not None:
            schools.setdefault(party.school.pk, party.school)
    if len(schools) == 1:
        (only,) = schools.values()
        refusals.append(
            Refusal(
                Rule.TWO_SCHOOLS,
                _(
                    "Un projet réunit au moins deux écoles : « %(school)s » serait "
                    "la seule école du projet."
                )
                % {"school": only.name},
            )
        )
    if require_core and schools:
        has_core = any(s.country.programme == Programme.CORE for s in schools.values())
        if not has_core:
            for school in schools.values():
                refusals.append(
                    Refusal(
                        Rule.PLUS_NEEDS_CORE,
                        _(
                            "L'école « %(school)s » (%(country)s, eTwinning+) requiert "
                            "au moins une école d'un pays eTwinning dans le projet."
                        )
                        % {"school": school.name, "country": school.country.name},
                    )
                )
    return refusals


def _with_school(users: Iterable[User]) -> list[User]:
    ids = [u.pk for u in users]
    loaded = User.objects.select_related("school__country").in_bulk(ids)
    return [loaded.get(pk, u) for pk, u in zip(ids, users, strict=True)]


def check_founding(founder: User, cofounder: User | None) -> list[Refusal]:
    """May ``founder`` found a project with ``cofounder``? (``None``: only the
    founder's own eligibility, e.g. before a contact is chosen.)"""
    if cofounder is None:
        (founder,) = _with_school([founder])
        return _party_refusals(Party(founder, founder.school))
    if founder.pk == cofounder.pk:
        return [
            Refusal(
                Rule.NOT_SELF,
                _("Choisissez un·e autre enseignant·e comme cofondateur·rice."),
            )
        ]
    founder, cofounder = _with_school([founder, cofounder])
    refusals: list[Refusal] = []
    if not _are_contacts(founder, cofounder):
        refusals.append(
            Refusal(
                Rule.CONTACT,
                _(
                    "« %(teacher)s » ne fait pas partie de vos contacts : un projet se "
                    "fonde avec un contact accepté."
                )
                % {"teacher": _name(cofounder)},
            )
        )
    refusals.extend(
        check_team([Party(founder, founder.school), Party(cofounder, cofounder.school)])
    )
    return refusals


def _are_contacts(a: User, b: User) -> bool:
    return are_contacts(a, b)


def check_cofounding_accept(project: Project, cofounder: User) -> list[Refusal]:
    """Re-check the whole founding team when the co-founder accepts: both may have
    changed since the invitation."""

    others = (
        project.memberships.filter(
            role=MemberRole.FOUNDER, status__in=[MemberStatus.ACTIVE, MemberStatus.INVITED]
        )
        .exclude(user=cofounder)
        .select_related("user__school__country")
    )
    (cofounder,) = _with_school([cofounder])
    parties = [Party(m.user, m.user.school if m.user else None) for m in others]
    parties.append(Party(cofounder, cofounder.school))
    return check_team(parties)


def check_new_member(project: Project, teacher: User) -> list[Refusal]:
    """May ``teacher`` be invited to (or accept joining) ``project``? Existing
    members and pending invitations count with the school they joined with."""

    (teacher,) = _with_school([teacher])
    current = project.memberships.filter(
        status__in=[MemberStatus.ACTIVE, MemberStatus.INVITED]
    ).select_related("school__country", "user")
    parties: list[Party] = []
    already = False
    for membership in current:
        if membership.user_id == teacher.pk:
            already = membership.status == MemberStatus.ACTIVE
            continue
        parties.append(Party(membership.user, membership.school, is_new=False))
    parties.append(Party(teacher, teacher.school))
    if already:
        parties.append(Party(teacher, teacher.school, is_new=False))
    return check_team(parties)


def check_invitation(project: Project, teacher: User) -> list[Refusal]:
    """Like :func:`check_new_member`, and refuses a second pending invitation."""

    if project.memberships.filter(user=teacher, status=MemberStatus.INVITED).exists():
        return [
            Refusal(
                Rule.ONCE_PER_PROJECT,
                _("« %(teacher)s » est déjà invité·e dans ce projet.")
                % {"teacher": _name(teacher)},
            )
        ]
    return check_new_member(project, teacher)


def ensure_allowed(refusals: Sequence[Refusal]) -> None:
    """Raise a ValidationError carrying every refusal's message."""
    if refusals:
        raise ValidationError([r.message for r in refusals])
