from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)
from modeltranslation.admin import TranslationAdmin

from accounts import services
from accounts.admin_mixins import PortalWideAdmin, restrict_to_superusers
from accounts.forms import RejectionForm
from accounts.models import Country, Language, School, Subject, SupportService, User
from accounts.scoping import ServiceScopedAdmin

# Reference data every service shares: superusers change it, staff read it
# (PortalWideAdmin); a row in use is retired (is_active), never deleted.


@admin.register(Country)
class CountryAdmin(PortalWideAdmin, TranslationAdmin):
    list_display = ("name", "code", "programme", "is_active")
    list_filter = ("programme", "is_active")
    search_fields = ("name", "code")
    list_editable = ("is_active",)


@admin.register(Subject)
class SubjectAdmin(PortalWideAdmin, TranslationAdmin):
    list_display = ("name", "code", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "code")


@admin.register(Language)
class LanguageAdmin(PortalWideAdmin, TranslationAdmin):
    list_display = ("name", "code", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "code")


@admin.register(SupportService)
class SupportServiceAdmin(PortalWideAdmin, TranslationAdmin):
    list_display = ("name", "code", "country", "email", "is_active")
    list_filter = ("country__programme", "is_active")
    search_fields = ("name", "code")
    # A web address typed without a scheme is an https one (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


# Third-party rows that are the portal's, not a service's: the beat schedule, the
# permission groups, every service's e-mail addresses and second factors.
for _model in (
    Group,
    PeriodicTask,
    IntervalSchedule,
    CrontabSchedule,
    SolarSchedule,
    ClockedSchedule,
    EmailAddress,
    Authenticator,
):
    restrict_to_superusers(_model)


def _apply_to_each(modeladmin, request, queryset, action, **kwargs) -> None:
    """Run one service per selected row, each in its own transaction, and report
    successes and refusals separately."""
    done, refused = 0, []
    for obj in queryset:
        try:
            action(by=request.user, **{modeladmin.service_argument: obj}, **kwargs)
            done += 1
        except (ValidationError, PermissionDenied) as exc:
            refused.append(f"{obj}: {' '.join(getattr(exc, 'messages', [str(exc)]))}")
    if done:
        modeladmin.message_user(
            request,
            ngettext("%(count)d dossier traité.", "%(count)d dossiers traités.", done)
            % {"count": done},
            messages.SUCCESS,
        )
    for line in refused:
        modeladmin.message_user(request, line, messages.WARNING)


