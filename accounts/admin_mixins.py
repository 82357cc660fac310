"""Who may write the rows every support service shares.

An admin row is either service-scoped (a school, a teacher, a project: see
``accounts.scoping.ServiceScopedAdmin``) or portal-wide (reference data, the label
round, the project settings, the beat schedule…). Portal-wide rows are changed by
superusers only: one service's staff must not change what the others rely on.
Service staff read them. And nobody, superusers included, deletes a row that
something still refers to: it is retired instead (``is_active``).
"""

from __future__ import annotations

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.actions import delete_selected
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.template.response import TemplateResponse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from accounts.selectors import row_usages

RETIRE_FIELD = "is_active"


def _is_staff(user) -> bool:
    return bool(user.is_active and user.is_staff)


def usage_lines(rows) -> list[str]:
    """Where each row is used, one line per kind of referring object."""
    lines = []
    for row in rows:
        for usage in row_usages(row=row):
            more = "…" if usage.count > len(usage.examples) else ""
            lines.append(
                _("« %(row)s » — %(model)s (%(count)d) : %(examples)s%(more)s")
                % {
                    "row": row,
                    "model": capfirst(usage.model._meta.verbose_name_plural),
                    "count": usage.count,
                    "examples": ", ".join(_("« %(name)s »") % {"name": n} for n in usage.examples),
                    "more": more,
                }
            )
    return lines


def _retire_field_label(model: type[models.Model]) -> str:
    try:
        return str(model._meta.get_field(RETIRE_FIELD).verbose_name)
    except FieldDoesNotExist:
        return ""


def _delete_selected_in_use_aware(modeladmin, request, queryset):
    response = delete_selected(modeladmin, request, queryset)
    if isinstance(response, TemplateResponse):
        response.context_data["retire_field"] = _retire_field_label(modeladmin.model)
    return response


class PortalWideAdmin:
    """Put before the ModelAdmin base: superusers write, service staff read.

    Deleting a row in use (by a foreign key, PROTECT, or by a many-to-many field,
    which the database would silently empty) is refused on the delete page and
    by the delete_selected action, for everyone, with the list of its uses.
    """

    delete_confirmation_template = "admin/portal_wide/delete_confirmation.html"
    delete_selected_confirmation_template = "admin/portal_wide/delete_selected_confirmation.html"

    def has_module_permission(self, request):
        return _is_staff(request.user)

    def has_view_permission(self, request, obj=None):
        return _is_staff(request.user)

    def has_add_permission(self, request):
        return request.user.is_superuser and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        # Django lists every protected object (thousands of teachers for a service);
        # one line per kind of use is readable, and also covers many-to-many uses.
        in_use = usage_lines(objs)
        return deleted, model_count, perms_needed, in_use or protected

    def render_delete_form(self, request, context):
        context["retire_field"] = _retire_field_label(self.model)
        return super().render_delete_form(request, context)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            _func, name, description = actions["delete_selected"]
            actions["delete_selected"] = (_delete_selected_in_use_aware, name, description)
        return actions


class SuperuserOnlyAdmin(PortalWideAdmin):
    """Portal-wide rows that service staff do not even read (addresses of every
    service, the beat schedule, permission groups)."""

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser


def restrict_to_superusers(model: type[models.Model], site: admin.AdminSite = admin.site) -> None:
    """Put a third-party app's ModelAdmin behind SuperuserOnlyAdmin. Its app must
    come before ours in INSTALLED_APPS, so that its admin is registered already."""
    original = type(site.get_model_admin(model))
    site.unregister(model)
    site.register(model, type(original.__name__, (SuperuserOnlyAdmin, original), {}))


def portal_wide_models(site: admin.AdminSite = admin.site) -> list[type[models.Model]]:
    """The models whose admin is portal-wide: the staff group gets no add, change
    or delete permission on them."""
    return [
        model
        for model in apps.get_models()
        if site.is_registered(model) and isinstance(site.get_model_admin(model), PortalWideAdmin)
    ]
