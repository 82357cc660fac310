from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.ids import parse_id
from accounts.models import School, SupportService
from accounts.selectors import FWB_SERVICE_CODE
from certificates.views import certificate_download
from labels import certificates, clock, permissions, selectors, services
from labels.forms import ContestEntryForm, JuryGridFormSet, NationalLabelForm, SchoolLabelForm
from labels.ics import edition_calendar
from labels.models import ContestEdition, ContestEntry, JuryScore
from projects.models import MemberStatus, Project, ProjectState


def _errors(error: ValidationError) -> list[str]:
    return list(error.messages)


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "labels/index.html",
        {
            "labelled": selectors.latest_labelled_projects(6),
            "edition": selectors.open_edition(),
            "winners": selectors.latest_prize_winners(6),
            "editions": ContestEdition.objects.published()[:10],
        },
    )


@require_safe
def labelled(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.labelled_projects().with_member_data(), 24).get_page(
        request.GET.get("page")
    )
    return render(request, "labels/labelled.html", {"page": page})


# --- National Quality Label ---------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def apply(request: HttpRequest, project_pk: int) -> HttpResponse:
    permissions.require_validated_teacher(request.user)
    project = permissions.project_for_application_or_404(request.user, project_pk)
    reasons = permissions.national_label_ineligibility(teacher=request.user, project=project)
    form = NationalLabelForm(request.POST or None)
    if request.method == "POST" and not reasons and form.is_valid():
        try:
            services.national_label_apply(
                teacher=request.user,
                project=project,
                prerequisites=form.prerequisites(),
                texts=form.texts(),
                evidence_links=form.cleaned_data["evidence_links"],
            )
        except ValidationError as error:
            for message in _errors(error):
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("Votre candidature est envoyée : votre bureau d'assistance va l'évaluer."),
            )
            return redirect("labels:mine")
    return render(
        request,
        "labels/apply.html",
        {"project": project, "form": form, "reasons": reasons, "round": selectors.current_round()},
    )


@login_required
@require_safe
def mine(request: HttpRequest) -> HttpResponse:
    user = request.user
    # Projects the teacher could still apply for (the form explains any refusal).
    projects = (
        Project.objects.involving(user)
        .filter(state__in=(ProjectState.ACTIVE, ProjectState.FINISHED, ProjectState.ARCHIVED))
        .exclude(national_label_applications__teacher=user)
        .order_by("-created_at")
    )
    return render(
        request,
        "labels/mine.html",
        {
            "applications": selectors.teacher_applications(user),
            "entries": selectors.teacher_entries(user).order_by("-edition__year"),
            "european_labels": selectors.teacher_european_labels(user),
            "projects": projects,
            "edition": selectors.open_edition(),
            "school_label": selectors.school_current_label(user.school) if user.school else None,
        },
    )


@login_required
@require_safe
def certificate(request: HttpRequest, pk: int) -> HttpResponse:
    application = permissions.certificate_or_404(request.user, pk)
    issued = certificates.national_label_certificate_issue(application=application)
    return _download(request, issued, f"label-qualite-{slugify(application.project.title)}")


@login_required
@require_safe
def european_certificate(request: HttpRequest, pk: int) -> HttpResponse:
    label = permissions.european_label_or_404(request.user, pk)
    issued = certificates.european_label_certificate_issue(label=label, teacher=request.user)
    return _download(request, issued, f"label-europeen-{slugify(label.project.title)}")


@login_required
@require_safe
def school_certificate(request: HttpRequest, pk: int) -> HttpResponse:
    application = permissions.school_label_or_404(request.user, pk)
    issued = certificates.school_label_certificate_issue(application=application)
    return _download(request, issued, f"label-ecole-{slugify(application.school.name)}")


@login_required
@require_safe
def prize_certificate(request: HttpRequest, pk: int) -> HttpResponse:
    entry = permissions.contest_prize_or_404(request.user, pk)
    issued = certificates.contest_prize_certificate_issue(
        entry=entry,
        teacher=request.user,
        service=SupportService.objects.get(code=FWB_SERVICE_CODE),
    )
    return _download(request, issued, f"prix-etwinning-{slugify(entry.project.title)}")


def _download(request: HttpRequest, issued: tuple, name: str) -> HttpResponse:
    certificate, details = issued
    return certificate_download(request, certificate, filename=f"{name[:60]}.pdf", details=details)


# --- eTwinning School label ---------------------------------------------------------------


