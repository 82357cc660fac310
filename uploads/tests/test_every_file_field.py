"""Every file field of every model is written through the upload pipeline: a new
field makes this test fail until its writes are routed through it (and listed here),
and none of them can be changed in admin, where the pipeline would be skipped."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import RequestFactory

from uploads.orphans import _file_fields

# Hand-written: each file field and the service that checks what it stores.
CHECKED_BY = {
    ("accounts.user", "proof_of_employment"): "accounts.services.teacher_profile_update",
    ("space.storedfile", "file"): "projects.space.services._file_store",
    ("labels.schoollabelapplication", "declaration_file"): "labels.services.school_label_apply",
}


def test_every_file_field_is_one_the_pipeline_checks():
    found = {(model._meta.label_lower, field.name) for model, field in _file_fields()}
    assert found == set(CHECKED_BY)


@pytest.mark.django_db
def test_no_file_field_can_be_uploaded_through_admin(superuser):
    request = RequestFactory().get("/")
    request.user = superuser
    checked = set()
    for model, field in _file_fields():
        model_admin = admin.site._registry.get(model)
        if model_admin is None:
            continue
        form = model_admin.get_form(request, model())
        assert field.name not in form.base_fields, model._meta.label
        checked.add(model._meta.label_lower)
    assert {"accounts.user", "labels.schoollabelapplication"} <= checked
