from django.core.management.base import BaseCommand

from accounts.services import staff_group_sync


class Command(BaseCommand):
    help = (
        "Give the support-service staff group every permission on the portal's models, "
        "but only the view permission on the portal-wide ones (reference data, label "
        "round, project settings…), which superusers alone change."
    )

    def handle(self, *args, **options):
        group = staff_group_sync()
        self.stdout.write(f"{group.name}: {group.permissions.count()} permissions.")
