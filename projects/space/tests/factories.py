"""Builders for the project space's tests: a space with one actor per role, and
real small media files."""

from __future__ import annotations

import io
import math
import struct
import wave
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.tests.factories import StaffFactory, TeacherFactory
from projects.models import Collaborator, CollaboratorStatus, MemberRole, Project
from projects.space.models import PupilAccount
from projects.space.permissions import SESSION_PUPIL_KEY, actor_for
from projects.tests.factories import active_project, member, teacher_in

PUPIL_PASSWORD = "motdepasse42"


def pupil(project: Project, name: str = "Léa", *, is_admin: bool = False, **kwargs) -> PupilAccount:
    from django.utils.text import slugify

    return PupilAccount.objects.create(
        project=project,
        display_name=name,
        username=kwargs.pop("username", slugify(name)),
        password=make_password(PUPIL_PASSWORD),
        is_admin=is_admin,
        **kwargs,
    )


@dataclass
class Space:
    project: Project
    founder: object
    cofounder: object
    partner: object
    collaborator: object
    staff: object
    outsider: object
    pupil: PupilAccount
    pupil_admin: PupilAccount


def make_space(**project_kwargs) -> Space:
    founder = teacher_in("be-fwb", first_name="Claire", last_name="Dubois")
    cofounder = teacher_in("fr", first_name="Inès", last_name="Costa")
    project = active_project(founder, cofounder, **project_kwargs)
    partner = TeacherFactory(school=founder.school, first_name="Marc", last_name="Lambert")
    member(project, partner, role=MemberRole.PARTNER)
    collaborator_user = TeacherFactory(first_name="Eva", last_name="Experte")
    Collaborator.objects.create(
        project=project,
        email=collaborator_user.email,
        name="Eva Experte",
        status=CollaboratorStatus.ACCEPTED,
        user=collaborator_user,
    )
    staff = StaffFactory(staff_service=founder.school.support_service)
    outsider = teacher_in("be-fwb", first_name="Paul", last_name="Dehors")
    return Space(
        project=project,
        founder=founder,
        cofounder=cofounder,
        partner=partner,
        collaborator=collaborator_user,
        staff=staff,
        outsider=outsider,
        pupil=pupil(project, "Léa", created_by=founder),
        pupil_admin=pupil(project, "Tom", is_admin=True, created_by=founder),
    )


def login_pupil(client, account: PupilAccount) -> None:
    session = client.session
    session[SESSION_PUPIL_KEY] = account.pk
    session.save()


class _Request:
    def __init__(self, user=None, pupil_account=None):
        from django.contrib.auth.models import AnonymousUser

        self.user = user or AnonymousUser()
        self.session = {SESSION_PUPIL_KEY: pupil_account.pk} if pupil_account else {}


def actor(project: Project, *, user=None, pupil_account=None):
    """The SpaceActor a request by ``user`` or ``pupil_account`` would get."""
    return actor_for(_Request(user, pupil_account), project)


# --- media -----------------------------------------------------------------------------


def jpeg_bytes(size=(64, 48), *, exif_gps: bool = False, color=(200, 80, 40)) -> bytes:
    image = Image.new("RGB", size, color)
    out = io.BytesIO()
    if exif_gps:
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"  # Make
        exif[0x0110] = "SecretPhone"  # Model
        gps = {1: "N", 2: (50.0, 38.0, 0.0), 3: "E", 4: (5.0, 34.0, 0.0)}
        exif[0x8825] = gps
        image.save(out, "JPEG", exif=exif)
    else:
        image.save(out, "JPEG")
    return out.getvalue()


def png_bytes(size=(32, 32)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, (10, 120, 200, 255)).save(out, "PNG")
    return out.getvalue()


def wav_bytes(seconds: float = 0.5, rate: int = 8000) -> bytes:
    """A real short WAV: a 440 Hz tone."""
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        frames = b"".join(
            struct.pack("<h", int(12000 * math.sin(2 * math.pi * 440 * i / rate)))
            for i in range(int(seconds * rate))
        )
        wav.writeframes(frames)
    return out.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


__all__ = [
    "PUPIL_PASSWORD",
    "Space",
    "actor",
    "jpeg_bytes",
    "login_pupil",
    "make_space",
    "png_bytes",
    "pupil",
    "teacher_in",
    "upload",
    "wav_bytes",
]
