"""``manage.py purge_orphan_media``: lists (dry run) or deletes the media files that no
file field of any model references; referenced files and young files stay."""

from __future__ import annotations

import io
import os
import time

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from accounts.tests.factories import TeacherFactory
from projects.space.models import FileKind, StoredFile
from projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db
TWO_DAYS = 2 * 24 * 3600


def _age(name: str, seconds: float) -> None:
    path = default_storage.path(name)
    past = time.time() - seconds
    os.utime(path, (past, past))


def _purge(*args) -> str:
    out = io.StringIO()
    call_command("purge_orphan_media", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def media():
    """Two referenced files (a proof, a project space file) and three orphans: two old
    (a proof and a space file nothing points at), one written a minute ago."""
    teacher = TeacherFactory()
    project = ProjectFactory(founded_by=teacher)
    space_name = default_storage.save(f"space/{project.pk}/kept.png", ContentFile(b"png"))
    StoredFile.objects.create(
        project=project,
        kind=FileKind.IMAGE,
        file=space_name,
        content_type="image/png",
        size=3,
        original_name="kept.png",
    )
    old_proof = default_storage.save("proofs/lost.pdf", ContentFile(b"%PDF-"))
    old_space = default_storage.save(f"space/{project.pk}/lost.jpg", ContentFile(b"jpg"))
    young = default_storage.save("proofs/in-flight.pdf", ContentFile(b"%PDF-"))
    referenced = [teacher.proof_of_employment.name, space_name]
    for name in [*referenced, old_proof, old_space]:
        _age(name, TWO_DAYS)
    return {"referenced": referenced, "orphans": [old_proof, old_space], "young": young}


def test_the_dry_run_lists_old_orphans_and_deletes_nothing(media):
    output = _purge()
    listed = [line for line in output.splitlines() if "/" in line]
    assert sorted(listed) == sorted(media["orphans"])
    assert "2 orphaned file(s) found" in output
    for name in [*media["referenced"], *media["orphans"], media["young"]]:
        assert default_storage.exists(name)


def test_delete_removes_the_old_orphans_only(media):
    output = _purge("--delete")
    assert "2 orphaned file(s) deleted." in output
    for name in media["orphans"]:
        assert not default_storage.exists(name)
    for name in [*media["referenced"], media["young"]]:
        assert default_storage.exists(name)
    assert "0 orphaned file(s) found" in _purge()


def test_the_minimum_age_is_an_option(media):
    _purge("--delete", "--min-age-hours", "0")
    assert not default_storage.exists(media["young"])
    for name in media["referenced"]:
        assert default_storage.exists(name)


def test_an_empty_media_folder_is_no_error(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "never-created")
    assert "0 orphaned file(s) found" in _purge()


def test_a_negative_age_is_refused():
    with pytest.raises(CommandError):
        _purge("--min-age-hours", "-1")
