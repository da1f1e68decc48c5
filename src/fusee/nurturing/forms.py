from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fusee.contacts.models import Contact, EventType
from fusee.core.errors import DomainError
from fusee.core.forms import BootstrapMixin
from fusee.nurturing import editing, services
from fusee.nurturing.models import BodyFormat, Email, EmailContent, Reentry, Sequence, TriggerKind
from fusee.segments.models import Segment


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


CODE_AREA = {"rows": 2, "class": "form-control font-monospace", "spellcheck": "false"}


class SequenceForm(BootstrapMixin, forms.Form):
    """A sequence's settings; the trigger's own fields are read for the kind chosen only."""

    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    trigger = forms.ChoiceField(label=_("Contacts enter when"), choices=TriggerKind.choices)
    segment = forms.ModelChoiceField(
        label=_("Saved segment"), queryset=Segment.objects.order_by("name"), required=False,
        empty_label=_("— or write an expression below —"),
    )
    expression = forms.CharField(
        label=_("Segment expression"), required=False,
        widget=forms.Textarea(attrs=CODE_AREA),
        help_text=_('The segment language, e.g. country = "FR" and score >= 40.'),
    )
    event_type = forms.ChoiceField(
        label=_("Event"), choices=[("", "—"), *EventType.choices], required=False
    )
    campaign = forms.CharField(
        label=_("Campaign"), max_length=100, required=False, help_text=_("Leave empty for any campaign.")
    )
    min_score = forms.IntegerField(label=_("Score at least"), required=False)
    reentry = forms.ChoiceField(label=_("Re-entry"), choices=Reentry.choices)
    business_hours_only = forms.BooleanField(
        label=_("Working days and hours only"), required=False,
        help_text=Sequence._meta.get_field("business_hours_only").help_text,
    )
    # The fields each trigger kind shows and reads.
    TRIGGER_FIELDS = {
        TriggerKind.SEGMENT: ("segment", "expression"),
        TriggerKind.EVENT: ("event_type", "campaign"),
        TriggerKind.SCORE: ("min_score",),
        TriggerKind.MANUAL: (),
    }
    ERROR_FIELD = {
        TriggerKind.SEGMENT: "expression", TriggerKind.EVENT: "event_type", TriggerKind.SCORE: "min_score"
    }

    @classmethod
    def initial_of(cls, sequence: Sequence) -> dict[str, Any]:
        config = sequence.trigger_config or {}
        initial = {field: getattr(sequence, field) for field in ("name", "description", "trigger", "reentry",
                                                                   "business_hours_only")}
        return initial | {key: config.get(key) for key in ("segment", "expression", "event_type", "campaign",
                                                            "min_score")}

    def trigger_kind(self) -> str:
        """The kind chosen (as typed, before validation), for the fields to show."""
        kind = str(self["trigger"].value() or TriggerKind.MANUAL)
        return kind if kind in TriggerKind.values else TriggerKind.MANUAL

    def trigger_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.TRIGGER_FIELDS[TriggerKind(self.trigger_kind())]]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors or "trigger" not in data:
            return data
        segment = data.get("segment")
        config = {
            "segment": segment.pk if segment else None,
            "expression": segment.expression if segment else data.get("expression", ""),
            "event_type": data.get("event_type"),
            "campaign": data.get("campaign", ""),
            "min_score": data.get("min_score"),
        }
        try:
            data["trigger_config"] = services.trigger_config_clean(trigger=data["trigger"], config=config)
        except DomainError as error:
            self.add_error(self.ERROR_FIELD.get(TriggerKind(data["trigger"])), str(error))
        return data

    def settings(self) -> dict[str, Any]:
        """What services.sequence_create and sequence_update take."""
        return {field: self.cleaned_data[field] for field in services.SEQUENCE_FIELDS}


class EnrolSegmentForm(BootstrapMixin, forms.Form):
    segment = forms.ModelChoiceField(label=_("Saved segment"), queryset=Segment.objects.order_by("name"))


class EnrolContactForm(forms.Form):
    contact = forms.ModelChoiceField(queryset=Contact.objects.all(), widget=forms.HiddenInput)
