"""A real SMTP server on 127.0.0.1 for the bulletin tests (aiosmtpd, in a thread)."""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterator


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def local_smtp(handler, settings=None) -> Iterator[int]:
    """Serve ``handler`` (aiosmtpd hooks) on a free port of 127.0.0.1 and yield the
    port; given pytest-django's ``settings``, Django's SMTP backend sends there."""
    from aiosmtpd.controller import Controller

    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        if settings is not None:
            settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
            settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
            settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
            settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        yield controller.port
    finally:
        controller.stop()