class InScopeRelatedFilter(admin.RelatedOnlyFieldListFilter):
    """A filter on a related field that offers only the values the staff member's rows
    have: FWB staff, who see Belgian teachers only, are not offered forty countries (a
    filter left with one value is not shown at all, as Django does). Superusers see
    every row: they get every value, without a DISTINCT over the whole table."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        self.everything = request.user.is_superuser
        super().__init__(field, request, params, model, model_admin, field_path)

    def field_choices(self, field, request, model_admin):
        if self.everything:
            return admin.RelatedFieldListFilter.field_choices(self, field, request, model_admin)
        return super().field_choices(field, request, model_admin)

    @property
    def include_empty_choice(self) -> bool:
        # A staff member's rows all have their service: "none" cannot match.
        return self.everything and super().include_empty_choice


def _columns_for(request, columns: tuple, superuser_columns: tuple) -> tuple:
    """A staff member's rows all have their service (and its country): those columns
    would say it again on every row, taking the width the status needs."""
    if request.user.is_superuser:
        return columns
    return tuple(column for column in columns if column not in superuser_columns)


class DecisionActionsMixin:
    """Bulk validate / reject (with a reason asked on an intermediate page)."""

    service_argument: str
    validate_service = None
    reject_service = None

    @admin.action(description=_("Valider la sélection"))
    def validate_selected(self, request, queryset):
        _apply_to_each(self, request, queryset, type(self).validate_service)

    @admin.action(description=_("Refuser la sélection (avec un motif)"))
    def reject_selected(self, request, queryset):
        form = RejectionForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            _apply_to_each(
                self,
                request,
                queryset,
                type(self).reject_service,
                reason=form.cleaned_data["reason"],
            )
            return None
        return TemplateResponse(
            request,
            "admin/accounts/reject.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Motif du refus"),
                "objects": queryset,
                "form": form,
                "action": "reject_selected",
                "opts": self.model._meta,
                "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
            },
        )


@admin.register(School)
class SchoolAdmin(DecisionActionsMixin, ServiceScopedAdmin):
    service_argument = "school"
    validate_service = staticmethod(services.school_validate)
    reject_service = staticmethod(services.school_reject)
    # As for teachers (UserAdmin): what staff validate by first; country and service
    # only for superusers, whose lists span several.
    list_display = ("name", "status", "city", "postcode", "created_at", "country", "service")
    superuser_columns = ("country", "service")
    list_filter = (
        "status",
        "level_nursery",
        "level_primary",
        "level_secondary",
        "network",
        ("country", InScopeRelatedFilter),
    )
    search_fields = ("name", "city", "postcode", "contact_email")
    list_select_related = ("country", "support_service")
    readonly_fields = (
        "status",
        "rejection_reason",
        "decided_by",
        "decided_at",
        "proposed_by",
        "created_at",
    )
    actions = ["validate_selected", "reject_selected"]
    show_full_result_count = False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            services.school_changed(obj, changed_fields=form.changed_data)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "support_service" and not request.user.is_superuser:
            kwargs["queryset"] = SupportService.objects.filter(pk=request.user.staff_service_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_list_display(self, request):
        return _columns_for(request, self.list_display, self.superuser_columns)

    @admin.display(description=_("bureau d'assistance"), ordering="support_service__code")
    def service(self, obj: School) -> str:
        return obj.support_service.code


class StaffCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("email", "staff_service")


@admin.register(User)
class UserAdmin(DecisionActionsMixin, ServiceScopedAdmin, DjangoUserAdmin):
    service_argument = "teacher"
    validate_service = staticmethod(services.teacher_validate)
    reject_service = staticmethod(services.teacher_reject)
    add_form = StaffCreationForm
    ordering = ("-date_joined",)
    # What staff validate by, first and narrow enough for a 1280 px screen with the
    # admin's menu and filters beside it (the e-mail, the widest, is searched and on the
    # change page; the service, by its short code, only for superusers).
    list_display = ("name", "status", "school_name", "date_joined", "service", "role")
    superuser_columns = ("service",)
    list_filter = (
        "status",
        "role",
        ("support_service", InScopeRelatedFilter),
        ("support_service__country", InScopeRelatedFilter),
        "school__level_primary",
        "school__level_secondary",
        "is_staff",
    )
    search_fields = ("email", "first_name", "last_name", "school__name", "school__city")
    list_select_related = ("school", "support_service")
    autocomplete_fields = ("school",)
    actions = ["validate_selected", "reject_selected"]
    show_full_result_count = False
    readonly_fields = (
        "status",
        "rejection_reason",
        "decided_by",
        "decided_at",
        "proof_link",
        "last_login",
        "date_joined",
        "support_service",
    )
    teacher_fieldsets = (
        (None, {"fields": ("email", "first_name", "last_name", "role", "preferred_language")}),
        (_("École"), {"fields": ("school", "support_service")}),
        (
            _("Profil"),
            {
                "fields": (
                    "subjects",
                    "languages",
                    "age_min",
                    "age_max",
                    "bio",
                    "available_for_projects",
                    "bulletin_subscribed",
                )
            },
        ),
        (
            _("Validation"),
            {"fields": ("status", "rejection_reason", "decided_by", "decided_at", "proof_link")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    superuser_extra = (
        (
            _("Accès"),
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "staff_service",
                    "groups",
                    "password",
                )
            },
        ),
    )
    add_fieldsets = (
        (
            None,
            {"classes": ("wide",), "fields": ("email", "password1", "password2", "staff_service")},
        ),
    )
    filter_horizontal = ("subjects", "languages", "groups")

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not request.user.is_superuser:
            queryset = queryset.filter(is_staff=False)
        return queryset

    def get_list_display(self, request):
        return _columns_for(request, self.list_display, self.superuser_columns)

    def get_list_filter(self, request):
        # Staff never see staff accounts (get_queryset): "is staff" could only say no.
        if request.user.is_superuser:
            return self.list_filter
        return tuple(f for f in self.list_filter if f != "is_staff")

    @admin.display(description=_("Nom"), ordering="last_name")
    def name(self, obj: User) -> str:
        return obj.get_full_name() or obj.email

    @admin.display(description=_("École"), ordering="school__name")
    def school_name(self, obj: User) -> str:
        return obj.school.name if obj.school else "—"

    @admin.display(description=_("bureau d'assistance"), ordering="support_service__code")
    def service(self, obj: User) -> str:
        return obj.support_service.code if obj.support_service else "—"

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        if request.user.is_superuser:
            return self.teacher_fieldsets + self.superuser_extra
        return self.teacher_fieldsets

    def has_add_permission(self, request):
        # Teachers sign up themselves; staff accounts are created by superusers.
        return request.user.is_superuser

    @admin.display(description=_("Preuve d'emploi"))
    def proof_link(self, obj: User):
        if not obj.proof_of_employment and obj.proof_deleted_at:
            return _("Supprimée le %(date)s (conservation : %(days)s jours après la décision)") % {
                "date": date_format(localtime(obj.proof_deleted_at), "SHORT_DATE_FORMAT"),
                "days": settings.PROOF_RETENTION_DAYS,
            }
        if not obj.proof_of_employment:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("accounts:proof", args=[obj.pk]), _("Télécharger")
        )
