"""Everything the report page of a sequence shows, gathered in a bounded number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from fusee.core.errors import DomainError
from fusee.nurturing import abtest
from fusee.nurturing.models import Sequence, SequenceVersion, SplitDecision, Step, StepKind
from fusee.nurturing.reports.engagement import ATTRIBUTION_WINDOW
from fusee.nurturing.reports.lessons import Lesson, sequence_lessons
from fusee.nurturing.reports.stats import (
    Stats,
    sequence_messages,
    stats_by,
    stats_by_segment,
    stats_by_variant,
    stats_total,
    weekly_series,
)
from fusee.segments.language import SegmentSyntaxError
from fusee.segments.models import Segment


@dataclass
class StepRow:
    key: str
    label: str
    stats: Stats


@dataclass
class SplitReport:
    step: Step
    verdict: abtest.Verdict
    decision: SplitDecision | None
    rule: dict[str, Any] | None = None
    rule_error: str = ""
    started_at: datetime | None = None
    waiting: str = ""  # why the automatic winner is not chosen yet


@dataclass
class SequenceReport:
    sequence: Sequence
    version: SequenceVersion | None
    total: Stats
    steps: list[StepRow]
    variants: dict[str, Stats]
    segments: list[tuple[Segment, Stats]]
    lessons: list[Lesson]
    splits: list[SplitReport]
    charts: dict[str, dict[str, Any]] = field(default_factory=dict)
    segment_error: str = ""
    attribution_days: int = ATTRIBUTION_WINDOW.days


def summary(sequence: Sequence, segments: list[Segment]) -> tuple[Stats, list[Lesson], str]:
    """The totals and lessons, the part the sequence page shows too."""
    messages = sequence_messages(sequence)
    try:
        return stats_total(messages), sequence_lessons(messages, segments), ""
    except SegmentSyntaxError as error:  # a saved segment the language no longer reads
        return stats_total(messages), sequence_lessons(messages, []), str(error)


def sequence_report(sequence: Sequence, *, version: SequenceVersion | None, segments: list[Segment],
                    full: bool = True) -> SequenceReport:
    total, lessons, segment_error = summary(sequence, segments)
    report = SequenceReport(sequence, version, total, [], {}, [], lessons, [], segment_error=segment_error)
    if not full:
        return report
    messages = sequence_messages(sequence)
    steps = list(version.steps.select_related("email")) if version else []
    report.steps = step_rows(steps, stats_by(messages, "step_key"))
    report.variants = stats_by_variant(messages)
    if not segment_error:
        report.segments = stats_by_segment(messages, segments)
    report.splits = [split_report(step) for step in steps if step.kind == StepKind.SPLIT]
    report.charts = charts(report, weekly_series(messages))
    return report


def step_rows(steps: list[Step], counts: dict[str, Stats]) -> list[StepRow]:
    """The version's send steps in flow order, then keys only older versions had."""
    rows = [StepRow(step.key, str(step.email or step.key), counts.pop(step.key, Stats()))
            for step in steps if step.kind == StepKind.SEND]
    return rows + [StepRow(key, key, stats) for key, stats in sorted(counts.items())]


def split_report(step: Step) -> SplitReport:
    decision = SplitDecision.objects.filter(version=step.version, step_key=step.key).first()
    try:
        rule, rule_error = abtest.auto_winner_rule(step), ""
    except DomainError as error:
        rule, rule_error = None, str(error)
    rule_or_default = rule or {"metric": "clicked", "confidence": abtest.DEFAULT_CONFIDENCE}
    result = abtest.verdict(abtest.split_results(step), metric=rule_or_default["metric"],
                            confidence=rule_or_default["confidence"])
    report = SplitReport(step, result, decision, rule, rule_error)
    if rule and decision is None:
        report.started_at = abtest.split_started_at(step)
        report.waiting = waiting_reason(report, rule)
    return report


def waiting_reason(report: SplitReport, rule: dict[str, Any]) -> str:
    if report.started_at is None:
        return _("The automatic winner waits for the first email after the split.")
    elapsed = (timezone.now() - report.started_at).total_seconds() / 3600
    if elapsed < rule["after_hours"]:
        text = _("The automatic winner is chosen %(hours)s h after the first email: about %(left)s h to go.")
        return text % {"hours": f"{rule['after_hours']:g}", "left": f"{rule['after_hours'] - elapsed:.0f}"}
    return _("The test has run long enough but is not significant yet: it keeps waiting.")


def rate_chart(rows: list[tuple[str, Stats]]) -> dict[str, Any]:
    return {
        "type": "bar",
        "labels": [name for name, _stats in rows],
        "datasets": [
            {"label": _("Opened (%)"), "data": [stats.open_percent or 0 for _name, stats in rows]},
            {"label": _("Clicked (%)"), "data": [stats.click_percent or 0 for _name, stats in rows]},
        ],
    }


def charts(report: SequenceReport, weeks: list[tuple[datetime, Stats]]) -> dict[str, dict[str, Any]]:
    """The data each <canvas data-chart> draws (handed over with json_script: no inline script)."""
    labels = [week.date().isoformat() for week, _stats in weeks]
    return {
        "weekly": {"type": "line", "labels": labels, "datasets": [
            {"label": _("Sent"), "data": [stats.sent for _week, stats in weeks]},
            {"label": _("Opened"), "data": [stats.opened for _week, stats in weeks]},
            {"label": _("Clicked"), "data": [stats.clicked for _week, stats in weeks]},
        ]},
        "steps": rate_chart([(row.label, row.stats) for row in report.steps]),
        "variants": rate_chart(sorted(report.variants.items())),
        "segments": rate_chart([(segment.name, stats) for segment, stats in report.segments]),
    }
