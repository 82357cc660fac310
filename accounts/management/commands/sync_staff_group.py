from django.core.management.base import BaseCommand

from accounts.services import staff_group_sync


class Command(BaseCommand):
    help = "Give the support-service staff group every permission on the portal's models."

    def handle(self, *args, **options):
        group = staff_group_sync()
        self.stdout.write(f"{group.name}: {group.permissions.count()} permissions.")
