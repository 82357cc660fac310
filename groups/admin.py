"""Staff admin of groups, scoped to the staff member's support service: staff create
groups for their teachers (approved at once), approve the ones teachers propose,
feature or archive them, and name their moderators. Every write goes through
groups.services, which checks the scope again."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from accounts.scoping import OwnServiceMixin, ServiceScopedAdmin, can_act_for_service
from groups import services
from groups.models import Group, GroupStatus, Membership
from uploads.pipeline import IMAGE, check_upload


def _run_each(modeladmin, request, queryset, action) -> None:
    done = 0
    for obj in queryset:
        try:
            action(obj)
        except (ValidationError, PermissionDenied) as exc:
            text = " ".join(getattr(exc, "messages", [str(exc)]))
            modeladmin.message_user(request, f"{obj}: {text}", messages.WARNING)
        else:
            done += 1
    if done:
        modeladmin.message_user(
            request,
            ngettext("%(count)d groupe traité.", "%(count)d groupes traités.", done)
            % {"count": done},
            messages.SUCCESS,
        )


class GroupAdminForm(forms.ModelForm):
    class Meta:
        model = Group
        fields = ["service", "title", "description", "theme", "languages", "image"]
        fields += ["join_policy", "featured"]

    def clean_image(self):
        """The image goes through the one upload pipeline (re-encoded, no metadata)."""
        image = self.cleaned_data.get("image")
        if image and hasattr(image, "content_type"):  # a new upload, not the stored file
            return check_upload(image, kinds={IMAGE}, max_bytes=services.MAX_IMAGE_BYTES).as_file()
        return image


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    fields = ("user", "role", "status", "joined_at")
    readonly_fields = ("status", "joined_at")
    raw_id_fields = ("user",)
    verbose_name = _("membre ou modérateur")
    verbose_name_plural = _("membres et modérateurs")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


@admin.register(Group)
class GroupAdmin(OwnServiceMixin, ServiceScopedAdmin, TranslationAdmin):
    form = GroupAdminForm
    service_lookup = "service"
    list_display = ("title", "theme", "join_policy", "status", "featured", "service", "created_at")
    list_filter = ("status", "theme", "featured", "join_policy")
    search_fields = ("title", "description")
    list_select_related = ("service",)
    filter_horizontal = ("languages",)
    readonly_fields = ("status", "created_by", "created_at", "approved_at")
    fieldsets = (
        (None, {"fields": ("service", "title", "description", "theme", "languages", "image")}),
        (_("Adhésion et visibilité"), {"fields": ("join_policy", "featured")}),
        (_("Suivi"), {"fields": ("status", "created_by", "created_at", "approved_at")}),
    )
    inlines = [MembershipInline]
    actions = ["approve", "feature", "unfeature", "archive"]

    def save_model(self, request, obj, form, change):
        # Created by staff: approved at once, for the staff member's own service
        # (OwnServiceMixin offers only that one; the service checks it again).
        if not change:
            if not can_act_for_service(request.user, obj.service_id):
                raise PermissionDenied
            obj.created_by = request.user
            obj.status = GroupStatus.APPROVED
            obj.approved_at = timezone.now()
        super().save_model(request, obj, form, change)

    @transaction.atomic
    def save_formset(self, request, form, formset, change):
        """Memberships named here are active at once (staff add the moderators)."""
        instances = formset.save(commit=False)
        for removed in formset.deleted_objects:
            services.member_remove(membership=removed, by=request.user)
        for membership in instances:
            if membership.pk is None:
                services.membership_add(
                    group=form.instance,
                    teacher=membership.user,
                    role=membership.role,
                    by=request.user,
                )
            else:
                services.member_set_role(
                    membership=membership, by=request.user, role=membership.role
                )

    @admin.action(description=_("Approuver les groupes proposés"))
    def approve(self, request, queryset):
        _run_each(
            self,
            request,
            queryset.filter(status=GroupStatus.PROPOSED),
            lambda g: services.group_approve(group=g, by=request.user),
        )

    @admin.action(description=_("Mettre en avant"))
    def feature(self, request, queryset):
        _run_each(
            self,
            request,
            queryset,
            lambda g: services.group_set_featured(group=g, by=request.user, featured=True),
        )

    @admin.action(description=_("Ne plus mettre en avant"))
    def unfeature(self, request, queryset):
        _run_each(
            self,
            request,
            queryset,
            lambda g: services.group_set_featured(group=g, by=request.user, featured=False),
        )

    @admin.action(description=_("Archiver (lecture seule)"))
    def archive(self, request, queryset):
        _run_each(
            self,
            request,
            queryset.filter(status=GroupStatus.APPROVED),
            lambda g: services.group_archive(group=g, by=request.user),
        )
