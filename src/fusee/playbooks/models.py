"""Playbooks (versioned YAML documents), their runs planned back from a milestone, and the runs' tasks."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

REVIEW_AFTER_DAYS = 152  # about 5 months: what was set up holds 4 to 6 months, then needs rebuilding


def review_default() -> date:
    return timezone.localdate() + timedelta(days=REVIEW_AFTER_DAYS)


class Playbook(models.Model):
    """A recurring action's guide; its content lives in immutable versions, the latest being current."""

    slug = models.SlugField(_("key"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    review_on = models.DateField(_("review by"), default=review_default)
    archived = models.BooleanField(_("archived"), default=False)
    shipped = models.BooleanField(default=False, help_text="Loaded from Fusée's own library.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def current_version(self) -> PlaybookVersion | None:
        return self.versions.order_by("-number").first()

    def review_due(self, today: date) -> bool:
        return not self.archived and self.review_on <= today


class PlaybookVersion(models.Model):
    """One saved state of a playbook: its YAML as written, and the validated document."""

    playbook = models.ForeignKey(Playbook, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    source = models.TextField()  # the YAML, exactly as written (comments kept)
    document = models.JSONField()  # validated against playbooks/schema.json
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["playbook", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["playbook", "number"], name="playbooks_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.playbook} v{self.number}"

    @property
    def steps(self) -> list[dict[str, Any]]:
        return list(self.document.get("steps", []))

    @property
    def roles(self) -> list[dict[str, Any]]:
        return list(self.document.get("roles", []))


class RunStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", pgettext_lazy("a task's or a run's status", "Done")
    CANCELLED = "cancelled", _("Cancelled")


class Run(models.Model):
    """A playbook applied once: a milestone (date and time, time zone, country) and people for its roles."""

    version = models.ForeignKey(PlaybookVersion, on_delete=models.PROTECT, related_name="runs")
    name = models.CharField(_("name"), max_length=200)
    milestone_at = models.DateTimeField(_("milestone"))
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Paris")
    country = models.CharField(_("country"), max_length=2, default="FR")
    status = models.CharField(_("status"), max_length=16, choices=RunStatus.choices,
                              default=RunStatus.PLANNED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-milestone_at"]
        indexes = [models.Index(fields=["status", "milestone_at"])]

    def __str__(self) -> str:
        return self.name

    @property
    def playbook(self) -> Playbook:
        return self.version.playbook


class RunRole(models.Model):
    """Who plays a playbook role in one run."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=64)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="playbook_roles")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "role"], name="playbooks_runrole_unique")]

    def __str__(self) -> str:
        return f"{self.role}: {self.person}"


class TaskStatus(models.TextChoices):
    TODO = "todo", _("To do")
    DOING = "doing", _("In progress")
    DONE = "done", pgettext_lazy("a task's or a run's status", "Done")
    SKIPPED = "skipped", _("Skipped")


OPEN_STATUSES = (TaskStatus.TODO, TaskStatus.DOING)


class Task(models.Model):
    """One step of a run, with its planned dates; the step's guide stays in the playbook version."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="tasks")
    step_key = models.CharField(max_length=80)
    title = models.CharField(_("title"), max_length=200)
    role = models.CharField(_("role"), max_length=64, blank=True)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="playbook_tasks", verbose_name=_("assignee"))
    starts_at = models.DateTimeField(_("starts"))
    due_at = models.DateTimeField(_("due"), db_index=True)
    depends_on = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="dependents")
    critical = models.BooleanField(default=False)  # on the critical path when planned
    status = models.CharField(_("status"), max_length=16, choices=TaskStatus.choices, default=TaskStatus.TODO)
    checklist = models.JSONField(default=list, blank=True)  # [{"text": …, "done": bool}]
    done_at = models.DateTimeField(null=True, blank=True)
    late_days = models.IntegerField(null=True, blank=True)  # business days late when done (negative: early)
    override_reason = models.TextField(blank=True)  # a lead closed it with unticked items
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["run", "due_at", "position"]
        constraints = [models.UniqueConstraint(fields=["run", "step_key"], name="playbooks_task_step_unique")]
        indexes = [models.Index(fields=["assignee", "status", "due_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_late(self, now: Any) -> bool:
        return self.is_open and self.due_at < now

    def unticked(self) -> list[str]:
        return [item["text"] for item in self.checklist if not item.get("done")]


class TaskComment(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["task", "created_at"]

    def __str__(self) -> str:
        return self.text[:60]
