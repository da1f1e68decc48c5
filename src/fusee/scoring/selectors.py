"""Reads of lead scoring: rules, thresholds, the score distribution, why a contact has its score."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import BooleanField, Case, Count, F, IntegerField, Max, QuerySet, Value, When
from django.utils import timezone

from fusee.contacts.models import Contact, Event
from fusee.scoring.expressions import event_q as rule_event_q
from fusee.scoring.expressions import rule_q, rule_total
from fusee.scoring.models import DEFAULT_THRESHOLDS, BehaviourRule, FitRule, LifecycleThreshold, Stage

BUCKET_WIDTH, TOP_BUCKET = 10, 10  # 0–9, 10–19, … 90–99, then 100+


def fit_rule_list() -> QuerySet[FitRule]:
    return FitRule.objects.all()


def behaviour_rule_list() -> QuerySet[BehaviourRule]:
    return BehaviourRule.objects.all()


def threshold_list() -> QuerySet[LifecycleThreshold]:
    thresholds()  # the default MQL threshold exists before anyone looks
    return LifecycleThreshold.objects.all()


def thresholds() -> dict[str, int]:
    """{stage: min_score}; the MQL threshold is created at its default the first time."""
    found = dict(LifecycleThreshold.objects.values_list("stage", "min_score"))
    for stage, score in DEFAULT_THRESHOLDS.items():
        if stage not in found:
            LifecycleThreshold.objects.get_or_create(stage=stage, defaults={"min_score": score})
            found[stage] = LifecycleThreshold.objects.get(stage=stage).min_score
    return found


def mql_threshold() -> int:
    return thresholds()[Stage.MQL]


def score_distribution() -> list[tuple[str, int]]:
    """Contacts per band of 10 points, "<0" and "100+" at the ends, zero-filled."""
    bucket = Case(
        When(score__lt=0, then=Value(-1)),
        When(score__gte=BUCKET_WIDTH * TOP_BUCKET, then=Value(TOP_BUCKET)),
        default=F("score") / BUCKET_WIDTH,
        output_field=IntegerField(),
    )
    rows = Contact.objects.order_by().annotate(bucket=bucket).values("bucket").annotate(n=Count("pk"))
    counts = {row["bucket"]: row["n"] for row in rows}
    labels = [(i, f"{i * BUCKET_WIDTH}–{i * BUCKET_WIDTH + BUCKET_WIDTH - 1}") for i in range(TOP_BUCKET)]
    labels = [(-1, "<0"), *labels, (TOP_BUCKET, f"{TOP_BUCKET * BUCKET_WIDTH}+")]
    return [(label, counts.get(index, 0)) for index, label in labels if index >= 0 or counts.get(index)]


def score_breakdown(contact: Contact, *, at: datetime | None = None) -> list[dict[str, Any]]:
    """One entry per rule that gives this contact points, from the very SQL the recompute uses."""
    now = at or timezone.now()
    return fit_entries(contact) + behaviour_entries(contact, now)


def fit_entries(contact: Contact) -> list[dict[str, Any]]:
    rules = list(FitRule.objects.filter(active=True))
    if not rules:
        return []
    matches: dict[str, Any] = {
        f"r{index}": Case(When(rule_q(rule), then=True), default=False, output_field=BooleanField())
        for index, rule in enumerate(rules)
    }
    row = Contact.objects.filter(pk=contact.pk).annotate(**matches).values_list(*matches).get()
    return [
        {"rule": rule.name, "kind": "fit", "points": float(rule.points), "detail": fit_detail(rule)}
        for rule, matched in zip(rules, row, strict=True)
        if matched and rule.points
    ]


def fit_detail(rule: FitRule) -> str:
    return f"{rule.get_field_display()} {rule.get_operator_display()} {rule.value}"


def behaviour_entries(contact: Contact, now: datetime) -> list[dict[str, Any]]:
    rules = list(BehaviourRule.objects.filter(active=True))
    if not rules:
        return []
    aggregates: dict[str, Any] = {}
    for index, rule in enumerate(rules):
        matching = rule_event_q(rule)
        aggregates |= {
            f"p{index}": rule_total(rule, now),
            f"n{index}": Count("pk", filter=matching),
            f"l{index}": Max("occurred_at", filter=matching),
        }
    row = Event.objects.filter(contact=contact).aggregate(**aggregates)
    return [
        behaviour_entry(rule, row[f"p{index}"], row[f"n{index}"], row[f"l{index}"])
        for index, rule in enumerate(rules)
        if row[f"n{index}"] and row[f"p{index}"]
    ]


def behaviour_entry(rule: BehaviourRule, points: float, count: int, latest: datetime) -> dict[str, Any]:
    day = timezone.localtime(latest).date().isoformat()
    noun = "event" if count == 1 else "events"
    detail = f"{count} {noun}, latest {day}"
    return {"rule": rule.name, "kind": "behaviour", "points": points, "detail": detail}
