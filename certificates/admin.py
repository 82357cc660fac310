from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.scoping import ServiceScopedAdmin
from certificates import services
from certificates.models import Certificate
from certificates.rendering import verification_url


@admin.register(Certificate)
class CertificateAdmin(ServiceScopedAdmin):
    """The certificates a service issued: looked up by code or holder, and revoked
    (for good) when one should no longer certify anything."""

    service_lookup = "service"
    list_display = ["code", "kind", "holder_name", "subject_title", "issued_on", "revoked_at"]
    list_filter = ["kind", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["code", "holder_name", "subject_title"]
    list_select_related = ["service"]
    readonly_fields = [
        "code",
        "verification_address",
        "kind",
        "holder_name",
        "subject_title",
        "issued_on",
        "service",
        "created_at",
        "revoked_at",
        "revoked_by",
        "revocation_reason",
    ]
    fields = readonly_fields
    actions = ["revoke"]
    date_hierarchy = "issued_on"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # A certificate is revoked, never deleted: its printed code must keep saying so.
        return False

    @admin.display(description=gettext_lazy("page de vérification"))
    def verification_address(self, obj: Certificate) -> str:
        return verification_url(obj)

    @admin.action(
        description=gettext_lazy("Révoquer les certificats sélectionnés"), permissions=["change"]
    )
    def revoke(self, request, queryset):
        done = 0
        for certificate in queryset:
            try:
                services.certificate_revoke(
                    certificate=certificate, by=request.user, reason=_("révoqué par le personnel")
                )
                done += 1
            except (ValidationError, PermissionDenied) as error:
                messages.error(request, f"{certificate.code}: {'; '.join(_messages(error))}")
        if done:
            messages.success(request, _("Certificats révoqués : %(count)d") % {"count": done})


def _messages(error: Exception) -> list[str]:
    return list(getattr(error, "messages", None) or [str(error)])
