"""List (by default) or delete (``--delete``) the media files no row points at."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError

from uploads.orphans import orphan_media_delete, orphan_media_find


class Command(BaseCommand):
    help = (
        "Find media files that no FileField of any model references, in every storage "
        "the fields use (local folder or S3). Dry run by default; --delete removes them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--delete", action="store_true", help="Delete the orphans instead of listing them."
        )
        parser.add_argument(
            "--min-age-hours",
            type=float,
            default=24,
            help="Leave younger files alone: their upload may not be committed yet (24).",
        )

    def handle(self, *args, delete: bool, min_age_hours: float, **options):
        if min_age_hours < 0:
            raise CommandError("--min-age-hours cannot be negative.")
        orphans = orphan_media_find(min_age=datetime.timedelta(hours=min_age_hours))
        for orphan in orphans:
            self.stdout.write(orphan.name)
        if delete:
            count = orphan_media_delete(orphans)
            self.stdout.write(self.style.SUCCESS(f"{count} orphaned file(s) deleted."))
        else:
            self.stdout.write(
                f"{len(orphans)} orphaned file(s) found (dry run: run with --delete to remove)."
            )
