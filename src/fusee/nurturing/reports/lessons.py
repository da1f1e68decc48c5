"""What a sequence teaches the next one: the send hour and the email format that get the most
human clicks, per industry and per chosen segment, said in plain words.

A bucket (an hour, a format) needs MIN_SAMPLE delivered messages before it can be "best", so a
lucky handful never makes a lesson. The hour is the contact's local hour (their time zone, else
the server's); the SQL groups by UTC hour and month, and each group is turned into local time
with that month's offset, so daylight saving time is followed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractHour, ExtractMonth
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from fusee.contacts.models import Industry
from fusee.nurturing.engine_time import zone
from fusee.nurturing.models import BodyFormat, EmailContent, Message, MessageStatus
from fusee.nurturing.reports.engagement import engagement_flags
from fusee.nurturing.reports.stats import segment_messages
from fusee.segments.models import Segment

MIN_SAMPLE = 30
EVERYONE = ""
Tally = dict[str, dict[str, list[int]]]  # audience -> bucket -> [delivered, clicked]


@dataclass
class Lesson:
    audience: str
    topic: str  # "hour" or "format"
    best: str
    lift: float
    delivered: int
    text: str


def delivered_messages(messages: QuerySet[Message]) -> QuerySet[Message]:
    return messages.filter(status=MessageStatus.SENT, sent_at__isnull=False).alias(
        was_clicked=engagement_flags()["was_clicked"]
    ).order_by()


def counted_clicks() -> dict[str, Count]:
    return {"delivered": Count("pk"), "clicked": Count("pk", filter=Q(was_clicked=True))}


def hour_rows(messages: QuerySet[Message], group: str | None) -> QuerySet[Any]:
    fields = [group] if group else []
    return delivered_messages(messages).values(
        *fields, "contact__time_zone", month=ExtractMonth("sent_at", tzinfo=UTC),
        hour=ExtractHour("sent_at", tzinfo=UTC),
    ).annotate(**counted_clicks())


def local_hour(time_zone: str, month: int, utc_hour: int) -> str:
    moment = datetime(timezone.now().year, month, 15, utc_hour, tzinfo=UTC)
    return f"{moment.astimezone(zone(time_zone or settings.TIME_ZONE)).hour:02d}:00"


def format_rows(messages: QuerySet[Message], group: str | None) -> QuerySet[Any]:
    fields = [group] if group else []
    return delivered_messages(messages).values(*fields, "email_id", "language").annotate(**counted_clicks())


def formats_of(messages: QuerySet[Message]) -> dict[tuple[int, str], str]:
    """(email, language) -> body format, with the email's default language as "" (one query)."""
    contents = EmailContent.objects.filter(email__in=messages.values("email_id")).values_list(
        "email_id", "language", "body_format", "email__default_language"
    )
    found: dict[tuple[int, str], str] = {}
    for email_id, language, body_format, default in contents:
        found[(email_id, language)] = body_format
        if language == default:
            found.setdefault((email_id, ""), body_format)
    return found


def tally(rows: QuerySet[Any], group: str | None, bucket: Any) -> Tally:
    counts: Tally = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for row in rows:
        audiences = [EVERYONE, row[group]] if group else [EVERYONE]
        for audience in audiences:
            cell = counts[audience][bucket(row)]
            cell[0] += row["delivered"]
            cell[1] += row["clicked"]
    return counts


def lesson(audience: str, topic: str, buckets: dict[str, list[int]]) -> Lesson | None:
    delivered, clicked = (sum(cell[index] for cell in buckets.values()) for index in (0, 1))
    candidates = {name: cell[1] / cell[0] for name, cell in buckets.items() if cell[0] >= MIN_SAMPLE}
    if not clicked or not candidates:
        return None
    best = max(sorted(candidates), key=lambda name: candidates[name])
    lift = candidates[best] / (clicked / delivered)
    if lift <= 1:
        return None
    return Lesson(audience, topic, best, lift, buckets[best][0], lesson_text(audience, topic, best, lift))


def lesson_text(audience: str, topic: str, best: str, lift: float) -> str:
    # In the reader's language (1,8× in French); number_format cuts the digits off, so round first.
    values = {"audience": audience, "lift": number_format(round(lift, 1), decimal_pos=1), "best": best}
    if topic == "hour":
        if audience == EVERYONE:
            return _("Contacts click %(lift)s× more at %(best)s than on average.") % values
        return _("Contacts in %(audience)s click %(lift)s× more at %(best)s than on average.") % values
    values["best"] = format_label(best)
    if audience == EVERYONE:
        return _("Contacts click %(lift)s× more on %(best)s emails than on average.") % values
    return _("Contacts in %(audience)s click %(lift)s× more on %(best)s emails than on average.") % values


def format_label(body_format: str) -> str:
    if body_format == BodyFormat.HTML:
        return _("designed (HTML)")
    return _("plain-looking (Markdown)")


def lessons_of(tallies: dict[str, Tally], names: dict[str, str]) -> list[Lesson]:
    found = []
    for topic, counts in tallies.items():
        for audience, buckets in counts.items():
            if audience in names and (item := lesson(names[audience], topic, buckets)):
                found.append(item)
    return sorted(found, key=lambda item: (item.audience != EVERYONE, item.audience, item.topic))


def audience_tallies(
    messages: QuerySet[Message], group: str | None, formats: dict[tuple[int, str], str]
) -> dict[str, Tally]:
    def by_hour(row: dict[str, Any]) -> str:
        return local_hour(row["contact__time_zone"], row["month"], row["hour"])

    def by_format(row: dict[str, Any]) -> str:
        key = (row["email_id"], row["language"])
        return formats.get(key) or formats.get((row["email_id"], ""), BodyFormat.MARKDOWN)

    return {
        "hour": tally(hour_rows(messages, group), group, by_hour),
        "format": tally(format_rows(messages, group), group, by_format),
    }


def sequence_lessons(messages: QuerySet[Message], segments: list[Segment]) -> list[Lesson]:
    """Lessons for every contact, per industry, and per segment: 3 queries + 2 per segment."""
    formats = formats_of(messages)
    industry = "contact__company__industry"
    industries = {value: _("Industry = %(name)s") % {"name": label} for value, label in Industry.choices}
    found = lessons_of(audience_tallies(messages, industry, formats), {EVERYONE: EVERYONE, **industries})
    for segment in segments:
        tallies = audience_tallies(segment_messages(messages, segment), None, formats)
        found += lessons_of(tallies, {EVERYONE: segment.name})
    return found
