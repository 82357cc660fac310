"""The portal's admin site: one login for everyone, and the second factor for staff.

- The admin has no login form of its own: ``/<lang>/admin/login/`` sends to allauth's
  login, so staff go through the same failed-login rate limits as teachers and through
  allauth's second-factor step.
- No admin page opens for a staff session without the second factor
  (``has_permission``, asked by every admin view): the login step sends the staff
  member to set the authenticator app up, or to type one of its codes.
- The index opens on the staff desk, what waits for the staff member's service
  (accounts/admin_queue.py), above the list of models; ``desk/digest/`` is where they
  choose the morning e-mail of it.

Installed in place of ``django.contrib.admin`` (``PortalAdminConfig``), Django's way to
replace the default site: every app's ``admin.site.register`` is unchanged.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.apps import AdminConfig
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({REDIRECT_FIELD_NAME: next_url})}"


class PortalAdminSite(admin.AdminSite):
    index_template = "admin/portal_index.html"

    def index(self, request: HttpRequest, extra_context=None):
        from accounts.admin_queue import desk_context  # lazy: this module loads before models

        return super().index(request, {**desk_context(request), **(extra_context or {})})

    def get_urls(self):
        digest = require_http_methods(["GET", "HEAD", "POST"])(self.desk_digest)
        return [
            path("desk/digest/", self.admin_view(digest), name="desk_digest"),
            *super().get_urls(),
        ]

    def desk_digest(self, request: HttpRequest):
        """A staff member chooses the morning e-mail of what waits for them."""
        from accounts import services  # lazy: this module loads before the models
        from accounts.forms import StaffDigestForm  # lazy: as above

        user = request.user
        form = StaffDigestForm(
            request.POST if request.method == "POST" else None,
            initial={"staff_morning_digest": user.staff_morning_digest},
        )
        if form.is_valid():
            services.staff_digest_set(user=user, enabled=form.cleaned_data["staff_morning_digest"])
            messages.success(request, _("Votre choix est enregistré."))
            return HttpResponseRedirect(reverse("admin:index", current_app=self.name))
        context = {**self.each_context(request), "form": form, "title": _("Résumé du matin")}
        return TemplateResponse(request, "admin/desk_digest.html", context)

    def has_permission(self, request: HttpRequest) -> bool:
        from accounts.second_factor import staff_missing_step  # lazy: loaded before models

        return super().has_permission(request) and staff_missing_step(request) is None

    def login(self, request: HttpRequest, extra_context=None) -> HttpResponseRedirect:
        from accounts.second_factor import (  # lazy: this module loads before the models
            MissingStep,
            staff_missing_step,
        )

        next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = reverse("admin:index", current_app=self.name)
        user = request.user
        if not user.is_authenticated:
            return HttpResponseRedirect(_with_next(reverse("account_login"), next_url))
        if not (user.is_active and user.is_staff):
            raise PermissionDenied
        step = staff_missing_step(request)
        if step is MissingStep.SETUP:
            messages.warning(
                request,
                _(
                    "L'administration exige une double authentification. Activez une "
                    "application d'authentification (par exemple sur votre téléphone), "
                    "puis gardez vos codes de secours en lieu sûr."
                ),
            )
            return HttpResponseRedirect(reverse("mfa_activate_totp"))
        if step is MissingStep.AUTHENTICATE:
            messages.warning(
                request,
                _(
                    "Pour ouvrir l'administration, entrez le code affiché par votre "
                    "application d'authentification."
                ),
            )
            return HttpResponseRedirect(_with_next(reverse("mfa_reauthenticate"), next_url))
        return HttpResponseRedirect(next_url)


class PortalAdminConfig(AdminConfig):
    default_site = "accounts.admin_site.PortalAdminSite"
