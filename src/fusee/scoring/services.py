"""Writes of lead scoring: recompute scores set-based, advance lifecycle stages, edit rules."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import F, FloatField, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone

from fusee.contacts.models import Contact, Event, EventType, Lifecycle
from fusee.core.errors import DomainError
from fusee.core.models import User
from fusee.core.services import apply_changes, audit_record, require_admin
from fusee.scoring import selectors
from fusee.scoring.expressions import behaviour_expression, behaviour_totals, fit_expression, round_half_up
from fusee.scoring.models import BehaviourRule, FitRule, LifecycleThreshold, ScoringSettings, Stage
from fusee.scoring.notify import mql_notify
from fusee.webhooks.services import endpoint_mql_url_sync

CHUNK = 5000  # ids per statement when a caller names contacts (SQLite caps parameters)
STAGE_EVENTS = {Stage.MQL: EventType.BECAME_MQL, Stage.SQL: EventType.LIFECYCLE_CHANGED}


@dataclass(frozen=True)
class ScoringOutcome:
    scored: int
    became_mql: list[int]
    seconds: float


def scores_recompute(
    *, contact_ids: Iterable[int] | None = None, at: datetime | None = None
) -> ScoringOutcome:
    """Rescore the contacts (all when None) in a fixed number of statements, then advance stages."""
    started, now = time.perf_counter(), at or timezone.now()
    ids = None if contact_ids is None else sorted(set(contact_ids))
    with transaction.atomic():
        fit = fit_expression(list(FitRule.objects.filter(active=True)))
        rules = list(BehaviourRule.objects.filter(active=True))
        if ids is None and rules:
            scored = scores_write_all(fit, behaviour_totals(rules, now))
        else:
            behaviour = behaviour_expression(rules, now)
            scored = sum(scores_write(scope, fit, behaviour) for scope in scopes(ids))
        became_mql = contacts_advance_lifecycle(contact_ids=ids)
    return ScoringOutcome(scored, became_mql, time.perf_counter() - started)


def contacts_rescore(*, contact_ids: Iterable[int] | None = None, at: datetime | None = None) -> int:
    """Rescore and advance; the number of contacts scored. Event ingestion calls this."""
    return scores_recompute(contact_ids=contact_ids, at=at).scored


def scopes(ids: list[int] | None) -> Iterator[QuerySet[Contact]]:
    if ids is None:
        yield Contact.objects.all()
        return
    for start in range(0, len(ids), CHUNK):
        yield Contact.objects.filter(pk__in=ids[start : start + CHUNK])


def scores_write(contacts: QuerySet[Contact], fit: Any, behaviour: Any) -> int:
    # An UPDATE sees the old values on its right-hand side, so the total goes in a second,
    # cheap statement instead of computing the event subquery twice.
    scored = contacts.update(fit_score=fit, behaviour_score=round_half_up(behaviour))
    total = F("fit_score") + F("behaviour_score")
    contacts.exclude(score=total).update(score=total)
    return scored


def scores_write_all(fit: Any, totals: QuerySet[Any, Any]) -> int:
    """Every contact in one UPDATE joined to the events' totals, grouped in one pass.

    For the whole base this beats scores_write's correlated subquery, which reads each
    contact's events through the index: at millions of events, one sequential pass and a
    hash join cost a fraction of a million random index probes.
    """
    contacts = Contact.objects.all()
    compiler = contacts.query.get_compiler(using=contacts.db)
    fit_sql, fit_params = compiler.compile(fit.resolve_expression(contacts.query))
    total = Coalesce(RawSQL("totals.total", [], output_field=FloatField()), Value(0.0))
    behaviour = round_half_up(total).resolve_expression(contacts.query)
    behaviour_sql, behaviour_params = compiler.compile(behaviour)
    totals_sql, totals_params = totals.query.sql_with_params()
    table = connection.ops.quote_name(Contact._meta.db_table)
    sql = (
        f"UPDATE {table} SET fit_score = {fit_sql}, behaviour_score = {behaviour_sql} "  # noqa: S608
        f"FROM {table} AS scored LEFT JOIN ({totals_sql}) AS totals ON totals.contact_id = scored.id "
        f"WHERE scored.id = {table}.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*fit_params, *behaviour_params, *totals_params])
        scored = cursor.rowcount
    total_score = F("fit_score") + F("behaviour_score")
    contacts.exclude(score=total_score).update(score=total_score)
    return scored


def contacts_advance_lifecycle(*, contact_ids: Iterable[int] | None = None) -> list[int]:
    """Move contacts whose score reached a stage's threshold up to it (never down).

    New MQLs get a BECAME_MQL event and their owners hear of them once the transaction commits.
    Returns the ids of the new MQLs.
    """
    ids = None if contact_ids is None else sorted(set(contact_ids))
    thresholds = selectors.thresholds()
    became_mql = stage_advance(Stage.MQL, thresholds[Stage.MQL], ids)
    if Stage.SQL in thresholds:
        stage_advance(Stage.SQL, thresholds[Stage.SQL], ids)
    if became_mql:
        transaction.on_commit(lambda: mql_notify(contact_ids=became_mql))
    return became_mql


def stage_advance(stage: Stage, min_score: int, ids: list[int] | None) -> list[int]:
    below = [s for s in Lifecycle.values if Lifecycle.rank(s) < Lifecycle.rank(stage)]
    moving: list[tuple[int, str, int]] = []
    for scope in scopes(ids):
        ready = scope.filter(score__gte=min_score, lifecycle__in=below)
        moving += ready.values_list("pk", "lifecycle", "score")
    now = timezone.now()
    for start in range(0, len(moving), CHUNK):
        chunk = [pk for pk, _stage, _score in moving[start : start + CHUNK]]
        Contact.objects.filter(pk__in=chunk, lifecycle__in=below).update(lifecycle=stage, updated_at=now)
    Event.objects.bulk_create(
        [stage_event(stage, min_score, row, now) for row in moving], batch_size=2000
    )
    return [pk for pk, _stage, _score in moving]


def stage_event(stage: Stage, min_score: int, row: tuple[int, str, int], now: datetime) -> Event:
    pk, previous, score = row
    properties = {"from": previous, "to": stage.value, "score": score, "score_threshold": min_score}
    return Event(contact_id=pk, type=STAGE_EVENTS[stage], occurred_at=now, properties=properties)


# ---- rules -----------------------------------------------------------------------------------

Rule = FitRule | BehaviourRule | LifecycleThreshold
RULE_KINDS: dict[str, type[models.Model]] = {
    "fit": FitRule, "behaviour": BehaviourRule, "threshold": LifecycleThreshold,
}
RULE_FIELDS: dict[type[models.Model], tuple[str, ...]] = {
    FitRule: ("name", "field", "operator", "value", "points", "active"),
    BehaviourRule: (
        "name", "event_type", "campaign", "property_key", "property_value", "points",
        "half_life_days", "max_points", "active",
    ),
    LifecycleThreshold: ("stage", "min_score"),
}
AUDIT_NAMES = {FitRule: "fit_rule", BehaviourRule: "behaviour_rule", LifecycleThreshold: "threshold"}


@transaction.atomic
def rule_create(*, actor: User | None, kind: str, **values: Any) -> Rule:
    model = RULE_KINDS[kind]
    rule = model()
    apply_changes(rule, values, RULE_FIELDS[model])
    validated(rule)  # type: ignore[arg-type]
    rule.save()
    changes = {f: getattr(rule, f) for f in RULE_FIELDS[model]}
    audit_record(actor=actor, action=f"{AUDIT_NAMES[model]}.created", target=rule, changes=changes)
    return rule  # type: ignore[return-value]


@transaction.atomic
def rule_update(*, actor: User | None, rule: Rule, **values: Any) -> Rule:
    if changes := apply_changes(rule, values, RULE_FIELDS[type(rule)]):
        validated(rule)
        rule.save()
        audit_record(actor=actor, action=f"{AUDIT_NAMES[type(rule)]}.updated", target=rule, changes=changes)
    return rule


@transaction.atomic
def rule_delete(*, actor: User | None, rule: Rule) -> None:
    if isinstance(rule, LifecycleThreshold) and rule.stage == Stage.MQL:
        raise DomainError("the MQL threshold cannot be removed; change its score instead")
    audit_record(actor=actor, action=f"{AUDIT_NAMES[type(rule)]}.deleted", target=rule)
    rule.delete()


def validated(rule: Rule) -> None:
    try:
        rule.full_clean()
    except ValidationError as error:
        messages = [f"{field}: {' '.join(errors)}" for field, errors in error.message_dict.items()]
        raise DomainError("; ".join(messages)) from None
    if isinstance(rule, LifecycleThreshold):
        thresholds_check(rule)


def thresholds_check(rule: LifecycleThreshold) -> None:
    others = dict(LifecycleThreshold.objects.exclude(pk=rule.pk).values_list("stage", "min_score"))
    mql = rule.min_score if rule.stage == Stage.MQL else others.get(Stage.MQL)
    sql = rule.min_score if rule.stage == Stage.SQL else others.get(Stage.SQL)
    if mql is not None and sql is not None and sql < mql:
        raise DomainError(f"min_score: the SQL threshold ({sql}) must be at least the MQL one ({mql})")


@transaction.atomic
def scoring_settings_update(*, actor: User | None, webhook_url: str) -> ScoringSettings:
    require_admin(actor)
    settings = ScoringSettings.current()
    if changes := apply_changes(settings, {"webhook_url": webhook_url}, ("webhook_url",)):
        settings.save()
        audit_record(actor=actor, action="scoring_settings.updated", target=settings, changes=changes)
        endpoint_mql_url_sync(actor=actor, url=webhook_url)
    return settings
