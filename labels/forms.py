from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from labels.models import CRITERIA, PREREQUISITES, ContestEdition


def clean_links(value: str) -> str:
    lines = [line.strip() for line in value.splitlines() if line.strip()]
    if not lines:
        raise ValidationError(_("Indiquez au moins un lien."))
    if len(lines) > 20:
        raise ValidationError(_("Vingt liens au maximum."))
    validate = URLValidator(schemes=["http", "https"])
    for line in lines:
        try:
            validate(line)
        except ValidationError as error:
            raise ValidationError(
                _("« %(link)s » n'est pas une adresse web valide.") % {"link": line[:80]}
            ) from error
    return "\n".join(lines)


class NationalLabelForm(forms.Form):
    evidence_links = forms.CharField(
        label=_("Liens vers les preuves dans l'espace du projet"),
        help_text=_("Une adresse par ligne (pages, journal, productions des élèves)."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in PREREQUISITES:
            self.fields[f"pre_{code}"] = forms.BooleanField(label=label, required=False)
        for code, label in CRITERIA:
            self.fields[f"text_{code}"] = forms.CharField(
                label=label, widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
            )
        self.order_fields(
            [f"pre_{c}" for c, _l in PREREQUISITES]
            + [f"text_{c}" for c, _l in CRITERIA]
            + ["evidence_links"]
        )

    def prerequisite_fields(self):
        return [self[f"pre_{code}"] for code, _l in PREREQUISITES]

    def text_fields(self):
        return [self[f"text_{code}"] for code, _l in CRITERIA]

    def clean_evidence_links(self):
        return clean_links(self.cleaned_data["evidence_links"])

    def clean(self):
        data = super().clean()
        missing = [code for code, _l in PREREQUISITES if not data.get(f"pre_{code}")]
        if missing:
            raise ValidationError(
                _("Les cinq conditions préalables doivent être remplies pour demander le label.")
            )
        return data

    def prerequisites(self) -> dict[str, bool]:
        return {code: self.cleaned_data[f"pre_{code}"] for code, _l in PREREQUISITES}

    def texts(self) -> dict[str, str]:
        return {code: self.cleaned_data[f"text_{code}"] for code, _l in CRITERIA}


class SchoolLabelForm(forms.Form):
    head_name = forms.CharField(label=_("Nom de la direction"), max_length=150)
    head_declaration = forms.BooleanField(
        label=_("La direction de l'école soutient la candidature et en confirme les informations.")
    )
    # Checked by content in the service (the upload pipeline), not by its name here.
    declaration_file = forms.FileField(
        label=_("Déclaration signée (facultatif, PDF)"), required=False
    )


class ContestEntryForm(forms.Form):
    project = forms.ModelChoiceField(label=_("Projet"), queryset=None)
    category = forms.ModelChoiceField(label=_("Catégorie"), queryset=None)
    presentation = forms.CharField(
        label=_("Présentation du projet"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=6000,
    )
    evidence_links = forms.CharField(
        label=_("Liens vers les réalisations"),
        help_text=_("Une adresse par ligne."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )

    def __init__(self, *args, edition: ContestEdition, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
        self.fields["category"].queryset = edition.categories.all()

    def clean_evidence_links(self):
        return clean_links(self.cleaned_data["evidence_links"])


class JuryRowForm(forms.Form):
    """One row of the jury grid: one entry, one score per criterion (blank: not scored)."""

    entry = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, criteria, locked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"c{criterion.pk}"] = forms.IntegerField(
                label=criterion.name,
                required=False,
                min_value=0,
                max_value=criterion.max_points,
                disabled=locked,
            )

    def score_fields(self):
        return [self[f"c{criterion.pk}"] for criterion in self.criteria]

    def scores(self) -> dict[int, int | None]:
        return {c.pk: self.cleaned_data.get(f"c{c.pk}") for c in self.criteria}


class BaseJuryGridFormSet(forms.BaseFormSet):
    """Every row of the grid, validated together before anything is saved."""

    def __init__(self, *args, entries, **kwargs):
        self.entries = {entry.pk: entry for entry in entries}
        super().__init__(*args, **kwargs)

    def clean(self):
        seen: set[int] = set()
        for form in self.forms:
            entry_id = form.cleaned_data.get("entry")
            if entry_id not in self.entries or entry_id in seen:
                raise ValidationError(
                    _("La grille a changé depuis son ouverture : rechargez la page.")
                )
            seen.add(entry_id)

    def scores(self) -> dict[int, dict[int, int | None]]:
        return {form.cleaned_data["entry"]: form.scores() for form in self.forms}

    def rows(self):
        """(entry, row form) pairs for the template, bound or not."""
        for form in self.forms:
            entry_id = form["entry"].value()
            try:
                entry = self.entries.get(int(entry_id))
            except (TypeError, ValueError):
                entry = None
            if entry is not None:
                yield entry, form


JuryGridFormSet = forms.formset_factory(
    JuryRowForm, formset=BaseJuryGridFormSet, extra=0, max_num=1000, validate_max=True
)
