from django.core.management.base import BaseCommand
from django.db import transaction

from etwinning import hooks


def _stop(where: str, error: BaseException) -> None:
    raise error


class Command(BaseCommand):
    help = "Load (or refresh) the demo schools, teachers, staff and content. Idempotent."

    def handle(self, *args, **options):
        # Each app's seeder (its hooks.py, "demo_seeders") in its own transaction; a
        # failing one stops the command: half a demo is worse than none.
        def seed(function):
            with transaction.atomic():
                function(self.stdout)

        hooks.run_each("demo_seeders", seed, on_error=_stop)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
