from pathlib import Path

import pytest

from fusee.core.models import AuditEntry, Role
from fusee.okrs.importing import ImportFailed, okrs_import
from fusee.okrs.models import (
    Cycle,
    CycleStatus,
    Direction,
    Idea,
    KeyResult,
    KeyResultKind,
    Level,
    Objective,
    OkrTeam,
)
from fusee.okrs.tests.factories import CycleFactory
from fusee.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

EXAMPLE = Path(__file__).resolve().parents[4] / "docs" / "okrs.example.yaml"

GOOD = """\
cycle: 2027-q2
company_objectives:
  - ref: arr
    title: Grow ARR
teams:
  - name: Marketing
  - name: Content
    parent: Marketing
objectives:
  - team: Content
    aligns_to: arr
    title: Publish what buyers read
    owner: ana@example.com
    key_results:
      - title: Articles published
        target: 12
        unit: articles
      - title: Ship the ebook
        type: milestone
      - title: Cost per visit
        direction: decrease
        start: 2.5
        target: 1.5
        unit: €
        weight: 2
ideas:
  - title: A podcast
    source: management
"""

FIVE_KEY_RESULTS = """\
cycle: 2027-Q2
company_objectives:
  - ref: arr
    title: Grow ARR
teams:
  - name: Marketing
objectives:
  - team: Marketing
    aligns_to: arr
    title: Fill the pipeline
    key_results:
      - {title: KR one, target: 1, unit: x}
      - {title: KR two, target: 1, unit: x}
      - {title: KR three, target: 1, unit: x}
      - {title: KR four, target: 1, unit: x}
      - {title: KR five, target: 1, unit: x}
"""


@pytest.fixture
def owners():
    return [UserFactory(email=email, role=Role.ADMIN)
            for email in ("ana@example.com", "admin@orbitale.example", "marketer@orbitale.example")]


def refused(text: str, filename: str = "okrs.yaml") -> list[str]:
    with pytest.raises(ImportFailed) as failure:
        okrs_import(actor=None, text=text, filename=filename)
    return failure.value.lines()


def test_it_imports_teams_objectives_key_results_and_ideas(owners):
    result = okrs_import(actor=owners[0], text=GOOD, filename="okrs.yaml")
    assert result.cycle.key == "2027-Q2" and result.created == {
        "team": 2, "objective": 2, "key_result": 3, "idea": 1,
    }
    content = OkrTeam.objects.get(name="Content")
    assert content.parent == OkrTeam.objects.get(name="Marketing")
    objective = Objective.objects.get(level=Level.TEAM)
    assert objective.team == content and objective.parent.title == "Grow ARR"
    assert objective.owner == owners[0]
    krs = {kr.title: kr for kr in objective.key_results.all()}
    assert krs["Ship the ebook"].kind == KeyResultKind.MILESTONE and krs["Ship the ebook"].target == 1
    cost = krs["Cost per visit"]
    assert (cost.direction, cost.start, cost.target, cost.current, cost.weight) == (
        Direction.DECREASE, 2.5, 1.5, 2.5, 2.0)
    assert cost.owner == owners[0]  # a key result without an owner gets its objective's
    assert Idea.objects.get().source == "management"
    assert AuditEntry.objects.filter(action="okrs.cycle.import", target_label="2027-Q2").exists()


def test_it_imports_the_documented_example(owners):
    result = okrs_import(actor=None, text=EXAMPLE.read_text(encoding="utf-8"), filename=EXAMPLE.name)
    marketing = Objective.objects.filter(cycle=result.cycle, team__name="Marketing")
    assert Objective.objects.filter(cycle=result.cycle, level=Level.COMPANY).count() == 3
    assert marketing.count() == 3
    assert all(objective.key_results.count() == 4 for objective in marketing)
    assert set(OkrTeam.objects.get(name="Marketing").children.values_list("name", flat=True)) == {
        "Acquisition", "Content"}
    hot_leads = KeyResult.objects.get(title="Hot leads ready for sales")
    assert hot_leads.metric == "contacts_in_segment" and hot_leads.metric_params == {"segment": "Hot leads"}
    assert Objective.objects.filter(level=Level.PERSON, owner__email="marketer@orbitale.example").exists()


