from __future__ import annotations

import factory
from allauth.account.models import EmailAddress

from accounts.models import (
    Country,
    School,
    SupportService,
    TeacherStatus,
    User,
    ValidationStatus,
)
from uploads.tests.files import pdf_bytes

# A real one-page PDF: the upload pipeline parses PDFs and refuses what it cannot read.
PDF_BYTES = pdf_bytes()


def service(code: str) -> SupportService:
    return SupportService.objects.select_related("country").get(code=code)


def country(code: str) -> Country:
    return Country.objects.get(code=code)


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    name = factory.Sequence(lambda n: f"École n°{n}")
    support_service = factory.LazyFunction(lambda: service("be-fwb"))
    country = factory.LazyAttribute(lambda o: o.support_service.country)
    city = "Liège"
    postcode = "4000"
    level_primary = True
    contact_email = factory.Sequence(lambda n: f"school{n}@example.org")
    status = ValidationStatus.VALIDATED


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = factory.Faker("first_name", locale="fr_BE")
    last_name = factory.Faker("last_name", locale="fr_BE")
    password = factory.PostGenerationMethodCall("set_password", "pass-word-123")

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if create:
            obj.save()
            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )


class TeacherFactory(UserFactory):
    school = factory.SubFactory(SchoolFactory)
    support_service = factory.LazyAttribute(lambda o: o.school.support_service)
    status = TeacherStatus.VALIDATED
    age_min = 9
    age_max = 11
    preferred_language = "fr"
    proof_of_employment = factory.django.FileField(filename="proof.pdf", data=PDF_BYTES)


def profile_data(school: School, **extra) -> dict:
    """What a teacher posts on the profile form, with ``extra`` fields added or changed."""
    data = {
        "first_name": "Marc",
        "last_name": "Lambert",
        "role": "teacher",
        "school": school.pk,
        "age_min": 3,
        "age_max": 6,
        "preferred_language": "fr",
    }
    data.update(extra)
    return data


class StaffFactory(UserFactory):
    is_staff = True
    staff_service = factory.LazyFunction(lambda: service("be-fwb"))

    @factory.post_generation
    def in_staff_group(obj, create, extracted, **kwargs):
        if create:
            from accounts.services import staff_group_sync

            obj.groups.add(staff_group_sync())


class SuperuserFactory(UserFactory):
    is_staff = True
    is_superuser = True


__all__ = [
    "SchoolFactory",
    "TeacherFactory",
    "StaffFactory",
    "SuperuserFactory",
    "UserFactory",
    "service",
    "country",
    "PDF_BYTES",
    "profile_data",
]
