"""Media files no row points at: left by a crash between writing a file and the
commit, or by a rolled-back transaction (django-cleanup only deletes files of rows
that were committed). Found by comparing every file field's values with what each
storage holds, through the Storage API only (``listdir``, ``get_modified_time``), so
a local folder and an S3 bucket are walked alike."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.apps import apps
from django.core.files.storage import Storage
from django.db import models
from django.utils import timezone


@dataclass(frozen=True)
class Orphan:
    storage: Storage
    name: str
    modified: datetime.datetime | None


def _file_fields() -> Iterator[tuple[type[models.Model], models.FileField]]:
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                yield model, field


def referenced_names() -> list[tuple[Storage, set[str]]]:
    """Per storage (as the fields use it), every name a row holds."""
    by_storage: dict[int, tuple[Storage, set[str]]] = {}
    for model, field in _file_fields():
        storage = field.storage
        _storage, names = by_storage.setdefault(id(storage), (storage, set()))
        names.update(
            model._base_manager.exclude(**{field.attname: ""})
            .exclude(**{f"{field.attname}__isnull": True})
            .values_list(field.attname, flat=True)
            .iterator()
        )
    return list(by_storage.values())


def _walk(storage: Storage, folder: str = "") -> Iterator[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a local media folder not created yet
        return
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from _walk(storage, f"{folder}/{sub}" if folder else sub)


def orphan_media_find(*, min_age: datetime.timedelta) -> list[Orphan]:
    """Files no row names, older than ``min_age`` (a younger one may belong to an
    upload whose transaction has not committed yet)."""
    cutoff = timezone.now() - min_age
    found = []
    for storage, names in referenced_names():
        for name in _walk(storage):
            if name in names:
                continue
            try:
                modified = storage.get_modified_time(name)
            except (NotImplementedError, OSError):
                modified = None
            # An age the storage cannot tell is not proof of being old enough.
            if (modified is None and min_age) or (modified is not None and modified > cutoff):
                continue
            found.append(Orphan(storage, name, modified))
    return sorted(found, key=lambda orphan: orphan.name)


def orphan_media_delete(orphans: list[Orphan]) -> int:
    for orphan in orphans:
        orphan.storage.delete(orphan.name)
    return len(orphans)
