from datetime import date

import pytest

from fusee.core.errors import DomainError, NotAllowed
from fusee.core.models import AuditEntry, Role
from fusee.okrs import services
from fusee.okrs.models import (
    CheckIn,
    Confidence,
    CycleStatus,
    Direction,
    IdeaStatus,
    KeyResult,
    KeyResultKind,
    Level,
    Objective,
)
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
def marketer():
    return UserFactory.create(role=Role.MARKETER)


@pytest.fixture
def admin():
    return UserFactory.create(role=Role.ADMIN)


def team_objective(actor, cycle, title="Fill the pipeline", team=None):
    parent = CompanyObjectiveFactory.create(cycle=cycle)
    team = team or OkrTeamFactory.create()
    return services.objective_create(actor=actor, cycle=cycle, title=title, team=team, parent=parent)


def test_it_derives_a_quarter_from_its_key():
    assert services.quarter_span("2027-q4") == (date(2027, 10, 1), date(2027, 12, 31))
    assert services.quarter_key(date(2027, 5, 20)) == "2027-Q2"
    with pytest.raises(DomainError, match=r"2027-Q5.*2027-Q1"):
        services.quarter_span("2027-Q5")


def test_it_refuses_a_fourth_objective_and_says_what_to_do(marketer):
    cycle, team = CycleFactory.create(), OkrTeamFactory.create(name="Marketing")
    for n in range(3):
        team_objective(marketer, cycle, f"Objective {n}", team)
    with pytest.raises(DomainError) as refused:
        team_objective(marketer, cycle, "Go to every trade show", team)
    message = str(refused.value)
    assert "Marketing already has 3 objectives in 2027-Q1" in message
    assert "Go to every trade show" in message and "park it" in message
    assert not Objective.objects.filter(title="Go to every trade show").exists()


def test_it_counts_the_limit_per_team(marketer):
    cycle = CycleFactory.create()
    for n in range(3):
        team_objective(marketer, cycle, f"Marketing {n}", OkrTeamFactory.create(name="Marketing"))
    assert team_objective(marketer, cycle, "Sales 1", OkrTeamFactory.create(name="Sales")).pk


def test_it_refuses_a_fifth_key_result_naming_the_objective(marketer):
    objective = team_objective(marketer, CycleFactory.create())
    for n in range(4):
        services.key_result_create(actor=marketer, objective=objective, title=f"KR {n}", unit="MQLs",
                                   start=0, target=10)
    with pytest.raises(DomainError, match=r'"Fill the pipeline" already has 4 key results.*"KR 5"'):
        services.key_result_create(actor=marketer, objective=objective, title="KR 5", unit="MQLs",
                                   start=0, target=10)
    assert objective.key_results.count() == 4


def test_it_follows_a_lower_or_higher_workspace_limit(admin, marketer):
    services.policy_update(actor=admin, max_objectives=2, max_key_results=4)
    cycle, team = CycleFactory.create(), OkrTeamFactory.create()
    team_objective(marketer, cycle, "One", team)
    team_objective(marketer, cycle, "Two", team)
    with pytest.raises(DomainError, match="already has 2 objectives"):
        team_objective(marketer, cycle, "Three", team)


def test_it_refuses_to_lower_the_limit_below_what_an_open_cycle_holds(admin, marketer):
    objective = team_objective(marketer, CycleFactory.create())
    for n in range(3):
        KeyResultFactory.create(objective=objective, title=f"KR {n}")
    with pytest.raises(DomainError, match='"Fill the pipeline" has more than 2 key results'):
        services.policy_update(actor=admin, max_objectives=3, max_key_results=2)


def test_it_refuses_a_target_equal_to_the_start(marketer):
    objective = team_objective(marketer, CycleFactory.create())
    with pytest.raises(DomainError, match='"Flat" \\(Fill the pipeline\\): the target equals the start'):
        services.key_result_create(actor=marketer, objective=objective, title="Flat", unit="€", start=5,
                                   target=5)


def test_it_refuses_a_metric_without_a_unit(marketer):
    objective = team_objective(marketer, CycleFactory.create())
    with pytest.raises(DomainError, match=r'"Leads" \(Fill the pipeline\): a metric key result needs a unit'):
        services.key_result_create(actor=marketer, objective=objective, title="Leads", start=0, target=5)


def test_it_refuses_a_target_against_the_direction(marketer):
    objective = team_objective(marketer, CycleFactory.create())
    with pytest.raises(DomainError, match="the other way"):
        services.key_result_create(actor=marketer, objective=objective, title="Churn", unit="%", start=8,
                                   target=5, direction=Direction.INCREASE)


def test_it_accepts_a_level_to_hold_when_target_equals_start(marketer):
    objective = team_objective(marketer, CycleFactory.create())
    held = services.key_result_create(actor=marketer, objective=objective, title="NPS", unit="pts",
                                      start=40, target=40, direction=Direction.STAY_ABOVE)
    assert held.progress() == 1.0


def test_it_normalises_milestones_and_percentages(marketer):
    objective = team_objective(marketer, CycleFactory.create())
    milestone = services.key_result_create(actor=marketer, objective=objective, title="Launch DE site",
                                           kind=KeyResultKind.MILESTONE, unit="x", start=3, target=9)
    share = services.key_result_create(actor=marketer, objective=objective, title="Share of voice",
                                       kind=KeyResultKind.PERCENTAGE, start=10, target=25)
    assert (milestone.start, milestone.target, milestone.unit) == (0, 1, "")
    assert share.unit == "%" and share.current == 10


