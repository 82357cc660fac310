from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Language
from groups.models import JoinPolicy, Theme


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Mots-clés"), required=False, max_length=100)
    theme = forms.ChoiceField(
        label=_("Thème"), required=False, choices=[("", _("Tous les thèmes")), *Theme.choices]
    )
    language = forms.ModelChoiceField(
        label=_("Langue de travail"),
        required=False,
        queryset=Language.objects.active(),
        empty_label=_("Toutes les langues"),
    )


class GroupProposeForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=150)
    description = forms.CharField(
        label=_("Description"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )
    theme = forms.ChoiceField(label=_("Thème"), choices=Theme.choices)
    join_policy = forms.ChoiceField(
        label=_("Adhésion"),
        choices=JoinPolicy.choices,
        initial=JoinPolicy.OPEN,
        widget=forms.RadioSelect,
    )
    languages = forms.ModelMultipleChoiceField(
        label=_("Langues de travail"),
        required=False,
        queryset=Language.objects.active(),
        widget=forms.CheckboxSelectMultiple,
    )
    image = forms.FileField(
        label=_("Image"),
        required=False,
        help_text=_("JPEG, PNG ou WebP, 5 Mo au plus ; ses métadonnées sont retirées."),
    )


class ThreadForm(forms.Form):
    title = forms.CharField(label=_("Titre de la discussion"), max_length=150)
    body = forms.CharField(
        label=_("Message"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Votre réponse"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ResourceForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=150)
    url = forms.URLField(
        label=_("Adresse d'un lien"), required=False, max_length=500, assume_scheme="https"
    )
    file = forms.FileField(
        label=_("Ou un fichier"),
        required=False,
        help_text=_("PDF, document bureautique ou image."),
    )

    def clean(self):
        data = super().clean()
        if bool(data.get("url")) == bool(data.get("file")):
            raise forms.ValidationError(_("Donnez soit une adresse, soit un fichier."))
        return data


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("Pourquoi signalez-vous ce message ?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail de l'enseignant à inviter"))
