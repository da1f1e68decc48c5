"""Retro-planning in business days: holidays, time zones, dependencies, critical path, lead time.

May 2027 in France: Thursday 6 is Ascension, Monday 17 Whit Monday (1 and 8 May fall on Saturdays).
"""

import itertools
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fusee.playbooks.planning import BusinessCalendar, StepSpec, dependency_cycle, plan_steps

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")
MILESTONE = datetime(2027, 5, 14, 11, 0, tzinfo=PARIS)  # a Friday
LONG_AGO = datetime(2026, 1, 1, tzinfo=UTC)


def plan(steps, *, milestone_at=MILESTONE, time_zone="Europe/Paris", country="FR", now=LONG_AGO, **kwargs):
    return plan_steps(steps, milestone_at=milestone_at, time_zone=time_zone, country=country, now=now,
                      **kwargs)


def paris(year, month, day, hour=0, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=PARIS)


def due_dates(steps, **kwargs):
    return {key: step.due_at for key, step in plan(steps, **kwargs).steps.items()}


# --- business days ---


def test_it_skips_weekends_and_french_holidays():
    dues = due_dates([StepSpec("eve", -1), StepSpec("week", -5), StepSpec("ascension", -6),
                      StepSpec("ten", -10)])
    assert dues == {
        "eve": paris(2027, 5, 13, 11),
        "week": paris(2027, 5, 7, 11),  # over the weekend of 8 May
        "ascension": paris(2027, 5, 5, 11),  # Thursday 6 skipped
        "ten": paris(2027, 4, 29, 11),  # over the weekend of 1 May
    }


def test_it_uses_the_country_of_the_run():
    step = [StepSpec("eve", -1)]
    after_easter = paris(2027, 3, 30, 11)  # a Tuesday; Monday 29 is Easter Monday in both countries
    assert due_dates(step, milestone_at=after_easter, country="FR")["eve"] == paris(2027, 3, 26, 11)
    # Good Friday is a holiday in Germany, not in France
    assert due_dates(step, milestone_at=after_easter, country="DE")["eve"] == paris(2027, 3, 25, 11)
    assert due_dates(step, milestone_at=after_easter, country="de")["eve"] == paris(2027, 3, 25, 11)


def test_it_counts_offsets_after_the_milestone():
    dues = due_dates([StepSpec("replay", 1), StepSpec("survey", 3)])
    assert dues == {"replay": paris(2027, 5, 18, 11), "survey": paris(2027, 5, 20, 11)}  # after Whit Monday


def test_it_adds_offset_hours_to_the_milestone_time_within_the_day():
    dues = due_dates([StepSpec("hour_before", 0, offset_hours=-1), StepSpec("live", 0),
                      StepSpec("thanks", 0, offset_hours=2.5), StepSpec("late", 0, offset_hours=14),
                      StepSpec("early", -1, offset_hours=-12), StepSpec("week", -5)])
    assert dues == {
        "hour_before": paris(2027, 5, 14, 10),
        "live": MILESTONE,
        "thanks": paris(2027, 5, 14, 13, 30),
        "late": paris(2027, 5, 14, 23, 59),  # clamped to the day
        "early": paris(2027, 5, 13, 0, 0),
        "week": paris(2027, 5, 7, 11),  # no hours: the milestone's time of day
    }


def test_it_counts_from_a_milestone_on_a_saturday_but_never_dues_on_a_weekend():
    saturday = paris(2027, 5, 15, 10)
    dues = due_dates([StepSpec("show", 0), StepSpec("setup", 0, offset_hours=-2), StepSpec("eve", -1),
                      StepSpec("two_before", -2), StepSpec("after", 1)], milestone_at=saturday)
    assert dues == {
        "show": saturday,  # the milestone's own day, chosen by the user
        "setup": paris(2027, 5, 15, 8),
        "eve": paris(2027, 5, 14, 10),
        "two_before": paris(2027, 5, 13, 10),
        "after": paris(2027, 5, 18, 10),  # Monday 17 is Whit Monday
    }


