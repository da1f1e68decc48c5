"""A run's tasks as CSV or XLSX, laid out for monday.com's board import (and any spreadsheet).

monday.com makes one item per row below a header row; in its import wizard each column is mapped to
a column type, so the headers use monday's own names: Name (the item name, first), Group, Status
(its default labels: Not Started, Working on it, Done; "Skipped" becomes a new label), Person
(the assignee's email, which monday matches to a board member), Start date and Due date
(YYYY-MM-DD), Timeline ("start - end", as monday writes it), Priority (Critical on the critical
path), then text columns. Items are grouped by week relative to the milestone's week, the
rhythm of a retro-planning. The headers stay in English, as the importer expects; the
values are in the reader's language.

The CSV is UTF-8 with a byte-order mark, which Excel needs to read accents; text a spreadsheet
would run as a formula is written as text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.text import slugify
from django.utils.translation import gettext, ngettext

from fusee.playbooks import selectors
from fusee.playbooks.links import absolute, task_path
from fusee.playbooks.models import Run, Task, TaskStatus

COLUMNS = ("Name", "Group", "Status", "Person", "Role", "Start date", "Due date", "Due time", "Timeline",
           "Priority", "Depends on", "Checklist", "Link")
DATE_COLUMNS = ("Start date", "Due date")
MONDAY_STATUS = {TaskStatus.TODO: "Not Started", TaskStatus.DOING: "Working on it", TaskStatus.DONE: "Done",
                 TaskStatus.SKIPPED: "Skipped"}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
WIDTHS = {"Name": 44, "Group": 26, "Status": 14, "Person": 28, "Role": 16, "Timeline": 24, "Depends on": 36,
          "Checklist": 50, "Link": 40}


@dataclass(frozen=True)
class ExportFile:
    name: str
    content_type: str
    content: bytes


def export_rows(run: Run) -> Iterator[dict[str, Any]]:
    """One row per task, by due date; dates are `date` objects in the run's time zone."""
    zone = ZoneInfo(run.time_zone)
    milestone_day = run.milestone_at.astimezone(zone).date()
    roles = {role["key"]: role["name"] for role in run.version.roles}
    for task in selectors.run_tasks(run):
        starts, due = task.starts_at.astimezone(zone), task.due_at.astimezone(zone)
        yield {
            "Name": task.title,
            "Group": week_group(due.date(), milestone_day),
            "Status": MONDAY_STATUS[TaskStatus(task.status)],
            "Person": task.assignee.email if task.assignee else "",
            "Role": roles.get(task.role, task.role),
            "Start date": starts.date(),
            "Due date": due.date(),
            "Due time": f"{due:%H:%M}",
            "Timeline": f"{starts:%Y-%m-%d} - {due:%Y-%m-%d}",
            "Priority": "Critical" if task.critical else "",
            "Depends on": ", ".join(needed.title for needed in task.depends_on.all()),
            "Checklist": checklist_text(task),
            "Link": absolute(task_path(task)),
        }


def week_group(day: date, milestone_day: date) -> str:
    """The week of `day` relative to the milestone's week, with that week's Monday."""
    monday = day - timedelta(days=day.weekday())
    weeks = (monday - (milestone_day - timedelta(days=milestone_day.weekday()))).days // 7
    if weeks == 0:
        label = gettext("Milestone week")
    elif weeks < 0:
        label = ngettext("%(count)s week before", "%(count)s weeks before", -weeks) % {"count": -weeks}
    else:
        label = ngettext("%(count)s week after", "%(count)s weeks after", weeks) % {"count": weeks}
    return f"{label} ({monday:%Y-%m-%d})"


def checklist_text(task: Task) -> str:
    return "; ".join(f"{'[x]' if item.get('done') else '[ ]'} {item['text']}" for item in task.checklist)


def safe_cell(value: Any) -> Any:
    """Text a spreadsheet would run as a formula is kept as text (CSV/formula injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def file_stem(run: Run) -> str:
    return slugify(run.name) or f"run-{run.pk}"


def run_csv(run: Run) -> ExportFile:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in export_rows(run):
        writer.writerow([csv_value(row[column]) for column in COLUMNS])
    content = buffer.getvalue().encode("utf-8-sig")
    return ExportFile(f"{file_stem(run)}.csv", "text/csv; charset=utf-8", content)


def csv_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else safe_cell(value)


def run_xlsx(run: Run) -> ExportFile:
    from openpyxl import Workbook  # loaded for an export only
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = run.name[:31].translate(str.maketrans("[]:*?/\\", "       ")) or "Tasks"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in export_rows(run):
        sheet.append([safe_cell(row[column]) for column in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = WIDTHS.get(column, 12)
        if column in DATE_COLUMNS:
            for cell in sheet[letter][1:]:
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "B2"
    buffer = io.BytesIO()
    book.save(buffer)
    return ExportFile(f"{file_stem(run)}.xlsx",
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer.getvalue())
