from datetime import date

import pytest

from fusee.okrs import progress
from fusee.okrs.models import Direction, KeyResultKind
from fusee.okrs.tests.factories import CycleFactory, KeyResultFactory, ObjectiveFactory


def test_it_measures_an_increase_from_start_to_target():
    assert progress.metric_progress(start=100, target=300, current=150) == pytest.approx(0.25)


def test_it_measures_a_decrease_the_same_way():
    assert progress.metric_progress(start=10, target=6, current=7) == pytest.approx(0.75)


def test_it_clamps_progress_between_0_and_100_percent():
    assert progress.metric_progress(start=0, target=10, current=15) == 1.0
    assert progress.metric_progress(start=0, target=10, current=-3) == 0.0


def test_it_weighs_the_mean():
    assert progress.weighted_mean([(1.0, 3), (0.0, 1)]) == pytest.approx(0.75)
    assert progress.weighted_mean([]) == 0.0


@pytest.mark.parametrize(("score", "band"), [(0.7, "green"), (0.95, "green"), (0.69, "amber"),
                                             (0.4, "amber"), (0.39, "red"), (0.0, "red")])
def test_it_grades_scores_in_the_usual_bands(score, band):
    assert progress.band(score) == band


def test_it_draws_the_ideal_path_as_a_straight_line_over_the_cycle():
    span = progress.Span(date(2027, 1, 1), date(2027, 1, 11))
    assert span.ideal(start=0, target=100, on=date(2027, 1, 6)) == pytest.approx(50)
    assert span.ideal(start=0, target=100, on=date(2026, 12, 1)) == 0
    assert span.ideal(start=0, target=100, on=date(2027, 2, 1)) == 100


@pytest.mark.django_db
def test_it_holds_or_not_for_stay_above_and_stay_below():
    above = KeyResultFactory.create(direction=Direction.STAY_ABOVE, start=0, target=90, current=91)
    below = KeyResultFactory.create(direction=Direction.STAY_BELOW, start=0, target=8, current=9)
    assert above.progress() == 1.0
    assert below.progress() == 0.0


@pytest.mark.django_db
def test_it_counts_a_milestone_as_all_or_nothing():
    milestone = KeyResultFactory.create(kind=KeyResultKind.MILESTONE, start=0, target=1, current=0)
    assert milestone.progress() == 0.0
    milestone.current = 1
    assert milestone.progress() == 1.0 and milestone.is_done


@pytest.mark.django_db
def test_it_makes_an_objective_the_weighted_mean_of_its_key_results():
    objective = ObjectiveFactory.create()
    KeyResultFactory.create(objective=objective, start=0, target=100, current=100, weight=1)
    KeyResultFactory.create(objective=objective, start=0, target=100, current=0, weight=3)
    assert objective.progress() == pytest.approx(0.25)


@pytest.mark.django_db
def test_it_says_a_check_in_is_overdue_after_a_week_without_one():
    cycle = CycleFactory.create(key="2027-Q1", starts_on=date(2027, 1, 1), ends_on=date(2027, 3, 31))
    key_result = KeyResultFactory.create(objective=ObjectiveFactory.create(cycle=cycle))
    assert not key_result.check_in_due(date(2027, 1, 5))  # first week: nothing is due yet
    assert key_result.check_in_due(date(2027, 1, 12))