@require_safe
def school(request: HttpRequest, pk: int) -> HttpResponse:
    school = get_object_or_404(
        School.objects.validated().select_related("country", "support_service"), pk=pk
    )
    projects = (
        Project.objects.visible_publicly()
        .filter(memberships__school=school, memberships__status=MemberStatus.ACTIVE)
        .distinct()
        .order_by("-activated_at")[:20]
    )
    return render(
        request,
        "labels/school.html",
        {
            "school": school,
            "label": selectors.school_current_label(school),
            "projects": projects,
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def school_apply(request: HttpRequest) -> HttpResponse:
    permissions.require_validated_teacher(request.user)
    school = request.user.school
    eligible = bool(school) and selectors.school_label_candidates().filter(pk=school.pk).exists()
    form = SchoolLabelForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.school_label_apply(
                teacher=request.user,
                head_name=form.cleaned_data["head_name"],
                head_declaration=form.cleaned_data["head_declaration"],
                declaration_file=form.cleaned_data.get("declaration_file"),
            )
        except ValidationError as error:
            for message in _errors(error):
                form.add_error(None, message)
        else:
            messages.success(request, _("La candidature de votre école est envoyée."))
            return redirect("labels:mine")
    return render(
        request, "labels/school_apply.html", {"form": form, "school": school, "eligible": eligible}
    )


# --- Contest -------------------------------------------------------------------------------


def _time_left(edition: ContestEdition) -> dict | None:
    left = edition.deadline - clock.now()
    if left <= datetime.timedelta(0):  # the closing moment is excluded
        return None
    return {
        "days": left.days,
        "hours": left.seconds // 3600,
        "minutes": (left.seconds % 3600) // 60,
        "seconds": int(left.total_seconds()),
    }


@require_safe
def contest(request: HttpRequest) -> HttpResponse:
    edition = selectors.open_edition()
    return render(
        request,
        "labels/contest.html",
        {
            "edition": edition,
            "time_left": _time_left(edition) if edition else None,
            "categories": edition.categories.all() if edition else [],
            "editions": ContestEdition.objects.published()[:20],
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def contest_entry(request: HttpRequest) -> HttpResponse:
    permissions.require_validated_teacher(request.user)
    edition = selectors.open_edition() or ContestEdition.objects.order_by("-year").first()
    if edition is None:
        messages.info(request, _("Aucune édition du concours n'est ouverte."))
        return redirect("labels:contest")
    projects = (
        Project.objects.involving(request.user)
        .filter(
            memberships__school__support_service__code=FWB_SERVICE_CODE,
            state__in=(ProjectState.ACTIVE, ProjectState.FINISHED),
        )
        .distinct()
    )
    project_pk = request.POST.get("project") or request.GET.get("project")
    entry = (
        ContestEntry.objects.filter(edition=edition, project_id=parse_id(project_pk)).first()
        if parse_id(project_pk) is not None
        else None
    )
    initial = {"project": project_pk}
    if entry:
        initial |= {
            "category": entry.category_id,
            "presentation": entry.presentation,
            "evidence_links": entry.evidence_links,
        }
    form = ContestEntryForm(
        request.POST or None, initial=initial, edition=edition, projects=projects
    )
    time_left = _time_left(edition)
    if request.method == "POST" and form.is_valid():
        try:
            services.contest_entry_submit(
                edition=edition,
                project=form.cleaned_data["project"],
                user=request.user,
                category=form.cleaned_data["category"],
                presentation=form.cleaned_data["presentation"],
                evidence_links=form.cleaned_data["evidence_links"],
            )
        except ValidationError as error:
            for message in _errors(error):
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _(
                    "Votre participation est enregistrée : vous pouvez la modifier jusqu'à la date limite."
                ),
            )
            return redirect("labels:mine")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "labels/contest_entry.html",
        {
            "edition": edition,
            "form": form,
            "entry": entry,
            "time_left": time_left,
            "closed_message": None
            if time_left
            else services.contest_deadline_passed_message(edition),
            "has_projects": projects.exists(),
        },
        status=status,
    )


@require_safe
def winners(request: HttpRequest, year: int) -> HttpResponse:
    edition = get_object_or_404(ContestEdition.objects.published(), year=year)
    entries = (
        edition.entries.filter(is_winner=True)
        .select_related("project", "category")
        .order_by("category__position")
    )
    return render(request, "labels/winners.html", {"edition": edition, "entries": entries})


@require_safe
def calendar(request: HttpRequest) -> HttpResponse:
    editions = ContestEdition.objects.order_by("-year")[:10]
    response = HttpResponse(edition_calendar(editions), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="concours-etwinning-fwb.ics"'
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def jury(request: HttpRequest, year: int) -> HttpResponse:
    edition = permissions.jury_edition_or_404(request.user, year)
    criteria = list(edition.criteria.all())
    entries = list(edition.entries.select_related("project", "category"))
    mine = {
        (s.entry_id, s.criterion_id): s.points
        for s in JuryScore.objects.filter(entry__edition=edition, juror=request.user)
    }
    initial = [
        {"entry": entry.pk} | {f"c{c.pk}": mine.get((entry.pk, c.pk)) for c in criteria}
        for entry in entries
    ]
    is_open = edition.is_open(clock.now())
    grid = JuryGridFormSet(
        request.POST or None,
        initial=initial,
        entries=entries,
        form_kwargs={"criteria": criteria, "locked": is_open},
        prefix="grid",
    )
    refusals: list[str] = []
    if request.method == "POST" and grid.is_valid():
        try:
            services.jury_scores_record(edition=edition, juror=request.user, scores=grid.scores())
        except ValidationError as error:
            refusals = _errors(error)
        else:
            messages.success(request, _("Vos notes sont enregistrées."))
            return redirect("labels:jury", year=year)
    return render(
        request,
        "labels/jury.html",
        {
            "edition": edition,
            "criteria": criteria,
            "grid": grid,
            "refusals": refusals,
            "open": is_open,
        },
        status=400 if request.method == "POST" else 200,
    )
