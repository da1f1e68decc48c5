"""Scoring rules: fit (who the contact is), behaviour (what they did), stage thresholds."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from fusee.contacts.models import EventType, Lifecycle


class FitField(models.TextChoices):
    JOB_FUNCTION = "job_function", _("Job function")
    SENIORITY = "seniority", _("Seniority")
    JOB_TITLE = "job_title", _("Job title")
    EMAIL = "email", _("Email")
    COUNTRY = "country", _("Country")
    LANGUAGE = "language", _("Language")
    LIFECYCLE = "lifecycle", _("Lifecycle stage")
    MATURITY = "maturity", _("Maturity")
    SOURCE = "source", _("Source")
    COMPANY_INDUSTRY = "company.industry", _("Company industry")
    COMPANY_EMPLOYEES = "company.employees", _("Company employees")
    COMPANY_SITES = "company.sites", _("Company sites")
    COMPANY_COUNTRY = "company.country", _("Company country")
    COMPANY_TIER = "company.tier", _("Company tier")


NUMERIC_FIELDS = {FitField.COMPANY_EMPLOYEES, FitField.COMPANY_SITES}


class Operator(models.TextChoices):
    EQ = "eq", _("is")
    IN = "in", _("is one of")
    GTE = "gte", _("is at least")
    LTE = "lte", _("is at most")
    CONTAINS = "contains", _("contains")


class FitRule(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    field = models.CharField(_("field"), max_length=32, choices=FitField.choices)
    operator = models.CharField(_("operator"), max_length=8, choices=Operator.choices, default=Operator.EQ)
    value = models.CharField(
        _("value"), max_length=500,
        help_text=_("For “is one of” and “contains”, separate values with commas."),
    )
    points = models.IntegerField(_("points"), help_text=_("May be negative."))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["-active", "-points", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def values(self) -> list[str]:
        """The value, split on commas for the operators that take a list."""
        if self.operator in (Operator.IN, Operator.CONTAINS):
            return [part.strip() for part in self.value.split(",") if part.strip()]
        return [self.value.strip()]

    def clean(self) -> None:
        if not self.values:
            raise ValidationError({"value": _("Give a value to compare with.")})
        numeric = self.field in NUMERIC_FIELDS
        if self.operator in (Operator.GTE, Operator.LTE) and not numeric:
            raise ValidationError({"operator": _("“at least” and “at most” need a number field.")})
        if numeric and self.operator == Operator.CONTAINS:
            raise ValidationError({"operator": _("“contains” needs a text field.")})
        if numeric and not all(re.fullmatch(r"-?\d+", v) for v in self.values):
            raise ValidationError({"value": _("This field is a number: give whole numbers.")})


class BehaviourRule(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    event_type = models.CharField(_("event"), max_length=24, choices=EventType.choices)
    campaign = models.CharField(
        _("campaign"), max_length=100, blank=True, help_text=_("Leave empty for any campaign.")
    )
    property_key = models.CharField(
        _("property"), max_length=40, blank=True, help_text=_("Optional, e.g. “path” for page visits.")
    )
    property_value = models.CharField(_("property value"), max_length=200, blank=True)
    points = models.IntegerField(_("points per event"), help_text=_("May be negative."))
    half_life_days = models.PositiveIntegerField(
        _("half-life (days)"), default=0,
        help_text=_("An event this many days old counts half; 0 means it never fades."),
    )
    max_points = models.PositiveIntegerField(
        _("cap"), null=True, blank=True, help_text=_("At most this many points from this rule.")
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["-active", "-points", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.property_key and not re.fullmatch(r"[a-z_][a-z0-9_]{0,39}", self.property_key):
            raise ValidationError({"property_key": _("Use lower-case letters, digits and _ only.")})
        if self.property_value and not self.property_key:
            raise ValidationError({"property_key": _("Name the property the value belongs to.")})


class Stage(models.TextChoices):
    MQL = Lifecycle.MQL.value, Lifecycle.MQL.label
    SQL = Lifecycle.SQL.value, Lifecycle.SQL.label


DEFAULT_THRESHOLDS = {Stage.MQL: 50}


class LifecycleThreshold(models.Model):
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices, unique=True)
    min_score = models.IntegerField(_("minimum score"))

    class Meta:
        ordering = ["min_score"]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} ≥ {self.min_score}"


class ScoringSettings(models.Model):
    """One row: how the sales team hears about new MQLs besides email."""

    webhook_url = models.URLField(
        _("MQL webhook URL"), blank=True,
        help_text=_(
            "Receives a signed JSON POST for every new MQL, retried until it answers (e.g. your CRM); "
            "its secret and deliveries are on the Webhooks page."
        ),
    )

    def __str__(self) -> str:
        return "Scoring settings"

    @classmethod
    def current(cls) -> ScoringSettings:
        settings, _created = cls.objects.get_or_create(pk=1)
        return settings
