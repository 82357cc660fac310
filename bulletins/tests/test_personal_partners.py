"""The partner-announcement section is personal: a teacher reads the month's
announcements that share their subjects or languages; a school contact (no
profile) reads the section as the staff left it. Checked on what the outbox
and a real SMTP server on 127.0.0.1 receive (the SMTP path builds raw bytes).
Partners contributes it through the "bulletin_personal_lines" hook, called once
per chunk; a contribution that fails is reported and never stops the sending."""

from __future__ import annotations

import datetime
import email
import functools
from email import policy

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import User
from accounts.tests.factories import SchoolFactory, TeacherFactory
from bulletins import services
from bulletins.models import BulletinIssue, Delivery, DeliveryStatus, SectionKind
from bulletins.tests.factories import IssueFactory, SectionFactory
from bulletins.tests.smtp import local_smtp
from etwinning import hooks
from partners import bulletin as partners_bulletin
from partners.tests.factories import languages, publish, subjects

pytestmark = pytest.mark.django_db
STAFF_TEXT = "La sélection du bureau pour tout le monde."


class Sink:
    def __init__(self):
        self.received: dict[str, email.message.EmailMessage] = {}

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        for rcpt in envelope.rcpt_tos:
            self.received[rcpt] = message
        return "250 OK"


@pytest.fixture
def smtp_server(settings):
    sink = Sink()
    with local_smtp(sink, settings):
        yield sink


def _reader(address: str, subject: str, language: str, *, preferred: str = "fr"):
    teacher = TeacherFactory(
        school=SchoolFactory(contact_email=""), email=address, preferred_language=preferred
    )
    teacher.subjects.set(subjects(subject))
    teacher.languages.set(languages(language))
    return teacher


@pytest.fixture
def month_with_announcements():
    """Next month's issue (it lists this month's announcements) with a partner
    section, two announcements for two different readers, and a school."""
    today = timezone.localdate()
    next_month = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    issue = IssueFactory(issue_month=next_month)
    SectionFactory(issue=issue)
    SectionFactory(
        issue=issue, position=20, kind=SectionKind.AUTOMATIC, source="partners",
        title_fr="Ils cherchent des partenaires", body_fr=STAFF_TEXT, body_en=STAFF_TEXT,
        title_en="They are looking for partners",
    )  # fmt: skip
    author = TeacherFactory(
        school=SchoolFactory(contact_email=""),
        email="author@example.org",
        bulletin_subscribed=False,
    )
    publish(author, title="La Grande Guerre en BD", subjects=subjects("history"),
            languages=languages("de"))  # fmt: skip
    publish(author, title="Défis mathématiques", subjects=subjects("mathematics"),
            languages=languages("es"))  # fmt: skip
    _reader("historian@example.org", "history", "nl")
    _reader("mathematician@example.org", "mathematics", "en", preferred="en")
    SchoolFactory(contact_email="direction@ecole.be")
    return issue


def _send(issue, staff, capture):
    with capture(execute=True):
        services.issue_send_now(issue=issue, by=staff)


def _texts_from_outbox() -> dict[str, tuple[str, str]]:
    return {m.to[0]: (m.body, m.alternatives[0][0]) for m in mail.outbox}


def _texts_from_smtp(sink: Sink) -> dict[str, tuple[str, str]]:
    return {
        to: (m.get_body(("plain",)).get_content(), m.get_body(("html",)).get_content())
        for to, m in sink.received.items()
    }


@pytest.mark.parametrize("transport", ["outbox", "smtp"])
def test_each_teacher_reads_the_announcements_of_their_own_subjects_and_languages(
    transport, month_with_announcements, staff_fwb, django_capture_on_commit_callbacks, request
):
    sink = request.getfixturevalue("smtp_server") if transport == "smtp" else None

    _send(month_with_announcements, staff_fwb, django_capture_on_commit_callbacks)

    texts = _texts_from_smtp(sink) if sink else _texts_from_outbox()
    assert sorted(texts) == [
        "direction@ecole.be",
        "historian@example.org",
        "mathematician@example.org",
    ]
    history_text, history_html = texts["historian@example.org"]
    assert "La Grande Guerre en BD" in history_text and "La Grande Guerre en BD" in history_html
    assert "Défis mathématiques" not in history_text
    assert "partagent vos disciplines ou vos langues" in history_text
    assert STAFF_TEXT not in history_text
    maths_text, maths_html = texts["mathematician@example.org"]
    assert "Défis mathématiques" in maths_text and "<li>Défis mathématiques" in maths_html
    assert "La Grande Guerre en BD" not in maths_text
    # In the reader's language, with the section title the staff wrote.
    assert "Classes sharing your subjects or languages" in maths_text
    assert "They are looking for partners" in maths_text
    # No profile: the service-wide section as the staff left it.
    school_text, _html = texts["direction@ecole.be"]
    assert STAFF_TEXT in school_text
    assert "La Grande Guerre en BD" not in school_text
    # The rest of each message is untouched by the personal part.
    for text, _html in texts.values():
        assert "Formations du mois" in text or "Trainings of the month" in text