def test_it_starts_work_at_nine_duration_business_days_before_the_due():
    at_five = paris(2027, 5, 14, 17)
    starts = {key: step.starts_at for key, step in plan(
        [StepSpec("moment", 0, duration=0), StepSpec("day", 0), StepSpec("half", 0, duration=0.5),
         StepSpec("two", 0, duration=2), StepSpec("one_and_half", 0, duration=1.5),
         StepSpec("week", 0, duration=5), StepSpec("over_ascension", 0, duration=7),
         StepSpec("due_early", 0, offset_hours=-9)], milestone_at=at_five).steps.items()}
    assert starts == {
        "moment": at_five,
        "day": paris(2027, 5, 14, 9),
        "half": paris(2027, 5, 14, 9),
        "two": paris(2027, 5, 13, 9),
        "one_and_half": paris(2027, 5, 13, 9),
        "week": paris(2027, 5, 10, 9),
        "over_ascension": paris(2027, 5, 5, 9),
        "due_early": paris(2027, 5, 13, 9),  # due at 08:00: the due day's morning is no working time
    }


def test_it_computes_in_the_run_time_zone():
    # 02:00 UTC is still Thursday evening in New York, already Friday morning in Paris
    milestone = datetime(2027, 5, 14, 2, 0, tzinfo=UTC)
    step = [StepSpec("eve", -1, offset_hours=-1)]
    in_new_york = plan(step, milestone_at=milestone, time_zone="America/New_York", country="US").steps["eve"]
    in_paris = plan(step, milestone_at=milestone, time_zone="Europe/Paris", country="FR").steps["eve"]
    assert in_new_york.due_at == datetime(2027, 5, 12, 21, 0, tzinfo=NEW_YORK)
    assert in_new_york.due_at.tzinfo == NEW_YORK
    assert in_paris.due_at == paris(2027, 5, 13, 3, 0)
    assert in_paris.due_at.tzinfo == PARIS


def test_it_keeps_the_wall_time_across_a_daylight_saving_change():
    milestone = datetime(2027, 3, 30, 15, 0, tzinfo=UTC)  # 11:00 in New York, 17:00 in Paris
    step = [StepSpec("kickoff", -10)]  # 15 March: New York already on summer time, Paris not yet
    in_new_york = plan(step, milestone_at=milestone, time_zone="America/New_York").steps["kickoff"]
    in_paris = plan(step, milestone_at=milestone, time_zone="Europe/Paris").steps["kickoff"]
    assert in_new_york.due_at == datetime(2027, 3, 15, 11, 0, tzinfo=NEW_YORK)  # over Easter Monday (FR)
    assert in_paris.due_at == paris(2027, 3, 15, 17, 0)
    assert in_paris.due_at - in_new_york.due_at == timedelta(hours=1)


def test_it_refuses_an_unknown_country_or_time_zone():
    with pytest.raises(ValueError, match='"XX" is not a country'):
        plan([StepSpec("a", -1)], country="XX")
    with pytest.raises(ValueError, match='"Mars/Olympus" is not a time zone'):
        plan([StepSpec("a", -1)], time_zone="Mars/Olympus")


def test_it_counts_business_days_between_two_days_as_lateness():
    calendar = BusinessCalendar("FR", "Europe/Paris")
    friday = date(2027, 5, 7)
    assert not calendar.is_business_day(date(2027, 5, 6)) and not calendar.is_business_day(date(2027, 5, 8))
    assert calendar.business_days_between(friday, friday) == 0
    assert calendar.business_days_between(friday, date(2027, 5, 10)) == 1
    assert calendar.business_days_between(friday, date(2027, 5, 8)) == 0  # done on the Saturday
    assert calendar.business_days_between(friday, date(2027, 5, 5)) == -1  # early, over Ascension
    for count in (-12, -1, 0, 1, 12):
        assert calendar.business_days_between(friday, calendar.add_business_days(friday, count)) == count


