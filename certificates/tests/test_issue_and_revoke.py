"""Issuing a certificate once per award, its code, and who may revoke it."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.tests.factories import service
from certificates.models import CODE_ALPHABET, CODE_LENGTH, Certificate, CertificateKind
from certificates.services import certificate_issue, certificate_revoke, certificate_withdraw

pytestmark = pytest.mark.django_db


def issue(source: str = "1", **extra) -> Certificate:
    return certificate_issue(
        kind=extra.pop("kind", CertificateKind.TRAINING),
        source=source,
        holder_name=extra.pop("holder_name", "Claire Dubois"),
        subject_title=extra.pop("subject_title", "Le TwinSpace pas à pas"),
        issued_on=extra.pop("issued_on", datetime.date(2026, 3, 14)),
        service=extra.pop("service", service("be-fwb")),
        **extra,
    )


def test_issuing_the_same_award_twice_returns_the_same_certificate():
    first = issue("42")
    again = issue("42", holder_name="Someone Else", subject_title="Other")

    assert again.pk == first.pk and again.code == first.code
    assert again.holder_name == "Claire Dubois"
    assert Certificate.objects.count() == 1


def test_the_same_source_of_another_kind_is_another_certificate():
    assert issue("7").pk != issue("7", kind=CertificateKind.NATIONAL_LABEL).pk


def test_codes_are_long_unique_and_typed_without_ambiguous_letters():
    codes = [issue(str(n)).code for n in range(300)]

    assert len(set(codes)) == 300
    assert {len(code) for code in codes} == {CODE_LENGTH} and CODE_LENGTH >= 20
    assert set("".join(codes)) <= set(CODE_ALPHABET)
    assert not set("ILOU") & set(CODE_ALPHABET)


def test_codes_do_not_follow_the_order_of_issue():
    codes = [issue(str(n)).code for n in range(20)]
    assert codes != sorted(codes)


# Written by hand: who may revoke a certificate of the FWB service.
REVOKE_ALLOWED = {
    "staff_fwb": True,
    "staff_vl": False,
    "staff_dg": False,
    "superuser": True,
    "teacher": False,
}


@pytest.mark.parametrize(("role", "allowed"), REVOKE_ALLOWED.items())
def test_only_staff_of_the_issuing_service_revoke(request, role, allowed):
    certificate = issue("9")
    actor = request.getfixturevalue(role)

    if allowed:
        certificate_revoke(certificate=certificate, by=actor, reason="Erreur de saisie")
    else:
        with pytest.raises(PermissionDenied):
            certificate_revoke(certificate=certificate, by=actor, reason="Erreur de saisie")

    certificate.refresh_from_db()
    assert certificate.is_revoked is allowed
    assert (certificate.revoked_by_id == actor.pk) is allowed


def test_a_revocation_needs_a_reason(staff_fwb):
    certificate = issue("3")
    with pytest.raises(ValidationError):
        certificate_revoke(certificate=certificate, by=staff_fwb, reason="  ")
    certificate.refresh_from_db()
    assert not certificate.is_revoked


def test_a_staff_revocation_is_final_even_if_the_award_is_asked_again(staff_fwb):
    certificate = certificate_revoke(certificate=issue("5"), by=staff_fwb, reason="Fraude")

    again = issue("5")

    assert again.pk == certificate.pk and again.is_revoked


def test_a_certificate_withdrawn_with_its_award_comes_back_with_it():
    certificate = issue("8")

    assert certificate_withdraw(kind=CertificateKind.TRAINING, source="8", reason="absent")
    certificate.refresh_from_db()
    assert certificate.is_revoked

    again = issue("8")
    assert again.pk == certificate.pk and again.code == certificate.code
    assert not again.is_revoked


def test_withdrawing_an_award_never_certified_changes_nothing():
    assert certificate_withdraw(kind=CertificateKind.TRAINING, source="404", reason="x") is False


def test_a_teachers_certificates_are_in_their_data_export(teacher):
    from accounts.services import teacher_export_data

    certificate = issue("11", holder=teacher)

    exported = teacher_export_data(user=teacher)["certificates"]

    assert [row["code"] for row in exported] == [certificate.code]
    assert exported[0]["kind"] == "training" and exported[0]["revoked_at"] is None
