import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from accounts.models import School, TeacherStatus
from accounts.tests.factories import (
    PDF_BYTES,
    SchoolFactory,
    TeacherFactory,
    profile_data,
    service,
)


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, "PNG")
    return buffer.getvalue()


def test_the_school_search_finds_by_name_city_or_postcode(client, db):
    newcomer = TeacherFactory(status=TeacherStatus.NEW)
    SchoolFactory(name="École communale de Jambes", city="Namur", postcode="5100")
    client.force_login(newcomer)
    for query in ["jambes", "Namur", "510"]:
        body = client.get(reverse("accounts:school_search"), {"school_q": query}).content.decode()
        assert "École communale de Jambes" in body, query


def test_the_school_search_never_offers_rejected_schools(client, db):
    newcomer = TeacherFactory(status=TeacherStatus.NEW)
    SchoolFactory(name="Doublon refusé", status="rejected")
    client.force_login(newcomer)
    body = client.get(reverse("accounts:school_search"), {"school_q": "Doublon"}).content.decode()
    assert "Doublon refusé" not in body


def test_the_profile_page_works_without_javascript(client, db):
    newcomer = TeacherFactory(status=TeacherStatus.NEW)
    SchoolFactory(name="Institut Saint-Luc", city="Mons")
    client.force_login(newcomer)
    body = client.get(reverse("accounts:profile"), {"school_q": "Saint-Luc"}).content.decode()
    assert 'type="radio" name="school"' in body
    assert "Institut Saint-Luc" in body


def test_a_renamed_executable_is_refused_as_proof_and_nothing_is_lost(client, db, fwb_school):
    newcomer = TeacherFactory(status=TeacherStatus.NEW, proof_of_employment="")
    client.force_login(newcomer)
    fake = SimpleUploadedFile("attestation.pdf", b"MZ\x90\x00 this is a windows program")
    response = client.post(
        reverse("accounts:profile"),
        profile_data(fwb_school, bio="Ma classe de 3e maternelle", proof_of_employment=fake),
    )
    assert response.status_code == 200
    assert "Format non accepté" in response.content.decode()
    assert "Ma classe de 3e maternelle" in response.content.decode()
    newcomer.refresh_from_db()
    assert newcomer.status == TeacherStatus.NEW
    assert not newcomer.proof_of_employment


def test_an_oversized_proof_is_refused(client, db, fwb_school, settings):
    settings.PROOF_OF_EMPLOYMENT_MAX_BYTES = 100
    newcomer = TeacherFactory(status=TeacherStatus.NEW, proof_of_employment="")
    client.force_login(newcomer)
    big = SimpleUploadedFile("a.pdf", PDF_BYTES + b"0" * 200)
    response = client.post(
        reverse("accounts:profile"), profile_data(fwb_school, proof_of_employment=big)
    )
    assert "taille maximale" in response.content.decode()


def test_a_png_proof_is_accepted_and_stored_under_a_generated_name(client, db, fwb_school):
    newcomer = TeacherFactory(status=TeacherStatus.NEW, proof_of_employment="")
    client.force_login(newcomer)
    upload = SimpleUploadedFile("../../etc/passwd.png", _png())
    response = client.post(
        reverse("accounts:profile"), profile_data(fwb_school, proof_of_employment=upload)
    )
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.status == TeacherStatus.PENDING
    assert newcomer.proof_of_employment.name.endswith(".png")
    assert "passwd" not in newcomer.proof_of_employment.name


def test_age_range_must_be_ordered(client, db, fwb_school):
    newcomer = TeacherFactory(status=TeacherStatus.NEW)
    client.force_login(newcomer)
    response = client.post(
        reverse("accounts:profile"), profile_data(fwb_school, age_min=12, age_max=8)
    )
    assert response.status_code == 200
    assert "supérieur ou égal" in response.content.decode()


def test_proposing_a_school_creates_it_pending_for_the_right_service(client, db):
    newcomer = TeacherFactory(status=TeacherStatus.NEW)
    client.force_login(newcomer)
    response = client.post(
        reverse("accounts:school_propose"),
        {
            "name": "Sint-Jozefsschool",
            "support_service": service("be-vl").pk,
            "postcode": "9000",
            "city": "Gent",
            "level_primary": "on",
        },
    )
    school = School.objects.get(name="Sint-Jozefsschool")
    assert response["Location"].endswith(f"?school={school.pk}")
    assert (school.status, school.support_service.code, school.country.code) == (
        "pending",
        "be-vl",
        "BE",
    )
    assert school.proposed_by == newcomer


def test_proposing_a_school_without_a_level_is_refused_and_keeps_the_input(client, db):
    newcomer = TeacherFactory(status=TeacherStatus.NEW)
    client.force_login(newcomer)
    response = client.post(
        reverse("accounts:school_propose"),
        {
            "name": "École sans niveau",
            "support_service": service("be-fwb").pk,
            "postcode": "1000",
            "city": "Bruxelles",
        },
    )
    assert response.status_code == 200
    assert "Cochez au moins un niveau" in response.content.decode()
    assert 'value="École sans niveau"' in response.content.decode()
    assert not School.objects.filter(name="École sans niveau").exists()
