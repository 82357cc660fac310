import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core import mail
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from accounts.demo import DemoReport
from etwinning import hooks

# The seed founds projects, approves them, sends contact requests: each sends e-mails
# (whole, to the console backend) and Celery logs each eager task. In the terminal of
# `make run` they buried the logins; they are kept out of it.
QUIET_LOGGERS = {"celery": logging.WARNING, "kombu": logging.ERROR}
RULE = "=" * 78


def _stop(where: str, error: BaseException) -> None:
    raise error


@contextmanager
def _quietly() -> Iterator[list]:
    """E-mails to memory (never to a real address, whatever EMAIL_URL says), the task
    loggers above to warnings; yields the list of e-mails the block sent."""
    saved_levels = {name: logging.getLogger(name).level for name in QUIET_LOGGERS}
    saved_outbox = getattr(mail, "outbox", None)
    for name, level in QUIET_LOGGERS.items():
        logging.getLogger(name).setLevel(level)
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            mail.outbox = []
            yield mail.outbox
    finally:
        for name, level in saved_levels.items():
            logging.getLogger(name).setLevel(level)
        if saved_outbox is None:
            del mail.outbox
        else:
            mail.outbox = saved_outbox


class Command(BaseCommand):
    help = (
        "Load (or refresh) the demo schools, teachers, staff and content. Idempotent. "
        "Ends with a summary: the address, every demo login, the pupils' logins."
    )

    def handle(self, *args, **options):
        report = DemoReport(self.stdout)

        # Each app's seeder (its hooks.py, "demo_seeders") in its own transaction; a
        # failing one stops the command: half a demo is worse than none.
        def seed(function):
            with transaction.atomic():
                function(report)

        with _quietly() as outbox:
            hooks.run_each("demo_seeders", seed, on_error=_stop)
        self.stdout.write(
            self.style.SUCCESS("Demo data loaded")
            + f" (the {len(outbox)} e-mails it sent are not shown)."
        )
        self.stdout.write(
            "\n".join(
                [
                    "",
                    RULE,
                    f"The eTwinning FWB demo: {settings.SITE_URL}/ (admin: {settings.SITE_URL}/admin/)",
                    RULE,
                    *report.summary_lines(),
                    RULE,
                ]
            )
        )
