"""`fusee playbooks`: list, validate, plan (dry run or for real), load-library."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from icalendar import Calendar

from fusee.core.models import User
from fusee.playbooks.models import Playbook, Run, RunRole, Task
from fusee.playbooks.services import LIBRARY
from fusee.playbooks.tests.factories import make_playbook, next_weekday_at, small_yaml
from fusee.testing.factories import UserFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")

BROKEN = """\
key: launch
name: Launch
purpose: Test the command.
milestone: Live
roles:
  - key: owner
    name: Owner
steps:
  - key: brief
    title: Write the brief
    offset: later
    role: owner
  - key: copy
    title: Write the copy
    offset: -3
    role: writer
"""


@pytest.fixture
def ana() -> User:
    return UserFactory.create(email="ana@example.com")


@pytest.fixture
def playbook() -> Playbook:
    return make_playbook()


def milestone_text(days: int = 60) -> str:
    return f"{next_weekday_at(days):%Y-%m-%dT%H:%M}"


# --- validate ---


def test_it_lists_every_problem_of_a_file_with_its_line_and_column(tmp_path, capsys):
    path = tmp_path / "launch.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    with pytest.raises(CommandError, match=r"^1 problem, nothing was loaded$"):
        call_command("playbooks", "validate", str(path))
    err = capsys.readouterr().err
    assert f"{path}:11:13 steps[0].offset:" in err
    BROKEN_ROLE = BROKEN.replace("offset: later", "offset: -5")
    path.write_text(BROKEN_ROLE, encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("playbooks", "validate", str(path))
    assert f'{path}:16:11 steps[1].role: unknown role "writer"' in capsys.readouterr().err
    assert not Playbook.objects.exists()


def test_it_says_a_valid_file_is_valid(tmp_path, capsys):
    path = tmp_path / "webinar.yaml"
    path.write_text(small_yaml(), encoding="utf-8")
    call_command("playbooks", "validate", str(path))
    assert f"{path}: valid — Small webinar (key small-webinar), 4 steps, 2 roles" in capsys.readouterr().out
    with pytest.raises(CommandError, match=r"missing\.yaml: no such file"):
        call_command("playbooks", "validate", str(tmp_path / "missing.yaml"))


# --- plan ---


def test_it_shows_the_plan_of_a_dry_run_and_creates_nothing(playbook, ana, capsys):
    call_command("playbooks", "plan", "small-webinar", "--milestone", milestone_text(), "--country", "FR",
                 "--role", "host=ana@example.com", "--dry-run", no_color=True)
    out = capsys.readouterr().out
    for title in ("Choose the topic", "Build the landing page", "Send the invitations", "Go live"):
        assert title in out
    assert "ana@example.com" in out and "★" in out and "Dry run: nothing was created." in out
    assert not Run.objects.exists() and not Task.objects.exists()


def test_it_creates_the_run_with_its_people_and_writes_its_calendar(playbook, ana, tmp_path, capsys):
    bob = UserFactory.create(email="bob@example.com")
    ics = tmp_path / "run.ics"
    call_command("playbooks", "plan", "Small webinar", "--milestone", milestone_text(), "--country", "fr",
                 "--tz", "Europe/Paris", "--role", "host=ana@example.com",
                 "--role", "designer=BOB@example.com", "--ics", str(ics), "--name", "Spring webinar")
    run = Run.objects.get()
    assert (run.name, run.country, run.time_zone) == ("Spring webinar", "FR", "Europe/Paris")
    assert run.milestone_at == next_weekday_at(60)
    assert {r.role: r.person for r in RunRole.objects.filter(run=run)} == {"host": ana, "designer": bob}
    assert run.tasks.get(step_key="landing").assignee == bob
    assert len(Calendar.from_ical(ics.read_bytes()).walk("VEVENT")) == 5
    assert f"Run #{run.pk} created: http://127.0.0.1:8000/playbooks/runs/{run.pk}/" in capsys.readouterr().out


def test_it_takes_the_playbooks_usual_time_when_given_a_date_alone(playbook):
    day = next_weekday_at(60).date()
    call_command("playbooks", "plan", "small-webinar", "--milestone", day.isoformat(), "--country", "FR")
    assert Run.objects.get().milestone_at == datetime(day.year, day.month, day.day, 11, tzinfo=PARIS)


@pytest.mark.parametrize(("arguments", "message"), [
    (["--role", "speaker=ana@example.com"],
     r'^"speaker" is not a role of Small webinar; its roles are: host, designer$'),
    (["--role", "host=nobody@example.com"],
     r"^--role host=nobody@example\.com: nobody active has the email "),
    (["--role", "host"], r"^--role host: write it as ROLE=EMAIL"),
    (["--tz", "Mars/Olympus"], r'^"Mars/Olympus" is not a time zone'),
])
def test_it_refuses_bad_people_or_zones_in_one_line_and_creates_nothing(playbook, ana, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("playbooks", "plan", "small-webinar", "--milestone", milestone_text(), "--country", "FR",
                     *arguments)
    assert not Run.objects.exists()


def test_it_refuses_a_milestone_in_the_past_or_too_close(playbook, ana):
    with pytest.raises(CommandError, match=r"is in the past: choose a date to come$"):
        call_command("playbooks", "plan", "small-webinar", "--milestone", "2020-03-18T11:00")
    with pytest.raises(CommandError, match=r"The earliest feasible milestone is ") as refused:
        call_command("playbooks", "plan", "small-webinar", "--milestone", milestone_text(5))
    assert "\n" not in str(refused.value)
    with pytest.raises(CommandError, match=r"^--milestone: 'next week' is not a date and time"):
        call_command("playbooks", "plan", "small-webinar", "--milestone", "next week")
    with pytest.raises(CommandError, match=r'^no playbook "podcast" \(playbooks: small-webinar\)$'):
        call_command("playbooks", "plan", "podcast", "--milestone", milestone_text())
    assert not Run.objects.exists()


def test_it_plans_anyway_when_forced_and_warns(playbook, capsys):
    call_command("playbooks", "plan", "small-webinar", "--milestone", milestone_text(5), "--country", "FR",
                 "--force", no_color=True)
    assert Run.objects.count() == 1
    assert "warning: " in capsys.readouterr().out


def test_it_refuses_a_calendar_for_a_dry_run(playbook, tmp_path):
    with pytest.raises(CommandError, match="leave out --dry-run"):
        call_command("playbooks", "plan", "small-webinar", "--milestone", milestone_text(), "--dry-run",
                     "--ics", str(tmp_path / "x.ics"))


# --- list and load-library ---


def test_it_lists_the_playbooks(playbook, capsys):
    call_command("playbooks", "list", no_color=True)
    out = capsys.readouterr().out
    assert "small-webinar" in out and "Small webinar" in out and "v1" in out


def test_it_says_how_to_start_without_playbooks(capsys):
    call_command("playbooks", "list")
    assert "fusee playbooks load-library" in capsys.readouterr().out


def test_it_loads_the_library(capsys):
    call_command("playbooks", "load-library")
    files = sorted(LIBRARY.glob("*.yaml"))
    assert Playbook.objects.filter(shipped=True).count() == len(files)
    if files:
        assert f"{len(files)} library playbooks loaded" in capsys.readouterr().out
