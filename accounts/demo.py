"""Demo data for ``manage.py seed_demo``: realistic schools and teachers in
several countries, one staff account per Belgian support service and a
superuser. Idempotent: every row is looked up by a natural key first.

École communale de Jambes (Namur) meets the eTwinning School label conditions
(labels/demo.py gives its project a National Quality Label): registered years ago,
three teachers.

Every app's seeder writes its progress to ``stdout``; what a newcomer needs (the
logins) goes through :func:`summary`, which ``seed_demo`` prints last, together."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TextIO

from allauth.account.models import EmailAddress
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from accounts import services
from accounts.models import (
    Language,
    School,
    SchoolNetwork,
    Subject,
    SupportService,
    TeacherStatus,
    User,
    ValidationStatus,
)

DEMO_PASSWORD = "eTwinning-demo-2026"  # noqa: S105 - printed for the newcomer, demo only
# The demo staff's authenticator app (the admin requires a second factor), given only when
# DEBUG is on: never on a production database. ``manage.py demo_totp`` prints its code.
DEMO_TOTP_SECRET = "ETWINNINGFWBDEMOSECRETTOTP234567"  # noqa: S105 - base32, demo only


class DemoReport:
    """What ``seed_demo`` hands every app's seeder as ``stdout``: a line written is
    progress, shown at once; :func:`summary` lines are kept, under their heading, for
    the block the command prints at the end, where a newcomer looks for the logins."""

    def __init__(self, stdout) -> None:
        self.stdout = stdout
        self.sections: dict[str, list[str]] = {}

    def write(self, text: str) -> None:
        self.stdout.write(text if text.endswith("\n") else text + "\n")

    def summary_lines(self) -> list[str]:
        lines: list[str] = []
        for heading, items in self.sections.items():
            lines.append(heading)
            lines.extend(f"  {item}" for item in items)
        return lines


def summary(stdout: DemoReport | TextIO, heading: str, line: str) -> None:
    """Add ``line`` under ``heading`` to the summary ``seed_demo`` prints last; to a
    plain stream (an app's seeder run alone, as in tests) it is written at once."""
    if isinstance(stdout, DemoReport):
        stdout.sections.setdefault(heading, []).append(line)
    else:
        stdout.write(f"{heading} {line}\n")


LOGINS = f"Logins (the password of every demo account: {DEMO_PASSWORD})"
SECOND_FACTOR = "Second factor of the staff and the superuser (admin)"


@dataclass(frozen=True)
class DemoSchool:
    key: str
    name: str
    service: str
    city: str
    postcode: str
    levels: tuple[str, ...]
    email: str
    network: str = ""
    # Years since it registered on the portal (0: the day it is seeded).
    registered_years_ago: int = 0


SCHOOLS = [
    DemoSchool(
        "liege",
        "Athénée royal Liège Atlas",
        "be-fwb",
        "Liège",
        "4020",
        ("primary", "secondary"),
        "direction@ar-liege-atlas.be",
        SchoolNetwork.WBE,
    ),
    DemoSchool(
        "namur",
        "École communale de Jambes",
        "be-fwb",
        "Namur",
        "5100",
        ("nursery", "primary"),
        "ecole.jambes@ville.namur.be",
        SchoolNetwork.OFFICIAL,
        registered_years_ago=6,
    ),
    DemoSchool(
        "mons",
        "Institut Saint-Luc Mons",
        "be-fwb",
        "Mons",
        "7000",
        ("secondary",),
        "secretariat@saintluc-mons.be",
        SchoolNetwork.FREE_DENOMINATIONAL,
    ),
    DemoSchool(
        "bxl",
        "École fondamentale Les Marronniers",
        "be-fwb",
        "Bruxelles",
        "1060",
        ("nursery", "primary"),
        "info@marronniers.brussels",
        SchoolNetwork.OFFICIAL,
    ),
    DemoSchool(
        "gent",
        "Sint-Barbaracollege",
        "be-vl",
        "Gent",
        "9000",
        ("secondary",),
        "info@sint-barbaracollege.be",
    ),
    DemoSchool(
        "eupen",
        "Königliches Athenäum Eupen",
        "be-dg",
        "Eupen",
        "4700",
        ("secondary",),
        "sekretariat@kae.be",
    ),
    DemoSchool(
        "lisboa",
        "Escola Básica de Alvalade",
        "pt",
        "Lisboa",
        "1700-036",
        ("primary",),
        "direcao@eb-alvalade.pt",
    ),
    DemoSchool(
        "tbilisi",
        "Tbilisi Public School No. 55",
        "ge",
        "Tbilisi",
        "0160",
        ("primary", "secondary"),
        "school55@tbilisi.edu.ge",
    ),
    DemoSchool(
        "aarhus",
        "Skovvangskolen",
        "dk",
        "Aarhus",
        "8200",
        ("primary", "secondary"),
        "skovvangskolen@aarhus.dk",
    ),
    DemoSchool(
        "valletta",
        "St Albert the Great College",
        "mt",
        "Valletta",
        "VLT 1010",
        ("secondary",),
        "info@stalbert.edu.mt",
    ),
    DemoSchool(
        "sevilla",
        "CEIP Andalucía",
        "es",
        "Sevilla",
        "41005",
        ("nursery", "primary"),
        "41000000.edu@juntadeandalucia.es",
    ),
    DemoSchool(
        "brno",
        "Základní škola Brno, Křenová",
        "cz",
        "Brno",
        "602 00",
        ("primary",),
        "skola@zskrenova.cz",
    ),
    DemoSchool(
        "baku", "Baku School No. 132", "az", "Baku", "AZ1000", ("primary",), "school132@edu.gov.az"
    ),
    DemoSchool(
        "lyon",
        "Collège Jean Moulin",
        "fr",
        "Lyon",
        "69005",
        ("secondary",),
        "ce.0690000@ac-lyon.fr",
    ),
]


@dataclass(frozen=True)
class DemoTeacher:
    email: str
    first_name: str
    last_name: str
    school: str
    subjects: tuple[str, ...]
    languages: tuple[str, ...]
    ages: tuple[int, int]
    language: str
    bio: str
    status: str = TeacherStatus.VALIDATED
    role: str = "teacher"


TEACHERS = [
    DemoTeacher(
        "claire.dubois@demo.etwinning.be",
        "Claire",
        "Dubois",
        "liege",
        ("mathematics", "sciences"),
        ("fr", "en"),
        (9, 11),
        "fr",
        "Institutrice en 5e primaire, je cherche une classe pour des défis mathématiques "
        "et des jeux de logique.",
    ),
    DemoTeacher(
        "marc.lambert@demo.etwinning.be",
        "Marc",
        "Lambert",
        "namur",
        ("pre-primary", "arts"),
        ("fr",),
        (3, 6),
        "fr",
        "Classe maternelle : le voyage virtuel de notre mascotte Pistache à travers l'Europe.",
    ),
    DemoTeacher(
        "julie.hermans@demo.etwinning.be",
        "Julie",
        "Hermans",
        "namur",
        ("french", "geography"),
        ("fr", "en"),
        (7, 9),
        "fr",
        "Institutrice en 2e primaire : nous cherchons des classes pour échanger des "
        "albums illustrés et des recettes.",
    ),
    DemoTeacher(
        "olivier.dethier@demo.etwinning.be",
        "Olivier",
        "Dethier",
        "namur",
        ("citizenship",),
        ("fr", "nl"),
        (3, 12),
        "fr",
        "Directeur de l'école : eTwinning fait partie de notre projet d'établissement.",
        role="head",
    ),
    DemoTeacher(
        "sophie.renard@demo.etwinning.be",
        "Sophie",
        "Renard",
        "mons",
        ("history", "arts"),
        ("fr", "en", "nl"),
        (14, 17),
        "fr",
        "Professeure d'histoire de l'art : recherches croisées sur l'Art nouveau dans nos villes.",
    ),
    DemoTeacher(
        "nadia.benali@demo.etwinning.be",
        "Nadia",
        "Benali",
        "bxl",
        ("french", "citizenship"),
        ("fr", "ar", "en"),
        (8, 10),
        "fr",
        "Nous tenons un blog de « bonnes nouvelles » et cherchons des correspondants.",
        TeacherStatus.PENDING,
    ),
    DemoTeacher(
        "pieter.devos@demo.etwinning.be",
        "Pieter",
        "De Vos",
        "gent",
        ("citizenship", "modern-languages"),
        ("nl", "en", "fr"),
        (15, 18),
        "nl",
        "Debatten over stereotypen met Waalse en Maltese leerlingen.",
    ),
    DemoTeacher(
        "anna.schmitz@demo.etwinning.be",
        "Anna",
        "Schmitz",
        "eupen",
        ("modern-languages", "literature"),
        ("de", "fr", "en"),
        (13, 16),
        "de",
        "Deutsch- und Französischunterricht, gerne gemeinsame E-Books.",
    ),
    DemoTeacher(
        "ines.costa@demo.etwinning.pt",
        "Inês",
        "Costa",
        "lisboa",
        ("mathematics", "ict"),
        ("pt", "en", "fr"),
        (9, 11),
        "en",
        "Primary teacher: maths games and coding with 10-year-olds.",
    ),
    DemoTeacher(
        "nino.beridze@demo.etwinning.ge",
        "Nino",
        "Beridze",
        "tbilisi",
        ("mathematics", "modern-languages"),
        ("ka", "en", "ru"),
        (10, 12),
        "en",
        "English and maths through international projects.",
    ),
    DemoTeacher(
        "mette.jensen@demo.etwinning.dk",
        "Mette",
        "Jensen",
        "aarhus",
        ("environment", "sciences"),
        ("da", "en"),
        (12, 15),
        "en",
        "We design an ecological school with partner classes.",
    ),
    DemoTeacher(
        "joseph.camilleri@demo.etwinning.mt",
        "Joseph",
        "Camilleri",
        "valletta",
        ("citizenship", "philosophy"),
        ("mt", "en", "it"),
        (15, 18),
        "en",
        "Debating stereotypes across Europe.",
    ),
    DemoTeacher(
        "lucia.garcia@demo.etwinning.es",
        "Lucía",
        "García",
        "sevilla",
        ("modern-languages", "french"),
        ("es", "fr"),
        (9, 12),
        "en",
        "Mis alumnos aprenden francés: buscamos correspondientes belgas.",
    ),
    DemoTeacher(
        "tomas.novak@demo.etwinning.cz",
        "Tomáš",
        "Novák",
        "brno",
        ("modern-languages",),
        ("cs", "en"),
        (10, 12),
        "en",
        "Communicating in English with young pen-friends.",
    ),
    DemoTeacher(
        "leyla.aliyeva@demo.etwinning.az",
        "Leyla",
        "Aliyeva",
        "baku",
        ("literature", "ict"),
        ("az", "en", "ru"),
        (8, 10),
        "en",
        "Writing an e-book together with children from other countries.",
    ),
    DemoTeacher(
        "julien.martin@demo.etwinning.fr",
        "Julien",
        "Martin",
        "lyon",
        ("health", "sciences"),
        ("fr", "en"),
        (11, 14),
        "fr",
        "Un circuit de découvertes culinaires entre collèges européens.",
    ),
]

STAFF = [
    ("staff.fwb@demo.etwinning.be", "Fatima", "El Amrani", "be-fwb"),
    ("staff.vl@demo.etwinning.be", "Jan", "Peeters", "be-vl"),
    ("staff.dg@demo.etwinning.be", "Lena", "Kessler", "be-dg"),
]
SUPERUSER = "admin@demo.etwinning.be"


# Earlier demos stored one proof for every teacher; a stored file now belongs to one row
# (it leaves storage when that row's file is replaced or deleted), so each gets a copy.
SHARED_DEMO_PROOF = "proofs/demo-proof.pdf"


def _demo_proof() -> ContentFile:
    from io import BytesIO

    from reportlab.pdfgen import canvas

    buffer = BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 770, "Attestation d'emploi (document de démonstration)")
    pdf.save()
    return ContentFile(buffer.getvalue(), name="proof.pdf")


