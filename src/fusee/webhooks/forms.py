from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fusee.core.forms import BootstrapMixin
from fusee.webhooks.models import SUBSCRIBABLE, Endpoint, EndpointSource


class EndpointForm(BootstrapMixin, forms.ModelForm):
    kinds = forms.MultipleChoiceField(
        label=_("Events"), choices=SUBSCRIBABLE,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    class Meta:
        model = Endpoint
        fields = ["url", "description", "kinds"]
        help_texts = {"url": _("Receives a signed JSON POST for every event it subscribes to.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.source == EndpointSource.SCORING:
            self.fields["url"].disabled = True
            self.fields["url"].help_text = _(
                "Follows the MQL webhook URL of the scoring settings; change it there."
            )
