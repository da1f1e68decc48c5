from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from fusee.contacts.tests.factories import ContactFactory
from fusee.nurturing.engine import enrolments_run
from fusee.nurturing.models import Message
from fusee.nurturing.services import contact_enrol
from fusee.nurturing.tests.factories import email_with_content, live_sequence
from fusee.nurturing.windows import next_opening

PARIS, NEW_YORK = ZoneInfo("Europe/Paris"), ZoneInfo("America/New_York")


def test_it_sends_now_inside_working_hours():
    tuesday_ten = datetime(2027, 3, 23, 10, 0, tzinfo=PARIS)
    assert next_opening(tuesday_ten, time_zone="Europe/Paris", country="FR") is None


def test_it_waits_over_the_weekend_and_the_countrys_public_holiday():
    friday_evening = datetime(2027, 3, 26, 19, 0, tzinfo=PARIS)  # Monday 29 is Easter Monday in France
    french = next_opening(friday_evening, time_zone="Europe/Paris", country="FR")
    american = next_opening(
        friday_evening.replace(tzinfo=NEW_YORK), time_zone="America/New_York", country="US"
    )
    assert french == datetime(2027, 3, 30, 8, 0, tzinfo=PARIS).astimezone(UTC)
    assert american == datetime(2027, 3, 29, 8, 0, tzinfo=NEW_YORK).astimezone(UTC)


def test_it_opens_the_same_morning_and_treats_an_unknown_zone_and_country_as_utc_weekdays():
    early = datetime(2027, 3, 23, 6, 30, tzinfo=UTC)
    assert next_opening(early, time_zone="Mars/Olympus", country="ZZ") == datetime(
        2027, 3, 23, 8, 0, tzinfo=UTC
    )


def test_it_holds_a_send_step_until_the_window_opens(db):
    sequence = live_sequence(
        [{"key": "hello", "kind": "send", "email": email_with_content()}], business_hours_only=True
    )
    contact = ContactFactory.create(time_zone="Europe/Paris", country="FR")
    saturday = datetime(2027, 3, 27, 12, 0, tzinfo=UTC)
    enrolment = contact_enrol(actor=None, sequence=sequence, contact=contact, now=saturday)
    enrolments_run(enrolment_ids=[enrolment.pk], now=saturday)
    enrolment.refresh_from_db()
    assert not Message.objects.exists()
    assert (enrolment.step_key, enrolment.due_at) == ("hello", datetime(2027, 3, 30, 6, 0, tzinfo=UTC))
    enrolments_run(enrolment_ids=[enrolment.pk], now=enrolment.due_at)
    assert Message.objects.count() == 1


def test_it_follows_the_configured_sending_hours(settings):
    settings.FUSEE_SEND_HOURS = (9, 12)
    tuesday = datetime(2027, 3, 23, 8, 30, tzinfo=PARIS)
    assert next_opening(tuesday, time_zone="Europe/Paris", country="FR") == datetime(
        2027, 3, 23, 9, 0, tzinfo=PARIS
    ).astimezone(UTC)
    assert next_opening(tuesday.replace(hour=11), time_zone="Europe/Paris", country="FR") is None
    assert next_opening(tuesday.replace(hour=12), time_zone="Europe/Paris", country="FR") == datetime(
        2027, 3, 24, 9, 0, tzinfo=PARIS
    ).astimezone(UTC)
