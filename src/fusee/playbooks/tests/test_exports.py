"""A run's tasks as CSV and XLSX for monday.com's board import, read back as a spreadsheet would."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from fusee.core.models import User
from fusee.playbooks import exports, services
from fusee.playbooks.models import Run, Task, TaskStatus
from fusee.playbooks.tests.factories import make_run
from fusee.testing.factories import UserFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
HEADER = ["Name", "Group", "Status", "Person", "Role", "Start date", "Due date", "Due time", "Timeline",
          "Priority", "Depends on", "Checklist", "Link"]
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def ana() -> User:
    return UserFactory.create(email="ana@example.com", full_name="Ana Lopez")


@pytest.fixture
def run(ana) -> Run:
    run = make_run(people={"host": ana})
    services.task_tick(actor=None, task=run.tasks.get(step_key="topic"), index=0, done=True)
    services.task_set_status(actor=None, task=run.tasks.get(step_key="invite"), status=TaskStatus.DONE)
    return run


def csv_rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def local(moment: datetime) -> datetime:
    return moment.astimezone(PARIS)


def test_it_writes_a_utf8_csv_with_a_bom_and_monday_columns(run):
    exported = exports.run_csv(run)
    assert exported.content.startswith(b"\xef\xbb\xbf")
    assert exported.name.startswith("small-webinar-") and exported.name.endswith(".csv")
    assert next(csv.reader(io.StringIO(exported.content.decode("utf-8-sig")))) == HEADER
    rows = csv_rows(exported.content)
    assert [row["Name"] for row in rows] == ["Choose the topic", "Build the landing page",
                                             "Send the invitations", "Go live"]
    topic = run.tasks.get(step_key="topic")
    first = rows[0]
    assert (first["Status"], first["Person"], first["Role"]) == ("Not Started", "ana@example.com", "Host")
    assert first["Start date"] == f"{local(topic.starts_at):%Y-%m-%d}"
    assert first["Due date"] == f"{local(topic.due_at):%Y-%m-%d}" and first["Due time"] == "11:00"
    assert first["Timeline"] == f"{local(topic.starts_at):%Y-%m-%d} - {local(topic.due_at):%Y-%m-%d}"
    assert first["Priority"] == ("Critical" if topic.critical else "")
    assert first["Checklist"] == "[x] Topic written down; [ ] Sales agree"
    assert first["Link"] == f"http://127.0.0.1:8000/playbooks/tasks/{topic.pk}/"
    landing, invite, live = rows[1:]
    assert (landing["Person"], landing["Role"], landing["Depends on"]) == ("", "Designer", "Choose the topic")
    assert invite["Status"] == "Done"
    assert live["Group"] == f"Milestone week ({monday_of(run.milestone_at):%Y-%m-%d})"


def monday_of(moment: datetime) -> date:
    day = local(moment).date()
    return date.fromordinal(day.toordinal() - day.weekday())


def test_it_groups_tasks_by_week_before_the_milestone():
    milestone = date(2027, 3, 18)  # a Thursday
    assert exports.week_group(date(2027, 3, 15), milestone) == "Milestone week (2027-03-15)"
    assert exports.week_group(date(2027, 3, 12), milestone) == "1 week before (2027-03-08)"
    assert exports.week_group(date(2027, 2, 22), milestone) == "3 weeks before (2027-02-22)"
    assert exports.week_group(date(2027, 3, 23), milestone) == "1 week after (2027-03-22)"


def test_it_keeps_a_title_that_looks_like_a_formula_as_text(run):
    Task.objects.filter(run=run, step_key="live").update(title='=HYPERLINK("http://evil.example","x")')
    rows = csv_rows(exports.run_csv(run).content)
    assert rows[-1]["Name"] == "'=HYPERLINK(\"http://evil.example\",\"x\")"
    sheet = load_workbook(io.BytesIO(exports.run_xlsx(run).content)).active
    assert sheet.cell(row=5, column=1).value.startswith("'=")


def test_it_writes_an_xlsx_with_real_dates(run):
    exported = exports.run_xlsx(run)
    assert exported.name.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(exported.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    assert len(rows) == 5
    topic = run.tasks.get(step_key="topic")
    first = dict(zip(HEADER, rows[1], strict=True))
    assert first["Name"] == "Choose the topic" and first["Person"] == "ana@example.com"
    assert first["Start date"] == datetime.combine(local(topic.starts_at).date(), datetime.min.time())
    assert first["Due date"] == datetime.combine(local(topic.due_at).date(), datetime.min.time())
    assert sheet.cell(row=2, column=HEADER.index("Due date") + 1).number_format == "yyyy-mm-dd"
    assert [row[2] for row in rows[1:]] == ["Not Started", "Not Started", "Done", "Not Started"]


def test_it_serves_the_exports_to_people_logged_in_only(run, marketer_client):
    for name, content_type in (("run_export_csv", "text/csv; charset=utf-8"), ("run_export_xlsx", XLSX_TYPE)):
        url = reverse(f"playbooks:{name}", args=[run.pk])
        assert Client().get(url).status_code == 302
        response = marketer_client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == content_type
        assert response["Content-Disposition"].startswith('attachment; filename="small-webinar-')
    assert marketer_client.get(reverse("playbooks:run_export_csv", args=[run.pk + 99])).status_code == 404
