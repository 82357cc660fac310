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
    ("groups.group", "image"): "groups.services.group_propose, groups.admin.GroupAdminForm",
    ("groups.resource", "file"): "groups.services.resource_add",
}
# Hand-written: the file fields staff may set in admin, because its form cleans them
# through the pipeline (a group's image, when staff create the group there).
ADMIN_THROUGH_PIPELINE = {("groups.group", "image")}


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
        if (model._meta.label_lower, field.name) in ADMIN_THROUGH_PIPELINE:
            assert hasattr(form, f"clean_{field.name}"), model._meta.label
            continue
        assert field.name not in form.base_fields, model._meta.label
        checked.add(model._meta.label_lower)
    assert {"accounts.user", "labels.schoollabelapplication"} <= checked


def _png(size=(8, 8)) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="PNG", pnginfo=None)
    return out.getvalue()


@pytest.mark.django_db
def test_the_group_image_set_in_admin_goes_through_the_pipeline():
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from groups.admin import GroupAdminForm

    form = GroupAdminForm()
    form.cleaned_data = {
        "image": SimpleUploadedFile(
            "photo.png", b"<html><script>alert(1)</script></html>", content_type="image/png"
        )
    }
    with pytest.raises(ValidationError):
        form.clean_image()

    real = _png()
    form.cleaned_data = {"image": SimpleUploadedFile("photo.png", real, content_type="image/png")}
    stored = form.clean_image()
    stored.seek(0)
    assert stored.read() != real  # re-encoded by the pipeline, not stored as sent
