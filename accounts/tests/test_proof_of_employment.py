"""The proof of employment: through the upload pipeline (metadata stripped, bombs and
active PDFs refused), one file on disk per teacher (a replaced proof leaves storage
after commit), and deleted PROOF_RETENTION_DAYS after the staff's decision."""

from __future__ import annotations

import io
import os
from datetime import timedelta

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from accounts import services, tasks
from accounts.models import TeacherStatus, User
from accounts.tests.factories import PDF_BYTES, TeacherFactory, profile_data
from uploads.tests.files import catalog_with, jpeg_with_metadata, pdf_bytes, png_bomb

pytestmark = pytest.mark.django_db


def _proofs_on_disk(settings) -> list[str]:
    root = os.path.join(settings.MEDIA_ROOT, "proofs")
    return sorted(os.listdir(root)) if os.path.isdir(root) else []


def _send(client, school, content: bytes, name: str, **extra):
    return client.post(
        reverse("accounts:profile"),
        profile_data(school, proof_of_employment=SimpleUploadedFile(name, content), **extra),
    )


@pytest.fixture
def newcomer(client, db):
    teacher = TeacherFactory(status=TeacherStatus.NEW, proof_of_employment="")
    client.force_login(teacher)
    return teacher


# --- the pipeline -------------------------------------------------------------------------


def test_a_photographed_proof_is_stored_without_its_gps_position(client, newcomer, fwb_school):
    original = jpeg_with_metadata()
    response = _send(client, fwb_school, original, "attestation.jpg")
    assert response.status_code == 302
    newcomer.refresh_from_db()
    stored = newcomer.proof_of_employment.read()
    assert stored != original
    assert b"SecretPhone" not in stored and b"SECRET" not in stored
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG" and not image.getexif()
    assert newcomer.proof_of_employment.name.endswith(".jpg")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bombe.png", png_bomb(30_000, 30_000), "trop grande"),
        (
            "attestation.pdf",
            pdf_bytes(
                b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>",
                catalog=catalog_with(b"/OpenAction 4 0 R"),
            ),
            "contient du contenu actif",
        ),
        (
            "attestation.pdf",
            pdf_bytes(b"<< /S /Launch /F (cmd.exe) >>", catalog=catalog_with(b"/OpenAction 4 0 R")),
            "contient du contenu actif",
        ),
        ("attestation.gif", b"GIF89a" + b"\x00" * 64, "Format non accepté"),
    ],
    ids=["png-bomb", "pdf-openaction-javascript", "pdf-launch", "gif"],
)
def test_a_hostile_proof_is_refused_clearly_and_nothing_is_kept(
    client, newcomer, fwb_school, settings, name, content, message
):
    response = _send(client, fwb_school, content, name, bio="Ma classe de 3e maternelle")
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert "Ma classe de 3e maternelle" in body  # what was typed is kept
    newcomer.refresh_from_db()
    assert newcomer.status == TeacherStatus.NEW
    assert not newcomer.proof_of_employment
    assert _proofs_on_disk(settings) == []


def test_a_plain_pdf_proof_is_stored_as_sent(client, newcomer, fwb_school):
    assert _send(client, fwb_school, PDF_BYTES, "attestation.pdf").status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.proof_of_employment.read() == PDF_BYTES


# --- one file per teacher -------------------------------------------------------------------


def test_a_replaced_proof_leaves_storage_after_commit(
    client, teacher, fwb_school, settings, django_capture_on_commit_callbacks
):
    client.force_login(teacher)
    old = teacher.proof_of_employment.name
    assert _proofs_on_disk(settings) == [os.path.basename(old)]
    with django_capture_on_commit_callbacks() as callbacks:
        assert _send(client, fwb_school, pdf_bytes(), "nouvelle.pdf").status_code == 302
        # Not before the commit: the old file is still there.
        assert os.path.basename(old) in _proofs_on_disk(settings)
    for callback in callbacks:
        callback()
    teacher.refresh_from_db()
    assert teacher.proof_of_employment.name != old
    assert _proofs_on_disk(settings) == [os.path.basename(teacher.proof_of_employment.name)]


def test_seven_replacements_leave_one_file(
    client, teacher, fwb_school, settings, django_capture_on_commit_callbacks
):
    client.force_login(teacher)
    for _ in range(7):
        with django_capture_on_commit_callbacks(execute=True):
            assert _send(client, fwb_school, pdf_bytes(), "attestation.pdf").status_code == 302
    teacher.refresh_from_db()
    assert _proofs_on_disk(settings) == [os.path.basename(teacher.proof_of_employment.name)]


