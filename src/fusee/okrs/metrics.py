"""Automatic key results: metrics Fusée computes from its own data, refreshed daily.

A metric is a function `(key_result, cycle) -> float` registered under a key:

    @metric("webinar_registrations", label=_("Webinar registrations"), unit=_("registrations"))
    def webinar_registrations(key_result: KeyResult, cycle: Cycle) -> float:
        return Event.objects.filter(type=EventType.WEBINAR_REGISTERED, **within(cycle)).count()

A key result bound to one (`KeyResult.metric`, with `metric_params` for the names in `params`)
gets an automatic check-in from `key_result_refresh`. Another app adds its metrics in an
`okr_metrics.py` module of its own, found the first time the registry is read.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fusee.contacts.models import Event, EventType
from fusee.content.models import Asset, AssetVersion, ClipStatus, VersionOrigin
from fusee.core.errors import DomainError
from fusee.nurturing.models import Message
from fusee.nurturing.reports.engagement import SENT_STATUSES
from fusee.nurturing.reports.stats import stats_total
from fusee.okrs.models import CheckIn, Confidence, Cycle, KeyResult
from fusee.okrs.selectors import open_key_results
from fusee.okrs.services import check_in_record
from fusee.segments.language import SegmentSyntaxError
from fusee.segments.models import Segment
from fusee.segments.selectors import segment_count

logger = logging.getLogger(__name__)

MetricFunction = Callable[[KeyResult, Cycle], float]
ON_TRACK_WITHIN, AT_RISK_WITHIN = 10.0, 25.0  # points of progress behind the ideal path


@dataclass(frozen=True)
class Metric:
    key: str
    label: Any  # a lazy translation
    unit: Any
    params: tuple[str, ...]
    function: MetricFunction
    per_cycle: bool = False  # counts from zero each cycle (a carried key result restarts at its start)


METRICS: dict[str, Metric] = {}
_discovered = False


def metric(
    key: str, *, label: Any, unit: Any = "", params: tuple[str, ...] = (), per_cycle: bool = False
) -> Callable[[MetricFunction], MetricFunction]:
    def register(function: MetricFunction) -> MetricFunction:
        existing = METRICS.get(key)
        if existing is not None and qualified(existing.function) != qualified(function):
            raise ValueError(f"two metrics are registered as {key!r}")
        METRICS[key] = Metric(key, label, unit, tuple(params), function, per_cycle)
        return function

    return register


def qualified(function: Callable[..., Any]) -> str:
    return f"{function.__module__}.{function.__qualname__}"


def registry() -> dict[str, Metric]:
    """Every metric, the other apps' `okr_metrics` modules imported the first time."""
    global _discovered
    if not _discovered:
        autodiscover_modules("okr_metrics")
        _discovered = True
    return METRICS


def metric_choices() -> list[tuple[str, str]]:
    """(key, label) pairs for a form's select, by label."""
    return sorted(((m.key, str(m.label)) for m in registry().values()), key=lambda choice: choice[1])


def metric_check(*, key: str, params: dict[str, Any], title: str) -> Metric:
    """The metric a key result named `title` is bound to, or a DomainError naming it."""
    found = registry().get(key)
    if found is None:
        raise DomainError(
            gettext('"%(kr)s": there is no automatic metric "%(metric)s"; choose one of %(choices)s')
            % {"kr": title, "metric": key, "choices": ", ".join(sorted(METRICS))}
        )
    if not isinstance(params, dict):
        params = {}
    missing = [name for name in found.params if not str(params.get(name) or "").strip()]
    if missing:
        raise DomainError(
            gettext('"%(kr)s": the metric "%(metric)s" needs %(params)s')
            % {"kr": title, "metric": found.label, "params": ", ".join(missing)}
        )
    return found


def metric_value(key_result: KeyResult) -> float:
    found = metric_check(key=key_result.metric, params=key_result.metric_params, title=key_result.title)
    return float(found.function(key_result, key_result.objective.cycle))


# --- refreshing ---


def key_result_refresh(*, key_result: KeyResult, today: date | None = None) -> CheckIn | None:
    """Compute the metric and record it as an automatic check-in when it moved, or weekly when it did not
    (so an automatic key result is never overdue and a flat one does not fill its history)."""
    today = today or timezone.localdate()
    value = metric_value(key_result)
    if value == key_result.current and checked_in_this_week(key_result, today):
        return None
    return check_in_record(
        actor=None, key_result=key_result, value=value, automatic=True,
        confidence=confidence_on(key_result, value=value, today=today),
    )


def checked_in_this_week(key_result: KeyResult, today: date) -> bool:
    last = key_result.last_check_in_at
    return last is not None and (today - timezone.localdate(last)).days < 7


