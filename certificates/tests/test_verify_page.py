"""The public verification page: anyone, no login, the five facts and nothing more."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils.html import escape

from accounts.tests.factories import service
from certificates.models import CertificateKind
from certificates.services import certificate_issue, certificate_revoke

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(teacher):
    return certificate_issue(
        kind=CertificateKind.NATIONAL_LABEL,
        source="77",
        holder=teacher,
        holder_name="Claire Dubois",
        subject_title="Le voyage de la mascotte",
        issued_on=datetime.date(2026, 6, 12),
        service=service("be-fwb"),
    )


def test_anyone_reads_what_the_code_certifies(client, certificate):
    response = client.get(reverse("certificates:verify", args=[certificate.code]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Label de qualité national" in page
    assert "Claire Dubois" in page
    assert "Le voyage de la mascotte" in page
    assert "12 juin 2026" in page
    assert escape(service("be-fwb").name) in page
    assert "est valide" in page


def test_the_page_shows_nothing_more_than_the_facts(client, certificate, teacher):
    page = client.get(reverse("certificates:verify", args=[certificate.code])).content.decode()

    facts = page.split('data-testid="verify-facts"')[1].split("</dl>")[0]
    assert facts.count("<dt>") == 5
    assert teacher.email not in page
    assert teacher.school.name not in page
    assert f">{certificate.source}<" not in facts


def test_the_page_is_kept_out_of_search_engines(client, certificate):
    response = client.get(reverse("certificates:verify", args=[certificate.code]))

    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()


def test_a_revoked_certificate_says_so(client, certificate, staff_fwb):
    certificate_revoke(certificate=certificate, by=staff_fwb, reason="Erreur")

    response = client.get(reverse("certificates:verify", args=[certificate.code]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "a été révoqué le" in page and "est valide" not in page
    assert "Erreur" not in page  # the reason is the staff's


def test_an_unknown_code_says_so(client, certificate):
    other = "0" * len(certificate.code)
    response = client.get(reverse("certificates:verify", args=[other]))

    assert response.status_code == 404
    page = response.content.decode()
    assert "Aucun certificat ne porte ce code" in page
    assert "Claire Dubois" not in page


def test_a_malformed_code_is_an_unknown_one(client):
    response = client.get(reverse("certificates:verify", args=["not-a-code"]))
    assert response.status_code == 404
    assert "Aucun certificat ne porte ce code" in response.content.decode()


def test_a_code_typed_in_lower_case_with_dashes_is_found(client, certificate):
    code = certificate.code.lower()
    typed = "-".join(code[i : i + 4] for i in range(0, len(code), 4))

    response = client.get(reverse("certificates:verify", args=[typed]))

    assert response.status_code == 200 and "Claire Dubois" in response.content.decode()


def test_the_page_speaks_the_language_of_its_address(client, certificate):
    response = client.get(f"/nl/verify/{certificate.code}/")
    assert response.status_code == 200
    assert 'lang="nl"' in response.content.decode()


def test_the_page_only_reads(client, certificate):
    url = reverse("certificates:verify", args=[certificate.code])
    assert client.head(url).status_code == 200
    assert client.post(url).status_code == 405
