from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import PUPIL_AGE_MAX, PUPIL_AGE_MIN, Subject
from kits.models import DurationBand, KitStep
from kits.selectors import LANGUAGE_CODES
from uploads.richtext import sanitize_html


class KitFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Mots-clés"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    age = forms.IntegerField(
        label=_("Âge des élèves"),
        min_value=PUPIL_AGE_MIN,
        max_value=PUPIL_AGE_MAX,
        required=False,
    )
    subject = forms.ModelChoiceField(
        label=_("Discipline"),
        queryset=Subject.objects.active(),
        required=False,
        empty_label=_("Toutes"),
    )
    duration = forms.ChoiceField(
        label=_("Durée"),
        choices=[("", _("Toutes")), *DurationBand.choices],
        required=False,
    )

    def filters(self) -> dict:
        """The selector's keyword arguments; an invalid field filters nothing, the
        valid ones still apply."""
        if not self.is_bound:
            return {"text": "", "age": None, "subject": None, "duration": ""}
        self.is_valid()  # fills cleaned_data with the fields that are valid
        data = self.cleaned_data
        return {
            "text": data.get("q") or "",
            "age": data.get("age"),
            "subject": data.get("subject"),
            "duration": data.get("duration") or "",
        }


class KitStepAdminForm(forms.ModelForm):
    """The step's activity is rich text: sanitised (as the project space's pages are)
    in every language before it is saved."""

    class Meta:
        model = KitStep
        fields = ["kit", "position", "title", "body"]

    def clean(self):
        data = super().clean()
        for code in LANGUAGE_CODES:
            name = f"body_{code}"
            if data.get(name):
                data[name] = sanitize_html(data[name])
        return data
