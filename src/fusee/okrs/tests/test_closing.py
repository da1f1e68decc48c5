from datetime import date

import pytest

from fusee.core.errors import DomainError, NotAllowed
from fusee.core.models import AuditEntry, Role
from fusee.okrs import services
from fusee.okrs.closing import cycle_close, cycle_score
from fusee.okrs.models import Cycle, CycleStatus, KeyResult, KeyResultKind, Level, Objective
from fusee.okrs.tests.factories import (
    CompanyObjectiveFactory,
    CycleFactory,
    IdeaFactory,
    KeyResultFactory,
    ObjectiveFactory,
    OkrTeamFactory,
)
from fusee.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return UserFactory.create(role=Role.ADMIN)


@pytest.fixture
def quarter():
    """2027-Q1: a company objective measured by its teams, a marketing objective, two key results."""
    cycle = CycleFactory.create()
    company = CompanyObjectiveFactory.create(cycle=cycle, title="Grow the pipeline")
    team = OkrTeamFactory.create(name="Marketing")
    marketing = ObjectiveFactory.create(cycle=cycle, parent=company, team=team, title="Fill the funnel")
    mqls = KeyResultFactory.create(objective=marketing, title="Generate 400 MQLs", target=400, current=120)
    webinars = KeyResultFactory.create(objective=marketing, title="Run 6 webinars", target=6, current=6,
                                       unit="webinars")
    return cycle, company, marketing, mqls, webinars


def test_it_scores_company_objectives_by_their_key_results_or_their_teams():
    cycle = CycleFactory.create()
    revenue = CompanyObjectiveFactory.create(cycle=cycle)
    KeyResultFactory.create(objective=revenue, current=50)  # 0.5
    KeyResultFactory.create(objective=revenue, current=90)  # 0.9: revenue at 0.7
    brand = CompanyObjectiveFactory.create(cycle=cycle)  # no key result of its own: its teams' mean, 0.4
    KeyResultFactory.create(objective=ObjectiveFactory.create(cycle=cycle, parent=brand), current=20)
    content = ObjectiveFactory.create(cycle=cycle, parent=brand, team=OkrTeamFactory.create(name="Content"))
    KeyResultFactory.create(objective=content, current=60)
    CompanyObjectiveFactory.create(cycle=cycle)  # nothing measures it: left out

    assert cycle_score(cycle) == 0.55


def test_it_scores_by_team_objectives_when_no_company_objective_measures_anything():
    cycle = CycleFactory.create()
    KeyResultFactory.create(objective=ObjectiveFactory.create(cycle=cycle, parent=None), current=30)
    KeyResultFactory.create(objective=ObjectiveFactory.create(cycle=cycle, parent=None), current=80)

    assert cycle_score(cycle) == 0.55
    empty = CycleFactory.create(key="2027-Q2", starts_on=date(2027, 4, 1), ends_on=date(2027, 6, 30))
    assert cycle_score(empty) is None


def test_it_closes_with_its_score_and_lessons(admin, quarter):
    cycle, *_rest = quarter

    closed = cycle_close(actor=admin, cycle=cycle, lessons="  Webinars beat trade shows.\n\nStart earlier. ")

    assert closed.status == CycleStatus.CLOSED and closed.closed_at is not None
    assert closed.score == 0.65  # (0.3 + 1.0) / 2 through its only company objective
    assert closed.lessons == "Webinars beat trade shows.\n\nStart earlier."
    entry = AuditEntry.objects.get(action="okrs.cycle.close")
    assert entry.actor == admin and entry.changes == {"score": 0.65, "carried_over": [], "into": None}
    assert not Cycle.objects.filter(key="2027-Q2").exists()  # nothing carried, no cycle made


