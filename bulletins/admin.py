from __future__ import annotations

from csp.decorators import csp_update
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from accounts.admin_mixins import SuperuserOnlyAdmin
from accounts.models import SupportService
from accounts.scoping import ServiceScopedAdmin
from bulletins import services
from bulletins.forms import LanguageForm, ScheduleForm
from bulletins.mailing import render_issue
from bulletins.models import BulletinIssue, BulletinSection, Delivery, Unsubscription
from bulletins.sections import language_codes
from bulletins.selectors import issue_progress


class BulletinSectionInline(TranslationStackedInline):
    model = BulletinSection
    extra = 0
    fields = ("position", "title", "body", "link_url", "kind", "source")
    readonly_fields = ("kind", "source")


@admin.register(BulletinIssue)
class BulletinIssueAdmin(ServiceScopedAdmin, TranslationAdmin):
    service_lookup = "service"
    list_display = ("subject", "service", "issue_month", "status", "send_at", "progress_column")
    list_filter = ("status", "service")
    search_fields = ("subject",)
    date_hierarchy = "issue_month"
    inlines = [BulletinSectionInline]
    readonly_fields = (
        "drafting_problems",
        "status",
        "send_at",
        "started_at",
        "finished_at",
        "progress_detail",
    )
    fieldsets = (
        (None, {"fields": ("service", "issue_month", "subject", "intro", "drafting_problems")}),
        (
            _("Envoi"),
            {"fields": ("status", "send_at", "started_at", "finished_at", "progress_detail")},
        ),
    )
    actions = ["send_now_action", "cancel_action"]
    change_form_template = "admin/bulletins/bulletinissue/change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("service").with_progress()

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not obj.is_editable:
            # What went out stays as it went out: the archive shows it.
            fields += ["service", "issue_month", *self._translated("subject", "intro")]
        if obj is not None:
            fields += ["service"]
        return fields

    def get_inline_instances(self, request, obj=None):
        if obj is not None and not obj.is_editable:
            return []
        return super().get_inline_instances(request, obj)

    @staticmethod
    def _translated(*names):
        return [f"{n}_{code}" for n in names for code in language_codes()]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "service" and not request.user.is_superuser:
            kwargs["queryset"] = SupportService.objects.filter(pk=request.user.staff_service_id)
            kwargs["initial"] = request.user.staff_service_id
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("progression"))
    def progress_column(self, obj):
        total = getattr(obj, "n_total", 0)
        if not total:
            return "—"
        left = total - obj.n_sent - obj.n_failed
        return _("%(sent)s envoyés · %(failed)s échecs · %(left)s restants") % {
            "sent": obj.n_sent,
            "failed": obj.n_failed,
            "left": left,
        }

    @admin.display(description=_("progression"))
    def progress_detail(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        p = issue_progress(issue=obj)
        return format_html(
            '<span class="bulletin-progress">{}</span>',
            _("%(total)s destinataires : %(sent)s envoyés, %(failed)s échecs, %(left)s restants")
            % {"total": p.total, "sent": p.sent, "failed": p.failed, "left": p.left},
        )

    # --- Custom pages -------------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/preview/<str:language>/",
                wrap(self.preview_view),
                name="bulletins_bulletinissue_preview",
            ),
            path("<int:pk>/send/", wrap(self.send_view), name="bulletins_bulletinissue_send"),
            *super().get_urls(),
        ]

    def _issue_or_404(self, request, pk: int) -> BulletinIssue:
        issue = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_view_permission(request, issue):
            raise PermissionDenied
        return issue

    # The message's own inline styles are what mail clients need; the preview
    # shows exactly that HTML, so it alone may use inline styles.
    @method_decorator(csp_update({"style-src": ["'unsafe-inline'"]}))
    def preview_view(self, request, pk: int, language: str):
        issue = self._issue_or_404(request, pk)
        if language not in dict(LanguageForm.base_fields["language"].choices):
            raise Http404
        rendered = render_issue(issue, language=language, unsubscribe="#unsubscribe")
        response = HttpResponse(rendered.html)
        response["X-Frame-Options"] = "SAMEORIGIN"
        return response

    def send_view(self, request, pk: int):
        issue = self._issue_or_404(request, pk)
        can_change = self.has_change_permission(request, issue)
        test_form = LanguageForm(prefix="test")
        schedule_form = ScheduleForm(prefix="schedule", initial={"send_at": issue.send_at})
        if request.method == "POST":
            if not can_change:
                raise PermissionDenied
            op = request.POST.get("op")
            try:
                if op == "test":
                    test_form = LanguageForm(request.POST, prefix="test")
                    if test_form.is_valid():
                        to = services.issue_test_send(
                            issue=issue,
                            by=request.user,
                            language=test_form.cleaned_data["language"],
                        )
                        messages.success(request, _("Envoi de test adressé à %(to)s.") % {"to": to})
                        return redirect(request.path)
                elif op == "schedule":
                    schedule_form = ScheduleForm(request.POST, prefix="schedule")
                    if schedule_form.is_valid():
                        services.issue_schedule(
                            issue=issue,
                            send_at=schedule_form.cleaned_data["send_at"],
                            by=request.user,
                        )
                        messages.success(request, _("Numéro programmé."))
                        return redirect(request.path)
                elif op == "send_now":
                    services.issue_send_now(issue=issue, by=request.user)
                    messages.success(request, _("L'envoi commence."))
                    return redirect(request.path)
                elif op == "cancel":
                    services.issue_cancel(issue=issue, by=request.user)
                    messages.success(request, _("Envoi programmé annulé."))
                    return redirect(request.path)
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
                return redirect(request.path)
        issue.refresh_from_db()

        return TemplateResponse(
            request,
            "admin/bulletins/bulletinissue/send.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "original": issue,
                "issue": issue,
                "title": _("Envoi et suivi : %(issue)s") % {"issue": issue},
                "progress": issue_progress(issue=issue),
                "test_form": test_form,
                "schedule_form": schedule_form,
                "can_change": can_change,
                "languages": language_codes(),
            },
        )

    # --- List actions ---------------------------------------------------------------

    def _each(self, request, queryset, action, done_message):
        for issue in queryset:
            try:
                action(issue=issue, by=request.user)
                self.message_user(request, f"{issue}: {done_message}", messages.SUCCESS)
            except (ValidationError, PermissionDenied) as exc:
                text = " ".join(getattr(exc, "messages", [str(exc)]))
                self.message_user(request, f"{issue}: {text}", messages.WARNING)

    @admin.action(description=_("Envoyer maintenant"), permissions=["change"])
    def send_now_action(self, request, queryset):
        self._each(request, queryset, services.issue_send_now, _("l'envoi commence."))

    @admin.action(description=_("Annuler l'envoi programmé"), permissions=["change"])
    def cancel_action(self, request, queryset):
        self._each(request, queryset, services.issue_cancel, _("envoi annulé."))


@admin.register(Delivery)
class DeliveryAdmin(ServiceScopedAdmin):
    service_lookup = "issue__service"
    list_display = (
        "email", "issue", "language", "status", "attempts", "next_attempt_at", "sent_at", "error",
    )  # fmt: skip
    list_filter = ("status", "language")
    search_fields = ("email",)
    raw_id_fields = ("issue", "user", "school")
    readonly_fields = [f.name for f in Delivery._meta.fields]
    actions = ["mark_bounced"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Marquer comme rejeté (bounce)"), permissions=["change"])
    def mark_bounced(self, request, queryset):
        for delivery in queryset:
            services.delivery_mark_bounced(
                delivery=delivery, reason=str(_("marqué par le personnel"))
            )
        self.message_user(request, _("Envois marqués comme rejetés."), messages.SUCCESS)


@admin.register(Unsubscription)
class UnsubscriptionAdmin(SuperuserOnlyAdmin, admin.ModelAdmin):
    """Addresses of every service: only superusers see or change the list."""

    list_display = ("email", "created_at")
    search_fields = ("email",)
