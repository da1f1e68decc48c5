from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fusee.core.errors import DomainError
from fusee.core.forms import BootstrapMixin
from fusee.nurturing import editing
from fusee.nurturing.models import BodyFormat, Email, EmailContent


class EmailForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Email
        fields = list(editing.EMAIL_FIELDS)

    def validate_unique(self) -> None:
        """The service checks the name (case-insensitively) and reports a clear message."""


class EmailContentForm(BootstrapMixin, forms.Form):
    """One language's variant; left empty (no subject, no body), the email has no such variant."""

    subject = forms.CharField(label=_("Subject"), max_length=300, required=False)
    preheader = forms.CharField(
        label=_("Preheader"), max_length=200, required=False,
        help_text=_("The line mail clients show after the subject."),
    )
    body_format = forms.ChoiceField(
        label=_("Format"), choices=BodyFormat.choices, initial=BodyFormat.MARKDOWN
    )
    body = forms.CharField(
        label=_("Body"), required=False, strip=False,
        widget=forms.Textarea(
            attrs={"rows": 16, "class": "form-control font-monospace", "spellcheck": "false"}
        ),
    )

    @classmethod
    def for_content(
        cls, *, language: str, content: EmailContent | None, data: Any = None
    ) -> EmailContentForm:
        initial = {field: getattr(content, field) for field in editing.CONTENT_FIELDS} if content else None
        return cls(data, prefix=language, initial=initial)

    def clean_subject(self) -> str:
        subject = self.cleaned_data["subject"]
        try:
            return editing.subject_check(subject=subject) if subject.strip() else ""
        except DomainError as error:
            raise forms.ValidationError(str(error)) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.is_blank():
            return data
        for field, problem in (("subject", _("Write a subject.")), ("body", _("Write the body."))):
            if field not in self.errors and not data.get(field, "").strip():
                self.add_error(field, problem)
        if "body" not in self.errors:
            self.body_check(data)
        return data

    def body_check(self, data: dict[str, Any]) -> None:
        body_format = data.get("body_format", BodyFormat.MARKDOWN)
        try:
            editing.body_check(body=data["body"], body_format=body_format)
        except DomainError as error:
            self.add_error("body", str(error))

    def is_blank(self) -> bool:
        """Nothing typed in the subject nor the body (what was typed, valid or not)."""
        return not any(str(self[field].value() or "").strip() for field in ("subject", "body"))

    def content(self) -> dict[str, str] | None:
        """What the service saves for this language; None removes the variant."""
        if self.is_blank():
            return None
        return {field: self.cleaned_data[field] for field in editing.CONTENT_FIELDS}