def test_a_rolled_back_replacement_keeps_the_old_file(
    teacher, fwb_school, settings, django_capture_on_commit_callbacks
):
    old = teacher.proof_of_employment.name
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.teacher_profile_update(
            teacher=teacher,
            first_name="Claire",
            last_name="Dubois",
            role="teacher",
            school=fwb_school,
            age_min=9,
            age_max=11,
            preferred_language="fr",
            bulletin_subscribed=True,
            proof_of_employment=SimpleUploadedFile("b.pdf", pdf_bytes()),
        )
        raise RuntimeError("something later in the request failed")
    assert callbacks == []
    assert User.objects.get(pk=teacher.pk).proof_of_employment.name == old
    assert os.path.basename(old) in _proofs_on_disk(settings)


# --- retention --------------------------------------------------------------------------------


def _decided(days_ago: float, *, status=TeacherStatus.VALIDATED) -> User:
    return TeacherFactory(status=status, decided_at=timezone.now() - timedelta(days=days_ago))


def test_proofs_are_deleted_once_the_retention_after_the_decision_has_passed(
    settings, django_capture_on_commit_callbacks
):
    settings.PROOF_RETENTION_DAYS = 30
    validated_long_ago = _decided(30.01)
    refused_long_ago = _decided(45, status=TeacherStatus.REJECTED)
    validated_recently = _decided(29.99)
    pending = TeacherFactory(status=TeacherStatus.PENDING, decided_at=None)
    kept = {t.pk: t.proof_of_employment.name for t in (validated_recently, pending)}
    deleted = {t.pk: t.proof_of_employment.name for t in (validated_long_ago, refused_long_ago)}
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.purge_decided_proofs.delay().get() == 2
    on_disk = _proofs_on_disk(settings)
    for pk, name in deleted.items():
        row = User.objects.get(pk=pk)
        assert row.proof_of_employment.name == ""
        assert row.proof_deleted_at is not None
        assert os.path.basename(name) not in on_disk
    for pk, name in kept.items():
        row = User.objects.get(pk=pk)
        assert row.proof_of_employment.name == name and row.proof_deleted_at is None
        assert os.path.basename(name) in on_disk


def test_the_retention_task_is_idempotent(settings, django_capture_on_commit_callbacks):
    settings.PROOF_RETENTION_DAYS = 30
    teacher = _decided(31)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.purge_decided_proofs.delay().get() == 1
    first = User.objects.get(pk=teacher.pk).proof_deleted_at
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.purge_decided_proofs.delay().get() == 0
    assert User.objects.get(pk=teacher.pk).proof_deleted_at == first
    assert services.teacher_proof_expire(teacher_id=teacher.pk) is False


def test_the_retention_period_is_a_setting(settings, django_capture_on_commit_callbacks):
    settings.PROOF_RETENTION_DAYS = 90
    teacher = _decided(31)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.purge_decided_proofs.delay().get() == 0
    assert User.objects.get(pk=teacher.pk).proof_of_employment


def test_staff_see_in_admin_that_the_proof_was_deleted_under_retention(settings):
    settings.PROOF_RETENTION_DAYS = 30
    teacher = _decided(31)
    tasks.purge_decided_proofs.delay().get()
    teacher.refresh_from_db()
    shown = str(admin.site._registry[User].proof_link(teacher))
    assert shown.startswith("Supprimée le ")
    assert "conservation : 30 jours après la décision" in shown


def test_a_validated_teacher_whose_proof_was_deleted_edits_the_profile_without_one(
    client, settings, fwb_school
):
    settings.PROOF_RETENTION_DAYS = 30
    teacher = TeacherFactory(
        school=fwb_school,
        status=TeacherStatus.VALIDATED,
        decided_at=timezone.now() - timedelta(days=31),
    )
    tasks.purge_decided_proofs.delay().get()
    client.force_login(teacher)
    response = client.post(reverse("accounts:profile"), profile_data(fwb_school, bio="Nouveau"))
    assert response.status_code == 302
    teacher.refresh_from_db()
    assert teacher.bio == "Nouveau" and teacher.status == TeacherStatus.VALIDATED


def test_a_new_proof_after_deletion_clears_the_deletion_date(client, settings, fwb_school):
    settings.PROOF_RETENTION_DAYS = 30
    teacher = TeacherFactory(school=fwb_school, decided_at=timezone.now() - timedelta(days=31))
    tasks.purge_decided_proofs.delay().get()
    client.force_login(teacher)
    assert _send(client, fwb_school, pdf_bytes(), "attestation.pdf").status_code == 302
    teacher.refresh_from_db()
    assert teacher.proof_of_employment and teacher.proof_deleted_at is None


def test_a_newcomer_still_needs_a_proof(client, newcomer, fwb_school):
    response = client.post(reverse("accounts:profile"), profile_data(fwb_school))
    assert response.status_code == 200
    assert "Joignez une preuve d&#x27;emploi" in response.content.decode()
    newcomer.refresh_from_db()
    assert newcomer.status == TeacherStatus.NEW


def test_the_retention_task_runs_every_night():
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["accounts-purge-decided-proofs"]
    assert entry["task"] == "accounts.tasks.purge_decided_proofs"
    assert tasks.purge_decided_proofs.name == entry["task"]
