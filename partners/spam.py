"""Spam control: daily limits per sender, identical mass messages, suspensions.

Limits come from settings (``PARTNERS_*``), so staff tune them per deployment.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from partners.models import Announcement, Contact, Message, Suspension


def _since() -> timezone.datetime:
    return timezone.now() - timedelta(days=1)


def normalise(text: str) -> str:
    """Text compared for identical mass messages: case and spacing ignored."""
    return " ".join(text.lower().split())


def is_suspended(user: User) -> bool:
    return Suspension.objects.filter(teacher_id=user.pk).exists()


def ensure_not_suspended(user: User) -> None:
    if is_suspended(user):
        raise PermissionDenied(
            _(
                "Votre compte est suspendu dans la recherche de partenaires : vous ne pouvez "
                "plus publier ni envoyer de messages. Contactez votre bureau d'assistance."
            )
        )


def _limit_error(limit: int) -> ValidationError:
    return ValidationError(
        _(
            "Limite atteinte : %(limit)s par jour au maximum. Réessayez demain ; "
            "cette limite protège les enseignants contre les envois en masse."
        )
        % {"limit": limit}
    )


def ensure_contact_request_allowed(sender: User, message: str) -> None:
    limit = settings.PARTNERS_CONTACT_REQUESTS_PER_DAY
    recent = Contact.objects.filter(sender=sender, created_at__gte=_since())
    if recent.count() >= limit:
        raise _limit_error(limit)
    _ensure_not_mass_message(message, [c.message for c in recent.only("message")])


def _ensure_not_mass_message(message: str, recent_texts: list[str]) -> None:
    """Refuse the same text sent to more than PARTNERS_IDENTICAL_MESSAGE_RECIPIENTS
    people in a day: partner requests copied to everybody are the spam the
    eTwinning forums suffer from."""
    limit = settings.PARTNERS_IDENTICAL_MESSAGE_RECIPIENTS
    text = normalise(message)
    same = sum(1 for other in recent_texts if normalise(other) == text)
    if same >= limit:
        raise ValidationError(
            {
                "message": _(
                    "Vous avez déjà envoyé ce message identique à %(count)s personnes "
                    "aujourd'hui. Personnalisez votre message pour chaque destinataire."
                )
                % {"count": same}
            }
        )


def ensure_message_allowed(sender: User, body: str) -> None:
    limit = settings.PARTNERS_MESSAGES_PER_DAY
    recent = Message.objects.filter(sender=sender, created_at__gte=_since())
    if recent.count() >= limit:
        raise _limit_error(limit)
    # Identical text counted per distinct recipient, the mass-mailing pattern.
    texts = {}
    for recipient_id, text in recent.values_list("recipient_id", "body"):
        texts.setdefault(recipient_id, set()).add(normalise(text))
    same = [rid for rid, bodies in texts.items() if normalise(body) in bodies]
    _ensure_not_mass_message(body, [body] * len(same))


def ensure_announcement_allowed(author: User) -> None:
    limit = settings.PARTNERS_ANNOUNCEMENTS_PER_DAY
    if Announcement.objects.filter(author=author, created_at__gte=_since()).count() >= limit:
        raise _limit_error(limit)
