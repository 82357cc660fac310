from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Langue"), choices=settings.LANGUAGES, initial="fr")


class ScheduleForm(forms.Form):
    send_at = forms.DateTimeField(
        label=_("Date et heure d'envoi"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    def clean_send_at(self):
        send_at = self.cleaned_data["send_at"]
        if send_at < timezone.now():
            raise forms.ValidationError(_("Choisissez un moment dans le futur."))
        return send_at
