"""Reads of partner search that other apps may use."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from accounts.models import User
from etwinning import hooks
from partners.models import Announcement, Contact, Message


def are_contacts(a: User, b: User) -> bool:
    """True when ``a`` and ``b`` accepted each other as contacts."""
    if a is None or b is None or a.pk == b.pk:
        return False
    return Contact.objects.accepted().between(a, b).exists()


def contacts_of(user: User) -> QuerySet[User]:
    """The teachers ``user`` has an accepted contact with."""
    accepted = Contact.objects.accepted()
    return User.objects.filter(
        Q(pk__in=accepted.filter(sender=user).values("recipient_id"))
        | Q(pk__in=accepted.filter(recipient=user).values("sender_id"))
    )


def unread_count(user: User) -> int:
    if not user.is_authenticated:
        return 0
    return Message.objects.filter(recipient=user, read_at__isnull=True, is_hidden=False).count()


def pending_requests_count(user: User) -> int:
    if not user.is_authenticated:
        return 0
    return Contact.objects.filter(recipient=user, status="pending").count()


def contact_lists(user: User) -> dict:
    rows = list(
        Contact.objects.involving(user).select_related(
            "sender__school__country", "recipient__school__country"
        )
    )
    return {
        "accepted": [c for c in rows if c.status == "accepted"],
        "received": [c for c in rows if c.status == "pending" and c.recipient_id == user.pk],
        "sent": [c for c in rows if c.status == "pending" and c.sender_id == user.pk],
    }


def conversation(user: User, other: User):
    return (
        Message.objects.filter(Q(sender=user, recipient=other) | Q(sender=other, recipient=user))
        .filter(Q(is_hidden=False) | Q(sender=user))
        .select_related("sender")
        .order_by("created_at", "pk")
    )


def conversations(user: User) -> list[dict]:
    """The user's contacts with their unread count and last message date."""
    from django.db.models import Count, Max

    others = list(contacts_of(user).select_related("school__country"))
    unread = dict(
        Message.objects.filter(recipient=user, read_at__isnull=True, is_hidden=False)
        .values_list("sender_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    last = dict(
        Message.objects.filter(Q(sender=user) | Q(recipient=user))
        .annotate(other=models_case_other(user))
        .values_list("other")
        .annotate(at=Max("created_at"))
        .order_by()
    )
    rows = [
        {"teacher": other, "unread": unread.get(other.pk, 0), "last_at": last.get(other.pk)}
        for other in others
    ]
    rows.sort(
        key=lambda r: (
            r["last_at"] is None,
            -(r["last_at"].timestamp() if r["last_at"] else 0),
            r["teacher"].pk,
        )
    )
    return rows


def models_case_other(user: User):
    from django.db.models import Case, F, When

    return Case(When(sender=user, then=F("recipient_id")), default=F("sender_id"))


def my_announcements(user: User):
    return (
        Announcement.objects.filter(author=user)
        .prefetch_related("subjects")
        .order_by("-created_at")
    )


def visible_announcement_or_404(pk: int, user: User):
    """An announcement a teacher may see: visible ones, and always their own."""
    from django.shortcuts import get_object_or_404

    qs = Announcement.objects.select_related("author__school__country").prefetch_related(
        "subjects", "languages", "wanted_countries"
    )
    announcement = get_object_or_404(qs, pk=pk)
    if announcement.author_id != user.pk and (
        not announcement.is_visible or not announcement.author.is_validated_teacher
    ):
        from django.http import Http404

        raise Http404
    return announcement


def visible_teacher_or_404(pk: int, user: User) -> User:
    """A teacher profile a teacher may see: validated, searchable, or a contact."""
    from django.http import Http404
    from django.shortcuts import get_object_or_404

    teacher = get_object_or_404(
        User.objects.select_related("school__country").prefetch_related("subjects", "languages"),
        pk=pk,
        is_staff=False,
        is_active=True,
    )
    if teacher.pk == user.pk:
        return teacher
    if not teacher.is_validated_teacher:
        raise Http404
    if teacher.hidden_from_search and not Contact.objects.between(user, teacher).exists():
        raise Http404
    return teacher


def export_user_data(user: User) -> dict:
    """``USER_DATA_EXPORTERS``: the teacher's partner-search data."""

    announcements = Announcement.objects.filter(author=user).prefetch_related(
        "subjects", "languages", "wanted_countries"
    )
    return {
        "partner_search": {
            "announcements": [
                {
                    "title": a.title,
                    "idea": a.idea,
                    "language": a.language,
                    "subjects": [s.code for s in a.subjects.all()],
                    "languages": [lang.code for lang in a.languages.all()],
                    "age_min": a.age_min,
                    "age_max": a.age_max,
                    "wanted_countries": [c.code for c in a.wanted_countries.all()],
                    "partners_wanted": a.partners_wanted,
                    "start_month": a.start_month.isoformat(),
                    "duration_months": a.duration_months,
                    "plus_welcome": a.plus_welcome,
                    "status": a.status,
                    "expires_at": a.expires_at.isoformat(),
                    "created_at": a.created_at.isoformat(),
                }
                for a in announcements
            ],
            "contacts": [
                {
                    "with": str(c.other(user)),
                    "direction": "sent" if c.sender_id == user.pk else "received",
                    "message": c.message if c.sender_id == user.pk else "",
                    "status": c.status,
                    "created_at": c.created_at.isoformat(),
                }
                for c in Contact.objects.involving(user).select_related("sender", "recipient")
            ],
            "messages_sent": [
                {"to": str(m.recipient), "body": m.body, "created_at": m.created_at.isoformat()}
                for m in Message.objects.filter(sender=user).select_related("recipient")
            ],
        }
    }


def teacher_profile_panels(teacher: User, *, request=None) -> list[dict]:
    """Panels other apps add to a teacher's profile page ("teacher_profile_panels"
    hooks: functions ``(teacher) -> dict | None`` with a ``template``), e.g. labels."""
    return [p for p in hooks.call("teacher_profile_panels", teacher, request=request) if p]
