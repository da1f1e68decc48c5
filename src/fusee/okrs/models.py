"""OKRs: cycles, teams, objectives, key results, their check-ins, and the idea backlog."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fusee.okrs import progress as maths


class CycleStatus(models.TextChoices):
    PLANNING = "planning", _("Planning")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class Cycle(models.Model):
    """A quarter (key "2027-Q1"); its dates bound every key result's ideal path."""

    key = models.CharField(_("cycle"), max_length=16, unique=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(_("status"), max_length=16, choices=CycleStatus.choices,
                              default=CycleStatus.PLANNING)
    score = models.FloatField(_("score"), null=True, blank=True)
    lessons = models.TextField(_("lessons"), blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return self.key

    @property
    def span(self) -> maths.Span:
        return maths.Span(self.starts_on, self.ends_on)

    @property
    def year(self) -> int:
        return self.starts_on.year

    @property
    def is_closed(self) -> bool:
        return self.status == CycleStatus.CLOSED

    def week_of(self, on: date) -> int:
        """1 for the cycle's first week."""
        return (on - self.starts_on).days // 7 + 1

    def weeks(self) -> int:
        return (self.ends_on - self.starts_on).days // 7 + 1


class OkrTeam(models.Model):
    """A team that sets objectives: a department (marketing) or a sub-team (acquisition, content)."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="children", verbose_name=_("part of"))
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                             blank=True, related_name="+", verbose_name=_("lead"))

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Level(models.TextChoices):
    COMPANY = "company", _("Company")
    TEAM = "team", _("Team")
    PERSON = "person", _("Person")


class Objective(models.Model):
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="objectives")
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, default=Level.TEAM)
    team = models.ForeignKey(OkrTeam, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="objectives", verbose_name=_("team"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="okr_objectives", verbose_name=_("owner"))
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="children", verbose_name=_("aligned to"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["cycle", "level", "position", "pk"]
        indexes = [models.Index(fields=["cycle", "level", "team"])]

    def __str__(self) -> str:
        return self.title

    def progress(self) -> float:
        """The weighted mean of its key results (prefetch `key_results` when listing)."""
        return maths.weighted_mean((kr.progress(), kr.weight) for kr in self.key_results.all())


class KeyResultKind(models.TextChoices):
    METRIC = "metric", _("Metric")
    MILESTONE = "milestone", _("Milestone")
    PERCENTAGE = "percentage", _("Percentage")


class Direction(models.TextChoices):
    INCREASE = "increase", _("Increase to")
    DECREASE = "decrease", _("Decrease to")
    STAY_ABOVE = "stay_above", _("Stay above")
    STAY_BELOW = "stay_below", _("Stay below")


class KeyResult(models.Model):
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="key_results")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("type"), max_length=16, choices=KeyResultKind.choices,
                            default=KeyResultKind.METRIC)
    direction = models.CharField(_("direction"), max_length=16, choices=Direction.choices,
                                 default=Direction.INCREASE)
    start = models.FloatField(_("start"), default=0)
    target = models.FloatField(_("target"), default=1)
    current = models.FloatField(_("current"), default=0)
    unit = models.CharField(_("unit"), max_length=24, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="okr_key_results", verbose_name=_("owner"))
    weight = models.FloatField(_("weight"), default=1)
    metric = models.CharField(_("automatic metric"), max_length=64, blank=True)
    metric_params = models.JSONField(default=dict, blank=True)
    carried_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="carried_to")
    position = models.PositiveSmallIntegerField(default=0)
    last_check_in_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["objective", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_automatic(self) -> bool:
        return bool(self.metric)

    @property
    def is_done(self) -> bool:
        return self.kind == KeyResultKind.MILESTONE and self.current >= 1

    def progress(self) -> float:
        if self.kind == KeyResultKind.MILESTONE:
            return 1.0 if self.current >= 1 else 0.0
        if self.direction in (Direction.STAY_ABOVE, Direction.STAY_BELOW):
            above = self.direction == Direction.STAY_ABOVE
            return maths.threshold_progress(target=self.target, current=self.current, above=above)
        return maths.metric_progress(start=self.start, target=self.target, current=self.current)

    def ideal_on(self, on: date) -> float:
        span = self.objective.cycle.span
        if self.kind == KeyResultKind.MILESTONE or self.direction in (Direction.STAY_ABOVE,
                                                                        Direction.STAY_BELOW):
            return self.target
        return span.ideal(start=self.start, target=self.target, on=on)

    def check_in_due(self, today: date) -> bool:
        """A weekly check-in is overdue when none came in the last 7 days of an open cycle."""
        cycle = self.objective.cycle
        if cycle.is_closed or today < cycle.starts_on + timedelta(days=7):
            return False
        last = self.last_check_in_at
        return last is None or (today - timezone.localdate(last)).days >= 7


class Confidence(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")


class CheckIn(models.Model):
    key_result = models.ForeignKey(KeyResult, on_delete=models.CASCADE, related_name="check_ins")
    value = models.FloatField(_("value"))
    confidence = models.CharField(_("confidence"), max_length=16, choices=Confidence.choices,
                                  default=Confidence.ON_TRACK)
    comment = models.TextField(_("comment"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="+")
    automatic = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["key_result", "created_at"]

    def __str__(self) -> str:
        return f"{self.key_result}: {self.value:g}"


class IdeaSource(models.TextChoices):
    SALES = "sales", _("Sales")
    PRODUCT = "product", _("Product")
    MANAGEMENT = "management", _("Management")
    MARKETING = "marketing", _("Marketing")
    OTHER = "other", _("Other")


class IdeaStatus(models.TextChoices):
    NEW = "new", _("To triage")
    ACCEPTED = "accepted", _("Accepted")
    PARKED = "parked", _("Parked")


class Idea(models.Model):
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("requested by"), max_length=16, choices=IdeaSource.choices,
                              default=IdeaSource.OTHER)
    requester = models.CharField(_("requester's name"), max_length=120, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                     blank=True, related_name="+")
    status = models.CharField(_("status"), max_length=16, choices=IdeaStatus.choices,
                              default=IdeaStatus.NEW)
    key_result = models.ForeignKey(KeyResult, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="ideas", verbose_name=_("serves"))
    park_reason = models.TextField(_("why it is parked"), blank=True)
    parked_in = models.ForeignKey(Cycle, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="parked_ideas")
    triaged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    triaged_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="okrs_idea_accepted_serves_a_key_result",
                condition=~Q(status="accepted") | Q(key_result__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class OkrPolicy(models.Model):
    """The focus rule's limits (one row): never exceeded silently."""

    max_objectives = models.PositiveSmallIntegerField(_("objectives per team and cycle"), default=3)
    max_key_results = models.PositiveSmallIntegerField(_("key results per objective"), default=4)

    def __str__(self) -> str:
        return f"{self.max_objectives} × {self.max_key_results}"

    @classmethod
    def current(cls) -> OkrPolicy:
        policy, _created = cls.objects.get_or_create(pk=1)
        return policy
