"""A run's calendar and each person's feed, read back with icalendar as a calendar app would."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from fusee.core.models import User
from fusee.playbooks import calendars, services
from fusee.playbooks.models import Run, RunStatus, Task, TaskStatus
from fusee.playbooks.tests.factories import make_playbook, make_run, next_weekday_at, small_document
from fusee.testing.factories import UserFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def ana() -> User:
    return UserFactory.create(email="ana@example.com", full_name="Ana Lopez")


@pytest.fixture
def bob() -> User:
    return UserFactory.create(email="bob@example.com", full_name="Bob Martin")


@pytest.fixture
def run(ana, bob) -> Run:
    """The small webinar with a one-day landing page: a multi-day, a one-day and two moments."""
    steps = small_document()["steps"]
    steps[1] |= {"duration": 1}
    return make_run(playbook=make_playbook(steps=steps), people={"host": ana, "designer": bob})


def events(content: bytes) -> dict[str, Any]:
    """UID → the event's properties, as read back by icalendar."""
    calendar = Calendar.from_ical(content)
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def task(run: Run, key: str) -> Task:
    return run.tasks.get(step_key=key)


def test_it_writes_one_event_per_task_and_one_for_the_milestone(run):
    content = calendars.run_calendar(run)
    calendar = Calendar.from_ical(content)
    assert str(calendar["x-wr-calname"]) == run.name
    found = events(content)
    expected = {f"task-{t.pk}@127.0.0.1" for t in run.tasks.all()} | {f"run-{run.pk}-milestone@127.0.0.1"}
    assert set(found) == expected
    milestone = found[f"run-{run.pk}-milestone@127.0.0.1"]
    assert str(milestone["summary"]) == f"Webinar live · {run.name}"
    assert milestone.decoded("dtstart") == run.milestone_at
    assert milestone.decoded("dtend") - milestone.decoded("dtstart") == timedelta(hours=1)


def test_it_dates_a_multi_day_task_on_its_due_day_and_a_short_one_at_its_hours(run):
    found = events(calendars.run_calendar(run))
    topic = task(run, "topic")  # two days of work: an all-day event on the due date
    topic_event = found[f"task-{topic.pk}@127.0.0.1"]
    due_day = topic.due_at.astimezone(PARIS).date()
    assert topic.starts_at.astimezone(PARIS).date() < due_day
    assert topic_event.decoded("dtstart") == due_day and isinstance(topic_event.decoded("dtstart"), date)
    assert topic_event.decoded("dtend") == due_day + timedelta(days=1)
    landing = task(run, "landing")  # one day, 09:00 to the due time
    landing_event = found[f"task-{landing.pk}@127.0.0.1"]
    assert landing_event.decoded("dtstart") == landing.starts_at
    assert landing_event.decoded("dtend") == landing.due_at
    invite = task(run, "invite")  # a moment: no end
    invite_event = found[f"task-{invite.pk}@127.0.0.1"]
    assert isinstance(invite_event.decoded("dtstart"), datetime)
    assert invite_event.decoded("dtstart") == invite.due_at and "dtend" not in invite_event


def test_it_describes_the_task_with_its_checklist_and_its_page(run):
    services.task_tick(actor=None, task=task(run, "topic"), index=1, done=True)
    topic = task(run, "topic")
    event = events(calendars.run_calendar(run))[f"task-{topic.pk}@127.0.0.1"]
    description = str(event["description"])
    assert str(event["summary"]) == "Choose the topic"
    assert "Role: Host — Ana Lopez" in description
    assert "[ ] Topic written down" in description and "[x] Sales agree" in description
    page = f"http://127.0.0.1:8000/playbooks/tasks/{topic.pk}/"
    assert page in description and str(event["url"]) == page


def test_it_keeps_each_tasks_uid_when_the_milestone_moves(run):
    before = events(calendars.run_calendar(run))
    services.run_move_milestone(actor=None, run=run, milestone_at=run.milestone_at + timedelta(days=7))
    after = events(calendars.run_calendar(run))
    assert set(after) == set(before)
    invite = task(run, "invite")
    uid = f"task-{invite.pk}@127.0.0.1"
    assert after[uid].decoded("dtstart") == invite.due_at != before[uid].decoded("dtstart")