def test_it_reads_datetimes_as_days_of_the_calendar_time_zone():
    calendar = BusinessCalendar("US", "America/New_York")
    friday_night = datetime(2027, 5, 15, 1, 0, tzinfo=UTC)  # Friday 21:00 in New York
    assert calendar.is_business_day(friday_night)
    assert calendar.add_business_days(friday_night, 1) == datetime(2027, 5, 17, 21, 0, tzinfo=NEW_YORK)


# --- dependencies ---


def test_it_pulls_a_step_earlier_when_a_dependent_starts_before_its_due():
    planned = plan([StepSpec("draft", -1), StepSpec("review", -2, duration=2, depends_on=("draft",)),
                    StepSpec("brief", -10, depends_on=())]).steps
    assert planned["review"].starts_at == paris(2027, 5, 11, 9)
    assert planned["draft"].due_at == planned["review"].starts_at  # instead of Thursday 13 at 11:00
    assert planned["draft"].starts_at == paris(2027, 5, 10, 9)  # keeps its one day of work
    assert planned["brief"].due_at == paris(2027, 4, 29, 11)  # no dependent: not moved


def diamond():
    return [StepSpec("brief", -1), StepSpec("build", 0, duration=3, depends_on=("brief",)),
            StepSpec("copy", 0, depends_on=("brief",)), StepSpec("launch", 0, depends_on=("build", "copy"))]


def test_it_marks_the_chain_with_the_least_slack_to_the_milestone_as_the_critical_path():
    result = plan(diamond())
    planned = result.steps
    assert planned["launch"].starts_at == paris(2027, 5, 14, 9)
    assert planned["build"].due_at == planned["copy"].due_at == planned["launch"].starts_at
    assert planned["build"].starts_at == paris(2027, 5, 11, 9)
    assert planned["copy"].starts_at == paris(2027, 5, 13, 9)
    assert planned["brief"].due_at == planned["build"].starts_at  # the longer branch pulls it
    assert result.starts_at == planned["brief"].starts_at == paris(2027, 5, 10, 9)
    assert {key for key, step in planned.items() if step.critical} == {"brief", "build", "launch"}


def test_it_marks_the_chain_to_the_milestone_critical_even_with_slack():
    steps = [StepSpec("brief", -10), StepSpec("side", -12), StepSpec("draft", -6, depends_on=("brief",)),
             StepSpec("launch", 0, depends_on=("draft",)), StepSpec("thanks", 1, depends_on=("launch",))]
    planned = plan(steps).steps
    assert [key for key, step in planned.items() if step.critical] == ["brief", "draft", "launch"]


def test_it_picks_the_branch_with_less_slack():
    steps = [StepSpec("a", -10), StepSpec("b", -4), StepSpec("launch", 0, depends_on=("a", "b"))]
    planned = plan(steps).steps
    assert [key for key, step in planned.items() if step.critical] == ["b", "launch"]


def test_it_keeps_fixed_steps_where_they_are_and_lets_them_constrain_nothing():
    done_build = (paris(2027, 5, 3, 9), paris(2027, 5, 14, 15))  # finished after launch started
    result = plan(diamond(), fixed={"build": done_build})
    planned = result.steps
    assert (planned["build"].starts_at, planned["build"].due_at) == done_build
    assert planned["launch"].starts_at == paris(2027, 5, 14, 9)  # not held back by build
    assert planned["brief"].due_at == planned["copy"].starts_at == paris(2027, 5, 13, 9)  # only copy pulls it
    assert result.starts_at == planned["brief"].starts_at == paris(2027, 5, 12, 9)  # build's start ignored
    assert {key for key, step in planned.items() if step.critical} == {"brief", "copy", "launch"}


def test_it_never_moves_a_step_planned_before_the_milestone_to_after_it():
    # forward planning would push "recap" after "report" (+2); retro-planning pulls "report" before it
    result = plan([StepSpec("report", 2), StepSpec("recap", -1, depends_on=("report",))])
    planned = result.steps
    assert planned["recap"].due_at == paris(2027, 5, 13, 11)
    assert planned["report"].due_at == planned["recap"].starts_at < MILESTONE
    assert result.warnings == [
        'Step "report" is meant for after the milestone, but "recap" needs it first: '
        "it was moved before the milestone."
    ]


