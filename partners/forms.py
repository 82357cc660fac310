"""Forms of partner search: parse and validate input; rules live in services."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import offer_active_choices
from accounts.ids import IdMultipleChoiceField
from accounts.models import PUPIL_AGE_MAX, PUPIL_AGE_MIN, Country, Language, Subject
from partners.models import DEFAULT_EXPIRY_MONTHS, MAX_EXPIRY_MONTHS, TEXT_LANGUAGES, EntryKind
from partners.search import LEVELS, Query


class MonthField(forms.DateField):
    """A month typed as YYYY-MM (``<input type="month">``), the 1st of that month."""

    input_formats = ["%Y-%m", "%Y-%m-%d"]
    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")

    def to_python(self, value):
        result = super().to_python(value)
        return result.replace(day=1) if result else result


class IdListField(forms.Field):
    """Several ``?name=<id>`` values, as a sorted tuple of ints."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        if not value:
            return ()
        try:
            return tuple(sorted({int(v) for v in value}))
        except (TypeError, ValueError):
            raise forms.ValidationError(_("Valeur invalide.")) from None


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Mots-clés"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Chercher"), choices=EntryKind.choices, required=False, widget=forms.RadioSelect
    )
    # Ids, checked against the reference lists by the search itself: parsing
    # the query costs no database query (a page's query count stays constant).
    country = IdListField(label=_("Pays"), required=False)
    programme = forms.ChoiceField(
        label=_("Programme"),
        required=False,
        choices=[("", _("Tous")), ("core", _("eTwinning")), ("plus", _("eTwinning+"))],
    )
    subject = forms.IntegerField(label=_("Discipline"), required=False, min_value=1)
    language = forms.IntegerField(label=_("Langue"), required=False, min_value=1)
    level = forms.ChoiceField(
        label=_("Niveau"),
        required=False,
        choices=[
            ("", _("Tous")),
            ("nursery", _("maternel")),
            ("primary", _("primaire")),
            ("secondary", _("secondaire")),
        ],
    )
    age_min = forms.IntegerField(
        label=_("Âge des élèves : de"),
        required=False,
        min_value=PUPIL_AGE_MIN,
        max_value=PUPIL_AGE_MAX,
    )
    age_max = forms.IntegerField(
        label=_("à"), required=False, min_value=PUPIL_AGE_MIN, max_value=PUPIL_AGE_MAX
    )
    start_from = MonthField(label=_("Début du projet : à partir de"), required=False)
    start_to = MonthField(label=_("jusqu'à"), required=False)
    sort = forms.ChoiceField(
        label=_("Trier par"),
        required=False,
        choices=[
            ("relevance", _("pertinence")),
            ("newest", _("plus récents")),
            ("match", _("meilleure correspondance pour moi")),
        ],
    )
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    # Set by the tabs' links: the tab was picked, stay on it even when empty.
    tab = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def to_query(self) -> Query:
        """The parsed search; invalid values are dropped (their errors shown)."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        low, high = data.get("age_min"), data.get("age_max")
        if low is not None and high is not None and low > high:
            low, high = high, low
        return Query(
            text=(data.get("q") or "").strip(),
            kind=data.get("kind") or EntryKind.ANNOUNCEMENT,
            countries=data.get("country") or (),
            programme=data.get("programme") or "",
            subject=data.get("subject") if (data.get("subject") or 0) < 63 else None,
            language=data.get("language") if (data.get("language") or 0) < 63 else None,
            level=data.get("level") if data.get("level") in LEVELS else "",
            age_min=low,
            age_max=high,
            start_from=data.get("start_from"),
            start_to=data.get("start_to"),
            sort=data.get("sort") or ("relevance" if data.get("q") else "newest"),
            page=data.get("page") or 1,
            kind_pinned=bool(data.get("tab")),
        )


def _month_choices() -> list[tuple[int, str]]:
    return [(n, str(n)) for n in range(1, MAX_EXPIRY_MONTHS + 1)]


REFERENCE_FIELDS = ("subjects", "languages", "wanted_countries")


class AnnouncementForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=160)
    idea = forms.CharField(
        label=_("Idée de projet"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Votre classe, le projet imaginé, ce que les partenaires feraient ensemble."),
    )
    language = forms.ChoiceField(
        label=_("Langue du texte"),
        choices=TEXT_LANGUAGES,
        help_text=_("Sert à la recherche : les mots sont analysés dans cette langue."),
    )
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
    age_min = forms.IntegerField(
        label=_("Âge des élèves : de"), min_value=PUPIL_AGE_MIN, max_value=PUPIL_AGE_MAX
    )
    age_max = forms.IntegerField(label=_("à"), min_value=PUPIL_AGE_MIN, max_value=PUPIL_AGE_MAX)
    wanted_countries = IdMultipleChoiceField(
        label=_("Pays recherchés"),
        queryset=Country.objects.active(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Aucun pays coché : tous les pays eTwinning."),
    )
    partners_wanted = forms.IntegerField(
        label=_("Nombre de partenaires recherchés"), min_value=1, max_value=30, initial=1
    )
    start_month = MonthField(label=_("Début du projet (mois)"))
    duration_months = forms.IntegerField(
        label=_("Durée (mois)"), min_value=1, max_value=36, initial=6
    )
    plus_welcome = forms.BooleanField(
        label=_("Les partenaires eTwinning+ sont les bienvenus"), required=False, initial=True
    )
    expires_in_months = forms.TypedChoiceField(
        label=_("Annonce en ligne pendant (mois)"),
        choices=_month_choices,
        coerce=int,
        initial=DEFAULT_EXPIRY_MONTHS,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # An edited announcement's initial values: it keeps its retired rows.
        offer_active_choices(self, {name: self.initial.get(name) for name in REFERENCE_FIELDS})

    def clean(self):
        data = super().clean()
        low, high = data.get("age_min"), data.get("age_max")
        if low is not None and high is not None and low > high:
            self.add_error("age_max", _("L'âge maximum doit être supérieur ou égal au minimum."))
        start = data.get("start_month")
        if start is not None and start < date.today().replace(day=1):
            self.add_error("start_month", _("Le projet ne peut pas commencer dans le passé."))
        return data


class ContactRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Votre message"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Présentez-vous et dites pourquoi vous souhaitez travailler ensemble."),
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Votre message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("Pourquoi signalez-vous ce contenu ?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
