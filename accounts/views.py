from __future__ import annotations

import contextlib
from http import HTTPStatus

from allauth.account import views as allauth_views
from allauth.account.decorators import reauthentication_required
from allauth.mfa.base import views as mfa_views
from allauth.mfa.totp import views as totp_views
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.i18n import set_language as django_set_language

from accounts import second_factor, selectors, services
from accounts.forms import DeleteAccountForm, ProfileForm, SchoolProposalForm
from accounts.models import User
from accounts.scoping import can_act_for_service


def _form_errors_from(exc: ValidationError, form) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, remembered on the teacher's profile too."""
    language = request.POST.get("language", "")
    if request.user.is_authenticated:
        # Django's view below ignores an unknown language the same way.
        with contextlib.suppress(ValidationError):
            services.user_set_language(user=request.user, language=language)
    return django_set_language(request)


@login_required
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_staff and not user.school_id:
        return redirect("admin:index")
    context = selectors.dashboard_context(user=user, request=request)
    return render(request, "accounts/dashboard.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    teacher: User = request.user
    if teacher.is_staff:
        return redirect("admin:index")
    query = request.GET.get("school_q", "").strip()
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES, teacher=teacher)
        if form.is_valid():
            try:
                services.teacher_profile_update(teacher=teacher, **form.cleaned_data)
            except ValidationError as exc:
                _form_errors_from(exc, form)
            else:
                messages.success(request, _("Votre profil est enregistré."))
                return redirect("accounts:dashboard")
    else:
        initial = selectors.profile_initial(teacher=teacher)
        if request.GET.get("school"):
            initial["school"] = request.GET["school"]
        form = ProfileForm(initial=initial, teacher=teacher)
    selected = selectors.selected_school(form)
    results = selectors.school_search(query) if query else []
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "school_q": query,
            "school_results": results,
            "selected_school": selected,
            "profile_links": selectors.profile_links(user=teacher, request=request),
        },
    )


@login_required
@require_safe
def school_search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("school_q", "").strip()
    return render(
        request,
        "accounts/_school_results.html",
        {"school_results": selectors.school_search(query) if query else [], "school_q": query},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def school_propose(request: HttpRequest) -> HttpResponse:
    if request.user.is_staff:
        return redirect("admin:index")
    form = SchoolProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            school = services.school_propose(teacher=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors_from(exc, form)
        else:
            messages.success(
                request,
                _(
                    "L'école est proposée ; le bureau d'assistance la validera. "
                    "Complétez maintenant votre profil."
                ),
            )
            return redirect(f"{reverse('accounts:profile')}?school={school.pk}")
    return render(request, "accounts/school_propose.html", {"form": form})


@login_required
@require_safe
def proof_download(request: HttpRequest, user_id: int) -> FileResponse:
    owner = get_object_or_404(User, pk=user_id)
    allowed = owner.pk == request.user.pk or can_act_for_service(
        request.user, owner.support_service_id
    )
    if not allowed or not owner.proof_of_employment:
        raise Http404
    handle = owner.proof_of_employment.open("rb")
    extension = owner.proof_of_employment.name.rsplit(".", 1)[-1]
    response = FileResponse(handle, as_attachment=True, filename=f"proof-{owner.pk}.{extension}")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_safe
def export_data(request: HttpRequest) -> JsonResponse:
    data = services.teacher_export_data(user=request.user)
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = 'attachment; filename="etwinning-my-data.json"'
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@reauthentication_required
def delete_account(request: HttpRequest) -> HttpResponse:
    """The page opens once the password was typed again (allauth's reauthentication,
    valid a few minutes): a session left open is not enough to delete an account."""
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.teacher_delete_account(user=user)
        messages.success(request, _("Votre compte a été supprimé."))
        return redirect("portal:home")
    return render(request, "accounts/delete_account.html", {"form": form})


# --- Login (allauth) ------------------------------------------------------------------
# Teachers and staff log in here (the admin's login sends here too, accounts/admin_site.py).


class LoginView(allauth_views.LoginView):
    """allauth's login. An attempt refused by its failed-login rate limit (per address
    and per account) answers 429 Too Many Requests, with the translated message above
    the form, which keeps the address typed."""

    http_method_names = ["get", "head", "post"]

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, code="too_many_login_attempts"):
            response.status_code = HTTPStatus.TOO_MANY_REQUESTS
        return response


class SecondFactorView(mfa_views.AuthenticateView):
    """allauth's second login step (a code of the authenticator app, or a recovery
    code): 429 when its rate limit of wrong codes refuses the attempt."""

    http_method_names = ["get", "head", "post"]

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.has_error("code", code="too_many_login_attempts"):
            response.status_code = HTTPStatus.TOO_MANY_REQUESTS
        return response


class ActivateAppView(totp_views.ActivateTOTPView):
    """allauth's activation of an authenticator app; the code typed to activate it
    counts as this session's second factor (accounts/second_factor.py)."""

    http_method_names = ["get", "head", "post"]

    def form_valid(self, form):
        response = super().form_valid(form)
        second_factor.session_record_activation(request=self.request, user=self.request.user)
        return response


login = LoginView.as_view()
mfa_authenticate = SecondFactorView.as_view()
mfa_activate = ActivateAppView.as_view()
