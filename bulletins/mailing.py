"""Rendering and sending of bulletin messages.

Exactly-once policy (see also the README):

* Every recipient has one delivery row (unique per issue and address). A chunk
  task covers a range of row ids and *claims* all its sendable rows in one
  transaction (``queued`` → ``sending``, ``claimed_at`` = the claim's time,
  which identifies this execution) before talking SMTP, then marks each row
  ``sent`` right after the server's 250 for it (one small UPDATE per message:
  batching these marks would widen the duplicate window below from one
  message to the whole batch). A redelivered or duplicated chunk skips rows
  that are ``sent``, ``failed`` or freshly claimed by another execution.
* A live execution refreshes its remaining claims well before they go stale
  (every third of ``BULLETIN_CLAIM_STALE_SECONDS``), and only sends rows it
  still owns.
* The hard case is the single row that was in the middle of its SMTP
  transaction when the worker was killed: it stays ``sending`` (so do the rows
  of the chunk not tried yet). A message is only accepted by the SMTP server
  once it answered 250 to the end of DATA; a connection cut before that reply
  means the server discarded it. So a row left ``sending`` for longer than
  ``BULLETIN_CLAIM_STALE_SECONDS`` (more than an SMTP timeout: no live
  execution can still be sending it) is re-claimed and sent again, with the
  same ``Message-ID``. The only remaining duplicate window is between the
  server's 250 and our UPDATE (RFC 1047): a few milliseconds, and the stable
  Message-ID lets receiving systems drop the copy.
* A transient refusal of one recipient (a 4xx reply — greylisting, a full
  mailbox — on a connection that stays usable) defers that recipient alone:
  ``deferred`` with its own ``next_attempt_at`` (exponential backoff on its
  own ``attempts``), and the chunk goes on with the others. When its pass is
  over the chunk queues itself again for the moment its deferred rows are all
  due; a claim takes deferred rows once due, like queued ones. A lost
  connection (or timeout, or 421) defers the row in flight the same way, puts
  the rows not tried yet back to ``queued`` and retries the chunk with backoff.
  Permanent errors (5xx) mark the row ``failed`` with the server's answer,
  never retried; so does the ``BULLETIN_MAX_ATTEMPTS``-th transient one.

Speed: the issue is rendered once per language (and per personal part of a
section, e.g. the partner announcements, see :class:`IssueRenderer`); on an SMTP connection each
message is then assembled as bytes by string substitution of its personal
parts (recipient, unsubscribe token, Message-ID, bounce address) and
quoted-printable encoding in C, instead of building a ``email.message`` tree.
"""

from __future__ import annotations

import binascii
import contextlib
import datetime
import functools
import logging
import secrets
import smtplib
import time
from dataclasses import dataclass
from email.header import Header
from email.utils import formataddr, formatdate, parseaddr

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import F, Max, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac

from accounts.emails import absolute_url, language_for
from accounts.ids import parse_id
from bulletins.models import BulletinIssue, Delivery, DeliveryStatus, IssueStatus
from bulletins.sections import PersonalPart
from bulletins.templatetags.bulletin_tags import bulletin_html
from etwinning import hooks

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "bulletins.unsubscribe"
DELIVERY_SALT = "bulletins.delivery"
PLACEHOLDER = "__ETW_UNSUBSCRIBE_URL__"
TOKEN_SLOT = "__ETW_TOKEN__"  # noqa: S105 - a placeholder, not a secret
PERSONAL_SLOT = "__ETW_PERSONAL_BODY__"


# --- Unsubscribe tokens -----------------------------------------------------------