def test_it_names_a_dependency_cycle_step_by_step():
    assert dependency_cycle([StepSpec("a", -3, depends_on=("b",)), StepSpec("b", -2, depends_on=("c",)),
                             StepSpec("c", -1, depends_on=("a",))]) == ["a", "b", "c", "a"]
    assert dependency_cycle([StepSpec("x", -3, depends_on=("a",)), StepSpec("a", -2, depends_on=("b",)),
                             StepSpec("b", -1, depends_on=("a",))]) == ["a", "b", "a"]
    assert dependency_cycle([StepSpec("self", -1, depends_on=("self",))]) == ["self", "self"]
    assert dependency_cycle(diamond()) is None
    assert dependency_cycle([StepSpec("a", -1, depends_on=("ghost",))]) is None  # the validator's business
    with pytest.raises(ValueError, match="a → b → a"):
        plan([StepSpec("a", -2, depends_on=("b",)), StepSpec("b", -1, depends_on=("a",))])


def test_it_ignores_unknown_dependencies_when_planning():
    planned = plan([StepSpec("a", -1, depends_on=("ghost",))]).steps
    assert planned["a"].due_at == paris(2027, 5, 13, 11)


# --- lead time ---


def test_it_warns_when_the_plan_starts_in_the_past_and_proposes_a_feasible_milestone():
    now = paris(2027, 5, 12, 10)
    steps = [StepSpec("prepare", -5, duration=2), StepSpec("live", 0)]
    result = plan(steps, now=now)
    assert result.starts_at == paris(2027, 5, 5, 9)
    assert result.warnings == [
        'The plan starts in the past: step "prepare" should have started on May 5, 2027; '
        "the lead time is 5 business days short."
    ]
    assert result.earliest_milestone == paris(2027, 5, 24, 11)  # 5 business days on, over Whit Monday
    replanned = plan(steps, milestone_at=result.earliest_milestone, now=now)
    assert replanned.starts_at == paris(2027, 5, 13, 9)  # the next business day
    assert replanned.warnings == [] and replanned.earliest_milestone is None


def test_it_proposes_a_feasible_milestone_from_a_weekend_milestone():
    now = paris(2027, 5, 12, 10)
    steps = [StepSpec("show", 0), StepSpec("prepare", -1, duration=4)]
    result = plan(steps, milestone_at=paris(2027, 5, 15, 10), now=now)
    assert result.earliest_milestone is not None
    replanned = plan(steps, milestone_at=result.earliest_milestone, now=now)
    assert now <= replanned.starts_at and replanned.earliest_milestone is None


def test_it_does_not_warn_when_the_plan_starts_later_today():
    result = plan(diamond(), now=paris(2027, 5, 10, 8))
    assert result.warnings == [] and result.earliest_milestone is None


def test_it_does_not_count_fixed_steps_in_the_lead_time():
    done_long_ago = (paris(2026, 3, 1, 9), paris(2026, 3, 2, 9))
    result = plan(diamond(), now=paris(2027, 5, 3, 9), fixed={"brief": done_long_ago})
    assert result.warnings == [] and result.earliest_milestone is None
    everything = {key: done_long_ago for key in ("brief", "build", "copy", "launch")}
    assert plan(diamond(), now=paris(2027, 5, 3, 9), fixed=everything).warnings == []


# --- a whole playbook ---


def chain_and_fan(length=10, fan=4):
    """A chain of `length` gates a week apart, each fanning out to `fan` parallel steps that the next
    gate needs (the last gate's fan comes after the milestone): 50 steps."""
    steps = []
    for gate in range(length):
        offset = -5 * (length - gate - 1)
        steps.append(StepSpec(f"gate{gate}", offset, duration=1 + gate % 3,
                              depends_on=tuple(f"work{gate - 1}_{n}" for n in range(fan)) if gate else ()))
        steps += [StepSpec(f"work{gate}_{n}", offset + 2 + n % 2, offset_hours=n - 2, duration=0.5 + n,
                           depends_on=(f"gate{gate}",)) for n in range(fan)]
    return steps


