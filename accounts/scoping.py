"""Who may act on what: support-service staff act only for their own service.

Every admin and service of the portal asks this module, so the rule lives in one
place: a superuser acts for every service; a staff member for the one service
they belong to; anybody else for none.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, QuerySet

if TYPE_CHECKING:
    from accounts.models import SupportService, User


def can_act_for_service(user: User, service: SupportService | int | None) -> bool:
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    if user.is_superuser:
        return True
    service_id = getattr(service, "pk", service)
    return user.staff_service_id is not None and user.staff_service_id == service_id


def scope_to_service(queryset: QuerySet, user: User, lookup: str) -> QuerySet:
    """Restrict ``queryset`` to rows whose ``lookup`` (a path to a SupportService)
    is the staff member's service. Superusers see everything, others nothing."""
    if user.is_superuser:
        return queryset
    if not user.is_staff or user.staff_service_id is None:
        return queryset.none()
    return queryset.filter(**{lookup: user.staff_service_id}).distinct()


def offer_active_references(fields: dict, obj: Model | None) -> None:
    """In a staff form, offer retired reference rows (``is_active=False``) only
    where the object already has them, so that saving it keeps them."""
    for name, field in fields.items():
        queryset = getattr(field, "queryset", None)
        if not hasattr(queryset, "offered"):
            continue
        kept: list = []
        if obj is not None and obj.pk is not None:
            try:
                model_field = obj._meta.get_field(name)
            except FieldDoesNotExist:
                model_field = None
            if model_field is not None and model_field.many_to_many:
                kept = list(getattr(obj, name).all())
            elif model_field is not None:
                kept = [getattr(obj, model_field.attname)]
        field.queryset = queryset.offered(keep=[row for row in kept if row is not None])


class ServiceScopedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose lists, searches, filters, actions and object pages only
    reach the rows of the staff member's support service.

    ``service_lookup`` is the ORM path from the model to its SupportService.
    """

    service_lookup: str = "support_service"

    def get_queryset(self, request):
        return scope_to_service(super().get_queryset(request), request.user, self.service_lookup)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        offer_active_references(form.base_fields, obj)
        return form

    def _in_scope(self, request, obj) -> bool:
        if obj is None or request.user.is_superuser:
            return True
        return self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._in_scope(request, obj)

    def has_module_permission(self, request):
        user = request.user
        scoped = user.is_superuser or getattr(user, "staff_service_id", None) is not None
        return scoped and super().has_module_permission(request)

    def lookup_allowed(self, lookup, value, request=None):
        # The staff desk links a superuser to one service's rows (accounts/admin_queue.py);
        # a staff member's list is scoped to their service whatever the query says.
        if lookup == f"{self.service_lookup}__id__exact":
            return True
        return super().lookup_allowed(lookup, value, request)


class OwnServiceMixin:
    """For a ModelAdmin of rows a service publishes (``service`` field): staff create
    them for their own service; only superusers choose the service."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "service" and not request.user.is_superuser:
            kwargs["queryset"] = db_field.related_model.objects.filter(
                pk=request.user.staff_service_id
            )
            kwargs["initial"] = request.user.staff_service_id
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