def seed(stdout) -> None:
    schools: dict[str, School] = {}
    for demo in SCHOOLS:
        service = SupportService.objects.get(code=demo.service)
        schools[demo.key], _ = School.objects.update_or_create(
            name=demo.name,
            country=service.country,
            defaults={
                "support_service": service,
                "city": demo.city,
                "postcode": demo.postcode,
                "contact_email": demo.email,
                "level_nursery": "nursery" in demo.levels,
                "level_primary": "primary" in demo.levels,
                "level_secondary": "secondary" in demo.levels,
                "network": demo.network,
                "status": ValidationStatus.VALIDATED,
                "decided_at": timezone.now(),
            },
        )
        if demo.registered_years_ago:
            registered = timezone.now() - datetime.timedelta(days=366 * demo.registered_years_ago)
            School.objects.filter(pk=schools[demo.key].pk, created_at__gt=registered).update(
                created_at=registered
            )
    for demo in TEACHERS:
        school = schools[demo.school]
        teacher = User.objects.filter(email=demo.email).first() or User(email=demo.email)
        teacher.first_name, teacher.last_name = demo.first_name, demo.last_name
        teacher.role = demo.role
        teacher.school = school
        teacher.support_service = school.support_service
        teacher.age_min, teacher.age_max = demo.ages
        teacher.bio = demo.bio
        teacher.preferred_language = demo.language
        teacher.available_for_projects = True
        teacher.status = demo.status
        if teacher.proof_of_employment.name in ("", None, SHARED_DEMO_PROOF):
            teacher.proof_of_employment = _demo_proof()
        if demo.status == TeacherStatus.VALIDATED and teacher.decided_at is None:
            teacher.decided_at = timezone.now()
        if demo.status == TeacherStatus.PENDING and teacher.pending_since is None:
            # Waiting longer than STAFF_QUEUE_LATE_DAYS: the staff desk shows it late.
            teacher.pending_since = timezone.now() - datetime.timedelta(days=9)
        teacher.set_password(DEMO_PASSWORD)
        teacher.save()
        teacher.subjects.set(Subject.objects.filter(code__in=demo.subjects))
        teacher.languages.set(Language.objects.filter(code__in=demo.languages))
        EmailAddress.objects.update_or_create(
            user=teacher, email=demo.email, defaults={"verified": True, "primary": True}
        )
    _proposed_school()
    services.staff_group_sync()
    for email, first, last, code in STAFF:
        services.staff_member_create(
            email=email,
            password=DEMO_PASSWORD,
            service=SupportService.objects.get(code=code),
            first_name=first,
            last_name=last,
        )
    services.staff_member_create(
        email=SUPERUSER,
        password=DEMO_PASSWORD,
        service=None,
        first_name="Admin",
        last_name="eTwinning",
        superuser=True,
    )
    if settings.DEBUG:
        for email in [SUPERUSER, *(email for email, *_rest in STAFF)]:
            Authenticator.objects.update_or_create(
                user=User.objects.get(email=email),
                type=Authenticator.Type.TOTP,
                defaults={"data": {"secret": encrypt(DEMO_TOTP_SECRET)}},
            )

    summary(stdout, LOGINS, f"{SUPERUSER:<38} superuser: every service, the admin")
    for email, _first, _last, code in STAFF:
        summary(stdout, LOGINS, f"{email:<38} staff of the {code} support service")
    for demo in TEACHERS:
        school = schools[demo.school]
        pending = ", pending validation" if demo.status != TeacherStatus.VALIDATED else ""
        summary(
            stdout,
            LOGINS,
            f"{demo.email:<38} teacher{pending}, {school.city} ({school.support_service.code})",
        )
    _write_second_factor(stdout)


