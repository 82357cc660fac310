"""Partner-search pages. Thin: parse, call one service or selector, render.

Every view goes through ``teacher_required`` (partners.permissions): nothing of
partner search reaches anonymous visitors, staff or unvalidated teachers.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from accounts.models import User
from partners import selectors, services
from partners.forms import (
    AnnouncementForm,
    ContactRequestForm,
    MessageForm,
    ReportForm,
    SearchForm,
)
from partners.models import Announcement, Contact, Message
from partners.permissions import can_read_conversation, teacher_required
from partners.presenters import announcement_initial, search_context


def _errors_into(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# --- Search -------------------------------------------------------------------------


@teacher_required
@require_safe
@vary_on_headers("HX-Request")
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    form.is_valid()
    context = search_context(request, form)
    if request.htmx and not request.htmx.history_restore_request:
        response = render(request, "partners/_search.html", context)
        if context["current_url"]:
            # The page opened on the other tab: the address says which.
            response["HX-Push-Url"] = context["current_url"]
        return response
    return render(request, "partners/search.html", context)


# --- Announcements ------------------------------------------------------------------


@teacher_required
@require_safe
def announcement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = selectors.visible_announcement_or_404(pk, request.user)
    author = announcement.author
    return render(
        request,
        "partners/announcement_detail.html",
        {
            "announcement": announcement,
            "is_author": author.pk == request.user.pk,
            "relation": Contact.objects.between(request.user, author).first(),
            "contact_form": ContactRequestForm(),
            "report_form": ReportForm(),
        },
    )


@teacher_required
@require_http_methods(["GET", "HEAD", "POST"])
def announcement_new(request: HttpRequest) -> HttpResponse:
    form = AnnouncementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            announcement = services.announcement_publish(author=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _errors_into(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Votre annonce est publiée."))
            return redirect("partners:announcement", pk=announcement.pk)
    return render(request, "partners/announcement_form.html", {"form": form, "is_new": True})


@teacher_required
@require_http_methods(["GET", "HEAD", "POST"])
def announcement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = get_object_or_404(Announcement, pk=pk, author=request.user)
    form = AnnouncementForm(request.POST or None, initial=announcement_initial(announcement))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.announcement_update(announcement=announcement, by=request.user, **data)
        except ValidationError as exc:
            _errors_into(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Votre annonce est modifiée."))
            return redirect("partners:announcement", pk=announcement.pk)
    return render(
        request,
        "partners/announcement_form.html",
        {"form": form, "is_new": False, "announcement": announcement},
    )


@teacher_required
@require_POST
def announcement_close(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = get_object_or_404(Announcement, pk=pk, author=request.user)
    services.announcement_close(announcement=announcement, by=request.user)
    messages.success(request, _("L'annonce est clôturée : elle n'apparaît plus dans la recherche."))
    return redirect("partners:my_announcements")


@teacher_required
@require_POST
def announcement_renew(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = get_object_or_404(Announcement, pk=pk, author=request.user)
    try:
        services.announcement_renew(announcement=announcement, by=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("L'annonce est prolongée de trois mois."))
    return redirect("partners:my_announcements")


@teacher_required
@require_safe
def my_announcements(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "partners/my_announcements.html",
        {"announcements": selectors.my_announcements(request.user)},
    )


# --- Teachers and contacts --------------------------------------------------------------


@teacher_required
@require_safe
def teacher_detail(request: HttpRequest, pk: int) -> HttpResponse:
    teacher = selectors.visible_teacher_or_404(pk, request.user)
    return render(
        request,
        "partners/teacher_detail.html",
        {
            "teacher": teacher,
            "is_me": teacher.pk == request.user.pk,
            "relation": Contact.objects.between(request.user, teacher).first(),
            "contact_form": ContactRequestForm(),
            "report_form": ReportForm(),
            "panels": selectors.teacher_profile_panels(teacher, request=request),
        },
    )


@teacher_required
@require_http_methods(["GET", "HEAD", "POST"])
def contact_request(request: HttpRequest, pk: int) -> HttpResponse:
    teacher = selectors.visible_teacher_or_404(pk, request.user)
    form = ContactRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_request_send(
                sender=request.user, recipient=teacher, message=form.cleaned_data["message"]
            )
        except ValidationError as exc:
            _errors_into(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Votre demande de contact est envoyée à %(name)s.") % {"name": teacher},
            )
            return redirect("partners:contacts")
    return render(request, "partners/contact_request.html", {"teacher": teacher, "form": form})


@teacher_required
@require_safe
def contacts(request: HttpRequest) -> HttpResponse:
    return render(request, "partners/contacts.html", selectors.contact_lists(request.user))


def _answer(request: HttpRequest, pk: int, service, success: str) -> HttpResponse:
    contact = get_object_or_404(Contact, pk=pk, recipient=request.user)
    try:
        service(contact=contact, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)
    return redirect("partners:contacts")


@teacher_required
@require_POST
def contact_accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _answer(request, pk, services.contact_accept, _("Vous êtes maintenant en contact."))


@teacher_required
@require_POST
def contact_decline(request: HttpRequest, pk: int) -> HttpResponse:
    return _answer(request, pk, services.contact_decline, _("La demande est refusée."))


# --- Messages ------------------------------------------------------------------------


@teacher_required
@require_safe
def inbox(request: HttpRequest) -> HttpResponse:
    return render(
        request, "partners/inbox.html", {"conversations": selectors.conversations(request.user)}
    )


@teacher_required
@require_http_methods(["GET", "HEAD", "POST"])
def conversation(request: HttpRequest, user_id: int) -> HttpResponse:
    other = get_object_or_404(User, pk=user_id, is_staff=False)
    if not can_read_conversation(request.user, other):
        raise Http404
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.message_send(
                sender=request.user, recipient=other, body=form.cleaned_data["body"]
            )
        except ValidationError as exc:
            _errors_into(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Message envoyé."))
            return redirect("partners:conversation", user_id=other.pk)
    services.messages_mark_read(reader=request.user, other=other)
    return render(
        request,
        "partners/conversation.html",
        {
            "other": other,
            "thread": selectors.conversation(request.user, other),
            "form": form,
        },
    )


# --- Reports --------------------------------------------------------------------------


@teacher_required
@require_http_methods(["GET", "HEAD", "POST"])
def report(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    target: dict = {}
    if kind == "announcement":
        target["announcement"] = selectors.visible_announcement_or_404(pk, request.user)
        back = redirect("partners:announcement", pk=pk)
    elif kind == "teacher":
        target["teacher"] = selectors.visible_teacher_or_404(pk, request.user)
        back = redirect("partners:teacher", pk=pk)
    elif kind == "message":
        message = get_object_or_404(Message, pk=pk, recipient=request.user)
        target["message"] = message
        back = redirect("partners:conversation", user_id=message.sender_id)
    else:
        raise Http404
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_create(
                reporter=request.user, reason=form.cleaned_data["reason"], **target
            )
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            messages.success(
                request, _("Merci : le bureau d'assistance examinera votre signalement.")
            )
            return back
    return render(request, "partners/report.html", {"form": form, "kind": kind, "target": target})
