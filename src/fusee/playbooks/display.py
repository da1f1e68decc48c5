"""What the run pages draw, computed from a run's tasks already loaded (no query here):
the timeline's bars (an SVG laid out on the server), the calendar's months, the board's columns."""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from fusee.playbooks.models import Run, Task, TaskStatus
from fusee.playbooks.planning import BusinessCalendar

LABEL_WIDTH = 300  # the task names, left of the bars
ROW_HEIGHT = 24
HEADER_HEIGHT = 44
CHART_WIDTH = 1000  # the days share this width, within the bounds below
DAY_WIDTH_MIN, DAY_WIDTH_MAX = 4.0, 32.0
MOMENT_WIDTH = 6.0  # a step of no duration (sending a reminder) still shows
TITLE_CHARACTERS = 42


def local(moment: datetime, zone: ZoneInfo) -> datetime:
    """Wall-clock time in the run's zone, without the zone: days are then 24 hours even across DST."""
    return moment.astimezone(zone).replace(tzinfo=None)


def shorten(text: str, limit: int = TITLE_CHARACTERS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --- progress ---


@dataclass(frozen=True)
class Progress:
    done: int
    skipped: int
    total: int

    @property
    def finished(self) -> int:
        return self.done + self.skipped

    @property
    def percent(self) -> int:
        return round(100 * self.finished / self.total) if self.total else 0


def run_progress(tasks: Sequence[Task]) -> Progress:
    return Progress(done=sum(task.status == TaskStatus.DONE for task in tasks),
                    skipped=sum(task.status == TaskStatus.SKIPPED for task in tasks), total=len(tasks))


# --- timeline ---


@dataclass(frozen=True)
class Bar:
    task: Task
    label: str
    x: float
    width: float
    y: float
    text_y: float
    classes: str
    after: list[str]  # the titles of the steps it waits for


@dataclass(frozen=True)
class DayMark:
    x: float
    center: float
    day: date
    label: str  # the day of the month, or "" when days are too narrow to carry it


@dataclass(frozen=True)
class Timeline:
    width: float
    height: float
    chart_left: float
    day_width: float
    bars: list[Bar]
    days_off: list[DayMark]  # weekends and public holidays, shaded
    day_marks: list[DayMark]
    months: list[DayMark]
    milestone_x: float
    today_x: float | None


def timeline_span(run: Run, tasks: Sequence[Task], zone: ZoneInfo) -> tuple[date, date]:
    """From the earliest start to the latest due date or the milestone, a day of margin each side."""
    moments = [run.milestone_at, *(task.starts_at for task in tasks), *(task.due_at for task in tasks)]
    first = min(local(moment, zone) for moment in moments).date() - timedelta(days=1)
    last = max(local(moment, zone) for moment in moments).date() + timedelta(days=1)
    return first, last


def run_timeline(run: Run, tasks: Sequence[Task], *, now: datetime,
                 dependencies: Iterable[tuple[int, int]] = ()) -> Timeline:
    """The bars of `tasks` (in their order) against the run's days; `dependencies` are pairs
    (task id, id of the task it waits for)."""
    zone = ZoneInfo(run.time_zone)
    first, last = timeline_span(run, tasks, zone)
    day_count = (last - first).days + 1
    day_width = max(DAY_WIDTH_MIN, min(DAY_WIDTH_MAX, CHART_WIDTH / day_count))
    origin = datetime.combine(first, datetime.min.time())

    def x_of(moment: datetime) -> float:
        return round(LABEL_WIDTH + (local(moment, zone) - origin).total_seconds() / 86400 * day_width, 1)

    titles = {task.pk: task.title for task in tasks}
    after: dict[int, list[str]] = defaultdict(list)
    for task_id, needed_id in dependencies:
        after[task_id].append(titles.get(needed_id, ""))
    bars = [timeline_bar(task, index, x_of, now=now, after=after.get(task.pk, []))
            for index, task in enumerate(tasks)]
    business = BusinessCalendar(run.country, run.time_zone)
    days = [first + timedelta(days=offset) for offset in range(day_count)]
    marks = [DayMark(x=round(LABEL_WIDTH + offset * day_width, 1),
                     center=round(LABEL_WIDTH + (offset + 0.5) * day_width, 1), day=day,
                     label=day_label(day, day_width)) for offset, day in enumerate(days)]
    in_range = first <= local(now, zone).date() <= last
    return Timeline(
        width=round(LABEL_WIDTH + day_count * day_width), height=HEADER_HEIGHT + len(tasks) * ROW_HEIGHT,
        chart_left=LABEL_WIDTH, day_width=round(day_width, 2), bars=bars,
        days_off=[mark for mark in marks if not business.is_business_day(mark.day)],
        day_marks=[mark for mark in marks if mark.label],
        months=[mark for mark in marks if mark.day.day == 1 or mark.day == first],
        milestone_x=x_of(run.milestone_at), today_x=x_of(now) if in_range else None,
    )


def day_label(day: date, day_width: float) -> str:
    """Every day's number when there is room, else Mondays only, else nothing."""
    if day_width >= 16 or (day_width >= 5 and day.weekday() == 0):
        return str(day.day)
    return ""


def timeline_bar(task: Task, index: int, x_of: Callable[[datetime], float], *, now: datetime,
                 after: list[str]) -> Bar:
    start, end = x_of(task.starts_at), x_of(task.due_at)
    width = end - start
    if width < MOMENT_WIDTH:
        start, width = end - MOMENT_WIDTH / 2, MOMENT_WIDTH
    top = HEADER_HEIGHT + index * ROW_HEIGHT
    return Bar(task=task, label=shorten(task.title), x=round(start, 1), width=round(width, 1), y=top + 5,
               text_y=top + 16,
               classes=" ".join(task_classes(task, now)),
               after=after)


def task_classes(task: Task, now: datetime) -> list[str]:
    classes = ["pb-bar", f"pb-{task.status}"]
    if task.critical:
        classes.append("pb-critical")
    if task.is_late(now):
        classes.append("pb-late")
    return classes


# --- calendar ---


@dataclass
class CalendarDay:
    day: date
    in_month: bool
    business: bool
    tasks: list[Task] = field(default_factory=list)
    milestone: bool = False
    today: bool = False


@dataclass
class CalendarMonth:
    first: date
    weeks: list[list[CalendarDay]]


def run_calendar(run: Run, tasks: Sequence[Task], *, now: datetime) -> list[CalendarMonth]:
    """The months from the first due date to the milestone (or the last due date), weeks from Monday."""
    zone = ZoneInfo(run.time_zone)
    by_day: dict[date, list[Task]] = defaultdict(list)
    for task in tasks:
        by_day[local(task.due_at, zone).date()].append(task)
    milestone, today = local(run.milestone_at, zone).date(), local(now, zone).date()
    first = min([*by_day, milestone]).replace(day=1)
    last = max([*by_day, milestone])
    business = BusinessCalendar(run.country, run.time_zone)
    weeks_of = calendar.Calendar(firstweekday=0)
    months = []
    month = first
    while month <= last:
        weeks = [[CalendarDay(day=day, in_month=day.month == month.month,
                              business=business.is_business_day(day),
                              tasks=by_day.get(day, []) if day.month == month.month else [],
                              milestone=day == milestone, today=day == today)
                  for day in week] for week in weeks_of.monthdatescalendar(month.year, month.month)]
        months.append(CalendarMonth(first=month, weeks=weeks))
        month = (month + timedelta(days=32)).replace(day=1)
    return months


# --- board ---


@dataclass(frozen=True)
class Column:
    status: str
    label: str
    tasks: list[Task]


def board_columns(tasks: Sequence[Task]) -> list[Column]:
    by_status: dict[str, list[Task]] = defaultdict(list)
    for task in tasks:
        by_status[task.status].append(task)
    return [Column(status=value, label=str(label), tasks=by_status.get(value, []))
            for value, label in TaskStatus.choices]


# --- my tasks ---


@dataclass(frozen=True)
class TaskGroups:
    late: list[Task]
    this_week: list[Task]
    later: list[Task]

    def __len__(self) -> int:
        return len(self.late) + len(self.this_week) + len(self.later)


def my_task_groups(tasks: Sequence[Task], *, now: datetime, zone: ZoneInfo) -> TaskGroups:
    """Late (due before now), this week (due before next Monday in the reader's zone), later."""
    today = now.astimezone(zone).date()
    next_monday = datetime.combine(today + timedelta(days=7 - today.weekday()), datetime.min.time(), zone)
    return TaskGroups(late=[task for task in tasks if task.due_at < now],
                      this_week=[task for task in tasks if now <= task.due_at < next_monday],
                      later=[task for task in tasks if task.due_at >= next_monday])