def _proposed_school() -> None:
    """A school the pending teacher proposed: the FWB staff desk's schools line."""
    proposer = User.objects.filter(status=TeacherStatus.PENDING, is_staff=False).order_by("pk")
    service = SupportService.objects.get(code="be-fwb")
    School.objects.get_or_create(
        name="École fondamentale du Sacré-Cœur",
        country=service.country,
        defaults={
            "support_service": service,
            "city": "Bruxelles",
            "postcode": "1000",
            "level_primary": True,
            "network": SchoolNetwork.FREE_DENOMINATIONAL,
            "status": ValidationStatus.PENDING,
            "proposed_by": proposer.first(),
        },
    )


def _write_second_factor(stdout) -> None:
    """What a demo staff member needs after the password (docs/authentication.md)."""
    if not settings.DEBUG:
        summary(stdout, SECOND_FACTOR, "set up an authenticator app at first admin login.")
        return
    url = get_mfa_adapter().build_totp_url(User.objects.get(email=SUPERUSER), DEMO_TOTP_SECRET)
    summary(stdout, SECOND_FACTOR, f"demo secret {DEMO_TOTP_SECRET} (DEBUG only), in an app: {url}")
    summary(stdout, SECOND_FACTOR, "or the current code: .venv/bin/python manage.py demo_totp")