def test_it_changes_nothing_when_the_same_file_is_imported_again(owners):
    okrs_import(actor=None, text=GOOD, filename="okrs.yaml")
    counts = [model.objects.count() for model in (OkrTeam, Objective, KeyResult, Idea, Cycle)]
    again = okrs_import(actor=None, text=GOOD, filename="okrs.yaml")
    assert [model.objects.count() for model in (OkrTeam, Objective, KeyResult, Idea, Cycle)] == counts
    assert not again.created and not again.updated
    assert again.unchanged == {"team": 2, "objective": 2, "key_result": 3, "idea": 1}


def test_it_updates_the_values_a_new_version_of_the_file_changes(owners):
    okrs_import(actor=None, text=GOOD, filename="okrs.yaml")
    okrs_import(actor=None, text=GOOD.replace("target: 12", "target: 15"), filename="okrs.yaml")
    articles = KeyResult.objects.get(title="Articles published")
    assert articles.target == 15 and KeyResult.objects.count() == 3
    assert AuditEntry.objects.filter(action="okrs.key_result.update", target_id=str(articles.pk)).exists()


def test_it_reports_every_structure_problem_with_file_line_and_column(owners):
    text = """\
cycle: 2027-Q2
teams:
  - name: Marketing
objectives:
  - team: Marketing
    aligns_to: nowhere
    title: Fill the pipeline
    colour: blue
    key_results:
      - title: MQLs
        target: lots
        unit: MQLs
      - title: Demos
        type: guess
        target: 10
        owner: nobody@example.com
      - unit: MQLs
"""
    assert refused(text) == [
        'okrs.yaml:6:16 objectives[0].aligns_to: "nowhere" is neither the ref of an objective above nor '
        "the title of an objective of 2027-Q2",
        'okrs.yaml:8:5 objectives[0].colour: unknown field "colour": expected one of title, ref, team, '
        "aligns_to, description, owner, key_results",
        "okrs.yaml:11:17 objectives[0].key_results[0].target: expected a number, such as 1200 or 2.5",
        'okrs.yaml:14:15 objectives[0].key_results[1].type: "guess" is not one of metric, milestone, '
        "percentage",
        "okrs.yaml:16:16 objectives[0].key_results[1].owner: no Fusée user has the address "
        "nobody@example.com",
        'okrs.yaml:17:9 objectives[0].key_results[2]: "title" is missing',
        'okrs.yaml:17:9 objectives[0].key_results[2]: "target" is missing: the value the key result aims at',
    ]
    assert not Objective.objects.exists() and not OkrTeam.objects.exists() and not Cycle.objects.exists()


def test_it_reports_a_wrong_top_level_shape_and_unknown_metric(owners):
    assert refused("- just\n- a list\n") == [
        "okrs.yaml:1:1: expected fields (cycle, company_objectives, teams, objectives, person_objectives, "
        "ideas)"
    ]
    lines = refused("cycle: 2027-Q5\nteams: Marketing\n")
    assert lines[0].startswith('okrs.yaml:1:8 cycle: "2027-Q5" is not a quarter')
    assert lines[1] == "okrs.yaml:2:8 teams: expected a list, each entry starting with a dash"
    text = FIVE_KEY_RESULTS.replace("{title: KR one, target: 1, unit: x}",
                                    "{title: KR one, target: 1, unit: x, metric: crystal_ball}")
    assert refused(text)[0].startswith(
        'okrs.yaml:12:53 objectives[0].key_results[0].metric: "KR one": there is no automatic metric '
        '"crystal_ball"')


def test_it_refuses_a_fifth_key_result_at_its_line_and_saves_nothing(db):
    lines = refused(FIVE_KEY_RESULTS)
    assert len(lines) == 1 and lines[0].startswith(
        'okrs.yaml:16:9 objectives[0].key_results[4]: "Fill the pipeline" already has 4 key results')
    assert not Cycle.objects.exists() and not Objective.objects.exists() and not KeyResult.objects.exists()
    assert not OkrTeam.objects.exists() and not AuditEntry.objects.exists()


