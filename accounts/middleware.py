from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class UserLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, but a logged-in teacher's preferred language is
    used wherever the URL itself does not name a language (``/`` redirects to
    ``/nl/`` for a Dutch-speaking teacher). A language in the URL always wins, so
    shared links show what they say."""

    def process_request(self, request):
        super().process_request(request)
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not translation.get_language_from_path(request.path_info)
        ):
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = translation.get_language()
