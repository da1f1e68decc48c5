from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fusee.core.countries import country_names
from fusee.core.forms import BootstrapMixin, css_class
from fusee.webforms import protection
from fusee.webforms.models import AskedField, Form, FormLanguage
from fusee.webforms.services import FORM_FIELDS


class FormSettingsForm(BootstrapMixin, forms.ModelForm):
    fields = forms.MultipleChoiceField(  # type: ignore[assignment]
        label=_("Fields to ask (the email is always asked)"), choices=AskedField.choices,
        required=False, widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text=_("Every field asked must be filled in."),
    )

    class Meta:
        model = Form
        fields = list(FORM_FIELDS)
        widgets = {
            "consent_text": forms.Textarea(attrs={"rows": 3}),
            "thank_you_message": forms.Textarea(attrs={"rows": 3}),
        }


def country_choices() -> list[tuple[str, str]]:
    """ISO country codes named in the page's language."""
    return [("", "—"), *country_names()]


def asked_field(key: str) -> forms.Field:
    label = AskedField(key).label
    if key == AskedField.COUNTRY:
        return forms.ChoiceField(label=label, choices=country_choices())
    if key == AskedField.LANGUAGE:
        return forms.ChoiceField(label=label, choices=[("", "—"), *FormLanguage.choices])
    return forms.CharField(label=label, max_length=100 if key.endswith("_name") else 200)


class PublicForm(BootstrapMixin, forms.Form):
    """What a visitor fills in: the email, the fields the form asks, consent, and the traps."""

    email = forms.EmailField(label=_("Email"), max_length=254)

    def __init__(self, data: Any = None, *, webform: Form) -> None:
        super().__init__(data)
        self.webform = webform
        for key in webform.fields:
            self.fields[key] = asked_field(key)
        self.fields["consent"] = forms.BooleanField(label=webform.consent_text, required=True)
        self.fields[protection.HONEYPOT] = forms.CharField(required=False, label=_("Leave this empty"))
        self.fields["token"] = forms.CharField(widget=forms.HiddenInput)
        for field in self.fields.values():  # the fields added after BootstrapMixin styled the rest
            field.widget.attrs.setdefault("class", css_class(field.widget))

    def clean_token(self) -> float:
        issued_at = protection.form_token_issued_at(self.webform, self.cleaned_data["token"])
        if issued_at is None:
            raise forms.ValidationError(_("This form is out of date. Please send it again."))
        return issued_at

    def looks_like_a_bot(self) -> bool:
        """The honeypot is filled in, or the form came back faster than a person can type."""
        if (self.data.get(protection.HONEYPOT) or "").strip():
            return True
        issued_at = protection.form_token_issued_at(self.webform, self.data.get("token") or "")
        return issued_at is not None and protection.filled_too_fast(issued_at)

    def answers(self) -> dict[str, str]:
        return {key: self.cleaned_data[key].strip() for key in self.webform.fields}

    def language(self) -> str:
        return self.cleaned_data.get(AskedField.LANGUAGE, "") or self.webform.language

    def visible_fields(self) -> list[forms.BoundField]:
        hidden = {protection.HONEYPOT, "consent"}
        return [field for field in super().visible_fields() if field.name not in hidden]
