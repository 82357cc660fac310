from django.conf import settings


def portal(request):
    return {
        "LANGUAGE_CHOICES": settings.LANGUAGES,
        "SITE_URL": settings.SITE_URL,
    }
