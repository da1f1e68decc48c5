from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fusee.contacts.importing.mapping import custom_target, is_custom, target_choices
from fusee.contacts.models import DuplicatePolicy, ImportMapping
from fusee.core.errors import DomainError
from fusee.core.forms import BootstrapMixin


class UploadForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("CSV or Excel file"), help_text=_("CSV (any delimiter) or .xlsx"))
    policy = forms.ChoiceField(
        label=_("Contacts already in the base"), choices=DuplicatePolicy.choices,
        initial=DuplicatePolicy.FILL_EMPTY,
    )
    saved_mapping = forms.ModelChoiceField(
        label=_("Saved mapping"), queryset=ImportMapping.objects.order_by("name"), required=False,
        empty_label=_("— guess from the column names —"),
    )


class MappingForm(BootstrapMixin, forms.Form):
    """One select per column of the file, plus an optional name to save the mapping under."""

    save_as = forms.CharField(label=_("Save this mapping as"), max_length=100, required=False)

    def __init__(self, *args: Any, headers: list[str], initial_mapping: dict[str, str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.headers = headers
        for position, header in enumerate(headers):
            current = initial_mapping.get(header, "")
            choices = target_choices() + ([(current, current)] if is_custom(current) else [])
            self.fields[f"column_{position}"] = forms.ChoiceField(
                label=header, choices=choices, required=False, initial=current
            )
            self.fields[f"custom_{position}"] = forms.CharField(
                label=_("or a custom field named"), required=False, max_length=50
            )

    def mapping(self) -> dict[str, str]:
        """{header: target}; a custom field name typed in wins over the select."""
        mapping = {}
        for position, header in enumerate(self.headers):
            custom = self.cleaned_data.get(f"custom_{position}", "").strip()
            try:
                mapping[header] = custom_target(custom) if custom else self.cleaned_data[f"column_{position}"]
            except DomainError as error:
                self.add_error(f"custom_{position}", str(error))
        return mapping

    def rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [(h, self[f"column_{i}"], self[f"custom_{i}"]) for i, h in enumerate(self.headers)]