def reference_due(step, milestone):
    """The due by offset alone, counted the plain way over the holidays package."""
    closed = holidays.country_holidays("FR", years=range(2026, 2029))
    day, moved = milestone.date(), 0
    while moved < abs(step.offset):
        day += timedelta(days=1 if step.offset > 0 else -1)
        moved += day.weekday() < 5 and day not in closed
    wall = datetime.combine(day, milestone.time()) + timedelta(hours=step.offset_hours)
    return max(min(wall, datetime.combine(day, datetime.max.time()).replace(second=0, microsecond=0)),
               datetime.combine(day, datetime.min.time())).replace(tzinfo=PARIS)


def test_it_plans_a_50_step_playbook_by_the_rules():
    steps = chain_and_fan()
    result = plan(steps)
    planned, specs = result.steps, {step.key: step for step in steps}
    assert len(planned) == 50
    dependents = {key: [s.key for s in steps if key in s.depends_on] for key in specs}
    for key, step in planned.items():
        starts_of_dependents = [planned[dependent].starts_at for dependent in dependents[key]]
        expected = min([reference_due(specs[key], MILESTONE), *starts_of_dependents])
        assert step.due_at == expected, key
        assert step.starts_at <= step.due_at
    critical = sorted((key for key, step in planned.items() if step.critical),
                      key=lambda k: planned[k].due_at)
    for needed, key in itertools.pairwise(critical):  # one chain, link by link
        assert needed in specs[key].depends_on, key
    assert critical and specs[critical[-1]].offset == 0  # it reaches the milestone


# --- what holds for any playbook ---


@st.composite
def playbooks(draw):
    count = draw(st.integers(min_value=1, max_value=12))
    steps = []
    for index in range(count):
        earlier = st.integers(min_value=0, max_value=max(index - 1, 0))
        needed = draw(st.lists(earlier, max_size=3, unique=True))
        steps.append(StepSpec(
            f"s{index}", draw(st.integers(min_value=-40, max_value=10)),
            offset_hours=draw(st.sampled_from([0, -1, -3, 2])),
            duration=draw(st.sampled_from([0, 0.5, 1, 2, 5])),
            depends_on=tuple(f"s{n}" for n in needed if n < index)))
    return steps


@settings(max_examples=60, deadline=None)
@given(steps=playbooks(), milestone_day=st.dates(min_value=date(2027, 1, 1), max_value=date(2028, 12, 31)))
def test_it_keeps_every_dependency_and_every_step_before_the_milestone_before_it(steps, milestone_day):
    milestone = datetime.combine(milestone_day, MILESTONE.time()).replace(tzinfo=PARIS)
    calendar = BusinessCalendar("FR", "Europe/Paris")
    planned = plan(steps, milestone_at=milestone).steps
    for step in steps:
        mine = planned[step.key]
        assert mine.starts_at <= mine.due_at
        assert all(planned[needed].due_at <= mine.starts_at for needed in step.depends_on)
        if step.offset < 0:
            assert mine.due_at < milestone
        if mine.due_at.date() != milestone_day:
            assert calendar.is_business_day(mine.due_at.date())


@settings(max_examples=40, deadline=None)
@given(steps=playbooks(), milestone_day=st.dates(min_value=date(2027, 1, 1), max_value=date(2028, 12, 31)),
       days_ahead=st.integers(min_value=0, max_value=90), hour=st.integers(min_value=0, max_value=23))
def test_it_always_proposes_a_milestone_whose_plan_starts_after_now(steps, milestone_day, days_ahead, hour):
    milestone = datetime.combine(milestone_day, MILESTONE.time()).replace(tzinfo=PARIS)
    now = (milestone - timedelta(days=days_ahead)).replace(hour=hour)
    result = plan(steps, milestone_at=milestone, now=now)
    assert (result.earliest_milestone is None) == (result.starts_at >= now)
    if result.earliest_milestone is not None:
        replanned = plan(steps, milestone_at=result.earliest_milestone, now=now)
        assert replanned.starts_at >= now and replanned.earliest_milestone is None
