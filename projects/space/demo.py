"""Demo project space for "Le voyage virtuel de Léon la mascotte" (created by
projects/demo.py): pages, a public journal update with a generated photo and a
short generated sound, a forum thread and two pupil logins whose passwords are
printed (reset on each run, since they are never stored in clear)."""

from __future__ import annotations

import io
import math
import struct
import wave

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image, ImageDraw

from accounts.demo import summary
from projects.models import Project
from projects.space import services
from projects.space.models import Page, PupilAccount
from projects.space.permissions import Role, SpaceActor

PROJECT_TITLE = "Le voyage virtuel de Léon la mascotte"


def _photo() -> bytes:
    image = Image.new("RGB", (640, 400), (120, 180, 230))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 300, 640, 400), fill=(90, 160, 80))
    draw.ellipse((260, 150, 380, 300), fill=(240, 200, 60))  # Léon
    draw.ellipse((290, 190, 305, 205), fill=(20, 20, 20))
    draw.ellipse((335, 190, 350, 205), fill=(20, 20, 20))
    draw.ellipse((520, 30, 600, 110), fill=(255, 230, 90))  # sun
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def _sound(seconds: float = 1.5, rate: int = 11025) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        notes = (523.25, 659.25, 783.99)  # do mi sol: "Bonjour Léon !"
        frames = bytearray()
        for i in range(int(seconds * rate)):
            freq = notes[min(int(i / rate / seconds * 3), 2)]
            frames += struct.pack("<h", int(9000 * math.sin(2 * math.pi * freq * i / rate)))
        wav.writeframes(bytes(frames))
    return out.getvalue()


def seed(stdout) -> None:
    project = Project.objects.filter(title=PROJECT_TITLE).first()
    if project is None or not project.space_is_open:
        stdout.write("Project space: demo project not found, nothing seeded.\n")
        return
    founder_membership = project.memberships.filter(role="founder").select_related("user").first()
    teacher = founder_membership.user
    admin = SpaceActor(project=project, role=Role.TEACHER_ADMIN, user=teacher)
    if not Page.objects.filter(project=project).exists():
        home = services.page_create(
            actor=admin,
            title="Bienvenue dans l'espace de Léon",
            body=(
                "<p>Léon, notre mascotte, voyage de classe en classe. Chaque classe "
                "l'accueille une semaine et raconte ses aventures dans le <strong>journal</strong>.</p>"
                "<h2>Comment participer ?</h2><ul><li>Lisez les pages de chaque étape.</li>"
                "<li>Écoutez les messages sonores des autres classes.</li>"
                "<li>Répondez dans les forums.</li></ul>"
            ),
            is_public=True,
        )
        services.page_create(
            actor=admin,
            parent=home,
            title="Étape 1 : Namur",
            body="<p>Léon découvre la citadelle de Namur et goûte des gaufres.</p>",
        )
        services.page_create(
            actor=admin,
            parent=home,
            title="Étape 2 : Lisbonne",
            body="<p>Léon prend le tram 28 et apprend à dire <em>olá</em>.</p>",
        )
        services.page_create(
            actor=admin,
            title="Règles de l'espace",
            body="<p>On écrit avec respect, on ne publie pas de nom de famille ni de photo de visage sans accord.</p>",
        )
        services.journal_post_create(
            actor=admin,
            title="Léon est arrivé à Namur !",
            body="<p>Ce matin, Léon est sorti de son colis. Écoutez notre message de bienvenue.</p>",
            image=SimpleUploadedFile("leon.jpg", _photo(), "image/jpeg"),
            sound=SimpleUploadedFile("bonjour.wav", _sound(), "audio/wav"),
            is_public=True,
        )
        services.forum_thread_create(
            actor=admin,
            title="Où Léon doit-il aller ensuite ?",
            body="Proposez la prochaine étape du voyage de Léon et dites pourquoi !",
        )
    lines = []
    for name in ("Léa", "Tom"):
        pupil = PupilAccount.objects.filter(project=project, display_name=name).first()
        if pupil is None:
            pupil, password = services.pupil_create(
                actor=admin, display_name=name, class_label="3e A"
            )
        else:
            password = services.pupil_reset_password(actor=admin, pupil=pupil)
        lines.append(f"login {pupil.username:<6} password {password}  ({pupil.display_name})")
    stdout.write(f"Project space: demo space of « {project.title} » ready\n")
    with translation.override("fr"):
        url = settings.SITE_URL + reverse("space:login", args=[project.pk])
    heading = f"Pupils (no e-mail; new passwords at each seed) log in at {url}"
    for line in lines:
        summary(stdout, heading, line)
