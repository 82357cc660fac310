from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

urlpatterns = i18n_patterns(
    path("", include("accounts.urls")),
    path("partners/", include("partners.urls")),
    path("bulletin/", include("bulletins.urls")),
    prefix_default_language=True,
)