def test_it_carries_an_unfinished_key_result_into_the_next_quarter(admin, quarter):
    cycle, _company, marketing, mqls, _webinars = quarter
    next_company = services.objective_create(actor=admin, cycle=services.cycle_get_or_create(
        actor=admin, key="2027-Q2"), title="Grow the pipeline", level=Level.COMPANY)

    booth = IdeaFactory.create(title="Booth at VivaTech", status="accepted", key_result=mqls)

    cycle_close(actor=admin, cycle=cycle, lessons="", carry_over=[mqls])

    carried = KeyResult.objects.get(carried_from=mqls)
    assert (carried.start, carried.current, carried.target, carried.unit) == (120, 120, 400, "MQLs")
    booth.refresh_from_db()
    assert booth.key_result == carried
    assert carried.title == "Generate 400 MQLs" and carried.owner == mqls.owner
    copy = carried.objective
    assert copy.cycle.key == "2027-Q2" and copy.cycle.starts_on == date(2027, 4, 1)
    assert (copy.title, copy.level, copy.team, copy.owner) == ("Fill the funnel", Level.TEAM, marketing.team,
                                                               marketing.owner)
    assert copy.parent == next_company  # the next quarter's objective of the same title
    assert AuditEntry.objects.filter(action="okrs.key_result.carry_over", target_id=str(carried.pk)).exists()
    assert AuditEntry.objects.get(action="okrs.cycle.close").changes["into"] == "2027-Q2"


def test_it_restarts_a_metric_counted_per_cycle_from_its_start(admin, quarter):
    cycle, _company, _marketing, mqls, _webinars = quarter
    mqls.metric = "mqls_created"
    mqls.save()
    services.objective_create(actor=admin, cycle=services.cycle_get_or_create(actor=admin, key="2027-Q2"),
                              title="Grow the pipeline", level=Level.COMPANY)

    cycle_close(actor=admin, cycle=cycle, lessons="", carry_over=[mqls])

    carried = KeyResult.objects.get(carried_from=mqls)
    assert (carried.start, carried.current, carried.target, carried.metric) == (0, 0, 400, "mqls_created")


def test_it_aligns_a_copy_to_its_parent_s_copy_when_both_are_carried(admin, quarter):
    cycle, company, _marketing, mqls, _webinars = quarter
    pipeline = KeyResultFactory.create(objective=company, title="Reach 2 M€ of pipeline", unit="M€", target=2,
                                       current=1)
    later = services.cycle_get_or_create(actor=admin, key="2027-Q3")

    cycle_close(actor=admin, cycle=cycle, lessons="", carry_over=[mqls, pipeline], into=later)

    team_copy = KeyResult.objects.get(carried_from=mqls).objective
    company_copy = KeyResult.objects.get(carried_from=pipeline).objective
    assert company_copy.cycle == later == team_copy.cycle
    assert (company_copy.level, company_copy.title) == (Level.COMPANY, "Grow the pipeline")
    assert company_copy.parent is None
    assert team_copy.parent == company_copy


def test_it_copies_an_objective_once_for_all_its_carried_key_results(admin, quarter):
    cycle, company, marketing, mqls, _webinars = quarter
    milestone = KeyResultFactory.create(objective=marketing, title="Launch the partner page",
                                 kind=KeyResultKind.MILESTONE, target=1, current=0, unit="")
    KeyResultFactory.create(objective=company, current=10)

    cycle_close(actor=admin, cycle=cycle, lessons="", carry_over=[mqls, milestone, company.key_results.get()])

    copies = Objective.objects.filter(cycle__key="2027-Q2", title="Fill the funnel")
    assert copies.count() == 1
    assert list(copies.get().key_results.values_list("title", "start", "current")) == [
        ("Generate 400 MQLs", 120, 120), ("Launch the partner page", 0, 0)]


def test_it_refuses_a_copy_with_nothing_to_align_to_and_keeps_the_cycle_open(admin, quarter):
    cycle, _company, _marketing, mqls, _webinars = quarter

    with pytest.raises(DomainError) as refused:
        cycle_close(actor=admin, cycle=cycle, lessons="Lessons", carry_over=[mqls])

    message = str(refused.value)
    assert '"Fill the funnel" is aligned to "Grow the pipeline", which 2027-Q2 does not have' in message
    cycle.refresh_from_db()
    assert cycle.status == CycleStatus.ACTIVE and cycle.score is None and cycle.lessons == ""
    assert not Cycle.objects.filter(key="2027-Q2").exists()
    assert not AuditEntry.objects.filter(action="okrs.cycle.close").exists()


