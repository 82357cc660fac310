"""Staff admin for projects: each support service sees the projects involving
its schools, approves or rejects for its own service, and reads the history."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.db.models.functions import ExtractYear
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.admin_mixins import PortalWideAdmin
from accounts.forms import RejectionForm
from accounts.ids import parse_int
from accounts.models import Country
from accounts.scoping import ServiceScopedAdmin
from projects import services
from projects.models import (
    Approval,
    ApprovalState,
    Collaborator,
    Membership,
    Project,
    ProjectSettings,
    StateChange,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class MembershipInline(ReadOnlyInline):
    model = Membership
    fields = ("user", "school", "role", "status", "invited_at", "joined_at", "ended_at")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "school")


class ApprovalInline(ReadOnlyInline):
    model = Approval
    fields = ("service", "state", "reason", "decided_by", "decided_at", "notified_at")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("service", "decided_by")


class CollaboratorInline(ReadOnlyInline):
    model = Collaborator
    fields = ("name", "email", "status", "invited_at", "accepted_at")
    readonly_fields = fields


class StateChangeInline(ReadOnlyInline):
    model = StateChange
    fields = ("at", "from_state", "to_state", "by", "note")
    readonly_fields = fields
    verbose_name_plural = _("historique")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")


class CountryFilter(admin.SimpleListFilter):
    title = _("pays")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        return [(c.pk, c.name) for c in Country.objects.active()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(memberships__school__country_id=self.value()).distinct()
        return queryset


class YearFilter(admin.SimpleListFilter):
    title = _("année de création")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = (
            model_admin.get_queryset(request)
            .annotate(y=ExtractYear("created_at"))
            .order_by("-y")
            .values_list("y", flat=True)
            .distinct()
        )
        return [(y, str(y)) for y in years]

    def queryset(self, request, queryset):
        year = parse_int(self.value(), maximum=9999)
        if year:
            return queryset.filter(created_at__year=year)
        return queryset


def _decide(modeladmin, request, queryset, decide, **kwargs) -> None:
    """Apply ``decide`` to every pending approval of the selection the staff
    member may act for (their service's; every one for a superuser)."""
    done, refused = 0, []
    for project in queryset:
        approvals = project.approvals.filter(state=ApprovalState.PENDING).select_related("service")
        if not request.user.is_superuser:
            approvals = approvals.filter(service_id=request.user.staff_service_id)
        approvals = list(approvals)
        if not approvals:
            none_pending = _("aucune approbation en attente pour votre bureau d'assistance.")
            refused.append(f"{project}: {none_pending}")
            continue
        for approval in approvals:
            try:
                decide(approval=approval, by=request.user, **kwargs)
                done += 1
            except (ValidationError, PermissionDenied) as exc:
                refused.append(f"{project}: {' '.join(getattr(exc, 'messages', [str(exc)]))}")
                break
    if done:
        modeladmin.message_user(
            request,
            ngettext("%(count)d décision enregistrée.", "%(count)d décisions enregistrées.", done)
            % {"count": done},
            messages.SUCCESS,
        )
    for line in refused:
        modeladmin.message_user(request, line, messages.WARNING)


@admin.register(Project)
class ProjectAdmin(ServiceScopedAdmin):
    service_lookup = "memberships__school__support_service"
    list_display = ("title", "state", "countries", "approvals_summary", "created_at")
    list_filter = ("state", CountryFilter, YearFilter, "is_public")
    search_fields = (
        "title",
        "summary",
        "memberships__user__last_name",
        "memberships__school__name",
    )
    date_hierarchy = None
    inlines = [ApprovalInline, MembershipInline, CollaboratorInline, StateChangeInline]
    actions = ["approve_selected", "reject_selected", "archive_selected"]
    show_full_result_count = False
    fields = (
        "title",
        "summary",
        "state",
        "is_public",
        "subjects",
        "languages",
        "age_min",
        "age_max",
        "themes",
        "planned_start",
        "planned_end",
        "expected_partners",
        "founded_by",
        "created_at",
        "activated_at",
        "finished_at",
        "archived_at",
    )
    # Writes go through the services (actions); the form only shows.
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch(
                    "memberships",
                    queryset=Membership.objects.active().select_related("school__country"),
                    to_attr="active_memberships",
                ),
                Prefetch(
                    "approvals",
                    queryset=Approval.objects.select_related("service"),
                    to_attr="all_approvals",
                ),
            )
        )

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("pays"))
    def countries(self, obj: Project) -> str:
        names = sorted({m.school.country.name for m in obj.active_memberships})
        return ", ".join(names)

    @admin.display(description=_("approbations"))
    def approvals_summary(self, obj: Project) -> str:
        return ", ".join(f"{a.service.code}: {a.get_state_display()}" for a in obj.all_approvals)

    @admin.action(description=_("Approuver pour mon bureau d'assistance"))
    def approve_selected(self, request, queryset):
        _decide(self, request, queryset, services.project_approve)

    @admin.action(description=_("Refuser pour mon bureau d'assistance (avec un motif)"))
    def reject_selected(self, request, queryset):
        form = RejectionForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            _decide(
                self, request, queryset, services.project_reject, reason=form.cleaned_data["reason"]
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

    @admin.action(description=_("Archiver (projets terminés)"))
    def archive_selected(self, request, queryset):
        done, refused = 0, []
        for project in queryset:
            try:
                services.project_archive(project=project, by=request.user)
                done += 1
            except (ValidationError, PermissionDenied) as exc:
                refused.append(f"{project}: {' '.join(getattr(exc, 'messages', [str(exc)]))}")
        if done:
            self.message_user(
                request,
                ngettext("%(count)d projet archivé.", "%(count)d projets archivés.", done)
                % {"count": done},
                messages.SUCCESS,
            )
        for line in refused:
            self.message_user(request, line, messages.WARNING)


@admin.register(Approval)
class ApprovalAdmin(ServiceScopedAdmin):
    service_lookup = "service"
    list_display = ("project", "service", "state", "decided_by", "decided_at", "created_at")
    # The project's state too: a pending approval of a project another service
    # rejected waits for nobody (the staff desk links to state + project state).
    list_filter = ("state", "project__state")
    search_fields = ("project__title",)
    list_select_related = ("project", "service", "decided_by")
    readonly_fields = (
        "project",
        "service",
        "state",
        "reason",
        "decided_by",
        "decided_at",
        "notified_at",
    )
    # Decisions are taken from the project page (actions there), which shows
    # the members and history the decision depends on.

    def has_add_permission(self, request):
        return False


@admin.register(ProjectSettings)
class ProjectSettingsAdmin(PortalWideAdmin, admin.ModelAdmin):
    """Portal-wide rules, a single row: every service applies the same eligibility
    rules, so superusers set them and service staff read them."""

    list_display = ("__str__", "plus_requires_core")

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not ProjectSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        ProjectSettings.load()
        return super().changelist_view(request, extra_context)
