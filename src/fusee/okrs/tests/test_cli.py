import subprocess
import sys
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from fusee.core.models import Role
from fusee.okrs.models import Confidence, Idea, IdeaStatus, KeyResult
from fusee.okrs.services import quarter_key, quarter_span
from fusee.okrs.tests.factories import (
    CheckInFactory,
    CycleFactory,
    IdeaFactory,
    KeyResultFactory,
    ObjectiveFactory,
)
from fusee.okrs.tests.test_importing import EXAMPLE, FIVE_KEY_RESULTS
from fusee.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def example_owners():
    for email in ("admin@orbitale.example", "marketer@orbitale.example"):
        UserFactory(email=email, role=Role.ADMIN)


def test_it_imports_a_file_and_prints_what_it_did(example_owners, capsys):
    call_command("okrs", "import", str(EXAMPLE))
    out = capsys.readouterr().out
    assert "2027-Q1 imported from okrs.example.yaml" in out
    assert "created    3 teams, 9 objectives, 17 key results, 3 ideas" in out
    call_command("okrs", "import", str(EXAMPLE))
    again = capsys.readouterr().out
    assert "created    nothing" in again
    assert "unchanged  3 teams, 9 objectives, 17 key results, 3 ideas" in again


def test_it_lists_every_problem_and_fails_with_one_line(tmp_path, capsys):
    plan = tmp_path / "plan.yaml"
    plan.write_text(FIVE_KEY_RESULTS, encoding="utf-8")
    with pytest.raises(CommandError, match=r"^plan\.yaml: 1 problem, nothing was imported$"):
        call_command("okrs", "import", str(plan))
    assert "plan.yaml:16:9 objectives[0].key_results[4]:" in capsys.readouterr().err
    assert not KeyResult.objects.exists()
    with pytest.raises(CommandError, match=r"missing\.yaml: no such file"):
        call_command("okrs", "import", str(tmp_path / "missing.yaml"))


def test_it_shows_a_cycle_as_a_tree_with_progress_and_confidence(capsys):
    cycle = CycleFactory()
    objective = ObjectiveFactory.create(cycle=cycle, title="Fill the pipeline")
    mqls = KeyResultFactory(objective=objective, title="MQLs created", current=75, unit="MQLs")
    KeyResultFactory(objective=objective, title="Demos booked", current=10, unit="demos")
    CheckInFactory(key_result=mqls, value=75, confidence=Confidence.AT_RISK)
    call_command("okrs", "show", "--cycle", "2027-q1")
    out = capsys.readouterr().out
    assert "2027-Q1" in out and objective.parent.title in out
    assert "Fill the pipeline" in out and " 42 %" in out  # (75 + 10) / 2
    assert "MQLs created" in out and "75 / 100 MQLs" in out and "at risk" in out
    assert "Demos booked" in out and "no check-in" in out


def test_it_shows_the_current_cycle_by_default(capsys):
    today = timezone.localdate()
    starts_on, ends_on = quarter_span(quarter_key(today))
    CycleFactory(key=quarter_key(today), starts_on=starts_on, ends_on=ends_on)
    CycleFactory(key="1999-Q1", starts_on=starts_on - timedelta(days=9000), ends_on=starts_on)
    call_command("okrs", "show")
    assert quarter_key(today) in capsys.readouterr().out
    with pytest.raises(CommandError, match=r"no cycle 2031-Q1 \(cycles: "):
        call_command("okrs", "show", "--cycle", "2031-Q1")


def test_it_says_how_to_start_when_there_is_no_cycle():
    with pytest.raises(CommandError, match="no OKR cycle yet: import one"):
        call_command("okrs", "show")


def test_it_adds_an_idea_and_lists_the_backlog_with_the_tally(capsys):
    call_command("ideas", "add", "Booth at Retail Expo", "--source", "sales", "--requester", "Paul",
                 "--description", "Three prospects will be there")
    idea = Idea.objects.get()
    assert (idea.title, idea.source, idea.requester, idea.status) == (
        "Booth at Retail Expo", "sales", "Paul", IdeaStatus.NEW)
    assert f'Idea #{idea.pk} added: "Booth at Retail Expo" (Sales, asked by Paul)' in capsys.readouterr().out
    IdeaFactory(title="Podcast sponsorship", source="management", status=IdeaStatus.PARKED,
                park_reason="Serves no objective this quarter")
    call_command("ideas", "list")
    out = capsys.readouterr().out
    assert "Booth at Retail Expo" in out and "Serves no objective this quarter" in out
    assert "Management" in out and "Sales (Paul)" in out
    call_command("ideas", "list", "--status", "parked")
    assert "Booth at Retail Expo" not in capsys.readouterr().out


def test_it_refuses_an_idea_without_a_title():
    with pytest.raises(CommandError, match="an idea needs a title"):
        call_command("ideas", "add", "   ")


def test_it_is_offered_by_the_fusee_command():
    result = subprocess.run([sys.executable, "-m", "fusee", "--help"], capture_output=True, text=True,
                            check=True, timeout=60)
    assert "okrs" in result.stdout and "ideas" in result.stdout
