from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Load (or refresh) the demo schools, teachers, staff and content. Idempotent."

    def handle(self, *args, **options):
        for path in ["accounts.demo.seed", *getattr(settings, "DEMO_SEEDERS", [])]:
            with transaction.atomic():
                import_string(path)(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
