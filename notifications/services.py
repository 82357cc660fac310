"""Every write of the notification centre.

``notify`` is what the other apps call. It validates now and writes after the
caller's transaction commits: nothing is created for a rolled-back action, and the
rows for every recipient are one ``INSERT … SELECT`` (a queryset of 5,000 group
members costs the same two statements as one recipient).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models import F, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation

from notifications import tasks  # cycle: services queue tasks, tasks call services
from notifications.kinds import DELIVERIES, IMMEDIATE, Kind, all_kinds, get_kind
from notifications.models import Notification, Preference

# Immediate e-mails are queued in chunks of this many notification ids.
EMAIL_CHUNK = 200
# A plain list of recipient ids is inserted this many at a time.
ID_CHUNK = 5000


def notify(
    *,
    kind: str,
    recipients: QuerySet | Iterable[int],
    actor_id: int | None = None,
    target: models.Model | None = None,
    url: str = "",
    params: dict | None = None,
) -> None:
    """Creates the notifications after commit (transaction.on_commit), in bulk, one per
    recipient; sends the immediate e-mails (per the recipients' preferences) via a Celery
    task on the mail queue; the rest wait for the digest. ``url`` is a language-neutral
    path (the list re-prefixes it for the reader's language) or, empty, computed at
    display time from ``target``; ``params`` are plain JSON values the kind's message
    renders in the reader's language."""
    found = get_kind(kind)  # an unknown kind fails now, in the caller's code
    params_json = json.dumps(params or {})  # so do values JSON cannot hold
    target_type_id = target_id = None
    if target is not None:
        target_type_id = ContentType.objects.get_for_model(target).pk
        target_id = target.pk
    if not isinstance(recipients, QuerySet):
        recipients = sorted({int(pk) for pk in recipients})

    def create() -> None:
        notifications_create(
            kind=found,
            recipients=recipients,
            actor_id=actor_id,
            target_type_id=target_type_id,
            target_id=target_id,
            url=url,
            params_json=params_json,
        )

    # robust: the caller's action is committed; a failure here is logged, not raised.
    transaction.on_commit(create, robust=True)


def _recipient_rows(kind: Kind, recipients: QuerySet | list[int]) -> QuerySet:
    """(user id, delivery) of each active recipient: their preference, else the default."""
    User = get_user_model()
    if isinstance(recipients, QuerySet):
        if recipients.model is User and not recipients.query.values_select:
            recipients = recipients.values("pk")
        users = User.objects.filter(pk__in=recipients)
    else:
        users = User.objects.filter(pk__in=recipients)
    preference = Preference.objects.filter(user=OuterRef("pk"), kind=kind.code).values("delivery")
    return (
        users.filter(is_active=True)
        .annotate(
            notif_recipient=F("pk"),
            notif_delivery=Coalesce(Subquery(preference[:1]), Value(kind.default_delivery)),
        )
        .order_by()
        .values_list("notif_recipient", "notif_delivery")
    )


def notifications_create(
    *,
    kind: Kind,
    recipients: QuerySet | list[int],
    actor_id: int | None = None,
    target_type_id: int | None = None,
    target_id: int | None = None,
    url: str = "",
    params_json: str = "{}",
) -> list[int]:
    """One INSERT … SELECT per chunk of recipients; queues the immediate e-mails.
    Returns the ids of the notifications created."""
    if isinstance(recipients, QuerySet):
        chunks: list[QuerySet | list[int]] = [recipients]
    else:
        chunks = [recipients[i : i + ID_CHUNK] for i in range(0, len(recipients), ID_CHUNK)]
    created_at = Notification._meta.get_field("created_at").get_db_prep_value(
        timezone.now(), connection
    )
    table = Notification._meta.db_table
    json_cast = "::jsonb" if connection.vendor == "postgresql" else ""
    immediate: list[int] = []
    created: list[int] = []
    with transaction.atomic():
        for chunk in chunks:
            select_sql, select_params = _recipient_rows(kind, chunk).query.sql_with_params()
            # Only identifiers of this module and Django's compiled SQL; values are parameters.
            columns = (
                "recipient_id, delivery, kind, actor_id, target_type_id, target_id, url, params"
            )
            values = f'r."notif_recipient", r."notif_delivery", %s, %s, %s, %s, %s, %s{json_cast}'
            sql = (
                f'INSERT INTO "{table}" ({columns}, created_at) SELECT {values}, %s'  # noqa: S608
                f' FROM ({select_sql}) AS r RETURNING "id", "delivery"'  # noqa: S608
            )
            outer = [kind.code, actor_id, target_type_id, target_id, url, params_json, created_at]
            with connection.cursor() as cursor:
                cursor.execute(sql, [*outer, *select_params])
                rows = cursor.fetchall()
            created += [pk for pk, _delivery in rows]
            immediate += [pk for pk, delivery in rows if delivery == IMMEDIATE]
        if kind.email_template and immediate:
            for start in range(0, len(immediate), EMAIL_CHUNK):
                ids = immediate[start : start + EMAIL_CHUNK]
                transaction.on_commit(lambda ids=ids: tasks.send_immediate_emails.delay(ids))
    return created


def neutral_url(viewname: str, *args, **kwargs) -> str:
    """A path for ``notify(url=…)``: reversed under the default language; the list and
    the e-mails re-prefix it for each reader's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return reverse(viewname, args=args, kwargs=kwargs or None)


def delivery_for(*, user_id: int, kind: str) -> str:
    """How ``kind`` reaches this reader: their preference, else the kind's default."""
    chosen = Preference.objects.filter(user_id=user_id, kind=kind).values_list(
        "delivery", flat=True
    )
    return chosen.first() or get_kind(kind).default_delivery


def wants_immediate_email(*, user_id: int, kind: str) -> bool:
    """For apps that keep sending their own e-mail (``email_template=None``): send it
    only when this is true."""
    return delivery_for(user_id=user_id, kind=kind) == IMMEDIATE


def preferences_save(*, user, choices: dict[str, str]) -> None:
    """Stores the reader's delivery per kind; a choice equal to the default is stored too
    (a later change of the default does not override what the reader chose)."""
    known = all_kinds()
    with transaction.atomic():
        for code, delivery in choices.items():
            if code not in known or delivery not in DELIVERIES:
                raise ValueError(f"{code}: {delivery}")
            Preference.objects.update_or_create(
                user=user, kind=code, defaults={"delivery": delivery}
            )


def notification_mark_read(*, user, notification_id: int) -> bool:
    """Marks one of ``user``'s own notifications read; False when it is not theirs."""
    mine = Notification.objects.filter(pk=notification_id, recipient=user)
    if not mine.exists():
        return False
    mine.filter(read_at__isnull=True).update(read_at=timezone.now())
    return True


def notifications_mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def notifications_purge_read(*, now=None) -> int:
    """Deletes notifications read more than NOTIFICATIONS_READ_RETENTION_DAYS ago."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.NOTIFICATIONS_READ_RETENTION_DAYS)
    total = 0
    while True:
        ids = list(
            Notification.objects.filter(read_at__lt=cutoff).values_list("pk", flat=True)[:5000]
        )
        if not ids:
            return total
        total += Notification.objects.filter(pk__in=ids).delete()[0]
