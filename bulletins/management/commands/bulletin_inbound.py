"""Process the bulletin's inbound Maildir (unsubscribe requests and bounces)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bulletins.inbound import process_maildir


class Command(BaseCommand):
    help = "Traite la boîte Maildir des désabonnements (mailto) et des rejets (bounces)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--maildir", default=None, help="défaut : settings.BULLETIN_INBOUND_MAILDIR"
        )

    def handle(self, *args, maildir=None, **options):
        path = maildir or settings.BULLETIN_INBOUND_MAILDIR
        if not path:
            raise CommandError("BULLETIN_INBOUND_MAILDIR n'est pas configuré (ou --maildir).")
        try:
            report = process_maildir(path)
        except FileNotFoundError as exc:
            raise CommandError(f"Maildir introuvable : {path}") from exc
        self.stdout.write(
            f"unsubscribed={len(report.unsubscribed)} bounced={len(report.bounced)} "
            f"ignored={report.ignored} left={report.left}"
        )
