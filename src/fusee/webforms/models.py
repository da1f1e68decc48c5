"""Public forms embedded on web sites, and what visitors submit through them."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fusee.core.errors import IllegalTransition


class FormKind(models.TextChoices):
    NEWSLETTER = "newsletter", _("Newsletter signup")
    GATED_CONTENT = "gated_content", _("Gated content download")


class AskedField(models.TextChoices):
    """Fields a form may ask besides the email, which it always asks."""

    FIRST_NAME = "first_name", _("First name")
    LAST_NAME = "last_name", _("Last name")
    COMPANY = "company", _("Company name")
    JOB_TITLE = "job_title", _("Job title")
    COUNTRY = "country", _("Country")
    LANGUAGE = "language", _("Language")


class FormLanguage(models.TextChoices):
    EN = "en", pgettext_lazy("language name", "English")
    FR = "fr", _("French")


def new_slug() -> str:
    return secrets.token_urlsafe(9)


class Form(models.Model):
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=16, choices=FormKind.choices, default=FormKind.NEWSLETTER)
    fields = models.JSONField(_("fields asked"), default=list, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=FormLanguage.choices, default=FormLanguage.EN,
        help_text=_("Of the page and of the confirmation email, unless the visitor picks a language."),
    )
    consent_text = models.TextField(
        _("consent text"), help_text=_("Shown next to the checkbox the visitor must tick; kept as proof.")
    )
    double_opt_in = models.BooleanField(
        _("double opt-in"), default=True,
        help_text=_("Add the contact only once they click the link emailed to them."),
    )
    thank_you_message = models.TextField(_("thank-you message"))
    download_url = models.CharField(
        _("download URL"), max_length=500, blank=True, validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("Gated content: revealed after submitting, or after confirming with double opt-in."),
    )
    campaign = models.CharField(
        _("event campaign"), max_length=100, blank=True,
        help_text=_("Recorded on the contact's event, so a sequence's event trigger can pick it up."),
    )
    embed_origins = models.CharField(
        _("sites allowed to embed"), max_length=500, blank=True,
        help_text=_("Space-separated origins such as https://www.example.com; empty allows any site."),
    )
    active = models.BooleanField(_("active"), default=True)
    slug = models.CharField(max_length=24, unique=True, default=new_slug, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        unknown = set(self.fields or []) - set(AskedField.values)
        if unknown:
            names = ", ".join(sorted(unknown))
            raise ValidationError({"fields": _("Unknown fields: %(names)s") % {"names": names}})
        if self.kind == FormKind.GATED_CONTENT and not self.download_url:
            raise ValidationError({"download_url": _("A gated content form needs the URL of its download.")})
        bad = [origin for origin in self.embed_origins.split() if not origin.startswith(("https://", "http://"))]
        if bad:
            raise ValidationError({"embed_origins": _("Not an origin: %(value)s") % {"value": bad[0]}})

    @property
    def is_gated(self) -> bool:
        return self.kind == FormKind.GATED_CONTENT

    def frame_ancestors(self) -> list[str]:
        return ["'self'", *self.embed_origins.split()] if self.embed_origins.strip() else ["*"]


class SubmissionStatus(models.TextChoices):
    PENDING = "pending_confirmation", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    SUPPRESSED = "suppressed", _("Suppressed address")
    SPAM = "rejected_spam", _("Rejected as spam")
    RATE_LIMITED = "rate_limited", _("Rate limited")


# Spam, rate-limited and suppressed submissions are final as soon as they are recorded.
TRANSITIONS = {SubmissionStatus.PENDING: {SubmissionStatus.CONFIRMED, SubmissionStatus.SUPPRESSED}}


class Submission(models.Model):
    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="submissions")
    email = models.CharField(max_length=254, blank=True)  # raw for spam, blank once suppressed
    data = models.JSONField(default=dict, blank=True)
    consent_text = models.TextField(blank=True)  # as shown when submitted: the proof of consent
    language = models.CharField(max_length=2, blank=True)
    ip_hash = models.CharField(max_length=64, blank=True)
    status = models.CharField(
        max_length=24, choices=SubmissionStatus.choices, default=SubmissionStatus.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    contact = models.ForeignKey(
        "contacts.Contact", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["form", "status"]), models.Index(fields=["form", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.form} #{self.pk}"

    def move_to(self, status: SubmissionStatus) -> None:
        if status not in TRANSITIONS.get(SubmissionStatus(self.status), set()):
            raise IllegalTransition(self, self.status, status)
        self.status = status
