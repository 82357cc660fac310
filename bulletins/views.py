from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from bulletins import selectors, services
from bulletins.mailing import email_from_token


@require_safe
def archive(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.archive_issues(), 12).get_page(request.GET.get("page"))
    return render(request, "bulletins/archive.html", {"page": page})


@require_safe
def archive_detail(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_object_or_404(selectors.archive_issues(), pk=pk)
    return render(
        request,
        "bulletins/issue_detail.html",
        {"issue": issue, "sections": issue.sections.all()},
    )


# The token is the credential: RFC 8058 one-click POSTs come from mail
# providers, with no session and no CSRF cookie.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    email = email_from_token(token)
    if email is None:
        return render(request, "bulletins/unsubscribe_invalid.html", status=400)
    if request.method == "POST":
        services.address_unsubscribe(email=email)
        return render(request, "bulletins/unsubscribe_done.html", {"email": email})
    # GET only asks: link scanners open every URL of a message.
    return render(request, "bulletins/unsubscribe_confirm.html", {"email": email})
