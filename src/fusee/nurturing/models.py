"""Emails, sequences (versioned), enrolments and the messages they send.

A sequence's steps live in an immutable SequenceVersion: publishing an edit makes a new
version, and each enrolment keeps the version it entered with, so an edit never breaks the
contacts already on their way. Every email a step sends is a Message row created *before*
the SMTP conversation, with a stable Message-ID: its status is the record of what happened.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fusee.contacts.models import Contact
from fusee.core.models import User

LANGUAGES = [("fr", "Français"), ("en", "English"), ("es", "Español"), ("it", "Italiano"), ("de", "Deutsch")]


class BodyFormat(models.TextChoices):
    MARKDOWN = "markdown", _("Markdown")
    HTML = "html", _("HTML")


class Email(models.Model):
    """A marketing email: one sender and campaign, one content per language."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    from_name = models.CharField(_("from name"), max_length=100)
    from_email = models.EmailField(_("from address"))
    reply_to = models.EmailField(_("reply-to"), blank=True)
    utm_campaign = models.SlugField(_("UTM campaign"), max_length=100, blank=True)
    topic = models.SlugField(_("topic"), max_length=50, blank=True, help_text=_("For the preference centre."))
    default_language = models.CharField(_("default language"), max_length=2, choices=LANGUAGES, default="en")
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.name

    def content_for(self, language: str) -> EmailContent | None:
        """The variant in the contact's language ("fr" for "fr-CA"), else the email's default one."""
        contents = {content.language: content for content in self.contents.all()}
        return contents.get(language[:2].lower()) or contents.get(self.default_language)


class EmailContent(models.Model):
    email = models.ForeignKey(Email, on_delete=models.CASCADE, related_name="contents")
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGES)
    subject = models.CharField(_("subject"), max_length=300)
    preheader = models.CharField(_("preheader"), max_length=200, blank=True)
    body = models.TextField(_("body"))
    body_format = models.CharField(max_length=8, choices=BodyFormat.choices, default=BodyFormat.MARKDOWN)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["email", "language"], name="email_content_language")]

    def __str__(self) -> str:
        return f"{self.email} ({self.language})"


class SequenceStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    LIVE = "live", _("Live")
    PAUSED = "paused", _("Paused")
    ARCHIVED = "archived", _("Archived")


class TriggerKind(models.TextChoices):
    MANUAL = "manual", _("Manual or API enrolment")
    SEGMENT = "segment", _("Entering a segment")
    EVENT = "event", _("An event")
    SCORE = "score", _("A score threshold")


class Reentry(models.TextChoices):
    NEVER = "never", _("Never")
    AFTER_EXIT = "after_exit", _("Once the previous run has ended")


class Sequence(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(max_length=10, choices=SequenceStatus.choices, default=SequenceStatus.DRAFT)
    trigger = models.CharField(
        _("trigger"), max_length=10, choices=TriggerKind.choices, default=TriggerKind.MANUAL
    )
    trigger_config = models.JSONField(default=dict, blank=True)
    reentry = models.CharField(_("re-entry"), max_length=12, choices=Reentry.choices, default=Reentry.NEVER)
    business_hours_only = models.BooleanField(
        _("working days and hours only"), default=True,
        help_text=_("Emails go out Monday to Friday, 8:00 to 18:00 in each contact's time zone, "
                    "never on a public holiday of the contact's country."),
    )
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.name

    def live_version(self) -> SequenceVersion | None:
        return self.versions.filter(published_at__isnull=False).order_by("-number").first()


class SequenceVersion(models.Model):
    """The steps of a sequence as published: never edited once contacts may be on them."""

    sequence = models.ForeignKey(Sequence, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["sequence", "number"], name="sequence_version_number")]

    def __str__(self) -> str:
        return f"{self.sequence} v{self.number}"


class StepKind(models.TextChoices):
    SEND = "send", _("Send an email")
    WAIT = "wait", _("Wait")
    BRANCH = "branch", _("Branch on a condition")
    UPDATE = "update", _("Update a field")
    NOTIFY = "notify", _("Notify the owner")
    SPLIT = "split", _("A/B split")
    GOAL = "goal", _("Goal")


