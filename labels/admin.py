from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from accounts.admin_mixins import PortalWideAdmin
from accounts.scoping import ServiceScopedAdmin, scope_to_service
from accounts.selectors import FWB_SERVICE_CODE
from labels import clock, permissions, selectors, services
from labels.models import (
    CRITERIA,
    PREREQUISITES,
    ApplicationStatus,
    ContestCategory,
    ContestCriterion,
    ContestEdition,
    ContestEntry,
    EligibleSchool,
    EuropeanEligibleProject,
    EuropeanLabel,
    EuropeanNomination,
    LabelRound,
    NationalLabelApplication,
    SchoolLabelApplication,
    default_ceremony,
    default_deadline,
)


@admin.register(LabelRound)
class LabelRoundAdmin(PortalWideAdmin, admin.ModelAdmin):
    """One round for every service: superusers set it, staff read it."""

    list_display = ["__str__", "opens_at", "closes_at", "limit_per_teacher", "min_total"]

    def get_changeform_initial_data(self, request):
        year = selectors.school_year_of(clock.local_date(clock.now()))
        return {"year": year, "limit_per_teacher": 2}


class EvaluationForm(forms.ModelForm):
    decision = forms.ChoiceField(
        label=_("Décision"),
        required=False,
        choices=[
            ("", _("Enregistrer les notes sans décider")),
            ("award", _("Attribuer le label")),
            ("refuse", _("Refuser")),
        ],
    )

    class Meta:
        model = NationalLabelApplication
        fields = [f"score_{code}" for code, _l in CRITERIA] + ["comment"]

    def clean(self):
        data = super().clean()
        if data.get("decision") == "award":
            for code, _label in CRITERIA:
                setattr(self.instance, f"score_{code}", data.get(f"score_{code}"))
            failures = permissions.national_label_rule_failures(self.instance)
            if failures:
                raise ValidationError(failures)
        if data.get("decision") == "refuse" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Expliquez le refus dans le commentaire."))
        return data


@admin.register(NationalLabelApplication)
class NationalLabelApplicationAdmin(ServiceScopedAdmin):
    service_lookup = "service"
    form = EvaluationForm
    list_display = ["project", "teacher", "school", "service", "round", "status", "total_display"]
    list_filter = ["status", "round", "service"]
    search_fields = ["project__title", "teacher__email", "teacher__last_name", "school__name"]
    list_select_related = ["project", "teacher", "school", "service", "round"]
    actions = ["nominate_european"]
    readonly_fields = [
        "project",
        "teacher",
        "school",
        "service",
        "country",
        "round",
        "status",
        "prerequisites_display",
        "text_innovation",
        "text_curriculum",
        "text_collaboration",
        "text_technology",
        "text_results",
        "evidence_display",
        "total_display",
        "decided_by",
        "decided_at",
    ]
    fieldsets = [
        (
            None,
            {"fields": ["project", "teacher", "school", "service", "country", "round", "status"]},
        ),
        (
            _("Candidature"),
            {
                "fields": [
                    "prerequisites_display",
                    "text_innovation",
                    "text_curriculum",
                    "text_collaboration",
                    "text_technology",
                    "text_results",
                    "evidence_display",
                ]
            },
        ),
        (
            _("Évaluation (0 à 6 par critère)"),
            {
                "fields": [
                    *[f"score_{code}" for code, _l in CRITERIA],
                    "total_display",
                    "comment",
                    "decision",
                    "decided_by",
                    "decided_at",
                ]
            },
        ),
    ]

    def has_add_permission(self, request):
        return False

    def get_readonly_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        if obj is not None and obj.status != ApplicationStatus.SUBMITTED:
            fields += [f"score_{code}" for code, _l in CRITERIA] + ["comment"]
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and obj.status != ApplicationStatus.SUBMITTED:
            return [
                (name, {"fields": [f for f in opts["fields"] if f != "decision"]})
                for name, opts in fieldsets
            ]
        return fieldsets

    @admin.display(description=_("Total /30"))
    def total_display(self, obj):
        total = obj.total
        return "—" if total is None else f"{total}/30"

    @admin.display(description=_("Conditions préalables"))
    def prerequisites_display(self, obj):
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} {}</li>",
                (
                    (label, _("oui") if getattr(obj, code) else _("non"))
                    for code, label in PREREQUISITES
                ),
            ),
        )

    @admin.display(description=_("Preuves"))
    def evidence_display(self, obj):
        links = obj.evidence_list()
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "", '<li><a href="{}" rel="noopener">{}</a></li>', ((u, u) for u in links)
            ),
        )

    def save_model(self, request, obj, form, change):
        try:
            services.national_label_evaluate(
                application=obj,
                by=request.user,
                scores={code: form.cleaned_data.get(f"score_{code}") for code, _l in CRITERIA},
                comment=form.cleaned_data.get("comment", ""),
                decision=form.cleaned_data.get("decision") or None,
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, "; ".join(getattr(error, "messages", [str(error)])))
        obj.refresh_from_db()

    @admin.action(description=_("Nominer pour le Label de qualité européen"))
    def nominate_european(self, request, queryset):
        done = 0
        for application in queryset.select_related("project"):
            service_id = request.user.staff_service_id or application.service_id
            try:
                services.european_nominate(
                    project=application.project, service_id=service_id, by=request.user
                )
                done += 1
            except (ValidationError, PermissionDenied) as error:
                messages.error(
                    request,
                    f"{application.project}: "
                    + "; ".join(getattr(error, "messages", [str(error)])),
                )
        if done:
            messages.success(request, _("%(count)s projet(s) nominé(s).") % {"count": done})


