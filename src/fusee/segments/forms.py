from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fusee.segments.models import ContactList, Segment


class SegmentForm(forms.ModelForm):
    class Meta:
        model = Segment
        fields = ["name", "description", "expression"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "expression": forms.Textarea(
                attrs={"rows": 4, "class": "font-monospace", "spellcheck": "false", "autocomplete": "off"}
            ),
        }

    def validate_unique(self) -> None:
        """The service checks the name (case-insensitively) and reports a clear message."""


class ContactListForm(forms.ModelForm):
    expression = forms.CharField(
        label=_("Add the contacts matching (snapshot, optional)"), required=False,
        widget=forms.TextInput(
            attrs={"class": "form-control font-monospace", "placeholder": "lifecycle >= mql"}
        ),
    )

    class Meta:
        model = ContactList
        fields = ["name", "description"]
        widgets = {
            "name": forms.TextInput(attrs={"class": "form-control"}),
            "description": forms.TextInput(attrs={"class": "form-control"}),
        }

    def validate_unique(self) -> None:
        """The service checks the name and reports a clear message."""