def test_it_requires_alignment_for_team_objectives(marketer):
    cycle = CycleFactory.create()
    with pytest.raises(DomainError, match="must align to an objective above it"):
        services.objective_create(actor=marketer, cycle=cycle, title="Alone", team=OkrTeamFactory.create())
    q2 = CycleFactory.create(key="2027-Q2", starts_on=date(2027, 4, 1), ends_on=date(2027, 6, 30))
    other = CompanyObjectiveFactory.create(cycle=q2)
    with pytest.raises(DomainError, match="only align to an objective of 2027-Q1"):
        services.objective_create(actor=marketer, cycle=cycle, title="Elsewhere",
                                  team=OkrTeamFactory.create(), parent=other)


def test_it_leaves_company_objectives_to_admins(marketer, admin):
    cycle = CycleFactory.create()
    with pytest.raises(NotAllowed):
        services.objective_create(actor=marketer, cycle=cycle, title="Grow ARR", level=Level.COMPANY)
    assert services.objective_create(actor=admin, cycle=cycle, title="Grow ARR", level=Level.COMPANY).pk


def test_it_refuses_viewers(marketer):
    viewer = UserFactory.create(role=Role.VIEWER)
    key_result = KeyResultFactory.create()
    with pytest.raises(NotAllowed):
        services.check_in_record(actor=viewer, key_result=key_result, value=3)


def test_it_records_a_check_in_and_moves_the_key_result(marketer):
    key_result = KeyResultFactory.create(start=0, target=200)
    services.check_in_record(actor=marketer, key_result=key_result, value=50, confidence=Confidence.AT_RISK,
                             comment="Webinar slipped a week")
    key_result.refresh_from_db()
    assert key_result.current == 50 and key_result.progress() == 0.25
    assert key_result.last_check_in_at is not None
    check_in = CheckIn.objects.get(key_result=key_result)
    assert (check_in.confidence, check_in.author, check_in.comment) == ("at_risk", marketer,
                                                                        "Webinar slipped a week")


def test_it_refuses_a_check_in_on_a_closed_cycle(marketer):
    cycle = CycleFactory.create(status=CycleStatus.CLOSED)
    objective = ObjectiveFactory.create(cycle=cycle)
    key_result = KeyResultFactory.create(objective=objective, title="MQLs from events")
    with pytest.raises(DomainError, match='"MQLs from events": 2027-Q1 is closed'):
        services.check_in_record(actor=marketer, key_result=key_result, value=3)
    assert not CheckIn.objects.exists()


def test_it_refuses_a_half_done_milestone(marketer):
    key_result = KeyResultFactory.create(kind=KeyResultKind.MILESTONE, start=0, target=1)
    with pytest.raises(DomainError, match="milestone"):
        services.check_in_record(actor=marketer, key_result=key_result, value=0.5)


def test_it_triages_an_idea_to_a_key_result_or_parks_it_with_a_reason(marketer):
    key_result = KeyResultFactory.create()
    booth = services.idea_submit(actor=None, title="Booth at VivaTech", source="sales", requester="Paul")
    tiktok = IdeaFactory.create(title="TikTok channel", source="management")
    services.idea_accept(actor=marketer, idea=booth, key_result=key_result)
    with pytest.raises(DomainError, match='"TikTok channel": say why it is parked'):
        services.idea_park(actor=marketer, idea=tiktok, reason="  ")
    services.idea_park(actor=marketer, idea=tiktok, reason="Serves no key result this quarter")
    booth.refresh_from_db()
    tiktok.refresh_from_db()
    assert (booth.status, booth.key_result) == (IdeaStatus.ACCEPTED, key_result)
    assert (tiktok.status, tiktok.park_reason) == (IdeaStatus.PARKED, "Serves no key result this quarter")
    assert AuditEntry.objects.filter(action="okrs.idea.park", target_id=str(tiktok.pk)).exists()


def test_it_refuses_an_idea_from_an_unknown_source():
    with pytest.raises(DomainError, match='"partners" is not a source'):
        services.idea_submit(actor=None, title="Co-marketing", source="partners")


def test_it_writes_the_audit_log(marketer):
    objective = team_objective(marketer, CycleFactory.create())
    key_result = KeyResultFactory.create(objective=objective)
    services.key_result_update(actor=marketer, key_result=key_result, target=300)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"okrs.objective.create", "okrs.key_result.update"} <= actions


def test_it_validates_an_update_like_a_creation(marketer):
    key_result = KeyResultFactory.create(start=0, target=100)
    with pytest.raises(DomainError, match="the target equals the start"):
        services.key_result_update(actor=marketer, key_result=key_result, target=0)
    assert KeyResult.objects.get(pk=key_result.pk).target == 100


def test_it_deletes_an_objective_whose_key_result_serves_an_idea(marketer):
    objective = team_objective(marketer, CycleFactory.create())
    key_result = KeyResultFactory.create(objective=objective)
    idea = IdeaFactory.create(status=IdeaStatus.ACCEPTED, key_result=key_result)
    services.objective_delete(actor=marketer, objective=objective)
    idea.refresh_from_db()
    assert not Objective.objects.filter(pk=objective.pk).exists()
    assert (idea.status, idea.key_result) == (IdeaStatus.NEW, None)


def test_it_refuses_to_move_an_objective_to_a_team_at_its_limit(marketer):
    cycle, full = CycleFactory.create(), OkrTeamFactory.create(name="Content")
    for n in range(3):
        team_objective(marketer, cycle, f"Content {n}", full)
    moving = team_objective(marketer, cycle, "SEO", OkrTeamFactory.create(name="Acquisition"))
    with pytest.raises(DomainError, match="Content already has 3 objectives"):
        services.objective_update(actor=marketer, objective=moving, team=full)
    moving.refresh_from_db()
    assert moving.team.name == "Acquisition"