@admin.register(EuropeanNomination)
class EuropeanNominationAdmin(ServiceScopedAdmin):
    service_lookup = "service"
    list_display = ["project", "service", "round", "average_score", "awarded"]
    list_filter = ["round", "service"]
    readonly_fields = ["project", "service", "round", "average_score", "nominated_by"]
    actions = ["award_european"]

    def has_add_permission(self, request):
        return False

    @admin.display(boolean=True, description=_("Label européen"))
    def awarded(self, obj):
        return EuropeanLabel.objects.filter(project=obj.project, round=obj.round).exists()

    @admin.action(description=_("Attribuer le Label de qualité européen (service central)"))
    def award_european(self, request, queryset):
        if not request.user.is_superuser:
            messages.error(request, _("Seul le service central attribue le Label européen."))
            return
        for nomination in queryset.select_related("project"):
            try:
                services.european_award(project=nomination.project, by=request.user)
            except ValidationError as error:
                messages.error(request, "; ".join(error.messages))
        messages.success(request, _("Labels européens attribués."))


@admin.register(EuropeanLabel)
class EuropeanLabelAdmin(PortalWideAdmin, admin.ModelAdmin):
    """A label shared by the partners of several services: awarded through the
    nominations; only superusers correct or remove one."""

    list_display = ["project", "round", "awarded_at"]
    readonly_fields = ["project", "round", "awarded_by", "awarded_at"]

    def has_add_permission(self, request):
        return False


@admin.register(SchoolLabelApplication)
class SchoolLabelApplicationAdmin(ServiceScopedAdmin):
    service_lookup = "school__support_service"
    list_display = ["school", "round", "head_name", "applicant", "status", "valid_until"]
    list_filter = ["status", "round"]
    readonly_fields = [
        "school",
        "round",
        "applicant",
        "head_name",
        "head_declaration",
        "declaration_file",
        "status",
        "valid_until",
        "decided_by",
        "decided_at",
    ]
    actions = ["award", "refuse"]

    def has_add_permission(self, request):
        return False

    def _decide(self, request, queryset, award):
        for application in queryset.select_related("school"):
            services.school_label_decide(application=application, by=request.user, award=award)

    @admin.action(description=_("Attribuer le label École eTwinning"))
    def award(self, request, queryset):
        self._decide(request, queryset, True)

    @admin.action(description=_("Refuser"))
    def refuse(self, request, queryset):
        self._decide(request, queryset, False)