def unsubscribe_token(email: str) -> str:
    """A signed, non-guessable token naming the address: the only credential of
    the one-click unsubscribe (no id to enumerate, no login)."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object(email.strip().lower(), compress=True)


def email_from_token(token: str) -> str | None:
    try:
        email = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError):
        return None
    return email if isinstance(email, str) else None


def unsubscribe_url(email: str, *, language: str) -> str:
    return absolute_url(
        "bulletins:unsubscribe", language=language, kwargs={"token": unsubscribe_token(email)}
    )


def unsubscribe_mailto(email: str, *, token: str | None = None) -> str:
    token = token or unsubscribe_token(email)
    return f"mailto:{settings.BULLETIN_UNSUBSCRIBE_MAILTO}?subject=unsubscribe%20{token}"


def delivery_tag(delivery_id: int) -> str:
    """``<row id>-<hmac>``: names a delivery row in the ``X-Bulletin-Delivery``
    header and the VERP bounce address, so that a bounce can be traced back to
    its row and a forged one cannot mark (and eventually unsubscribe) others.
    Lower-case hex: MTAs may change the case of a local part."""
    mac = salted_hmac(DELIVERY_SALT, str(delivery_id)).hexdigest()[:16]
    return f"{delivery_id}-{mac}"


def delivery_from_tag(tag: str) -> int | None:
    raw, _sep, mac = tag.strip().lower().partition("-")
    pk = parse_id(raw)
    if pk is None or not mac:
        return None
    return pk if constant_time_compare(delivery_tag(pk), f"{pk}-{mac}") else None


@functools.lru_cache(maxsize=8)
def _from_address(from_email: str) -> str:
    return parseaddr(from_email)[1]


def envelope_sender(delivery_id: int | None) -> str:
    """The SMTP envelope sender (Return-Path) of a message. With
    ``BULLETIN_BOUNCE_ADDRESS`` = ``bounces@domain`` it is VERP-style,
    ``bounces+<tag>@domain``, so a bounce names its delivery row even when the
    remote server quotes nothing of the original message."""
    bounce = settings.BULLETIN_BOUNCE_ADDRESS
    if not bounce:
        return _from_address(settings.DEFAULT_FROM_EMAIL)
    if delivery_id is None:
        return bounce
    local, _at, domain = bounce.rpartition("@")
    return f"{local}+{delivery_tag(delivery_id)}@{domain}"


def _message_id_domain() -> str:
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return address.rpartition("@")[2] or "etwinning.local"


# --- Rendering ------------------------------------------------------------------


@dataclass(frozen=True)
class RenderedIssue:
    subject: str
    text: str
    html: str


Variant = PersonalPart | None  # a reader's personal section; None: as staff left it


class IssueRenderer:
    """Renders an issue once per language, and the personal section (the partner
    announcements) once per (language, personal part); each message then only substitutes
    its personal parts (rendering 400,000 templates would dominate the sending
    time). A worker process keeps the renderer of the issue it is sending from
    one chunk to the next (:func:`renderer_for`); the per-reader caches are
    bounded (:meth:`trim`)."""

    # Bound of the cache that grows with the audience (entries): a few MiB.
    MAX_VARIANTS = 5000

    def __init__(self, issue: BulletinIssue):
        self.issue = issue
        self.sections = list(issue.sections.all())
        self._cache: dict[str, RenderedIssue] = {}
        self._slotted: dict[str, RenderedIssue] = {}
        self._variants: dict[tuple[str, PersonalPart], tuple[str, str]] = {}
        self._patterns: dict[str, str] = {}
        self._heads: dict[str, str] = {}
        # What "bulletin_personal_lines" contributions keep for this issue, each its own.
        self._memos: dict[str, dict] = {}
        self._reported: set[str] = set()
        self.sources = frozenset(s.source for s in self.sections if s.source)
        self.personal = None  # the section rewritten per reader, once a contribution names it
        self.domain = _message_id_domain()
        self.boundary = f"=_etw_{secrets.token_hex(12)}"  # "=" never occurs in QP text

    def trim(self) -> None:
        """Forget the per-selection texts once they are many, so a worker's memory
        stays flat over 400,000 readers (contributions bound their own memo)."""
        if len(self._variants) > self.MAX_VARIANTS:
            self._variants.clear()

    def render(self, language: str) -> RenderedIssue:
        """The issue as staff wrote it (previews, test sends, schools)."""
        language = language_for(language)
        if language not in self._cache:
            self._cache[language] = render_issue(
                self.issue, language=language, sections=self.sections
            )
        return self._cache[language]

    # Personal sections ----------------------------------------------------------

    def variants(self, readers: dict[int, str]) -> dict[int, Variant]:
        """The personal part of each teacher of a chunk (``readers``: {user id:
        language}), from the "bulletin_personal_lines" contributions: each is
        called once for the whole chunk. One personal section per issue: the first
        contribution naming a section of the issue. A contribution that fails is
        reported (log, the issue's problems) and the chunk's readers get the
        section as staff left it."""
        if not self.sources or not readers:
            return {}
        readers = {user_id: language_for(lang) for user_id, lang in readers.items()}
        results = hooks.run_each(
            "bulletin_personal_lines",
            lambda contribution: contribution(
                issue_month=self.issue.issue_month,
                sources=self.sources,
                readers=readers,
                memo=self._memos.setdefault(hooks.dotted_name(contribution), {}),
            ),
            on_error=self._report,
        )
        for result in results:
            section = next((s for s in self.sections if s.source == result.source), None)
            if section is not None and self.personal in (None, section):
                self.personal = section
                return result.parts
        return {}

    def _report(self, where: str, error: BaseException) -> None:
        """Write a failed contribution into the issue's problems, once per worker
        and failure (every chunk of a worker may meet it)."""
        line = f"{where}: {error!r}"
        if line in self._reported:
            return
        self._reported.add(line)
        with transaction.atomic():
            issue = BulletinIssue.objects.select_for_update().only("drafting_problems")
            problems = issue.get(pk=self.issue.pk).drafting_problems
            if line not in problems.splitlines():
                # .update(): updated_at stays, so this renderer stays the issue's.
                issue.filter(pk=self.issue.pk).update(
                    drafting_problems="\n".join(filter(None, [problems, line]))
                )

    def render_variant(self, language: str, variant: Variant) -> RenderedIssue:
        language = language_for(language)
        if variant is None or self.personal is None:
            return self.render(language)
        key = (language, variant)
        if key not in self._variants:
            # Only the section's body is kept per part (a chunk may see hundreds):
            # the whole message is put together when needed.
            self._variants[key] = _personal_body(variant.intro, list(variant.lines))
        text, html = self._variants[key]
        slotted = self._slotted_render(language)
        return RenderedIssue(
            subject=slotted.subject,
            text=slotted.text.replace(PERSONAL_SLOT, text),
            html=slotted.html.replace(_PERSONAL_SLOT_HTML, html),
        )

    def _slotted_render(self, language: str) -> RenderedIssue:
        """The issue with a slot instead of the personal section's body."""
        if language not in self._slotted:
            sections = []
            for section in self.sections:
                if section is self.personal:
                    section = _SlottedSection(section)
                sections.append(section)
            self._slotted[language] = render_issue(self.issue, language=language, sections=sections)
        return self._slotted[language]

    # Messages -----------------------------------------------------------------

    def _unsubscribe_pattern(self, language: str) -> str:
        # reverse() under translation.override costs more than the rest of a
        # message's headers: done once per language.
        language = language_for(language)
        if language not in self._patterns:
            self._patterns[language] = absolute_url(
                "bulletins:unsubscribe", language=language, kwargs={"token": TOKEN_SLOT}
            )
        return self._patterns[language]

    def _headers(
        self, *, email: str, language: str, delivery_id: int | None
    ) -> tuple[str, dict[str, str]]:
        """The personal unsubscribe URL and the bulletin headers of one message
        (both ways of building a message use them)."""
        token = unsubscribe_token(email)
        url = self._unsubscribe_pattern(language).replace(TOKEN_SLOT, token)
        headers = {
            "List-Unsubscribe": f"<{url}>, <{unsubscribe_mailto(email, token=token)}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"Liaison eTwinning <bulletin.{self.issue.service.code}.{self.domain}>",
            "Precedence": "bulk",
            "Auto-Submitted": "auto-generated",
            "Content-Language": language_for(language),
        }
        if delivery_id is not None:
            # Stable across retries: a copy re-sent after a crash carries the same id.
            headers["Message-ID"] = f"<bulletin.{self.issue.pk}.{delivery_id}@{self.domain}>"
            headers["X-Bulletin-Delivery"] = delivery_tag(delivery_id)
        return url, headers

    def message(
        self,
        *,
        email: str,
        language: str,
        delivery_id: int | None = None,
        connection=None,
        variant: Variant = None,
    ) -> EmailMultiAlternatives:
        """The message as a Django e-mail (test sends, non-SMTP backends)."""
        rendered = self.render_variant(language, variant)
        url, headers = self._headers(email=email, language=language, delivery_id=delivery_id)
        headers["From"] = settings.DEFAULT_FROM_EMAIL
        message = EmailMultiAlternatives(
            subject=rendered.subject,
            body=rendered.text.replace(PLACEHOLDER, url),
            from_email=envelope_sender(delivery_id),
            to=[email],
            headers=headers,
            connection=connection,
        )
        message.attach_alternative(rendered.html.replace(PLACEHOLDER, url), "text/html")
        return message

    def raw_message(
        self, *, email: str, language: str, delivery_id: int, variant: Variant = None
    ) -> bytes:
        """The same message as :meth:`message`, as the bytes of an RFC 5322
        message (multipart/alternative, quoted-printable UTF-8 parts), for an
        ASCII address. About 20 times cheaper than the email package."""
        language = language_for(language)
        rendered = self.render_variant(language, variant)
        url, headers = self._headers(email=email, language=language, delivery_id=delivery_id)
        text = _qp(rendered.text.replace(PLACEHOLDER, url))
        html = _qp(rendered.html.replace(PLACEHOLDER, url))
        personal = (
            f"To: {email}\r\n"
            f"Date: {formatdate(localtime=settings.EMAIL_USE_LOCALTIME)}\r\n"
            + "".join(_header(name, value) for name, value in headers.items())
        )
        b = self.boundary
        return b"".join(
            (
                (self._head(language, rendered) + personal + "\r\n").encode("ascii"),
                f"--{b}\r\n{_PART_HEAD % 'plain'}".encode("ascii"),
                text,
                f"\r\n--{b}\r\n{_PART_HEAD % 'html'}".encode("ascii"),
                html,
                f"\r\n--{b}--\r\n".encode("ascii"),
            )
        )

    def _head(self, language: str, rendered: RenderedIssue) -> str:
        """The headers shared by every message in ``language`` (cached)."""
        if language not in self._heads:
            name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
            self._heads[language] = (
                f"From: {formataddr((name, address), charset='utf-8')}\r\n"
                f"{_header('Subject', rendered.subject)}"
                "MIME-Version: 1.0\r\n"
                f'Content-Type: multipart/alternative; boundary="{self.boundary}"\r\n'
            )
        return self._heads[language]


_PART_HEAD = (
    'Content-Type: text/%s; charset="utf-8"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n'
)
_PERSONAL_SLOT_HTML = str(bulletin_html(PERSONAL_SLOT, "email"))


def _qp(text: str) -> bytes:
    crlf = text.replace("\r\n", "\n").replace("\n", "\r\n")
    return binascii.b2a_qp(crlf.encode("utf-8"), istext=True)


def _header(name: str, value: str) -> str:
    if value.isascii() and len(value) < 900:
        return f"{name}: {value}\r\n"
    encoded = Header(value, "utf-8", header_name=name).encode(linesep="\r\n")
    return f"{name}: {encoded}\r\n"


class _SlottedSection:
    """A section whose body renders as :data:`PERSONAL_SLOT`."""

    def __init__(self, section):
        self._section = section
        self.body = PERSONAL_SLOT

    def __getattr__(self, name):
        return getattr(self._section, name)


@functools.lru_cache(maxsize=4096)
def _item_html(line: str) -> str:
    """``<li>…</li>`` of one announcement line, as :func:`bulletin_html` writes
    it (urlize is the costly part: done once per line, not per reader)."""
    html = str(bulletin_html(f"- {line}", "email"))
    return html[html.index("<li>") : -len("</ul>")]


def _personal_body(intro: str, lines: list[str]) -> tuple[str, str]:
    """(text, html) of a personal partner section; the html is exactly
    ``bulletin_html(text, "email")``, assembled from cached pieces."""
    text = intro + "\n\n" + "\n".join(f"- {line}" for line in lines)
    html = _block_html(intro)
    if lines:
        html += "\n" + _list_opening() + "".join(_item_html(x) for x in lines) + "</ul>"
    return text, html


@functools.lru_cache(maxsize=16)
def _block_html(text: str) -> str:
    # The intro, the same for every reader of a language: formatted once.
    return str(bulletin_html(text, "email"))


@functools.lru_cache(maxsize=1)
def _list_opening() -> str:
    ul = str(bulletin_html("- x", "email"))
    return ul[: ul.index("<li>")]


def render_issue(
    issue: BulletinIssue, *, language: str, sections=None, unsubscribe: str = PLACEHOLDER
) -> RenderedIssue:
    language = language_for(language)
    sections = list(issue.sections.all()) if sections is None else sections
    with translation.override(language):
        context = {
            "issue": issue,
            "sections": sections,
            "language": language,
            "site_url": settings.SITE_URL,
            "service": issue.service,
            "unsubscribe_url": unsubscribe,
            "web_url": absolute_url(
                "bulletins:archive_detail", language=language, kwargs={"pk": issue.pk}
            ),
            "profile_url": absolute_url("accounts:profile", language=language),
        }
        subject = " ".join(render_to_string("emails/bulletin_subject.txt", context).split())
        text = render_to_string("emails/bulletin.txt", context)
        html = render_to_string("emails/bulletin.html", context)
    return RenderedIssue(subject=subject, text=text, html=html)


# --- Sending --------------------------------------------------------------------


class TransientSMTPError(Exception):
    """The server or the network asked us to try again later."""


@dataclass
class ChunkResult:
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    busy: int = 0
    deferred: int = 0
    # When every row of the chunk's range still deferred is due (None: none left).
    next_due: datetime.datetime | None = None


def retry_delay(attempt: int) -> int:
    """Seconds to wait before try ``attempt + 1``: ``BULLETIN_RETRY_BACKOFF``
    doubling per attempt, at most ``BULLETIN_RETRY_BACKOFF_MAX``."""
    exponent = min(max(attempt - 1, 0), 32)
    return min(settings.BULLETIN_RETRY_BACKOFF * 2**exponent, settings.BULLETIN_RETRY_BACKOFF_MAX)


def _reply(exc: Exception, email: str) -> tuple[int, str] | None:
    """The server's (code, text) behind an exception raised while sending, if any."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, msg = exc.recipients.get(email) or next(iter(exc.recipients.values()), (451, b""))
        return code, f"{code} {_text(msg)}"
    if isinstance(exc, smtplib.SMTPResponseException) and not isinstance(
        exc, smtplib.SMTPConnectError
    ):
        return exc.smtp_code, f"{exc.smtp_code} {_text(exc.smtp_error)}"
    return None


def classify(exc: Exception, email: str) -> tuple[bool, str]:
    """(permanent?, error text) for an exception raised while sending."""
    reply = _reply(exc, email)
    if reply is None:
        return False, f"{type(exc).__name__}: {exc}"
    return reply[0] >= 500, reply[1]


def _connection_usable(connection, exc: Exception, email: str) -> bool:
    """After a transient error: may the next message go over the same
    connection? Yes after a 4xx reply (smtplib has reset the transaction),
    except 421 (the server closes); no after a lost connection or a timeout,
    whose dialogue state is unknown."""
    reply = _reply(exc, email)
    if reply is None or reply[0] == 421:
        return False
    if isinstance(connection, SMTPBackend):
        return connection.connection is not None and connection.connection.sock is not None
    return True


def _text(value) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


TRANSIENT = (smtplib.SMTPException, OSError)


@dataclass
class _Row:
    pk: int
    email: str
    language: str
    user_id: int | None
    attempts: int  # counting this claim


class _Claim:
    """The rows of a chunk this execution owns, identified by ``claimed_at``."""

    def __init__(self, *, issue_id: int, first_id: int, last_id: int):
        self.issue_id = issue_id
        self.at = timezone.now()
        self.refreshed = time.monotonic()
        self.every = settings.BULLETIN_CLAIM_STALE_SECONDS / 3
        stale = self.at - datetime.timedelta(seconds=settings.BULLETIN_CLAIM_STALE_SECONDS)
        in_range = Delivery.objects.filter(issue_id=issue_id, pk__gte=first_id, pk__lte=last_id)
        self.in_range = in_range
        with transaction.atomic():
            rows = list(
                in_range.filter(
                    Q(status=DeliveryStatus.QUEUED)
                    | Q(status=DeliveryStatus.DEFERRED, next_attempt_at__lte=self.at)
                    | Q(status=DeliveryStatus.SENDING, claimed_at__lt=stale)
                )
                .select_for_update()
                .order_by("pk")
                .values_list("pk", "email", "language", "user_id", "attempts")
            )
            if rows:
                in_range.filter(pk__in=[r[0] for r in rows]).update(
                    status=DeliveryStatus.SENDING, claimed_at=self.at, attempts=F("attempts") + 1
                )
            # Rows a live (or freshly killed) execution holds: come back later.
            self.busy = (
                in_range.filter(status=DeliveryStatus.SENDING).exclude(claimed_at=self.at).count()
            )
        self.rows = [_Row(*row[:4], attempts=row[4] + 1) for row in rows]
        self.owned = {row.pk for row in self.rows}
        self.done: set[int] = set()

    def keep_fresh(self) -> None:
        """Renew the claims before they could be taken as stale; drop the rows
        another execution took meanwhile (only possible after a long stall)."""
        if time.monotonic() - self.refreshed < self.every:
            return
        now = timezone.now()
        left = self.owned - self.done
        with transaction.atomic():
            mine = Delivery.objects.filter(
                pk__in=left, status=DeliveryStatus.SENDING, claimed_at=self.at
            )
            kept = set(mine.select_for_update().values_list("pk", flat=True))
            Delivery.objects.filter(pk__in=kept).update(claimed_at=now)
        self.owned = kept | self.done
        self.at, self.refreshed = now, time.monotonic()

    def release_untried(self) -> None:
        """Give back the rows not tried yet (their claim counted no attempt)."""
        left = self.owned - self.done
        Delivery.objects.filter(
            pk__in=left, status=DeliveryStatus.SENDING, claimed_at=self.at
        ).update(status=DeliveryStatus.QUEUED, attempts=F("attempts") - 1)


class _Marker:
    """Marks rows sent with one small raw UPDATE each (autocommit): the ORM's
    query building would cost as much as assembling the message."""

    def __init__(self):
        table = db_connection.ops.quote_name(Delivery._meta.db_table)
        self.sql = f"UPDATE {table} SET status = %s, sent_at = %s, error = %s WHERE id = %s"  # noqa: S608
        self.cursor = db_connection.cursor()

    def sent(self, pk: int) -> None:
        now = db_connection.ops.adapt_datetimefield_value(timezone.now())
        self.cursor.execute(self.sql, [DeliveryStatus.SENT, now, "", pk])

    def close(self) -> None:
        self.cursor.close()


def send_chunk(*, issue_id: int, first_id: int, last_id: int) -> ChunkResult:
    """Send the deliveries of ``issue_id`` whose ids lie in [first_id, last_id]
    over one SMTP connection. Raises TransientSMTPError (rows released) when
    the chunk should be retried later."""
    result = ChunkResult()
    issue = BulletinIssue.objects.select_related("service").filter(pk=issue_id).first()
    if issue is None or issue.status != IssueStatus.SENDING:
        return result
    _async_commit(True)
    try:
        claim = _Claim(issue_id=issue_id, first_id=first_id, last_id=last_id)
        result.busy = claim.busy
        if claim.rows:
            _send_claimed(issue, claim, result)
    finally:
        _async_commit(False)
    # The latest, not the earliest: one later pass then takes every row this
    # pass deferred (they were deferred within a few seconds of each other).
    result.next_due = claim.in_range.filter(status=DeliveryStatus.DEFERRED).aggregate(
        due=Max("next_attempt_at")
    )["due"]
    return result


_RENDERERS: dict[tuple, IssueRenderer] = {}


def renderer_for(issue: BulletinIssue) -> IssueRenderer:
    """The renderer of ``issue``, kept by this process from one chunk to the
    next: an issue being sent can no longer be edited, and rendering each
    language and each reader's selection again for every 500 messages cost a
    fifth of a worker's time. One issue at a time; a new one replaces it."""
    key = (issue.pk, issue.started_at, issue.updated_at)
    renderer = _RENDERERS.get(key)
    if renderer is None:
        _RENDERERS.clear()
        renderer = _RENDERERS[key] = IssueRenderer(issue)
    renderer.trim()
    return renderer


def _send_claimed(issue: BulletinIssue, claim: _Claim, result: ChunkResult) -> None:
    renderer = renderer_for(issue)
    variants = renderer.variants(
        {row.user_id: row.language for row in claim.rows if row.user_id is not None}
    )
    connection = get_connection(timeout=settings.EMAIL_TIMEOUT)
    raw = isinstance(connection, SMTPBackend)
    marker = _Marker()
    opened = False
    try:
        for row in claim.rows:
            claim.keep_fresh()
            if row.pk not in claim.owned:
                result.skipped += 1
                continue
            variant = variants.get(row.user_id)
            claim.done.add(row.pk)
            try:
                if not opened:
                    connection.open()
                    opened = True
                if raw and row.email.isascii():
                    # The backend's public ``connection`` (the smtplib.SMTP that
                    # open() set): the bytes go as built, no email.message tree.
                    connection.connection.sendmail(
                        envelope_sender(row.pk),
                        [row.email],
                        renderer.raw_message(
                            email=row.email, language=row.language, delivery_id=row.pk,
                            variant=variant,
                        ),
                    )  # fmt: skip
                else:
                    renderer.message(
                        email=row.email, language=row.language, delivery_id=row.pk,
                        connection=connection, variant=variant,
                    ).send()  # fmt: skip
            except TRANSIENT as exc:
                permanent, error = classify(exc, row.email)
                if permanent:
                    Delivery.objects.filter(pk=row.pk).update(
                        status=DeliveryStatus.FAILED, error=error[:2000]
                    )
                    result.failed += 1
                    continue
                if _defer(row, error):
                    result.deferred += 1
                else:
                    result.failed += 1
                if _connection_usable(connection, exc, row.email):
                    # This recipient only (greylisting, a full mailbox): go on.
                    continue
                claim.release_untried()
                raise TransientSMTPError(error) from exc
            except BaseException:
                # Anything else (a bug, a database error): the rows not tried yet
                # go back at once instead of waiting to become stale.
                claim.release_untried()
                raise
            marker.sent(row.pk)
            result.sent += 1
    finally:
        marker.close()
        if opened:
            # A broken connection is dropped anyway.
            with contextlib.suppress(Exception):
                connection.close()


def _async_commit(on: bool) -> None:
    """One small commit per message (the sent mark) waits for the WAL flush:
    on an ordinary disk that flush, not SMTP, bounds the throughput. With
    ``synchronous_commit = off`` PostgreSQL still applies every commit in order
    and survives any *worker* crash unchanged; only a crash of the *database
    server* could forget the last fraction of a second of marks, and re-send
    those few messages (with the same Message-ID). See the README."""
    if not (settings.BULLETIN_ASYNC_COMMIT and db_connection.vendor == "postgresql"):
        return
    with db_connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO %s" % ("OFF" if on else "DEFAULT"))  # noqa: S608


def _defer(row: _Row, error: str) -> bool:
    """After a transient failure of one row: defer it alone until its own next
    attempt is due (True), or give up after ``BULLETIN_MAX_ATTEMPTS`` (False)."""
    if row.attempts >= settings.BULLETIN_MAX_ATTEMPTS:
        Delivery.objects.filter(pk=row.pk).update(
            status=DeliveryStatus.FAILED,
            error=f"{error[:1900]} (abandon après {row.attempts} essais)",
        )
        return False
    due = timezone.now() + datetime.timedelta(seconds=retry_delay(row.attempts))
    Delivery.objects.filter(pk=row.pk).update(
        status=DeliveryStatus.DEFERRED, next_attempt_at=due, error=error[:2000]
    )
    return True


PENDING = [DeliveryStatus.QUEUED, DeliveryStatus.SENDING, DeliveryStatus.DEFERRED]


def issue_finish_if_done(*, issue_id: int) -> bool:
    """Mark an issue sent once every row of a fully prepared fan-out is settled."""
    pending = Delivery.objects.filter(issue_id=issue_id, status__in=PENDING).exists()
    if pending:
        return False
    return bool(
        BulletinIssue.objects.filter(
            pk=issue_id, status=IssueStatus.SENDING, prepared_at__isnull=False
        ).update(status=IssueStatus.SENT, finished_at=timezone.now())
    )
