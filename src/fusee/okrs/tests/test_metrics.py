"""Automatic key results: each metric over real rows, the refresh and its check-ins."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from fusee.contacts.models import Event, EventType
from fusee.contacts.tests.factories import ContactFactory, EventFactory
from fusee.content.models import Asset, AssetVersion, ClipStatus, Recycling, VersionOrigin
from fusee.core.errors import DomainError
from fusee.nurturing.models import Message, MessageStatus
from fusee.nurturing.tests.factories import email_with_content
from fusee.okrs import metrics
from fusee.okrs.metrics import (
    METRICS,
    key_result_refresh,
    metric,
    metric_choices,
    metric_value,
    metrics_refresh_all,
)
from fusee.okrs.models import CheckIn, Confidence, Cycle, KeyResult
from fusee.okrs.tests.factories import CycleFactory, KeyResultFactory, ObjectiveFactory
from fusee.segments.models import Segment

PARIS = ZoneInfo("Europe/Paris")
MID_Q1 = date(2027, 2, 14)  # about half of 2027-Q1 gone


def at(year: int, month: int, day: int, hour: int = 12) -> datetime:
    return datetime(year, month, day, hour, tzinfo=PARIS)


def automatic(metric_key: str, cycle: Cycle | None = None, **fields: object) -> KeyResult:
    objective = ObjectiveFactory.create(cycle=cycle or CycleFactory.create())
    return KeyResultFactory.create(objective=objective, metric=metric_key, **fields)


# --- the metrics ---


def test_it_counts_the_contacts_of_a_segment_by_its_name(db):
    for country in ("FR", "FR", "DE"):
        ContactFactory.create(country=country)
    Segment.objects.create(name="French contacts", expression='country = "FR"')
    key_result = automatic("contacts_in_segment", metric_params={"segment": "french contacts"})
    assert metric_value(key_result) == 2


def test_it_names_the_key_result_when_its_segment_is_missing_or_not_given(db):
    key_result = automatic("contacts_in_segment", title="Grow the FR base", metric_params={"segment": "Gone"})
    with pytest.raises(DomainError, match='"Grow the FR base": there is no segment "Gone"'):
        metric_value(key_result)
    key_result.metric_params = {}
    with pytest.raises(DomainError, match=r'"Grow the FR base": the metric .* needs segment'):
        metric_value(key_result)


def test_it_counts_each_contact_that_became_mql_within_the_cycle_once(db):
    twice, inside = ContactFactory.create(), ContactFactory.create()
    EventFactory.create(contact=twice, type=EventType.BECAME_MQL, occurred_at=at(2027, 1, 10))
    EventFactory.create(contact=twice, type=EventType.BECAME_MQL, occurred_at=at(2027, 2, 1))
    EventFactory.create(contact=inside, type=EventType.BECAME_MQL, occurred_at=at(2027, 3, 31, 23))
    EventFactory.create(type=EventType.BECAME_MQL, occurred_at=at(2026, 12, 31, 23))  # the quarter before
    EventFactory.create(type=EventType.BECAME_MQL, occurred_at=at(2027, 4, 1, 0))  # the quarter after
    EventFactory.create(type=EventType.MEETING_BOOKED, occurred_at=at(2027, 1, 10))
    assert metric_value(automatic("mqls_created")) == 2


def test_it_counts_webinar_registrations_within_the_cycle(db):
    for day in (5, 6, 7):
        EventFactory.create(type=EventType.WEBINAR_REGISTERED, occurred_at=at(2027, 1, day))
    EventFactory.create(type=EventType.WEBINAR_REGISTERED, occurred_at=at(2027, 4, 2))
    EventFactory.create(type=EventType.WEBINAR_ATTENDED, occurred_at=at(2027, 1, 5))
    assert metric_value(automatic("webinar_registrations")) == 3


def sent(number: int, when: datetime, status: str = MessageStatus.SENT) -> Message:
    return Message.objects.create(
        email=email_with_content(), contact=ContactFactory.create(), message_id=f"<m{number}@test>",
        status=status, sent_at=when, created_at=when,
    )


def clicked(message: Message, *, machine: bool) -> Event:
    return Event.objects.create(
        contact=message.contact, type=EventType.EMAIL_CLICKED,
        occurred_at=message.created_at + timedelta(hours=1),
        properties={"message": message.message_id, "machine": machine},
    )


def test_it_takes_the_human_click_rate_of_the_cycles_messages_from_nurturing_reports(db):
    messages = [sent(n, at(2027, 2, 1 + n)) for n in range(4)]
    clicked(messages[0], machine=False)
    clicked(messages[1], machine=True)  # a link scanner, not a person
    clicked(sent(9, at(2026, 12, 1)), machine=False)  # sent in the quarter before
    sent(10, at(2027, 2, 1), status=MessageStatus.QUEUED)  # never went out
    assert metric_value(automatic("email_human_click_rate", unit="%")) == 25.0


def test_it_gives_a_zero_click_rate_when_nothing_was_delivered(db):
    assert metric_value(automatic("email_human_click_rate", unit="%")) == 0.0


def asset(recycling: Recycling, key: str, *versions: tuple[str, datetime], clip: str = "") -> Asset:
    item = Asset.objects.create(recycling=recycling, kind="clip" if clip else "article", key=key, title=key,
                                clip_status=clip or ClipStatus.PROPOSED)
    for number, (origin, when) in enumerate(versions, start=1):
        AssetVersion.objects.create(asset=item, number=number, origin=origin, created_at=when)
    return item


def test_it_counts_the_assets_signed_off_during_the_cycle(db):
    recycling = Recycling.objects.create(script="1/talk.md", script_name="talk.md")
    generated, edited = (VersionOrigin.GENERATED, at(2027, 1, 5)), (VersionOrigin.EDITED, at(2027, 1, 9))
    asset(recycling, "edited-in-cycle", generated, edited)
    asset(recycling, "only-generated", generated)
    asset(recycling, "approved-clip", generated, clip=ClipStatus.APPROVED)
    asset(recycling, "rejected-clip", generated, clip=ClipStatus.REJECTED)
    before = (VersionOrigin.GENERATED, at(2026, 11, 2))
    asset(recycling, "old-approved-clip", before, clip=ClipStatus.APPROVED)
    asset(recycling, "edited-before", (VersionOrigin.EDITED, at(2026, 12, 30)))
    assert metric_value(automatic("assets_published", unit="assets")) == 2


def test_it_names_the_key_result_bound_to_an_unknown_metric(db):
    key_result = automatic("lunar_phase", title="Howl more")
    with pytest.raises(DomainError, match='"Howl more": there is no automatic metric "lunar_phase"'):
        metric_value(key_result)


def test_it_offers_every_metric_to_forms():
    keys = {key for key, _label in metric_choices()}
    assert {"contacts_in_segment", "mqls_created", "email_human_click_rate", "webinar_registrations",
            "assets_published"} <= keys


def test_it_takes_a_new_metric_in_a_few_lines(db):
    @metric("okr_count", label="Key results", unit="KRs")
    def okr_count(key_result: KeyResult, cycle: Cycle) -> float:
        return KeyResult.objects.filter(objective__cycle=cycle).count()

    try:
        assert ("okr_count", "Key results") in metric_choices()
        assert metric_value(automatic("okr_count")) == 1
    finally:
        del METRICS["okr_count"]


def test_it_refuses_a_second_metric_under_a_taken_key():
    with pytest.raises(ValueError, match="mqls_created"):
        metric("mqls_created", label="Other")(lambda key_result, cycle: 0.0)


# --- refreshing ---


def webinar_registrations(count: int) -> None:
    for _ in range(count):
        EventFactory.create(type=EventType.WEBINAR_REGISTERED, occurred_at=at(2027, 1, 20))


def test_it_records_an_automatic_check_in_then_only_when_the_value_changes(db):
    key_result = automatic("webinar_registrations", start=0, target=100, unit="registrations")
    webinar_registrations(45)
    check_in = key_result_refresh(key_result=key_result, today=MID_Q1)
    assert check_in is not None
    assert (check_in.value, check_in.automatic, check_in.author, check_in.confidence) == (
        45, True, None, Confidence.ON_TRACK)
    key_result.refresh_from_db()
    assert key_result.current == 45 and key_result.last_check_in_at is not None
    today = timezone.localdate()
    assert key_result_refresh(key_result=key_result, today=today) is None  # same value, same day
    webinar_registrations(1)
    assert key_result_refresh(key_result=key_result, today=today).value == 46
    assert CheckIn.objects.filter(key_result=key_result).count() == 2


def test_it_checks_in_an_unchanged_value_once_a_week(db):
    key_result = automatic("webinar_registrations", start=0, target=100, unit="registrations")
    today = timezone.localdate()
    key_result_refresh(key_result=key_result, today=today)
    assert key_result_refresh(key_result=key_result, today=today + timedelta(days=6)) is None
    assert key_result_refresh(key_result=key_result, today=today + timedelta(days=7)) is not None


@pytest.mark.parametrize(("registrations", "confidence"), [
    (43, Confidence.ON_TRACK),  # 49 % of the cycle gone: 6 points behind
    (35, Confidence.AT_RISK),  # 14 points behind
    (20, Confidence.OFF_TRACK),  # 29 points behind
])
def test_it_derives_the_confidence_from_the_ideal_path(db, registrations, confidence):
    key_result = automatic("webinar_registrations", start=0, target=100, unit="registrations")
    webinar_registrations(registrations)
    assert key_result_refresh(key_result=key_result, today=MID_Q1).confidence == confidence


def quarter(key: str, first: date, last: date, status: str = "active") -> Cycle:
    return CycleFactory.create(key=key, starts_on=first, ends_on=last, status=status)


def test_it_refreshes_every_automatic_key_result_of_running_cycles_and_reports_failures(db):
    webinar_registrations(3)
    refreshed = automatic("webinar_registrations", unit="registrations")
    broken = automatic("lunar_phase", title="Howl more")
    manual = automatic("")
    skipped = [
        automatic("webinar_registrations", unit="registrations", cycle=cycle) for cycle in (
            quarter("2026-Q4", date(2026, 10, 1), date(2026, 12, 31), status="closed"),
            quarter("2026-Q3", date(2026, 7, 1), date(2026, 9, 30)),  # over, left open
            quarter("2027-Q2", date(2027, 4, 1), date(2027, 6, 30), status="planning"),  # not started
        )
    ]
    report = metrics_refresh_all(today=MID_Q1)
    assert (report.refreshed, report.checked_in) == (1, 1)
    assert len(report.failed) == 1 and "Howl more" in report.failed[0]
    assert list(CheckIn.objects.values_list("key_result", flat=True)) == [refreshed.pk]
    assert not CheckIn.objects.filter(key_result__in=[broken, manual, *skipped]).exists()


def test_it_takes_a_cycles_final_count_the_day_after_its_end(db):
    key_result = automatic("webinar_registrations", unit="registrations")
    assert metrics_refresh_all(today=date(2027, 4, 1)).checked_in == 1
    assert metrics_refresh_all(today=date(2027, 4, 2)).refreshed == 0
    assert CheckIn.objects.filter(key_result=key_result).count() == 1


def test_it_computes_within_the_cycle_from_its_first_to_its_last_day():
    cycle = Cycle(key="2027-Q1", starts_on=date(2027, 1, 1), ends_on=date(2027, 3, 31))
    first, after = metrics.cycle_bounds(cycle)
    assert (first, after) == (at(2027, 1, 1, 0), at(2027, 4, 1, 0))
