"""A newcomer's first minutes: ``seed_demo`` (what ``make seed`` and ``make run`` run)
prints little, ends with a summary that holds every demo login, the pupils' login
address and passwords; the demo shows a school that meets the eTwinning School label
conditions and a contest edition its jury (a demo staff member) can score; the
README's demo table names exactly the accounts the seed creates."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from accounts import demo

DEMO_ACCOUNTS = {demo.SUPERUSER, *(row[0] for row in demo.STAFF), *(t.email for t in demo.TEACHERS)}


def _seed(settings) -> list[str]:
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue().splitlines()


@pytest.mark.django_db(transaction=True)
def test_the_seed_prints_a_short_output_ending_with_every_login(settings):
    from projects.space import services as space_services
    from projects.space.models import PupilAccount

    lines = _seed(settings)

    # Short, and the e-mails the seed sends (founding, approvals, contacts) stay out of it,
    # nor do they leak into the test's own outbox.
    assert len(lines) < 80, "\n".join(lines)
    text = "\n".join(lines)
    assert "Bonjour" not in text and "Subject:" not in text
    assert not mail.outbox
    sent = re.search(r"the (\d+) e-mails it sent are not shown", text)
    assert sent and int(sent.group(1)) > 0

    # The summary comes last: after "Demo data loaded", and it ends the output.
    start = next(i for i, line in enumerate(lines) if line.startswith("Demo data loaded"))
    summary = lines[start:]
    assert lines[-1] == "=" * 78
    assert f"The eTwinning FWB demo: {settings.SITE_URL}/" in "\n".join(summary)
    printed = {word for line in summary for word in line.split() if "@demo.etwinning." in word}
    assert printed >= DEMO_ACCOUNTS
    assert f"password of every demo account: {demo.DEMO_PASSWORD}" in "\n".join(summary)
    assert f"demo secret {demo.DEMO_TOTP_SECRET}" in "\n".join(summary)

    # The pupils' login address and the passwords printed work.
    heading = next(line for line in summary if line.startswith("Pupils"))
    url = heading.rsplit(" ", 1)[1]
    project_id = int(re.search(r"/projects/(\d+)/space/login/$", url).group(1))
    assert url == settings.SITE_URL + f"/fr/projects/{project_id}/space/login/"
    pupils = re.findall(r"login (\S+)\s+password (\S+)", "\n".join(summary))
    assert len(pupils) == PupilAccount.objects.filter(project_id=project_id).count() == 2
    for username, password in pupils:
        pupil = space_services.pupil_authenticate(
            project=PupilAccount.objects.get(username=username).project,
            username=username,
            password=password,
        )
        assert pupil.username == username


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())


def test_a_demo_school_meets_the_etwinning_school_label_conditions(seeded):
    from labels import selectors

    qualifying = set(selectors.school_label_candidates().values_list("name", flat=True))
    assert qualifying == {"École communale de Jambes"}


def test_the_demo_teachers_have_read_and_unread_notifications(seeded):
    from notifications.models import Notification

    for email in ("claire.dubois@demo.etwinning.be", "marc.lambert@demo.etwinning.be"):
        theirs = Notification.objects.filter(recipient__email=email)
        assert theirs.filter(read_at__isnull=True).exists(), email
        assert theirs.filter(read_at__isnull=False).exists(), email


def test_the_fwb_demo_staff_member_scores_last_years_contest_edition(seeded, client):
    from accounts.models import User
    from labels import clock
    from labels.models import ContestEdition, JuryScore

    staff = User.objects.get(email="staff.fwb@demo.etwinning.be")
    edition = ContestEdition.objects.get(jury=staff)
    assert not edition.is_open(clock.now()) and not edition.results_published
    entries = list(edition.entries.order_by("pk"))
    assert entries

    client.force_login(staff)
    url = reverse("labels:jury", args=[edition.year])
    page = client.get(url)
    assert page.status_code == 200
    grid = page.context["grid"]
    assert not page.context["open"] and len(grid.forms) == len(entries)

    criteria = list(edition.criteria.all())
    data = {
        "grid-TOTAL_FORMS": str(len(entries)),
        "grid-INITIAL_FORMS": str(len(entries)),
        "grid-MIN_NUM_FORMS": "0",
        "grid-MAX_NUM_FORMS": "1000",
    }
    for index, entry in enumerate(entries):
        data[f"grid-{index}-entry"] = str(entry.pk)
        for criterion in criteria:
            data[f"grid-{index}-c{criterion.pk}"] = "3"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert JuryScore.objects.filter(juror=staff).count() == len(entries) * len(criteria)


def test_the_readme_demo_table_lists_every_account_the_seed_creates():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    section = readme.split("## Demo logins", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"`([a-z.]+@demo\.etwinning\.[a-z]+)`", section))
    assert listed == DEMO_ACCOUNTS


def test_the_readmes_first_minutes_name_what_the_seed_creates_and_prints():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    section = readme.split("**Your first minutes.**", 1)[1].split("\n\n", 1)[0]
    named = set(re.findall(r"`([a-z.]+@demo\.etwinning\.[a-z]+)`", section))
    assert named and named <= DEMO_ACCOUNTS
    assert "pupil `lea`" in section  # projects/space/demo.py's Léa
    # The summary's parts, in its order (accounts, labels and project space seeders).
    parts = ["every demo login", "second factor", "what to try", "pupils' login address"]
    assert [section.find(part) for part in parts] == sorted(section.find(p) for p in parts)
    assert -1 not in [section.find(part) for part in parts]
    assert "make run PORT=8123" in readme
