"""Staff moderation of partner search, scoped to the reported or writing
teacher's support service (accounts.scoping.ServiceScopedAdmin). Every action
goes through a service, which checks the scope again."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.scoping import ServiceScopedAdmin
from partners import services
from partners.models import Announcement, Contact, Message, Report, ReportStatus, Suspension


def _each(modeladmin, request, queryset, action) -> None:
    done = 0
    for obj in queryset:
        try:
            action(obj)
        except (PermissionDenied, ValidationError) as exc:
            modeladmin.message_user(request, f"{obj}: {exc}", messages.ERROR)
        else:
            done += 1
    if done:
        modeladmin.message_user(
            request,
            ngettext("%(count)d élément traité.", "%(count)d éléments traités.", done)
            % {"count": done},
            messages.SUCCESS,
        )


@admin.register(Report)
class ReportAdmin(ServiceScopedAdmin):
    """The moderation queue."""

    service_lookup = "reported_teacher__support_service"
    list_display = ["created_at", "kind", "reported_teacher", "reporter", "status", "excerpt"]
    list_filter = ["status", "kind"]
    search_fields = ["reported_teacher__email", "reported_teacher__last_name", "reason"]
    list_select_related = ["reported_teacher", "reporter"]
    readonly_fields = [
        "kind",
        "reporter",
        "reported_teacher",
        "announcement",
        "message",
        "reason",
        "reported_content",
        "status",
        "created_at",
        "handled_by",
        "handled_at",
    ]
    exclude: list[str] = []
    actions = ["hide_content", "suspend_sender", "dismiss"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("motif"))
    def excerpt(self, obj: Report) -> str:
        return obj.reason[:80]

    @admin.display(description=_("contenu signalé"))
    def reported_content(self, obj: Report) -> str:
        if obj.announcement_id:
            return f"{obj.announcement.title}\n\n{obj.announcement.idea}"
        if obj.message_id:
            return obj.message.body
        if obj.object_id:
            content = obj.content
            return str(getattr(content, "body", content)) if content is not None else ""
        return obj.reported_teacher.bio

    @admin.action(description=_("Masquer le contenu signalé"))
    def hide_content(self, request, queryset):
        _each(
            self,
            request,
            queryset,
            lambda r: services.report_hide_content(report=r, by=request.user),
        )

    @admin.action(description=_("Suspendre l'enseignant signalé"))
    def suspend_sender(self, request, queryset):
        _each(
            self,
            request,
            queryset,
            lambda r: services.teacher_suspend(
                teacher=r.reported_teacher, by=request.user, reason=r.reason
            ),
        )

    @admin.action(description=_("Classer sans suite"))
    def dismiss(self, request, queryset):
        _each(
            self,
            request,
            queryset.filter(status=ReportStatus.OPEN),
            lambda r: services.report_dismiss(report=r, by=request.user),
        )


@admin.register(Announcement)
class AnnouncementAdmin(ServiceScopedAdmin):
    service_lookup = "author__support_service"
    list_display = ["title", "author", "status", "is_hidden", "expires_at", "created_at"]
    list_filter = ["status", "is_hidden", "language"]
    search_fields = ["title", "author__email", "author__last_name"]
    list_select_related = ["author"]
    readonly_fields = [f.name for f in Announcement._meta.concrete_fields if f.name != "id"] + [
        "subjects",
        "languages",
        "wanted_countries",
    ]
    actions = ["hide", "unhide"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Masquer les annonces"))
    def hide(self, request, queryset):
        _each(
            self,
            request,
            queryset,
            lambda a: services.announcement_set_hidden(
                announcement=a, by=request.user, hidden=True
            ),
        )

    @admin.action(description=_("Rendre visibles les annonces"))
    def unhide(self, request, queryset):
        _each(
            self,
            request,
            queryset,
            lambda a: services.announcement_set_hidden(
                announcement=a, by=request.user, hidden=False
            ),
        )


@admin.register(Message)
class MessageAdmin(ServiceScopedAdmin):
    service_lookup = "sender__support_service"
    list_display = ["created_at", "sender", "recipient", "is_hidden"]
    list_filter = ["is_hidden"]
    search_fields = ["sender__email", "recipient__email"]
    list_select_related = ["sender", "recipient"]
    readonly_fields = ["sender", "recipient", "body", "created_at", "read_at", "is_hidden"]
    actions = ["hide"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Masquer les messages"))
    def hide(self, request, queryset):
        _each(
            self,
            request,
            queryset,
            lambda m: services.message_set_hidden(message=m, by=request.user, hidden=True),
        )


@admin.register(Contact)
class ContactAdmin(ServiceScopedAdmin):
    service_lookup = "sender__support_service"
    list_display = ["created_at", "sender", "recipient", "status"]
    list_filter = ["status"]
    search_fields = ["sender__email", "recipient__email"]
    list_select_related = ["sender", "recipient"]
    readonly_fields = ["sender", "recipient", "message", "status", "created_at", "decided_at"]
    exclude = ["is_hidden"]

    def has_add_permission(self, request):
        return False


@admin.register(Suspension)
class SuspensionAdmin(ServiceScopedAdmin):
    service_lookup = "teacher__support_service"
    list_display = ["teacher", "suspended_by", "created_at"]
    search_fields = ["teacher__email", "teacher__last_name"]
    list_select_related = ["teacher", "suspended_by"]
    readonly_fields = ["teacher", "reason", "suspended_by", "created_at"]
    actions = ["lift"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Lever la suspension"))
    def lift(self, request, queryset):
        _each(
            self,
            request,
            queryset,
            lambda s: services.teacher_unsuspend(teacher=s.teacher, by=request.user),
        )
