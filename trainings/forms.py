from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import School
from trainings.models import TrainingFormat


class FilterForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[("", _("Tous les formats")), *TrainingFormat.choices],
    )


class ApplicationForm(forms.Form):
    motivation = forms.CharField(
        label=_("Votre motivation"),
        widget=forms.Textarea(attrs={"rows": 8}),
        min_length=50,
        max_length=4000,
        help_text=_(
            "Pourquoi cette formation ? Quels projets eTwinning menez-vous ou préparez-vous ?"
        ),
    )


class TrainingRequestForm(forms.Form):
    school = forms.ModelChoiceField(label=_("École"), queryset=School.objects.none())
    topic = forms.CharField(label=_("Thème souhaité"), max_length=200)
    audience = forms.CharField(
        label=_("Public"),
        max_length=200,
        help_text=_("Par exemple : l'équipe des enseignants du primaire."),
    )
    participants = forms.IntegerField(label=_("Nombre de participants"), min_value=1, max_value=500)
    preferred_dates = forms.CharField(
        label=_("Dates souhaitées"),
        max_length=300,
        help_text=_("Une ou plusieurs dates ou périodes qui conviendraient à l'école."),
    )
    message = forms.CharField(
        label=_("Message (facultatif)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, teacher, **kwargs):
        super().__init__(*args, **kwargs)
        ids = [teacher.school_id, *teacher.other_schools.values_list("pk", flat=True)]
        self.fields["school"].queryset = School.objects.filter(pk__in=[i for i in ids if i])
        if teacher.school_id:
            self.fields["school"].initial = teacher.school_id


class RequestDecisionForm(forms.Form):
    """Staff's answer to a school's request (admin intermediate page)."""

    proposed_dates = forms.CharField(label=_("Dates proposées"), max_length=300, required=False)
    staff_message = forms.CharField(
        label=_("Message à l'école"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
