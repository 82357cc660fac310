from __future__ import annotations

from collections.abc import Iterable, Mapping

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts import services
from accounts.ids import IdMultipleChoiceField
from accounts.models import (
    PUPIL_AGE_MAX,
    PUPIL_AGE_MIN,
    Language,
    School,
    SchoolNetwork,
    Subject,
    SupportService,
    TeacherRole,
    ValidationStatus,
)


def offer_active_choices(form: forms.BaseForm, kept: Mapping[str, Iterable | None]) -> None:
    """Offer only the active reference rows in these fields, plus the ones the edited
    object already has: a retired row stays on the objects that use it, and saving
    their form again must not silently drop it."""
    for name, rows in kept.items():
        field = form.fields[name]
        field.queryset = field.queryset.model.objects.offered(keep=rows or ())


class SignupForm(forms.Form):
    """Extra fields of allauth's sign-up form (``ACCOUNT_SIGNUP_FORM_CLASS``)."""

    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    preferred_language = forms.ChoiceField(label=_("Langue préférée"), choices=settings.LANGUAGES)
    bulletin_subscribed = forms.BooleanField(
        label=_("Je souhaite recevoir le bulletin mensuel « Liaison eTwinning » par e-mail"),
        help_text=_("Coché par défaut ; vous pouvez vous désabonner à tout moment."),
        required=False,
        initial=True,
    )

    field_order = [
        "first_name",
        "last_name",
        "email",
        "password1",
        "password2",
        "preferred_language",
        "bulletin_subscribed",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].initial = get_language() or settings.LANGUAGE_CODE

    def signup(self, request, user) -> None:
        services.teacher_signup_complete(
            user=user,
            first_name=self.cleaned_data["first_name"],
            last_name=self.cleaned_data["last_name"],
            preferred_language=self.cleaned_data["preferred_language"],
            bulletin_subscribed=self.cleaned_data["bulletin_subscribed"],
        )


class SchoolChoiceField(forms.ModelChoiceField):
    """A school picked from search results; the template renders the choices
    (never the whole table: there are hundreds of thousands of schools)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(
            queryset=School.objects.exclude(status=ValidationStatus.REJECTED).select_related(
                "country", "support_service"
            ),
            **kwargs,
        )


class ProfileForm(forms.Form):
    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    role = forms.ChoiceField(label=_("Fonction"), choices=TeacherRole.choices)
    school = SchoolChoiceField(
        label=_("École principale"),
        error_messages={"required": _("Choisissez votre école dans la recherche ou proposez-la.")},
    )
    subjects = IdMultipleChoiceField(
        label=_("Disciplines"),
        queryset=Subject.objects.active(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    languages = IdMultipleChoiceField(
        label=_("Langues parlées"),
        queryset=Language.objects.active(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    age_min = forms.IntegerField(
        label=_("Âge des élèves : de"),
        min_value=PUPIL_AGE_MIN,
        max_value=PUPIL_AGE_MAX,
    )
    age_max = forms.IntegerField(
        label=_("à"),
        min_value=PUPIL_AGE_MIN,
        max_value=PUPIL_AGE_MAX,
    )
    bio = forms.CharField(
        label=_("Présentation"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Votre classe, vos envies de projets, ce que vous cherchez."),
    )
    available_for_projects = forms.BooleanField(
        label=_("Je suis disponible pour des projets"), required=False
    )
    hidden_from_search = forms.BooleanField(
        label=_("Masquer mon profil dans la recherche de partenaires"), required=False
    )
    preferred_language = forms.ChoiceField(label=_("Langue préférée"), choices=settings.LANGUAGES)
    bulletin_subscribed = forms.BooleanField(
        label=_("Je reçois le bulletin mensuel « Liaison eTwinning »"), required=False
    )
    proof_of_employment = forms.FileField(
        label=_("Preuve d'emploi"),
        required=False,
        help_text=_("Attestation signée par la direction : PDF, JPEG ou PNG, 5 Mo au plus."),
    )

    def __init__(self, *args, teacher=None, **kwargs):
        self.teacher = teacher
        super().__init__(*args, **kwargs)
        if teacher is not None:
            offer_active_choices(
                self, {"subjects": teacher.subjects.all(), "languages": teacher.languages.all()}
            )

    def clean(self):
        data = super().clean()
        low, high = data.get("age_min"), data.get("age_max")
        if low is not None and high is not None and low > high:
            self.add_error("age_max", _("L'âge maximum doit être supérieur ou égal au minimum."))
        return data


class SchoolProposalForm(forms.Form):
    name = forms.CharField(label=_("Nom de l'école"), max_length=200)
    support_service = forms.ModelChoiceField(
        label=_("Pays (communauté)"),
        queryset=SupportService.objects.active()
        .filter(country__is_active=True)
        .select_related("country"),
        help_text=_("En Belgique, choisissez votre Communauté."),
    )
    address = forms.CharField(label=_("Adresse"), max_length=200, required=False)
    postcode = forms.CharField(label=_("Code postal"), max_length=12)
    city = forms.CharField(label=_("Localité"), max_length=100)
    contact_email = forms.EmailField(
        label=_("E-mail de contact de l'école"),
        required=False,
        help_text=_("Il recevra le bulletin « Liaison eTwinning »."),
    )
    level_nursery = forms.BooleanField(label=_("Maternel"), required=False)
    level_primary = forms.BooleanField(label=_("Primaire"), required=False)
    level_secondary = forms.BooleanField(label=_("Secondaire"), required=False)
    network = forms.ChoiceField(
        label=_("Réseau (Fédération Wallonie-Bruxelles)"),
        choices=[("", "—"), *SchoolNetwork.choices],
        required=False,
    )
    special_education = forms.BooleanField(label=_("Enseignement spécialisé"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["support_service"].label_from_instance = lambda s: (
            f"{s.country.name} — {s.name}" if s.country.code == "BE" else s.country.name
        )

    def clean(self):
        data = super().clean()
        if not (
            data.get("level_nursery") or data.get("level_primary") or data.get("level_secondary")
        ):
            raise forms.ValidationError(_("Cochez au moins un niveau d'enseignement."))
        return data


class RejectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif du refus"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Je comprends que la suppression est définitive."), required=True
    )


class StaffDigestForm(forms.Form):
    staff_morning_digest = forms.BooleanField(
        label=_("Recevoir chaque matin un e-mail de ce qui m'attend"),
        help_text=_("Seulement les jours où quelque chose attend, dans votre langue."),
        required=False,
    )
