import json

from django.urls import reverse

from accounts.models import User


def test_a_teacher_downloads_all_their_data_as_json(client, teacher):
    client.force_login(teacher)
    response = client.get(reverse("accounts:export"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["account"]["email"] == teacher.email
    assert data["profile"]["school"]["name"] == teacher.school.name
    assert data["profile"]["school"]["support_service"] == "be-fwb"
    assert data["profile"]["proof_of_employment_uploaded"] is True


def test_the_export_requires_login(client, db):
    response = client.get(reverse("accounts:export"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_deleting_the_account_needs_the_confirmation_box(client, teacher):
    client.force_login(teacher)
    response = client.post(reverse("accounts:delete"), {})
    assert response.status_code == 200
    assert User.objects.filter(pk=teacher.pk).exists()


def test_deleting_the_account_removes_it_and_ends_the_session(
    client, teacher, django_capture_on_commit_callbacks
):
    client.force_login(teacher)
    proof = teacher.proof_of_employment
    storage, name = proof.storage, proof.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:delete"), {"confirm": "on"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=teacher.pk).exists()
    assert not storage.exists(name)
    assert client.get(reverse("accounts:dashboard")).status_code == 302