@admin.register(EligibleSchool)
class EligibleSchoolAdmin(ServiceScopedAdmin):
    service_lookup = "support_service"
    list_display = ["name", "city", "support_service", "active_teachers", "created_at", "applied"]
    search_fields = ["name", "city"]

    def get_queryset(self, request):
        return scope_to_service(
            selectors.school_label_candidates(), request.user, self.service_lookup
        )

    @admin.display(description=_("enseignant·es actif·ves"))
    def active_teachers(self, obj):
        return obj.active_teachers

    @admin.display(boolean=True, description=_("candidature cette année"))
    def applied(self, obj):
        label_round = selectors.current_round()
        return SchoolLabelApplication.objects.filter(school=obj, round=label_round).exists()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class FWBContestAdmin(admin.ModelAdmin):
    """The prize contest is the FWB service's own: its staff (and superusers)
    manage it; other services' staff do not see it."""

    def _fwb(self, request) -> bool:
        user = request.user
        return user.is_superuser or (
            user.is_staff
            and user.staff_service_id is not None
            and user.staff_service.code == FWB_SERVICE_CODE
        )

    def has_module_permission(self, request):
        return self._fwb(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._fwb(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return self._fwb(request) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return self._fwb(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._fwb(request) and super().has_delete_permission(request, obj)


class CategoryInline(TranslationTabularInline):
    model = ContestCategory
    extra = 0


class CriterionInline(TranslationTabularInline):
    model = ContestCriterion
    extra = 0


@admin.register(ContestEdition)
class ContestEditionAdmin(FWBContestAdmin, TranslationAdmin):
    list_display = [
        "__str__",
        "deadline",
        "ceremony_at",
        "entry_count",
        "results_published_at",
        "links",
    ]
    inlines = [CategoryInline, CriterionInline]
    filter_horizontal = ["jury"]
    readonly_fields = ["results_published_at"]
    actions = ["publish_results"]

    def get_changeform_initial_data(self, request):
        year = clock.local_date(clock.now()).year
        if ContestEdition.objects.filter(year=year).exists():
            year += 1
        return {
            "year": year,
            "deadline": default_deadline(year),
            "ceremony_at": default_ceremony(year),
            "ceremony_place_fr": "Bruxelles",
            "ceremony_place_nl": "Brussel",
            "ceremony_place_de": "Brüssel",
            "ceremony_place_en": "Brussels",
        }

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            services.contest_edition_add_defaults(edition=form.instance)

    @admin.display(description=_("participations"))
    def entry_count(self, obj):
        return obj.entries.count()

    @admin.display(description=_("liens"))
    def links(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("labels:jury", args=(obj.year,)), _("jury")
        )

    @admin.action(description=_("Publier les résultats (e-mails aux participants)"))
    def publish_results(self, request, queryset):
        for edition in queryset:
            try:
                services.contest_results_publish(edition=edition, by=request.user)
                messages.success(request, _("Résultats publiés : %(e)s") % {"e": edition})
            except ValidationError as error:
                messages.error(request, f"{edition}: " + "; ".join(error.messages))


@admin.register(ContestEntry)
class ContestEntryAdmin(FWBContestAdmin):
    list_display = ["project", "edition", "category", "submitted_by", "jury_total", "is_winner"]
    list_filter = ["edition", "category__name", "is_winner"]
    list_editable = ["is_winner"]
    search_fields = ["project__title"]
    list_select_related = ["project", "edition", "category", "submitted_by"]
    readonly_fields = ["edition", "project", "submitted_by", "created_at", "updated_at"]
    fields = [
        "edition",
        "project",
        "category",
        "submitted_by",
        "presentation",
        "evidence_links",
        "is_winner",
        "created_at",
        "updated_at",
    ]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("note du jury (moyenne)"))
    def jury_total(self, obj):
        totals = getattr(self, "_totals", {}).get(obj.edition_id)
        if totals is None:
            totals = selectors.entry_totals(obj.edition)
            self._totals = {**getattr(self, "_totals", {}), obj.edition_id: totals}
        value = totals.get(obj.pk)
        return "—" if value is None else f"{value:.1f}"

    def changelist_view(self, request, extra_context=None):
        self._totals = {}
        return super().changelist_view(request, extra_context)


@admin.register(EuropeanEligibleProject)
class EuropeanEligibleProjectAdmin(ServiceScopedAdmin):
    """Projects with National Quality Labels in at least two countries; a service
    sees those it labelled and nominates them (action)."""

    service_lookup = "national_label_applications__service"
    list_display = ["title", "average_display", "nominated"]
    search_fields = ["title"]
    actions = ["nominate"]

    def get_queryset(self, request):
        eligible = selectors.european_eligible_projects().filter(
            national_label_applications__status=ApplicationStatus.AWARDED
        )
        return scope_to_service(eligible, request.user, self.service_lookup).distinct()

    @admin.display(description=_("moyenne nationale"))
    def average_display(self, obj):
        return selectors.project_average_score(obj)

    @admin.display(boolean=True, description=_("nominé"))
    def nominated(self, obj):
        return EuropeanNomination.objects.filter(
            project=obj, round=selectors.current_round()
        ).exists()

    @admin.action(description=_("Nominer pour le Label de qualité européen"))
    def nominate(self, request, queryset):
        for project in queryset:
            service_ids = (
                [request.user.staff_service_id]
                if request.user.staff_service_id
                else list(
                    NationalLabelApplication.objects.awarded()
                    .filter(project=project)
                    .values_list("service_id", flat=True)
                    .distinct()
                )
            )
            for service_id in service_ids:
                try:
                    services.european_nominate(
                        project=project, service_id=service_id, by=request.user
                    )
                except (ValidationError, PermissionDenied) as error:
                    messages.error(
                        request,
                        f"{project}: " + "; ".join(getattr(error, "messages", [str(error)])),
                    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
