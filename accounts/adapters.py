from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse
from django.utils import translation

from accounts.models import TeacherStatus, User


def landing_url(user: User) -> str:
    """Where a teacher lands after logging in or confirming their address, in their language."""
    with translation.override(user.preferred_language):
        if user.is_staff:
            return reverse("admin:index")
        if user.status == TeacherStatus.NEW:
            return reverse("accounts:profile")
        return reverse("accounts:dashboard")


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        return landing_url(request.user)

    def get_email_verification_redirect_url(self, email_address):
        return landing_url(email_address.user)

    def get_signup_redirect_url(self, request):
        return landing_url(request.user)
