"""Staff admin of trainings, registrations (attendance, applications abroad) and
requests from schools — every list and object scoped to the staff member's support
service."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from accounts.scoping import OwnServiceMixin, ServiceScopedAdmin
from trainings import services
from trainings.forms import RequestDecisionForm
from trainings.models import Registration, Training, TrainingRequest
from trainings.selectors import with_seats


def _run_each(modeladmin, request, queryset, action, **kwargs) -> None:
    """One service call per row, each in its own transaction; refusals reported."""
    done, refused = 0, []
    for obj in queryset:
        try:
            action(obj, **kwargs)
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


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    can_delete = False
    fields = ("teacher", "status", "created_at", "attended", "reminded_at")
    readonly_fields = fields
    ordering = ("status", "created_at")
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Training)
class TrainingAdmin(OwnServiceMixin, ServiceScopedAdmin, TranslationAdmin):
    service_lookup = "service"
    list_display = (
        "title",
        "format",
        "starts_at",
        "registration_deadline",
        "capacity",
        "seats_taken",
        "waiting",
        "is_published",
    )
    list_filter = ("format", "is_published", "language")
    search_fields = ("title", "place")
    date_hierarchy = "starts_at"
    list_select_related = ("service", "language")
    inlines = [RegistrationInline]
    fieldsets = (
        (None, {"fields": ("service", "title", "description", "audience", "language")}),
        (_("Où et quand"), {"fields": ("format", "place", "online_link", "starts_at", "ends_at")}),
        (
            _("Inscriptions"),
            {"fields": ("capacity", "registration_deadline", "is_published")},
        ),
    )

    def get_queryset(self, request):
        return with_seats(super().get_queryset(request))

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=_("inscrits"), ordering="seats_taken")
    def seats_taken(self, obj):
        return obj.seats_taken

    @admin.display(description=_("en attente"), ordering="waiting")
    def waiting(self, obj):
        return obj.waiting

    def save_model(self, request, obj, form, change):
        # Through the service: more seats move the waiting list up (with e-mails).
        services.training_save(training=obj, by=request.user)


@admin.register(Registration)
class RegistrationAdmin(ServiceScopedAdmin):
    service_lookup = "training__service"
    list_display = ("teacher", "training", "status", "created_at", "attended", "reminded_at")
    list_filter = ("status", "attended", "training__format")
    search_fields = ("teacher__email", "teacher__last_name", "training__title")
    list_select_related = ("teacher", "training")
    readonly_fields = (
        "training",
        "teacher",
        "status",
        "motivation",
        "attended",
        "created_at",
        "promoted_at",
        "reminded_at",
        "decided_by",
    )
    actions = [
        "mark_present",
        "mark_absent",
        "select_applications",
        "decline_applications",
        "cancel_registrations",
    ]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Marquer présent·e (attestation disponible)"))
    def mark_present(self, request, queryset):
        self._roll_call(request, queryset, attended=True)

    @admin.action(description=_("Marquer absent·e"))
    def mark_absent(self, request, queryset):
        self._roll_call(request, queryset, attended=False)

    def _roll_call(self, request, queryset, *, attended: bool) -> None:
        """The whole selection or none of it (one transaction in the service)."""
        try:
            done = services.registrations_mark_attendance(
                registrations=queryset, attended=attended, by=request.user
            )
        except ValidationError as exc:
            self.message_user(
                request,
                _("Aucune présence n'est enregistrée : retirez de la sélection ces inscriptions."),
                messages.ERROR,
            )
            for line in exc.messages:
                self.message_user(request, line, messages.WARNING)
        else:
            self.message_user(
                request,
                ngettext(
                    "%(count)d présence enregistrée.", "%(count)d présences enregistrées.", done
                )
                % {"count": done},
                messages.SUCCESS,
            )

    @admin.action(description=_("Retenir les candidatures (formation à l'étranger)"))
    def select_applications(self, request, queryset):
        _run_each(
            self,
            request,
            queryset.order_by("created_at"),
            lambda r: services.application_select(registration=r, by=request.user),
        )

    @admin.action(description=_("Ne pas retenir les candidatures"))
    def decline_applications(self, request, queryset):
        _run_each(
            self,
            request,
            queryset,
            lambda r: services.application_decline(registration=r, by=request.user),
        )

    @admin.action(description=_("Annuler les inscriptions (la liste d'attente avance)"))
    def cancel_registrations(self, request, queryset):
        _run_each(
            self,
            request,
            queryset,
            lambda r: services.registration_cancel(registration=r, by=request.user),
        )


@admin.register(TrainingRequest)
class TrainingRequestAdmin(ServiceScopedAdmin):
    service_lookup = "school__support_service"
    list_display = ("topic", "school", "participants", "preferred_dates", "status", "created_at")
    list_filter = ("status",)
    search_fields = ("topic", "school__name", "school__city")
    list_select_related = ("school",)
    readonly_fields = (
        "school",
        "requested_by",
        "topic",
        "audience",
        "participants",
        "preferred_dates",
        "message",
        "status",
        "proposed_dates",
        "staff_message",
        "decided_by",
        "decided_at",
        "created_at",
    )
    actions = ["accept_requests", "propose_dates", "decline_requests"]

    def has_add_permission(self, request):
        return False

    def _decide(self, request, queryset, action_name: str, title, service_call, needs_dates=False):
        form = RequestDecisionForm(request.POST if "apply_decision" in request.POST else None)
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            kwargs = {"staff_message": data["staff_message"]}
            if needs_dates:
                kwargs["proposed_dates"] = data["proposed_dates"]
            _run_each(
                self,
                request,
                queryset,
                lambda r: service_call(request=r, by=request.user, **kwargs),
            )
            return None
        if not needs_dates:
            form.fields.pop("proposed_dates")
        return TemplateResponse(
            request,
            "admin/trainings/request_decision.html",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "objects": queryset,
                "form": form,
                "action": action_name,
                "opts": self.model._meta,
                "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
            },
        )

    @admin.action(description=_("Accepter (l'école est prévenue par e-mail)"))
    def accept_requests(self, request, queryset):
        return self._decide(
            request,
            queryset,
            "accept_requests",
            _("Accepter la demande"),
            services.training_request_accept,
        )

    @admin.action(description=_("Proposer d'autres dates"))
    def propose_dates(self, request, queryset):
        return self._decide(
            request,
            queryset,
            "propose_dates",
            _("Proposer d'autres dates"),
            services.training_request_propose_dates,
            needs_dates=True,
        )

    @admin.action(description=_("Décliner (avec un message)"))
    def decline_requests(self, request, queryset):
        return self._decide(
            request,
            queryset,
            "decline_requests",
            _("Décliner la demande"),
            services.training_request_decline,
        )
