"""Database routing: search reads on a read replica, everything else on the primary.

When ``DATABASE_REPLICA_URL`` is set, settings add a ``replica`` alias. Reads of the
models listed in ``DATABASE_REPLICA_MODELS`` (the partner search index) go there, as
do all reads inside ``reading_from_replica()``. Writes, migrations and every other
read stay on ``default``: a teacher never reads stale data about their own account,
only a search result that may lag the primary by a few seconds.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
PRIMARY = "default"

_prefer_replica: ContextVar[bool] = ContextVar("etwinning_prefer_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def reading_from_replica() -> Iterator[None]:
    """Every read in this block goes to the replica (when one is configured)."""
    token = _prefer_replica.set(True)
    try:
        yield
    finally:
        _prefer_replica.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints) -> str:
        if not replica_configured():
            return PRIMARY
        instance = hints.get("instance")
        if instance is not None and instance._state.db == PRIMARY:
            # Related objects of a row read on the primary stay on the primary.
            return PRIMARY
        if _prefer_replica.get() or model._meta.label in settings.DATABASE_REPLICA_MODELS:
            return REPLICA
        return PRIMARY

    def db_for_write(self, model, **hints) -> str:
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        # Both aliases hold the same data: relations across them are fine.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db == PRIMARY
