"""The bulletin builds each message two ways: a Django ``EmailMultiAlternatives`` for
non-SMTP backends (tests' outbox, console) and hand-assembled bytes for the SMTP fast
path. A reader must not be able to tell them apart: for the same reader both parse
(``email.policy.default``) to the same headers, the same MIME structure and the same
decoded text and HTML."""

from __future__ import annotations

import email
from email import policy
from email.message import EmailMessage
from email.utils import parseaddr, parsedate_to_datetime

import pytest

from bulletins import mailing
from bulletins.models import BulletinIssue, IssueStatus, SectionKind
from bulletins.sections import PersonalLines, PersonalPart
from bulletins.tests.factories import IssueFactory, SectionFactory
from etwinning import hooks

pytestmark = pytest.mark.django_db

READER = "lecteur@example.org"
DELIVERY = 4242
USER = 77
# Every header the bulletin sets (the Date is the moment of building: checked apart).
HEADERS = (
    "From",
    "To",
    "Subject",
    "MIME-Version",
    "List-Unsubscribe",
    "List-Unsubscribe-Post",
    "List-Id",
    "Precedence",
    "Auto-Submitted",
    "Content-Language",
    "Message-ID",
    "X-Bulletin-Delivery",
)
PART = PersonalPart(
    intro="Des classes qui partagent vos disciplines cherchent des partenaires :",
    lines=(
        "Défis <maths> & énigmes — Mathématiques · ES — https://example.org/fr/a/1/",
        "La Grande Guerre en BD — Histoire · DE — https://example.org/fr/a/2/",
    ),
)


@pytest.fixture
def renderer(settings):
    settings.DEFAULT_FROM_EMAIL = "Bureau eTwinning Fédération Wallonie-Bruxelles <etw@cfwb.be>"
    settings.BULLETIN_BOUNCE_ADDRESS = "bounces@cfwb.be"
    issue = IssueFactory(
        status=IssueStatus.SENDING,
        subject_fr="Liaison eTwinning — numéro d'été : « écoles » et projets",
        subject_nl="Liaison eTwinning — zomernummer",
        intro_fr="Bonjour à toutes et à tous ! " + "Une très longue ligne accentuée. " * 12,
    )
    SectionFactory(issue=issue)
    SectionFactory(
        issue=issue, position=20, kind=SectionKind.AUTOMATIC, source="partners",
        title_fr="Ils cherchent des partenaires", body_fr="La sélection du bureau.",
    )  # fmt: skip
    loaded = BulletinIssue.objects.select_related("service").get(pk=issue.pk)
    renderer = mailing.IssueRenderer(loaded)

    def personal(**kwargs):
        return PersonalLines(source="partners", parts={USER: PART})

    with hooks.replaced("bulletin_personal_lines", personal):
        assert renderer.variants({USER: "fr"}) == {USER: PART}
    return renderer


def _both(renderer, *, language: str, variant) -> tuple[EmailMessage, EmailMessage]:
    django_message = renderer.message(
        email=READER, language=language, delivery_id=DELIVERY, variant=variant
    )
    # What Django's SMTP backend puts on the wire for it.
    django_bytes = django_message.message().as_bytes(linesep="\r\n")
    raw_bytes = renderer.raw_message(
        email=READER, language=language, delivery_id=DELIVERY, variant=variant
    )
    return (
        email.message_from_bytes(django_bytes, policy=policy.default),
        email.message_from_bytes(raw_bytes, policy=policy.default),
    )


def _value(header) -> str:
    """A header's value as a reader sees it. Django folds a long header right after
    its colon ("Subject:" CRLF SP "Liaison…"), which parses with a leading space; the
    fast path writes it on one line or encodes it: the same value."""
    return str(header).strip()


def _structure(message: EmailMessage) -> list[tuple[str, str | None]]:
    return [(part.get_content_type(), part.get_content_charset()) for part in message.walk()]


@pytest.mark.parametrize("language", ["fr", "nl"])
@pytest.mark.parametrize("variant", [None, PART], ids=["staff-section", "personal-section"])
def test_both_ways_build_the_same_message(renderer, language, variant):
    built, raw = _both(renderer, language=language, variant=variant)

    for name in HEADERS:
        assert built[name] is not None, name
        assert (name, _value(raw[name])) == (name, _value(built[name]))
        assert len(raw.get_all(name)) == 1, name
    assert raw["Message-ID"] == f"<bulletin.{renderer.issue.pk}.{DELIVERY}@cfwb.be>"
    assert raw["Content-Language"] == language
    assert raw["To"].addresses[0].addr_spec == READER
    assert parseaddr(str(raw["From"])) == (
        "Bureau eTwinning Fédération Wallonie-Bruxelles",
        "etw@cfwb.be",
    )
    # Plain text, not HTML-escaped (an apostrophe once came out as "&#x27;").
    assert (
        raw["Subject"]
        == {
            "fr": "Liaison eTwinning — numéro d'été : « écoles » et projets",
            "nl": "Liaison eTwinning — zomernummer",
        }[language]
    )
    # The Date is the moment each was built: both valid, a few seconds apart at most.
    spread = parsedate_to_datetime(raw["Date"]) - parsedate_to_datetime(built["Date"])
    assert abs(spread.total_seconds()) < 60

    assert (
        _structure(raw)
        == _structure(built)
        == [
            ("multipart/alternative", None),
            ("text/plain", "utf-8"),
            ("text/html", "utf-8"),
        ]
    )
    texts = [
        (m.get_body(("plain",)).get_content(), m.get_body(("html",)).get_content())
        for m in (built, raw)
    ]
    assert texts[0] == texts[1]
    text, html = texts[1]
    assert "/bulletin/unsubscribe/" in text or "unsubscribe" in text
    if variant is None:
        assert "La sélection du bureau." in text and "Défis" not in text
    else:
        assert "La sélection du bureau." not in text
        assert "Défis <maths> & énigmes" in text and "Défis &lt;maths&gt; &amp; énigmes" in html


def test_both_ways_use_the_same_envelope(renderer):
    built = renderer.message(email=READER, language="fr", delivery_id=DELIVERY)

    # The fast path passes envelope_sender(row id) and [address] to sendmail().
    assert built.from_email == mailing.envelope_sender(DELIVERY)
    assert built.from_email.startswith("bounces+") and built.from_email.endswith("@cfwb.be")
    assert built.recipients() == [READER]
