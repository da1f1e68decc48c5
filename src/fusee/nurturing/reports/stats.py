"""Counts of a sequence's messages: in total, per step, per variant, per segment and per week.

Each function is one aggregate query over Message rows annotated with the engagement flags.
Opens, clicks, unsubscribes, MQLs and meetings count unique contacts; sent, delivered and
bounced count messages. Rates are over delivered messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Aggregate, Count, Q, QuerySet
from django.db.models.functions import Coalesce, TruncWeek

from fusee.nurturing.models import Message, MessageStatus, Sequence
from fusee.nurturing.reports.engagement import SENT_STATUSES, attribution_flags, engagement_flags
from fusee.segments.language import segment_queryset
from fusee.segments.models import Segment

COUNTS = ("sent", "delivered", "bounced", "opened", "clicked", "unsubscribed", "mqls", "meetings")


@dataclass
class Stats:
    sent: int = 0
    delivered: int = 0
    bounced: int = 0
    opened: int = 0
    clicked: int = 0
    unsubscribed: int = 0
    mqls: int = 0
    meetings: int = 0

    @classmethod
    def of(cls, row: dict[str, Any]) -> Stats:
        return cls(**{name: row.get(name) or 0 for name in COUNTS})

    def percent(self, count: int, whole: int | None = None) -> float | None:
        """A share of the delivered messages (or of `whole`), in per cent to one decimal."""
        whole = self.delivered if whole is None else whole
        return round(100 * count / whole, 1) if whole else None

    @property
    def open_percent(self) -> float | None:
        return self.percent(self.opened)

    @property
    def click_percent(self) -> float | None:
        return self.percent(self.clicked)

    @property
    def unsubscribe_percent(self) -> float | None:
        return self.percent(self.unsubscribed)

    @property
    def bounce_percent(self) -> float | None:
        return self.percent(self.bounced, self.sent)


def sequence_messages(sequence: Sequence) -> QuerySet[Message]:
    """The sequence's messages that went to a mail server (accepted or bounced), every version."""
    return Message.objects.filter(enrolment__sequence=sequence, status__in=SENT_STATUSES)


def counted() -> dict[str, Aggregate]:
    bounced = Q(status=MessageStatus.BOUNCED) | Q(was_bounced=True)
    # A delivery receipt, when the transport reports one, is the better evidence.
    delivered = Q(was_delivered=True) | (Q(status=MessageStatus.SENT) & Q(was_bounced=False))
    contacts = {"opened": "was_opened", "clicked": "was_clicked", "unsubscribed": "was_unsubscribed",
                "mqls": "led_to_mql", "meetings": "led_to_meeting"}
    return {
        "sent": Count("pk"),
        "bounced": Count("pk", filter=bounced),
        "delivered": Count("pk", filter=delivered),
        **{
            name: Count("contact", distinct=True, filter=Q(**{flag: True}))
            for name, flag in contacts.items()
        },
    }


def flagged(messages: QuerySet[Message]) -> QuerySet[Message]:
    return messages.alias(**engagement_flags(), **attribution_flags()).order_by()


def stats_total(messages: QuerySet[Message]) -> Stats:
    return Stats.of(flagged(messages).aggregate(**counted()))


def stats_by(messages: QuerySet[Message], field: str) -> dict[str, Stats]:
    rows = flagged(messages).values(field).annotate(**counted())
    return {str(row[field]): Stats.of(row) for row in rows}


def stats_by_variant(messages: QuerySet[Message]) -> dict[str, Stats]:
    return stats_by(messages.exclude(enrolment__variant=""), "enrolment__variant")


def segment_messages(messages: QuerySet[Message], segment: Segment) -> QuerySet[Message]:
    """The messages to the segment's contacts *now* (a segment is evaluated live)."""
    return messages.filter(contact__in=segment_queryset(segment.expression).values("pk"))


def stats_by_segment(messages: QuerySet[Message], segments: list[Segment]) -> list[tuple[Segment, Stats]]:
    """One query per segment (the caller keeps the list short)."""
    return [(segment, stats_total(segment_messages(messages, segment))) for segment in segments]


def weekly_series(messages: QuerySet[Message]) -> list[tuple[datetime, Stats]]:
    """Per week the messages went out (by their send time, else creation time)."""
    weeks = flagged(messages).annotate(week=TruncWeek(Coalesce("sent_at", "created_at")))
    rows = weeks.values("week").annotate(**counted()).order_by("week")
    return [(row["week"], Stats.of(dict(row))) for row in rows]