def test_the_personal_html_is_what_the_section_formatter_writes():
    from bulletins.mailing import _personal_body
    from bulletins.templatetags.bulletin_tags import bulletin_html

    lines = ["Défis <maths> — Maths · FR — https://example.org/fr/a/1/", "Second — x"]
    for items in (lines, []):
        text, html = _personal_body("Intro & co :", items)
        assert html == str(bulletin_html(text, "email"))


# --- The "bulletin_personal_lines" hook: one call per chunk, failures reported ----------


def _broken(**kwargs):
    raise RuntimeError("partners database unreachable")


@pytest.mark.parametrize("transport", ["outbox", "smtp"])
def test_a_failing_contribution_is_reported_and_its_readers_get_the_staff_section(
    transport, month_with_announcements, staff_fwb, django_capture_on_commit_callbacks, request,
    settings, caplog,
):  # fmt: skip
    sink = request.getfixturevalue("smtp_server") if transport == "smtp" else None
    settings.BULLETIN_CHUNK_SIZE = 1  # three chunks meet the same failure

    with hooks.replaced("bulletin_personal_lines", _broken):
        _send(month_with_announcements, staff_fwb, django_capture_on_commit_callbacks)

    texts = _texts_from_smtp(sink) if sink else _texts_from_outbox()
    # Every reader got the bulletin once, with the section as the staff left it.
    assert sorted(texts) == [
        "direction@ecole.be",
        "historian@example.org",
        "mathematician@example.org",
    ]
    assert all(STAFF_TEXT in text for text, _html in texts.values())
    assert set(
        Delivery.objects.filter(issue=month_with_announcements).values_list("status", flat=True)
    ) == {DeliveryStatus.SENT}
    # Reported, not swallowed: logged with its name, and written once where staff look.
    problems = BulletinIssue.objects.get(pk=month_with_announcements.pk).drafting_problems
    assert problems == (
        "bulletins.tests.test_personal_partners._broken: "
        "RuntimeError('partners database unreachable')"
    )
    assert "bulletins.tests.test_personal_partners._broken" in caplog.text


def test_the_contribution_receives_each_chunk_whole(
    month_with_announcements, staff_fwb, django_capture_on_commit_callbacks, settings
):
    settings.BULLETIN_CHUNK_SIZE = 2
    calls = []

    def spy(**kwargs):
        calls.append(dict(kwargs["readers"]))
        return partners_bulletin.personal_lines(**kwargs)

    with hooks.replaced("bulletin_personal_lines", spy):
        _send(month_with_announcements, staff_fwb, django_capture_on_commit_callbacks)

    # Two teachers (one chunk), then the school contact's chunk (no teacher: no call).
    assert calls == [
        {
            User.objects.get(email="historian@example.org").pk: "fr",
            User.objects.get(email="mathematician@example.org").pk: "en",
        }
    ]
    assert "La Grande Guerre en BD" in _texts_from_outbox()["historian@example.org"][0]


def test_a_chunk_costs_two_queries_whatever_its_size(
    month_with_announcements, django_assert_num_queries
):
    historian = User.objects.get(email="historian@example.org")
    memo: dict = {}
    ask = functools.partial(
        partners_bulletin.personal_lines,
        issue_month=month_with_announcements.issue_month,
        sources=frozenset({"partners"}),
        memo=memo,
    )
    ask(readers={historian.pk: "fr"})  # the first chunk reads the month once
    readers = {historian.pk: "fr"}
    for n in range(30):
        readers[_reader(f"reader{n}@example.org", "history", "de").pk] = "de"

    with django_assert_num_queries(2 + 3):  # profiles; the German lines, once
        first = ask(readers=readers)
    with django_assert_num_queries(2):
        second = ask(readers=readers)

    assert first == second
    assert first.source == "partners"
    assert len({id(part) for part in first.parts.values()}) == 2  # one per (language, selection)
    assert first.parts[historian.pk].lines[0].startswith("La Grande Guerre en BD")


def test_no_personal_section_in_the_issue_costs_nothing(
    month_with_announcements, django_assert_num_queries
):
    historian = User.objects.get(email="historian@example.org")

    with django_assert_num_queries(0):
        answer = partners_bulletin.personal_lines(
            issue_month=month_with_announcements.issue_month,
            sources=frozenset({"trainings"}),
            readers={historian.pk: "fr"},
            memo={},
        )

    assert answer is None
