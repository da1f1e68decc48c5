from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Count, F, QuerySet
from django.utils import timezone

from fusee.contacts import demo as contacts_demo
from fusee.core import demo as core_demo
from fusee.core.errors import DomainError
from fusee.core.models import AuditEntry, Role, Workspace
from fusee.okrs import demo, metrics, services
from fusee.okrs.closing import cycle_score
from fusee.okrs.demo.history import check_in_days, path_values, rescaled
from fusee.okrs.demo.plan import PlanKeyResult
from fusee.okrs.models import (
    CheckIn,
    Confidence,
    Cycle,
    CycleStatus,
    Idea,
    IdeaSource,
    IdeaStatus,
    KeyResult,
    KeyResultKind,
    Level,
    Objective,
)
from fusee.okrs.progress import Span
from fusee.okrs.selectors import ideas_back_for_planning
from fusee.scoring import demo as scoring_demo
from fusee.segments import demo as segments_demo
from fusee.segments.models import Segment

SIZE = {"contacts": 300}  # the OKRs need the people and the segments, not a big base
PROGRESS: list[tuple[int, int]] = []


@pytest.fixture(scope="module")
def demo_company(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The demo company loaded once for the module, rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        for loader in (core_demo.load, contacts_demo.load, scoring_demo.load, segments_demo.load):
            loader(seed=42, options=SIZE)
        demo.load(seed=42, options=SIZE, progress=lambda done, total: PROGRESS.append((done, total)))
        yield
        transaction.set_rollback(True)


def current_cycle() -> Cycle:
    return Cycle.objects.get(key=services.quarter_key(timezone.localdate()))


def marketing_key_results() -> QuerySet[KeyResult]:
    return KeyResult.objects.filter(objective__cycle=current_cycle(), objective__level=Level.TEAM,
                                    objective__team__name="Marketing")


def test_it_sets_three_company_objectives_in_the_current_quarter(demo_company, db):
    cycle = current_cycle()
    assert cycle.status == CycleStatus.ACTIVE
    company = Objective.objects.filter(cycle=cycle, level=Level.COMPANY).annotate(n=Count("key_results"))
    assert company.count() == 3
    assert all(objective.n >= 2 for objective in company)
    assert {o.owner.job_title for o in company} <= {"Chief Executive Officer", "VP Sales"}


def test_it_gives_marketing_three_objectives_of_four_key_results_aligned_to_the_company(demo_company, db):
    cycle = current_cycle()
    marketing = Objective.objects.filter(cycle=cycle, level=Level.TEAM, team__name="Marketing")
    assert marketing.count() == 3
    for objective in marketing:
        assert objective.key_results.count() == 4
        assert objective.parent.level == Level.COMPANY and objective.parent.cycle_id == cycle.pk
    assert len({objective.parent_id for objective in marketing}) == 3  # one per company objective
    sub_teams = Objective.objects.filter(cycle=cycle, level=Level.TEAM, team__parent__name="Marketing")
    assert {objective.team.name for objective in sub_teams} == {"Acquisition", "Content"}
    person = Objective.objects.get(cycle=cycle, level=Level.PERSON)
    assert person.parent.team.name == "Marketing"
    owners = KeyResult.objects.filter(objective__in=marketing).values_list("owner__team", flat=True)
    assert set(owners) == {"marketing"}


def test_it_binds_half_of_marketing_key_results_to_metrics(demo_company, db):
    key_results = marketing_key_results()
    automatic = key_results.exclude(metric="")
    assert automatic.count() == 6
    for key_result in automatic:
        assert key_result.metric in metrics.registry()
        if key_result.metric == "contacts_in_segment":
            assert Segment.objects.filter(name=key_result.metric_params["segment"]).exists()
    manual = key_results.filter(metric="")
    assert {KeyResultKind.METRIC, KeyResultKind.MILESTONE, KeyResultKind.PERCENTAGE} <= {
        key_result.kind for key_result in manual}
    assert not manual.filter(kind=KeyResultKind.METRIC, unit="").exists()


def test_it_checks_in_every_week_inside_the_cycle_and_never_in_the_future(demo_company, db):
    cycle, today, now = current_cycle(), timezone.localdate(), timezone.now()
    check_ins = CheckIn.objects.filter(key_result__objective__cycle=cycle)
    assert check_ins.exists()
    for check_in in check_ins:
        assert cycle.starts_on <= timezone.localdate(check_in.created_at) <= today
        assert check_in.created_at <= now
    weeks = (today - cycle.starts_on).days // 7
    for key_result in marketing_key_results().filter(metric=""):
        days = [timezone.localdate(c.created_at) for c in key_result.check_ins.order_by("created_at")]
        assert len(days) >= min(8, weeks), key_result
        assert all((later - earlier).days == 7 for earlier, later in itertools.pairwise(days))


def test_it_marks_automatic_check_ins_as_the_daily_refresh_writes_them(demo_company, db):
    check_ins = CheckIn.objects.filter(key_result__objective__cycle=current_cycle())
    automatic = check_ins.exclude(key_result__metric="")
    assert automatic.exists() and not automatic.filter(automatic=False).exists()
    assert not automatic.filter(author__isnull=False).exists()
    manual = check_ins.filter(key_result__metric="")
    assert not manual.filter(automatic=True).exists() and not manual.filter(author__isnull=True).exists()
    assert not manual.filter(author__role=Role.VIEWER).exists()  # viewers cannot check in
    assert manual.exclude(comment="").exists()


def test_it_keeps_each_key_result_at_its_last_check_in(demo_company, db):
    for key_result in KeyResult.objects.filter(check_ins__isnull=False).distinct():
        last = key_result.check_ins.order_by("created_at", "pk").last()
        assert (key_result.current, key_result.last_check_in_at) == (last.value, last.created_at)


def test_it_reports_key_results_on_track_at_risk_and_off_track(demo_company, db):
    latest = {key_result.check_ins.order_by("created_at").last().confidence
              for key_result in marketing_key_results().filter(metric="")}
    assert latest == {Confidence.ON_TRACK, Confidence.AT_RISK, Confidence.OFF_TRACK}


def test_it_leaves_a_manual_check_in_overdue(demo_company, db):
    cycle, today = current_cycle(), timezone.localdate()
    overdue = [kr for kr in KeyResult.objects.filter(objective__cycle=cycle) if kr.check_in_due(today)]
    assert overdue or today < cycle.starts_on + timedelta(days=7)  # nothing is due in a quarter's first week
    assert all(not key_result.is_automatic for key_result in overdue)


def test_it_closes_the_previous_quarter_with_a_score_lessons_and_a_carry_over(demo_company, db):
    cycle = current_cycle()
    previous = Cycle.objects.get(ends_on=cycle.starts_on - timedelta(days=1))
    assert previous.is_closed and previous.lessons
    assert timezone.localdate(previous.closed_at) > previous.ends_on
    assert previous.score is not None and 0.0 < previous.score < 1.0
    assert previous.score == cycle_score(previous)
    assert Objective.objects.filter(cycle=previous, level=Level.COMPANY).count() == 3
    for key_result in KeyResult.objects.filter(objective__cycle=previous):
        days = {timezone.localdate(c.created_at) for c in key_result.check_ins.all()}
        assert len(days) in (13, 14) and min(days) >= previous.starts_on and max(days) <= previous.ends_on
    carried = KeyResult.objects.get(objective__cycle=cycle, carried_from__isnull=False)
    assert carried.carried_from.objective.cycle == previous and carried.carried_from.progress() < 1


def test_it_triages_about_25_ideas_from_every_source(demo_company, db):
    ideas = Idea.objects.all()
    assert 22 <= ideas.count() <= 28
    by_source = dict(ideas.values_list("source").annotate(n=Count("pk")))
    assert min(by_source[s] for s in (IdeaSource.SALES, IdeaSource.PRODUCT, IdeaSource.MANAGEMENT)) >= 5
    assert set(ideas.values_list("status", flat=True)) == set(IdeaStatus.values)
    accepted = ideas.filter(status=IdeaStatus.ACCEPTED)
    assert not accepted.exclude(key_result__objective__cycle=current_cycle()).exists()
    parked = ideas.filter(status=IdeaStatus.PARKED)
    assert not parked.filter(park_reason="").exists() and not parked.filter(parked_in__isnull=True).exists()
    assert not ideas.exclude(status=IdeaStatus.NEW).filter(triaged_at__lt=F("created_at")).exists()
    back = ideas_back_for_planning(current_cycle())
    assert back.count() >= 3 and {idea.parked_in.is_closed for idea in back} == {True}
    assert not ideas.filter(created_at__gt=timezone.now()).exists()


def test_it_adds_nothing_when_loaded_twice(demo_company, db):
    models = (Cycle, Objective, KeyResult, CheckIn, Idea, AuditEntry)
    before = [model.objects.count() for model in models]
    demo.load(seed=42, options=SIZE)
    assert [model.objects.count() for model in models] == before


def test_it_reports_its_progress(demo_company, db):
    assert PROGRESS[-1] == (demo.STEPS, demo.STEPS)
    assert [done for done, _total in PROGRESS] == sorted(done for done, _total in PROGRESS)
    assert len(PROGRESS) >= 4


def test_it_refuses_a_real_workspace(demo_company, db):
    Workspace.objects.update(is_demo=False)
    with pytest.raises(DomainError, match="real workspace"):
        demo.load(seed=42, options=SIZE)


# --- the calendar of check-ins, on any day ---


def test_it_checks_in_weekly_from_the_first_day_of_the_quarter_only():
    starts_on = date(2027, 1, 1)
    assert check_in_days(starts_on=starts_on, until=starts_on) == [starts_on]
    assert check_in_days(starts_on=starts_on, until=starts_on, offset=1) == []
    second_week = check_in_days(starts_on=starts_on, until=date(2027, 1, 10))
    assert second_week == [date(2027, 1, 3), date(2027, 1, 10)]
    late = check_in_days(starts_on=starts_on, until=date(2027, 2, 26), offset=1)  # the 9th week
    assert len(late) == 8 and late[0] >= starts_on and late[-1] == date(2027, 2, 25)


def test_it_draws_counts_that_never_go_down():
    plan = PlanKeyResult(ref="x", title="MQLs", owner="demand", target=1500, unit="MQLs", pace=(1.0, 1.0))
    span = Span(date(2027, 1, 1), date(2027, 3, 31))
    days = check_in_days(starts_on=span.starts_on, until=span.ends_on)
    values = path_values(plan, span=span, days=days, rng=random.Random(1))
    assert values == sorted(values) and values[0] >= 0 and 1300 <= values[-1] <= 1700


def test_it_scales_an_automatic_path_to_what_the_metric_measures():
    plan = PlanKeyResult(ref="x", title="Hot leads", owner="ops", start=400, target=600, unit="contacts")
    scaled = rescaled(plan, [420.0, 450.0, 500.0], 1000.0)
    assert scaled is not None and (scaled.start, scaled.target) == (800, 1200)
    assert scaled.values == [840, 900, 1000.0]
    assert rescaled(plan, [420.0, 450.0, 500.0], 0.0) is None  # nothing measured yet: keep the plan