def test_the_focus_rule_refusing_a_carry_over_rolls_back_the_close_too(admin, quarter):
    cycle, _company, marketing, mqls, _webinars = quarter
    q2 = services.cycle_get_or_create(actor=admin, key="2027-Q2")
    parent = services.objective_create(actor=admin, cycle=q2, title="Grow the pipeline", level=Level.COMPANY)
    for title in ("Open Germany", "Win back customers", "Ship the ebook"):
        services.objective_create(actor=admin, cycle=q2, title=title, team=marketing.team, parent=parent)

    with pytest.raises(DomainError, match=r"Marketing already has 3 objectives in 2027-Q2.*Fill the funnel"):
        cycle_close(actor=admin, cycle=cycle, lessons="Lessons", carry_over=[mqls])

    cycle.refresh_from_db()
    assert cycle.status == CycleStatus.ACTIVE and cycle.closed_at is None
    assert not Objective.objects.filter(cycle=q2, title="Fill the funnel").exists()
    assert not KeyResult.objects.filter(carried_from=mqls).exists()


def test_the_key_result_limit_applies_to_an_objective_already_planned(admin, quarter):
    cycle, _company, marketing, mqls, _webinars = quarter
    q2 = services.cycle_get_or_create(actor=admin, key="2027-Q2")
    parent = services.objective_create(actor=admin, cycle=q2, title="Grow the pipeline", level=Level.COMPANY)
    planned = services.objective_create(actor=admin, cycle=q2, title="fill the funnel", team=marketing.team,
                                        parent=parent)
    for n in range(4):
        services.key_result_create(actor=admin, objective=planned, title=f"KR {n}", unit="MQLs", target=10)

    refusal = r'"fill the funnel" already has 4 key results.*"Generate 400 MQLs"'
    with pytest.raises(DomainError, match=refusal):
        cycle_close(actor=admin, cycle=cycle, lessons="", carry_over=[mqls])

    cycle.refresh_from_db()
    assert not cycle.is_closed


def test_it_refuses_to_carry_a_reached_key_result_or_another_cycle_s(admin, quarter):
    cycle, _company, _marketing, _mqls, webinars = quarter
    stranger = KeyResultFactory.create(objective=ObjectiveFactory.create(cycle=CycleFactory.create(
        key="2026-Q4", starts_on=date(2026, 10, 1), ends_on=date(2026, 12, 31))), title="Old KR")

    with pytest.raises(DomainError, match='"Run 6 webinars" is reached'):
        cycle_close(actor=admin, cycle=cycle, lessons="", carry_over=[webinars])
    with pytest.raises(DomainError, match='"Old KR" is not a key result of 2027-Q1'):
        cycle_close(actor=admin, cycle=cycle, lessons="", carry_over=[stranger])
    cycle.refresh_from_db()
    assert not cycle.is_closed


def test_it_only_carries_into_a_later_open_cycle(admin, quarter):
    cycle, *_rest, mqls, _webinars = quarter
    earlier = CycleFactory.create(key="2026-Q4", starts_on=date(2026, 10, 1), ends_on=date(2026, 12, 31))

    with pytest.raises(DomainError, match="only be carried over into a later cycle, not 2026-Q4"):
        cycle_close(actor=admin, cycle=cycle, lessons="", carry_over=[mqls], into=earlier)
    cycle.refresh_from_db()
    assert not cycle.is_closed


def test_it_leaves_closing_to_admins(quarter):
    cycle, *_rest = quarter

    with pytest.raises(NotAllowed):
        cycle_close(actor=UserFactory.create(role=Role.MARKETER), cycle=cycle, lessons="")
    cycle.refresh_from_db()
    assert not cycle.is_closed


def test_it_refuses_to_close_a_cycle_twice(admin, quarter):
    cycle, *_rest = quarter
    cycle_close(actor=admin, cycle=cycle, lessons="First")

    with pytest.raises(DomainError, match="2027-Q1 is already closed"):
        cycle_close(actor=admin, cycle=cycle, lessons="Second")
    cycle.refresh_from_db()
    assert cycle.lessons == "First"


def test_it_refuses_check_ins_once_closed(admin, quarter):
    cycle, _company, _marketing, mqls, _webinars = quarter
    cycle_close(actor=admin, cycle=cycle, lessons="")

    with pytest.raises(DomainError, match='"Generate 400 MQLs": 2027-Q1 is closed, no more check-ins'):
        services.check_in_record(actor=admin, key_result=mqls, value=200)
    mqls.refresh_from_db()
    assert mqls.current == 120
