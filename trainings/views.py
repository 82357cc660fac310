from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from certificates.views import certificate_download
from trainings import permissions, selectors, services
from trainings.certificates import attendance_certificate_issue
from trainings.forms import ApplicationForm, FilterForm, TrainingRequestForm
from trainings.models import Registration, Training


def _errors(exc: ValidationError) -> list[str]:
    return exc.messages


def _get_training(pk: int) -> Training:
    try:
        return selectors.training_detail(pk=pk)
    except Training.DoesNotExist as exc:
        raise Http404 from exc


@require_safe
def training_list(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    chosen = form.cleaned_data["format"] if form.is_valid() else ""
    page = Paginator(selectors.training_list(format=chosen), 12).get_page(request.GET.get("page"))
    return render(
        request, "trainings/list.html", {"form": form, "page": page, "chosen_format": chosen}
    )


@require_safe
def training_detail(request: HttpRequest, pk: int) -> HttpResponse:
    training = _get_training(pk)
    place = selectors.teacher_place(training=training, teacher=request.user)
    return render(
        request,
        "trainings/detail.html",
        {
            "training": training,
            "place": place,
            "can_register": permissions.can_register(request.user),
            "seats_left": max(training.capacity - training.seats_taken, 0),
            "application_form": ApplicationForm() if training.is_abroad else None,
        },
    )


@login_required
@require_POST
def register(request: HttpRequest, pk: int) -> HttpResponse:
    training = _get_training(pk)
    try:
        registration = services.registration_create(training=training, teacher=request.user)
    except (ValidationError, PermissionDenied) as exc:
        for message in getattr(exc, "messages", [str(exc)]):
            messages.error(request, message)
    else:
        if registration.status == "confirmed":
            messages.success(request, _("Vous êtes inscrit·e à cette formation."))
        else:
            messages.warning(
                request,
                _(
                    "La formation est complète : vous êtes sur la liste d'attente. "
                    "Nous vous écrirons si une place se libère."
                ),
            )
    return redirect("trainings:detail", pk=pk)


@login_required
@require_POST
def unregister(request: HttpRequest, pk: int) -> HttpResponse:
    registration = (
        Registration.objects.active().filter(training_id=pk, teacher=request.user).first()
    )
    if registration is None:
        messages.error(request, _("Vous n'êtes pas inscrit·e à cette formation."))
        return redirect("trainings:detail", pk=pk)
    try:
        services.registration_cancel(registration=registration, by=request.user)
    except (ValidationError, PermissionDenied) as exc:
        for message in getattr(exc, "messages", [str(exc)]):
            messages.error(request, message)
    else:
        messages.success(request, _("Votre inscription est annulée."))
    return redirect("trainings:detail", pk=pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    training = _get_training(pk)
    if not training.is_abroad:
        return redirect("trainings:detail", pk=pk)
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_create(
                training=training, teacher=request.user, motivation=form.cleaned_data["motivation"]
            )
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
        else:
            messages.success(
                request,
                _(
                    "Votre candidature est envoyée ; le bureau d'assistance vous répondra par e-mail."
                ),
            )
            return redirect("trainings:detail", pk=pk)
    return render(request, "trainings/apply.html", {"training": training, "form": form})


@login_required
@require_safe
def my_trainings(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "trainings/mine.html",
        {"registrations": selectors.teacher_registrations(teacher=request.user)},
    )


@login_required
@require_safe
def certificate(request: HttpRequest, registration_id: int) -> HttpResponse:
    registration = get_object_or_404(
        Registration.objects.select_related("training", "training__service", "teacher"),
        pk=registration_id,
    )
    if not permissions.can_download_certificate(request.user, registration):
        raise Http404
    certificate, details = attendance_certificate_issue(registration=registration)
    return certificate_download(
        request,
        certificate,
        filename=f"etwinning-certificate-{registration.training_id}.pdf",
        details=details,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def request_training(request: HttpRequest) -> HttpResponse:
    if not permissions.can_register(request.user):
        messages.error(
            request,
            _(
                "Votre compte doit être validé par le bureau d'assistance pour demander une formation."
            ),
        )
        return redirect("trainings:list")
    form = TrainingRequestForm(request.POST or None, teacher=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.training_request_create(teacher=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, getattr(exc, "messages", [str(exc)]))
        else:
            messages.success(
                request,
                _(
                    "Votre demande est envoyée ; le bureau d'assistance répondra à l'école par e-mail."
                ),
            )
            return redirect("trainings:list")
    return render(request, "trainings/request.html", {"form": form})
