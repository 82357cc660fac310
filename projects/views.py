"""Pages of projects. Thin views: permission from :mod:`projects.permissions`,
one service call, redirect or render."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.ids import parse_id
from accounts.models import User
from etwinning import hooks
from partners.selectors import contacts_of
from projects import permissions, rules, selectors, services
from projects.forms import (
    CofounderForm,
    CollaboratorForm,
    FoundProjectForm,
    InvitePartnerForm,
    ProjectDetailsForm,
)
from projects.models import Collaborator, CollaboratorStatus, Membership, MemberStatus, Project


def _form_errors_from(exc: ValidationError, form) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _project_or_404(pk: int) -> Project:
    try:
        return selectors.project_for_page(pk)
    except Project.DoesNotExist as exc:
        raise Http404 from exc


def _contacts(user: User):
    return contacts_of(user).filter(is_active=True, is_staff=False).order_by("last_name")


def _act(request: HttpRequest, project: Project, action: Callable[[], object], done: str):
    """Run one service for a POST button; report success or the refusal."""
    try:
        action()
        messages.success(request, done)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("projects:detail", pk=project.pk)


# --- public -------------------------------------------------------------------


@require_safe
def gallery(request: HttpRequest) -> HttpResponse:
    result = selectors.gallery(request.GET, page_number=request.GET.get("page"), request=request)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "projects/gallery.html",
        {"gallery": result, "querystring": query.urlencode(), "ages": range(3, 20)},
    )


@require_safe
def public(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project_or_404(pk)
    if not permissions.can_view_public(request.user, project):
        raise Http404
    return render(
        request,
        "projects/public.html",
        {
            "project": project,
            "countries": selectors.countries_of(project),
            "schools": selectors.schools_of(project),
            "panels": selectors.public_panels(project, request=request),
        },
    )


# --- teachers ----------------------------------------------------------------------


@login_required
@require_safe
def mine(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "projects/mine.html",
        {
            "mine": selectors.my_projects(request.user),
            "founding_refusals": rules.check_founding(request.user, None)
            if not request.user.is_staff
            else [],
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def found(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_staff:
        raise PermissionDenied
    own_refusals = rules.check_founding(user, None)
    # Other apps may prefill the form (a project kit: ?kit=3); the form posts back to
    # the same address, so the query reaches project_found as the project's origin.
    initial, notices = {}, []
    for values in hooks.call("project_found_initial", request, request=request):
        values = dict(values)
        if notice := values.pop("notice", None):
            notices.append(notice)
        initial.update(values)
    form = FoundProjectForm(request.POST or None, initial=initial, contacts=_contacts(user))
    if request.method == "POST" and not own_refusals and form.is_valid():
        try:
            project = services.project_found(
                founder=user,
                cofounder=form.cleaned_data["cofounder"],
                origin=request.GET.dict(),
                **form.service_kwargs(),
            )
        except ValidationError as exc:
            _form_errors_from(exc, form)
        else:
            messages.success(
                request,
                _("Projet créé : votre contact a reçu l'invitation à le cofonder."),
            )
            return redirect("projects:detail", pk=project.pk)
    cofounder = form.cleaned_data.get("cofounder") if form.is_bound and form.is_valid() else None
    return render(
        request,
        "projects/found.html",
        {
            "form": form,
            "own_refusals": own_refusals,
            "refusals": rules.check_founding(user, cofounder) if cofounder else [],
            "checked": cofounder is not None,
            "has_contacts": form.fields["cofounder"].queryset.exists(),
            "notices": notices,
        },
    )


@login_required
@require_safe
def found_check(request: HttpRequest) -> HttpResponse:
    """htmx partial: the eligibility of the chosen contact, re-checked live."""
    cofounder_id = request.GET.get("cofounder", "")
    cofounder = None
    if (cofounder_pk := parse_id(cofounder_id)) is not None:
        cofounder = _contacts(request.user).filter(pk=cofounder_pk).first()
    refusals = rules.check_founding(request.user, cofounder) if cofounder else []
    return render(
        request,
        "projects/_eligibility.html",
        {"refusals": refusals, "checked": cofounder is not None},
    )


@login_required
@require_safe
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project_or_404(pk)
    user = request.user
    invitation = next(
        (
            m
            for m in project.current_memberships
            if m.user_id == user.pk and m.status == MemberStatus.INVITED
        ),
        None,
    )
    if not permissions.can_view(user, project) and invitation is None:
        if project.is_publicly_visible:
            return redirect("projects:public", pk=project.pk)
        raise Http404
    can_invite = permissions.can_invite(user, project)
    contacts = _contacts(user) if can_invite else User.objects.none()
    return render(
        request,
        "projects/detail.html",
        {
            "project": project,
            "invitation": invitation,
            "role": permissions.role_of(user, project),
            "can_access_space": permissions.can_access_space(user, project),
            "can_manage": permissions.can_manage(user, project),
            "can_invite": can_invite,
            "can_leave": permissions.can_leave(user, project),
            "can_finish": permissions.can_finish(user, project),
            "can_archive": permissions.can_archive(user, project),
            "members": [m for m in project.current_memberships if m.is_active],
            "invited": [m for m in project.current_memberships if not m.is_active],
            "collaborators": project.collaborators.exclude(status=CollaboratorStatus.REVOKED),
            "history": project.history.select_related("by"),
            "countries": selectors.countries_of(project),
            "invite_form": InvitePartnerForm(contacts=contacts),
            # Its own ids: the partner invitation above has an "email" field too.
            "collaborator_form": CollaboratorForm(auto_id="id_collaborator_%s"),
            "cofounder_form": CofounderForm(contacts=_contacts(user))
            if permissions.is_founder(user, project) and project.state == "draft"
            else None,
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = _get_project(request, pk)
    permissions.ensure(permissions.can_manage(request.user, project))
    form = ProjectDetailsForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update(project=project, by=request.user, **form.service_kwargs())
        except ValidationError as exc:
            _form_errors_from(exc, form)
        else:
            messages.success(request, _("Projet mis à jour."))
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/edit.html", {"form": form, "project": project})


def _get_project(request: HttpRequest, pk: int) -> Project:
    """The project of a member-only page or button: 404 to anyone who may not see
    its detail page, as the project space does, so an outsider learns nothing (not
    even that the id exists); those who may see it but not act get 403."""
    project = get_object_or_404(Project, pk=pk)
    if not permissions.can_view(request.user, project):
        raise Http404
    return project


@login_required
@require_POST
def cofounder_invite(request: HttpRequest, pk: int) -> HttpResponse:
    project = _get_project(request, pk)
    permissions.ensure(permissions.can_manage(request.user, project))
    form = CofounderForm(request.POST, contacts=_contacts(request.user))
    if not form.is_valid():
        messages.error(request, _("Choisissez un de vos contacts."))
        return redirect("projects:detail", pk=project.pk)
    return _act(
        request,
        project,
        lambda: services.project_cofounder_invite(
            project=project, by=request.user, cofounder=form.cleaned_data["cofounder"]
        ),
        _("Invitation envoyée."),
    )


@login_required
@require_POST
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(
        Membership, project_id=pk, user=request.user, status=MemberStatus.INVITED
    )
    return _act(
        request,
        membership.project,
        lambda: services.membership_accept(membership=membership, by=request.user),
        _("Vous avez rejoint le projet."),
    )


@login_required
@require_POST
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(
        Membership, project_id=pk, user=request.user, status=MemberStatus.INVITED
    )
    try:
        services.membership_decline(membership=membership, by=request.user)
        messages.success(request, _("Invitation déclinée."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("projects:mine")


@login_required
@require_POST
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    project = _get_project(request, pk)
    permissions.ensure(permissions.can_invite(request.user, project))
    form = InvitePartnerForm(request.POST, contacts=_contacts(request.user))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("projects:detail", pk=project.pk)
    return _act(
        request,
        project,
        lambda: services.membership_invite(
            project=project, by=request.user, teacher=form.cleaned_data["teacher"]
        ),
        _("Invitation envoyée."),
    )


@login_required
@require_POST
def collaborator_invite(request: HttpRequest, pk: int) -> HttpResponse:
    project = _get_project(request, pk)
    permissions.ensure(permissions.can_invite(request.user, project))
    form = CollaboratorForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("projects:detail", pk=project.pk)
    return _act(
        request,
        project,
        lambda: services.collaborator_invite(project=project, by=request.user, **form.cleaned_data),
        _("Invitation envoyée par e-mail."),
    )


@login_required
@require_POST
def collaborator_revoke(request: HttpRequest, pk: int, collaborator_id: int) -> HttpResponse:
    collaborator = get_object_or_404(
        Collaborator, pk=collaborator_id, project=_get_project(request, pk)
    )
    permissions.ensure(permissions.can_manage(request.user, collaborator.project))
    return _act(
        request,
        collaborator.project,
        lambda: services.collaborator_revoke(collaborator=collaborator, by=request.user),
        _("Accès retiré."),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def collaborator_accept(request: HttpRequest, token: str) -> HttpResponse:
    collaborator = (
        Collaborator.objects.select_related("project", "invited_by").filter(token=token).first()
    )
    if collaborator is None or collaborator.status != CollaboratorStatus.INVITED:
        raise Http404
    if request.method == "POST":
        try:
            services.collaborator_accept(token=token, by=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Vous collaborez désormais à ce projet."))
            return redirect("projects:detail", pk=collaborator.project_id)
    return render(request, "projects/collaborate.html", {"collaborator": collaborator})


@login_required
@require_POST
def leave(request: HttpRequest, pk: int) -> HttpResponse:
    project = _get_project(request, pk)
    permissions.ensure(permissions.can_leave(request.user, project))
    try:
        services.membership_leave(project=project, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("projects:detail", pk=project.pk)
    messages.success(request, _("Vous avez quitté le projet."))
    return redirect("projects:mine")


@login_required
@require_POST
def member_remove(request: HttpRequest, pk: int, membership_id: int) -> HttpResponse:
    membership = get_object_or_404(Membership, pk=membership_id, project=_get_project(request, pk))
    permissions.ensure(permissions.can_manage(request.user, membership.project))
    return _act(
        request,
        membership.project,
        lambda: services.membership_remove(membership=membership, by=request.user),
        _("Membre retiré·e du projet."),
    )


@login_required
@require_POST
def member_make_founder(request: HttpRequest, pk: int, membership_id: int) -> HttpResponse:
    membership = get_object_or_404(Membership, pk=membership_id, project=_get_project(request, pk))
    permissions.ensure(permissions.can_manage(request.user, membership.project))
    return _act(
        request,
        membership.project,
        lambda: services.membership_make_founder(membership=membership, by=request.user),
        _("Droits de fondateur transmis."),
    )


@login_required
@require_POST
def finish(request: HttpRequest, pk: int) -> HttpResponse:
    project = _get_project(request, pk)
    permissions.ensure(permissions.can_finish(request.user, project))
    return _act(
        request,
        project,
        lambda: services.project_finish(project=project, by=request.user),
        _("Projet marqué comme terminé."),
    )


@login_required
@require_POST
def archive(request: HttpRequest, pk: int) -> HttpResponse:
    project = _get_project(request, pk)
    permissions.ensure(permissions.can_archive(request.user, project))
    return _act(
        request,
        project,
        lambda: services.project_archive(project=project, by=request.user),
        _("Projet archivé."),
    )