class Step(models.Model):
    """One node of a version's flow; `next_key` (and, for branches and splits, the keys in
    `config`) point to the step that follows. Keys are stable across versions."""

    version = models.ForeignKey(SequenceVersion, on_delete=models.CASCADE, related_name="steps")
    key = models.SlugField(max_length=50)
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=8, choices=StepKind.choices)
    email = models.ForeignKey(Email, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    config = models.JSONField(default=dict, blank=True)
    next_key = models.SlugField(max_length=50, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="step_key_per_version")]

    def __str__(self) -> str:
        return f"{self.version} · {self.key}"


class EnrolmentStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    EXITED = "exited", _("Exited")


class Enrolment(models.Model):
    """A contact's way through one version of a sequence.

    `due_at` is when its current step should run; the scheduler claims due rows by moving
    `claimed_by` from empty to its own name in one conditional UPDATE.
    """

    sequence = models.ForeignKey(Sequence, on_delete=models.CASCADE, related_name="enrolments")
    version = models.ForeignKey(SequenceVersion, on_delete=models.PROTECT, related_name="enrolments")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="enrolments")
    status = models.CharField(max_length=10, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ACTIVE)
    step_key = models.SlugField(max_length=50)
    due_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=100, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    entered_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    exit_reason = models.CharField(max_length=100, blank=True)
    variant = models.CharField(max_length=10, blank=True)

    class Meta:
        indexes = [
            # The scheduler's hot path: active, unclaimed, due.
            models.Index(
                fields=["due_at"], name="enrolment_due", condition=models.Q(status="active", claimed_by="")
            ),
            models.Index(fields=["contact", "sequence"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["sequence", "contact"],
                condition=models.Q(status="active"),
                name="one_active_enrolment_per_sequence",
            )
        ]

    def __str__(self) -> str:
        return f"{self.contact} in {self.sequence}"

    def is_due(self, now: datetime) -> bool:
        return self.status == EnrolmentStatus.ACTIVE and self.due_at is not None and self.due_at <= now


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    RETRY = "retry", _("Waiting for a retry")
    BOUNCED = "bounced", _("Bounced")
    REFUSED = "refused", _("Not sent (no consent or suppressed)")


class Message(models.Model):
    """One email to one contact from one step of one enrolment: created before it is sent."""

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, null=True, blank=True, related_name="messages"
    )
    step_key = models.SlugField(max_length=50, blank=True)
    email = models.ForeignKey(Email, on_delete=models.PROTECT, related_name="messages")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="messages")
    language = models.CharField(max_length=2, blank=True)
    message_id = models.CharField(max_length=200, unique=True)
    status = models.CharField(max_length=10, choices=MessageStatus.choices, default=MessageStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=100, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # Set just before the message is handed to the server: a row still `sending` with it set
    # may have been delivered (a crash or lost connection after the data); without it, it was not.
    handed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    smtp_code = models.PositiveSmallIntegerField(null=True, blank=True)
    smtp_reply = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(
                fields=["next_attempt_at"], name="message_retry_due", condition=models.Q(status="retry")
            ),
            models.Index(fields=["status", "claimed_at"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "step_key"], name="one_message_per_enrolment_step")
        ]

    def __str__(self) -> str:
        return self.message_id

    def retry_delay(self) -> timedelta:
        """Exponential back-off: 1, 2, 4 … minutes, at most six hours."""
        return timedelta(minutes=min(2 ** max(self.attempts - 1, 0), 360))


class Frequency(models.TextChoices):
    ALL = "all", _("Every email")
    WEEKLY = "weekly", _("At most one a week")
    MONTHLY = "monthly", _("At most one a month")


class ContactPreference(models.Model):
    """What a contact chose in the preference centre: topics they left, how often they hear
    from us. No row means every topic, every email."""

    contact = models.OneToOneField(Contact, on_delete=models.CASCADE, related_name="email_preference")
    topics_opted_out = models.JSONField(default=list, blank=True)
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.ALL)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.contact} ({self.frequency})"


class SplitDecision(models.Model):
    """The winner of an A/B split step of one version: new arrivals all take that path."""

    version = models.ForeignKey(SequenceVersion, on_delete=models.CASCADE, related_name="split_decisions")
    step_key = models.SlugField(max_length=50)
    winner = models.CharField(max_length=10)
    metric = models.CharField(max_length=20, default="clicked")
    p_value = models.FloatField(null=True, blank=True)
    details = models.JSONField(default=dict, blank=True)
    decided_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "step_key"], name="one_decision_per_split")
        ]

    def __str__(self) -> str:
        return f"{self.version} · {self.step_key}: {self.winner}"
