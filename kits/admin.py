"""Kits in the admin. A kit is pedagogical content for every service's teachers,
not a row of one service: staff of any service write kits (add, change, preview
unpublished ones) — the issue asks for kits "written by staff", and a kit written
in Eupen serves teachers in Liège. Deleting a *published* kit is for superusers
only: teachers found projects from it and may have its address; staff unpublish
it instead. A kit a project was founded from is never deleted (KitUse PROTECTs it)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from kits.forms import KitStepAdminForm
from kits.models import Kit, KitStep


def _is_staff(user) -> bool:
    return bool(user.is_active and user.is_staff)


class KitStepInline(TranslationStackedInline):
    model = KitStep
    form = KitStepAdminForm
    extra = 0
    fields = ("position", "title", "body")


@admin.register(Kit)
class KitAdmin(TranslationAdmin):
    list_display = (
        "title",
        "age_min",
        "age_max",
        "duration_weeks",
        "is_published",
        "position",
        "use_count",
    )
    list_filter = ("is_published", "subjects")
    list_editable = ("position",)
    search_fields = ("title", "summary")
    filter_horizontal = ("subjects",)
    inlines = [KitStepInline]
    fieldsets = (
        (None, {"fields": ("title", "summary", "subjects", ("age_min", "age_max"))}),
        (
            _("Le projet"),
            {"fields": ("objectives", "evaluation", "suggested_tools")},
        ),
        (
            _("Durée et publication"),
            {"fields": ("duration", "duration_weeks", "is_published", "position")},
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(use_count=Count("uses"))

    @admin.display(description=_("projets fondés"), ordering="use_count")
    def use_count(self, obj):
        return obj.use_count

    def has_module_permission(self, request):
        return _is_staff(request.user) and super().has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        if request.user.is_superuser:
            return True
        # Staff delete an unpublished kit from its own page; the list's bulk delete
        # (obj None) could take published ones with it.
        return obj is not None and not obj.is_published
