from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import offer_active_choices
from accounts.ids import IdMultipleChoiceField
from accounts.models import PUPIL_AGE_MAX, PUPIL_AGE_MIN, Language, Subject, User
from projects.models import Project


class ProjectDetailsForm(forms.ModelForm):
    subjects = IdMultipleChoiceField(
        label=_("Disciplines"),
        queryset=Subject.objects.active(),
        widget=forms.CheckboxSelectMultiple,
    )
    languages = IdMultipleChoiceField(
        label=_("Langues de travail"),
        queryset=Language.objects.active(),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Project
        fields = [
            "title",
            "summary",
            "subjects",
            "languages",
            "age_min",
            "age_max",
            "themes",
            "planned_start",
            "planned_end",
            "expected_partners",
            "is_public",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5}),
            "planned_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "planned_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "age_min": forms.NumberInput(attrs={"min": PUPIL_AGE_MIN, "max": PUPIL_AGE_MAX}),
            "age_max": forms.NumberInput(attrs={"min": PUPIL_AGE_MIN, "max": PUPIL_AGE_MAX}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The project's own subjects and languages (initial values) stay offered if retired.
        offer_active_choices(
            self,
            {"subjects": self.initial.get("subjects"), "languages": self.initial.get("languages")},
        )

    def clean(self):
        data = super().clean()
        if data.get("age_min") and data.get("age_max") and data["age_min"] > data["age_max"]:
            self.add_error(
                "age_max", _("L'âge maximum doit être supérieur ou égal à l'âge minimum.")
            )
        start, end = data.get("planned_start"), data.get("planned_end")
        if start and end and start > end:
            self.add_error("planned_end", _("La fin prévue doit suivre le début prévu."))
        return data

    def service_kwargs(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class CofounderField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        school = obj.school
        if school is None:
            return str(obj)
        return f"{obj} — {school.name} ({school.country.name})"


class FoundProjectForm(ProjectDetailsForm):
    cofounder = CofounderField(
        label=_("Cofondateur·rice (un de vos contacts)"),
        queryset=User.objects.none(),
        empty_label=_("— choisir un contact —"),
    )

    class Meta(ProjectDetailsForm.Meta):
        fields = ["cofounder", *ProjectDetailsForm.Meta.fields]

    def __init__(self, *args, contacts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if contacts is not None:
            self.fields["cofounder"].queryset = contacts.select_related("school__country")

    def service_kwargs(self) -> dict:
        return {name: self.cleaned_data[name] for name in ProjectDetailsForm.Meta.fields}


class CofounderForm(forms.Form):
    cofounder = CofounderField(
        label=_("Cofondateur·rice (un de vos contacts)"),
        queryset=User.objects.none(),
        empty_label=_("— choisir un contact —"),
    )

    def __init__(self, *args, contacts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if contacts is not None:
            self.fields["cofounder"].queryset = contacts.select_related("school__country")


class InvitePartnerForm(forms.Form):
    contact = CofounderField(
        label=_("Un de vos contacts"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("— choisir un contact —"),
    )
    email = forms.EmailField(
        label=_("ou l'adresse e-mail d'un·e enseignant·e inscrit·e"), required=False
    )

    def __init__(self, *args, contacts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if contacts is not None:
            self.fields["contact"].queryset = contacts.select_related("school__country")

    def clean(self):
        data = super().clean()
        teacher = data.get("contact")
        email = data.get("email")
        if teacher is None and email:
            teacher = User.objects.teachers().filter(email__iexact=email).first()
            if teacher is None:
                self.add_error(
                    "email", _("Aucun·e enseignant·e n'est inscrit·e avec cette adresse.")
                )
        elif teacher is None and not self.errors:
            raise forms.ValidationError(_("Choisissez un contact ou indiquez une adresse e-mail."))
        data["teacher"] = teacher
        return data


class CollaboratorForm(forms.Form):
    name = forms.CharField(label=_("Nom"), max_length=150)
    email = forms.EmailField(label=_("Adresse e-mail"))
