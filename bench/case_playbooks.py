"""Playbooks: retro-planning a 50-step playbook, public holidays looked up afresh each time.

The playbook is generated (no database): a chain of 10 gates a week apart, each fanning out to 4
parallel steps that the next gate needs — 50 steps, 76 dependencies, offsets down to -45 business
days, fractional durations and offset hours, so that many steps are pulled earlier. Planned for a
milestone in France (Europe/Paris) with `fusee.playbooks.planning.plan_steps`, the holidays cache
emptied before each run so that every run includes the holidays lookup (the `holidays` package
itself is imported once, before timing: a process pays that ~60–90 ms once).

Baseline in the same run: the same due dates by offset alone, counted with a naive weekday-only
loop (no holidays, no dependencies, no starts, no critical path). Target (issue 7): under 50 ms,
median of many runs.
"""

from __future__ import annotations

import argparse
import statistics
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from run import timings

PLAN_LIMIT = 0.050
# no French public holiday on a weekday in the 9 weeks before: the naive dates are comparable
MILESTONE = datetime(2027, 10, 15, 11, 0, tzinfo=ZoneInfo("Europe/Paris"))
NOW = datetime(2027, 1, 4, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))


def playbook_plan(args: argparse.Namespace) -> dict[str, Any]:
    from fusee.playbooks import planning

    steps = chain_and_fan()
    repeat = max(args.repeat, 200)

    def ours() -> planning.Plan:
        planning.public_holidays.cache_clear()
        return plan(steps)

    plan(steps)  # imports the holidays package and its countries, once per process
    cold, warm = timings(ours, repeat), timings(lambda: plan(steps), repeat)
    base = timings(lambda: naive_due_dates(steps), repeat)
    check_same_dates(plan(steps), naive_due_dates(steps))
    median, baseline = statistics.median(cold), statistics.median(base)
    print(f"  playbook plan: {median * 1000:.2f} ms with the holidays lookup, "
          f"{statistics.median(warm) * 1000:.2f} ms cached; naive loop {baseline * 1000:.3f} ms", flush=True)
    return {"name": "playbook plan, 50 steps", "seconds": median, "baseline": baseline,
            "ratio": median / baseline, "limit": f"{PLAN_LIMIT * 1000:g} ms", "ok": median < PLAN_LIMIT,
            "note": f"p95 {statistics.quantiles(cold, n=20)[-1] * 1000:.1f} ms; "
                    f"holidays cached {statistics.median(warm) * 1000:.2f} ms"}


def plan(steps: list[Any]) -> Any:
    from fusee.playbooks.planning import plan_steps

    return plan_steps(steps, milestone_at=MILESTONE, time_zone="Europe/Paris", country="FR", now=NOW)


def chain_and_fan(length: int = 10, fan: int = 4) -> list[Any]:
    from fusee.playbooks.planning import StepSpec

    steps = []
    for gate in range(length):
        offset = -5 * (length - gate - 1)
        steps.append(StepSpec(f"gate{gate}", offset, duration=1 + gate % 3,
                              depends_on=tuple(f"work{gate - 1}_{n}" for n in range(fan)) if gate else ()))
        steps += [StepSpec(f"work{gate}_{n}", offset + 2 + n % 2, offset_hours=n - 2, duration=0.5 + n,
                           depends_on=(f"gate{gate}",)) for n in range(fan)]
    return steps


def naive_due_dates(steps: list[Any]) -> dict[str, datetime]:
    dues = {}
    for step in steps:
        day, left = MILESTONE, abs(step.offset)
        while left:
            day += timedelta(days=1 if step.offset > 0 else -1)
            left -= day.weekday() < 5
        dues[step.key] = day + timedelta(hours=step.offset_hours)
    return dues


def check_same_dates(planned: Any, naive: dict[str, datetime]) -> None:
    """No holiday falls in the span: each due is the naive one, or earlier when a dependent pulled it."""
    assert len(planned.steps) == 50, len(planned.steps)
    for key, step in planned.steps.items():
        if step.due_at > naive[key]:
            raise AssertionError(f"{key} due {step.due_at}, after its offset's {naive[key]}")
    assert any(step.due_at == naive[key] for key, step in planned.steps.items()), "every step was pulled"
