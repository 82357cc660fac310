"""Inbound mail of the bulletin: the mailto unsubscribe requests and the
bounces, which the MTA delivers into one Maildir (``BULLETIN_INBOUND_MAILDIR``).

Each new message (``new/``) is classified:

* an RFC 3464 delivery-status notification (``multipart/report;
  report-type=delivery-status``) with a permanent (5.x.x) status marks the
  delivery row it names *bounced*; the row is found through the
  ``X-Bulletin-Delivery`` header of the returned original, or else the
  VERP envelope sender (``bounces+<tag>@…``) it was sent back to. Both carry an
  HMAC, so a forged bounce cannot unsubscribe anyone. Temporary (4.x.x)
  notifications ("delayed") change nothing;
* a message whose subject is ``unsubscribe <token>`` (what mail clients send
  for the ``mailto:`` of ``List-Unsubscribe``) unsubscribes the address the
  signed token names;
* anything else (auto-replies, spam) is ignored.

Handled and ignored messages move to ``cur/`` (flag "S"), so they are handled
once. A message that looks like one of ours but cannot be used (bad token,
unknown delivery, unparsable) stays in ``new/`` with a warning in the log, for
a human to look at; it never stops the loop.
"""

from __future__ import annotations

import email
import logging
import mailbox
import re
from dataclasses import dataclass, field
from email import policy
from email.message import Message

from bulletins import mailing, services

logger = logging.getLogger(__name__)

UNSUBSCRIBE = re.compile(r"^\s*unsubscribe\s+(\S+)", re.IGNORECASE)
VERP_TAG = re.compile(r"\+(\d+-[0-9a-f]{16})@", re.IGNORECASE)
ENVELOPE_HEADERS = ("X-Original-To", "Delivered-To", "Envelope-To", "To")


class Unusable(Exception):
    """A message that is meant for us but cannot be acted upon."""


@dataclass
class InboundReport:
    unsubscribed: list[str] = field(default_factory=list)
    bounced: list[int] = field(default_factory=list)
    ignored: int = 0
    left: int = 0


def process_maildir(path: str) -> InboundReport:
    """Handle every message in ``path``/new; see the module docstring."""
    report = InboundReport()
    box = mailbox.Maildir(path, factory=None, create=False)
    for key in list(box.iterkeys()):
        try:
            message = box.get_message(key)
            if message.get_subdir() != "new":
                continue
            parsed = email.message_from_bytes(box.get_bytes(key), policy=policy.default)
            handle_message(parsed, report)
        except Unusable as exc:
            report.left += 1
            logger.warning("Bulletin inbound mail %s left in new/: %s", key, exc)
            continue
        except Exception:
            report.left += 1
            logger.warning("Bulletin inbound mail %s left in new/", key, exc_info=True)
            continue
        try:
            message.set_subdir("cur")
            message.add_flag("S")
            box[key] = message
        except (KeyError, OSError):
            # Moved meanwhile by a concurrent run: handling it twice is harmless.
            logger.info("Bulletin inbound mail %s already moved", key)
    return report


def handle_message(message: Message, report: InboundReport) -> None:
    report_type = str(message.get_param("report-type", "")).lower()
    if message.get_content_type() == "multipart/report" and report_type == "delivery-status":
        _handle_dsn(message, report)
        return
    subject = str(message.get("Subject", ""))
    match = UNSUBSCRIBE.match(subject) or UNSUBSCRIBE.match(_first_text(message))
    if match:
        address = mailing.email_from_token(match.group(1))
        if address is None:
            raise Unusable("unsubscribe request with an invalid token")
        services.address_unsubscribe(email=address)
        report.unsubscribed.append(address)
        return
    report.ignored += 1


def _handle_dsn(message: Message, report: InboundReport) -> None:
    statuses = []
    original_headers: Message | None = None
    for part in message.iter_parts():
        kind = part.get_content_type()
        if kind == "message/delivery-status":
            # Per-message fields, then one block per recipient.
            statuses += [
                (str(block.get("Status", "")).strip(), str(block.get("Diagnostic-Code", "")))
                for block in part.get_payload()
                if block.get("Status")
            ]
        elif kind in ("message/rfc822", "message/global"):
            payload = part.get_payload()
            original_headers = payload[0] if isinstance(payload, list) else payload
        elif kind in ("text/rfc822-headers", "message/global-headers"):
            original_headers = email.message_from_string(part.get_content(), policy=policy.default)
    if not statuses:
        raise Unusable("delivery-status notification without a Status field")
    permanent = [(s, d) for s, d in statuses if s.startswith("5.")]
    if not permanent:
        report.ignored += 1  # delayed (4.x.x) or delivered (2.x.x): nothing to do
        return
    delivery_id = _delivery_of(message, original_headers)
    if delivery_id is None:
        raise Unusable("bounce naming no delivery of ours")
    status, diagnostic = permanent[0]
    reason = " ".join(f"{status} {diagnostic}".split())
    services.delivery_bounce(delivery_id=delivery_id, reason=reason)
    report.bounced.append(delivery_id)


def _delivery_of(message: Message, original: Message | None) -> int | None:
    if original is not None and original.get("X-Bulletin-Delivery"):
        delivery_id = mailing.delivery_from_tag(str(original["X-Bulletin-Delivery"]))
        if delivery_id is not None:
            return delivery_id
    for name in ENVELOPE_HEADERS:
        for value in message.get_all(name, []):
            match = VERP_TAG.search(str(value))
            if match and (delivery_id := mailing.delivery_from_tag(match.group(1))):
                return delivery_id
    return None


def _first_text(message: Message) -> str:
    part = message.get_body(("plain",))
    if part is None:
        return ""
    text = part.get_content()
    return text.strip().splitlines()[0] if text.strip() else ""
