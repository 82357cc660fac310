from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts import views as account_views
from portal import views as portal_views

admin.site.site_header = _("eTwinning FWB — Bureau d'Assistance")
admin.site.site_title = _("eTwinning FWB")
admin.site.index_title = _("Administration du Bureau d'Assistance")

urlpatterns = [
    path("i18n/setlang/", account_views.set_language, name="set_language"),
    path("healthz/", portal_views.healthz, name="healthz"),
]

urlpatterns += i18n_patterns(
    # The portal's own pages: home, who can take part, contact, about, news, statistics.
    path("", include("portal.urls")),
    path("", include("accounts.urls")),
    # allauth's login and second-factor pages, in accounts/views.py (before allauth's own
    # URLs, which they replace): 429 when rate-limited, activation counted as a second factor.
    path("accounts/login/", account_views.login, name="account_login"),
    path("accounts/2fa/authenticate/", account_views.mfa_authenticate, name="mfa_authenticate"),
    path("accounts/2fa/totp/activate/", account_views.mfa_activate, name="mfa_activate_totp"),
    path("accounts/", include("allauth.urls")),
    path("partners/", include("partners.urls")),
    path("projects/", include("projects.urls")),
    path("projects/<int:project_id>/space/", include("projects.space.urls")),
    path("admin/", admin.site.urls),
    path("bulletin/", include("bulletins.urls")),
    path("labels/", include("labels.urls")),
    path("kits/", include("kits.urls")),
    path("notifications/", include("notifications.urls")),
    path("groups/", include("groups.urls")),
    # The public page a certificate's printed address and QR code lead to.
    path("verify/", include("certificates.urls")),
    # Trainings (their own prefix inside trainings.urls).
    path("", include("trainings.urls")),
    prefix_default_language=True,
)
