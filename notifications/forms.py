from __future__ import annotations

from django import forms

from notifications.selectors import PreferenceRow, delivery_choices


class PreferencesForm(forms.Form):
    """One choice of delivery per notification kind (fields named by the kind's code)."""

    def __init__(self, *args, rows: list[PreferenceRow], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            self.fields[row.code] = forms.ChoiceField(
                label=row.label,
                choices=delivery_choices(),
                initial=row.delivery,
                widget=forms.RadioSelect,
            )

    def grouped(self):
        """(label, bound field) pairs in the rows' order, for the template."""
        return [(row, self[row.code]) for row in self.rows]