def test_it_marks_done_and_skipped_tasks(run):
    services.task_set_status(actor=None, task=task(run, "invite"), status=TaskStatus.DONE)
    services.task_set_status(actor=None, task=task(run, "live"), status=TaskStatus.SKIPPED)
    found = events(calendars.run_calendar(run))
    assert str(found[f"task-{task(run, 'invite').pk}@127.0.0.1"]["summary"]) == "✓ Send the invitations"
    assert str(found[f"task-{task(run, 'live').pk}@127.0.0.1"]["status"]) == "CANCELLED"


def test_it_serves_the_run_calendar_to_people_logged_in_only(run, marketer_client):
    url = reverse("playbooks:run_calendar", args=[run.pk])
    assert Client().get(url).status_code == 302
    response = marketer_client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="small-webinar-')
    assert len(events(response.content)) == 5


# --- the personal feed ---


def feed_path(user: User) -> str:
    return reverse("playbooks:feed", args=[calendars.feed_token(user)])


def test_it_feeds_a_person_their_open_tasks_across_runs_without_a_login(run, ana, bob):
    other = make_run(playbook=run.version.playbook, milestone_at=next_weekday_at(80), people={"host": ana})
    services.task_set_status(actor=None, task=task(other, "invite"), status=TaskStatus.DONE)
    cancelled = make_run(playbook=run.version.playbook, milestone_at=next_weekday_at(90),
                         people={"host": ana})
    Run.objects.filter(pk=cancelled.pk).update(status=RunStatus.CANCELLED)
    response = Client().get(feed_path(ana))
    assert response.status_code == 200 and response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-cache" in response["Cache-Control"]
    found = events(response.content)
    expected = (Task.objects.filter(assignee=ana, status=TaskStatus.TODO, run__status=RunStatus.PLANNED)
                .values_list("pk", flat=True))
    assert set(found) == {f"task-{pk}@127.0.0.1" for pk in expected}
    assert len(found) == 5  # topic, invite, live of the first run; topic, live of the other
    assert f"task-{task(run, 'landing').pk}@127.0.0.1" not in found  # Bob's
    topic_summary = str(found[f"task-{task(run, 'topic').pk}@127.0.0.1"]["summary"])
    assert topic_summary == f"Choose the topic · {run.name}"
    assert str(Calendar.from_ical(response.content)["x-wr-calname"]) == "Fusée · tasks of Ana Lopez"


def test_it_answers_404_to_an_altered_or_foreign_token(ana):
    token = calendars.feed_token(ana)
    altered = token[:-1] + ("A" if token[-1] != "A" else "B")
    foreign = signing.dumps({"u": ana.pk, "g": 0}, salt="fusee.okrs.checkin")
    for bad in (altered, foreign, "nonsense"):
        assert Client().get(reverse("playbooks:feed", args=[bad])).status_code == 404
    other = UserFactory.create()
    payload = signing.b64_encode(f'{{"u":{other.pk},"g":0}}'.encode()).decode()
    forged = token.replace(token.split(":")[0], payload)  # another person's id under Ana's signature
    assert Client().get(reverse("playbooks:feed", args=[forged])).status_code == 404


def test_it_revokes_the_old_link_when_the_person_resets_it(ana):
    old = feed_path(ana)
    client = Client()
    client.force_login(ana)
    assert client.post(reverse("playbooks:feed_reset")).status_code == 302
    assert Client().get(old).status_code == 404
    assert Client().get(feed_path(ana)).status_code == 200


def test_it_closes_the_feed_of_a_deactivated_person(ana):
    path = feed_path(ana)
    User.objects.filter(pk=ana.pk).update(is_active=False)
    assert Client().get(path).status_code == 404


def test_it_lets_a_viewer_reset_their_own_feed(viewer, viewer_client):
    old = feed_path(viewer)
    assert viewer_client.post(reverse("playbooks:feed_reset")).status_code == 302
    assert Client().get(old).status_code == 404