def confidence_on(key_result: KeyResult, *, value: float, today: date) -> str:
    """On track within 10 points of the ideal path's progress, at risk within 25, else off track."""
    behind = 100 * (progress_at(key_result, key_result.ideal_on(today)) - progress_at(key_result, value))
    if behind <= ON_TRACK_WITHIN:
        return Confidence.ON_TRACK
    return Confidence.AT_RISK if behind <= AT_RISK_WITHIN else Confidence.OFF_TRACK


def progress_at(key_result: KeyResult, value: float) -> float:
    """The key result's progress were its current value `value` (the row is not changed)."""
    projected = copy.copy(key_result)
    projected.current = value
    return projected.progress()


@dataclass
class RefreshReport:
    refreshed: int = 0
    checked_in: int = 0
    failed: list[str] = field(default_factory=list)


def metrics_refresh_all(*, today: date | None = None) -> RefreshReport:
    """Refresh the automatic key results of running cycles; one failing is reported and skips itself."""
    today = today or timezone.localdate()
    report = RefreshReport()
    for key_result in automatic_key_results(today):
        try:
            check_in = key_result_refresh(key_result=key_result, today=today)
        except DomainError as error:
            logger.warning("okr metric failed", extra={"key_result": key_result.pk, "error": str(error)})
            report.failed.append(str(error))
            continue
        report.refreshed += 1
        report.checked_in += check_in is not None
    return report


def automatic_key_results(today: date) -> QuerySet[KeyResult]:
    """Those of the open cycles that have started; the day after its end takes a cycle's final count."""
    day_before = today - timedelta(days=1)
    running = Q(objective__cycle__starts_on__lte=today, objective__cycle__ends_on__gte=day_before)
    return (open_key_results().exclude(metric="").filter(running)
            .select_related("objective__cycle").order_by("pk"))


# --- the cycle's dates ---


def cycle_bounds(cycle: Cycle) -> tuple[datetime, datetime]:
    """From the first day's midnight to the midnight after the last day, in the site's time zone."""
    first = timezone.make_aware(datetime.combine(cycle.starts_on, time.min))
    after = timezone.make_aware(datetime.combine(cycle.ends_on + timedelta(days=1), time.min))
    return first, after


def within(cycle: Cycle, field_name: str = "occurred_at") -> dict[str, datetime]:
    first, after = cycle_bounds(cycle)
    return {f"{field_name}__gte": first, f"{field_name}__lt": after}


# --- the metrics Fusée ships ---


@metric("contacts_in_segment", label=_("Contacts in a segment"), unit=_("contacts"), params=("segment",))
def contacts_in_segment(key_result: KeyResult, cycle: Cycle) -> float:
    """A segment is evaluated live: the count on the day of the refresh."""
    name = str(key_result.metric_params["segment"]).strip()
    segment = Segment.objects.filter(name__iexact=name).first()
    if segment is None:
        raise DomainError(
            gettext('"%(kr)s": there is no segment "%(segment)s"') % {"kr": key_result, "segment": name}
        )
    try:
        return segment_count(segment)
    except SegmentSyntaxError as error:
        raise DomainError(
            gettext('"%(kr)s": the segment "%(segment)s" cannot be counted: %(error)s')
            % {"kr": key_result, "segment": segment, "error": error}
        ) from error


@metric("mqls_created", label=_("MQLs created this cycle"), unit=_("MQLs"), per_cycle=True)
def mqls_created(key_result: KeyResult, cycle: Cycle) -> float:
    """Contacts that became MQL during the cycle, each once."""
    events = Event.objects.filter(type=EventType.BECAME_MQL, **within(cycle))
    return events.values("contact_id").distinct().count()


@metric("email_human_click_rate", label=_("Emails' human click rate"), unit="%")
def email_human_click_rate(key_result: KeyResult, cycle: Cycle) -> float:
    """Nurturing's own click rate (people, not scanners, over delivered) of the cycle's messages."""
    messages = (Message.objects.filter(status__in=SENT_STATUSES)
                .alias(at=Coalesce("sent_at", "created_at")).filter(**within(cycle, "at")))
    return stats_total(messages).click_percent or 0.0


@metric("webinar_registrations", label=_("Webinar registrations"), unit=_("registrations"), per_cycle=True)
def webinar_registrations(key_result: KeyResult, cycle: Cycle) -> float:
    return Event.objects.filter(type=EventType.WEBINAR_REGISTERED, **within(cycle)).count()


@metric("assets_published", label=_("Content assets signed off"), unit=_("assets"), per_cycle=True)
def assets_published(key_result: KeyResult, cycle: Cycle) -> float:
    """Content has no "published" state: count the assets a person signed off during the cycle.

    That is an asset edited by hand in the cycle, or a clip approved whose version dates from
    the cycle (a clip's approval itself is not dated).
    """
    versions = AssetVersion.objects.filter(asset=OuterRef("pk"), **within(cycle, "created_at"))
    edited = Exists(versions.filter(origin=VersionOrigin.EDITED))
    approved_clip = Q(clip_status=ClipStatus.APPROVED) & Exists(versions)
    return Asset.objects.filter(Q(edited) | approved_clip).count()