def test_it_reports_a_service_refusal_at_the_line_of_the_key_result(db):
    text = FIVE_KEY_RESULTS.replace("      - {title: KR five, target: 1, unit: x}\n", "").replace(
        "{title: KR two, target: 1, unit: x}", "{title: KR two, target: 1}")
    assert refused(text) == [
        'okrs.yaml:13:9 objectives[0].key_results[1]: "KR two" (Fill the pipeline): a metric key result '
        'needs a unit, e.g. "MQLs" or "€"'
    ]
    assert not KeyResult.objects.exists()
    same = FIVE_KEY_RESULTS.replace("{title: KR three, target: 1, unit: x}",
                                    "{title: KR three, target: 0, unit: x}")
    assert "the target equals the start" in refused(same)[0] and not Objective.objects.exists()


def test_it_refuses_to_import_into_a_closed_cycle(db):
    CycleFactory(key="2027-Q2", starts_on="2027-04-01", ends_on="2027-06-30", status=CycleStatus.CLOSED)
    assert refused(FIVE_KEY_RESULTS)[0].startswith("okrs.yaml:1:8 cycle: 2027-Q2 is closed")


def test_it_reports_yaml_syntax_errors_with_line_and_column(db):
    unclosed = refused("cycle: 2027-Q1\nteams:\n  - name: [Marketing\n", "plan.yaml")
    assert unclosed[0].startswith("plan.yaml:4:1: YAML syntax:")
    assert refused("cycle: 2027-Q1\n  teams: x\n") == [
        "okrs.yaml:2:8: YAML syntax: mapping values are not allowed here"
    ]
    assert refused("cycle: 2027-Q1\ncycle: 2027-Q2\n") == ['okrs.yaml:2:1 cycle: "cycle" is given twice']
    assert refused("") == ["okrs.yaml:1:1: the file is empty"]


def test_it_lets_only_an_admin_set_company_objectives(db):
    marketer = UserFactory(role=Role.MARKETER)
    lines = refused_as(marketer, FIVE_KEY_RESULTS)
    assert lines == [
        "okrs.yaml:3:5 company_objectives[0]: only an admin can set company objectives and close cycles"]


def refused_as(actor, text: str) -> list[str]:
    with pytest.raises(ImportFailed) as failure:
        okrs_import(actor=actor, text=text, filename="okrs.yaml")
    return failure.value.lines()


def test_it_aligns_to_a_company_objective_already_in_the_cycle_by_its_title(db):
    cycle = CycleFactory.create(key="2027-Q2", starts_on="2027-04-01", ends_on="2027-06-30")
    company = Objective.objects.create(cycle=cycle, level=Level.COMPANY, title="Grow ARR")
    text = """\
cycle: 2027-Q2
teams: [{name: Marketing}]
objectives:
  - {team: Marketing, aligns_to: grow arr, title: Fill the pipeline}
"""
    okrs_import(actor=None, text=text, filename="okrs.yaml")
    assert Objective.objects.get(level=Level.TEAM).parent == company


def test_it_moves_an_existing_team_under_the_parent_the_file_names(owners):
    OkrTeam.objects.create(name="content")
    result = okrs_import(actor=None, text=GOOD, filename="okrs.yaml")
    assert OkrTeam.objects.get(name__iexact="content").parent.name == "Marketing"
    assert result.updated["team"] == 1 and OkrTeam.objects.count() == 2
    looped = GOOD.replace("  - name: Marketing\n", "  - name: Marketing\n    parent: Content\n")
    assert "cannot be part of" in refused(looped)[0]


def test_it_refuses_aliases_that_expand_without_end(db):
    laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{name}: &{name} [{', '.join([f'*{previous}'] * 10)}]\n"
        for previous, name in zip("abcdefg", "bcdefgh", strict=True))
    assert refused(laughs)[0].startswith("okrs.yaml:1:1: more than 20,000 values")
    assert refused("cycle: &loop [*loop]\n")[0].startswith("okrs.yaml:1:1: more than")
