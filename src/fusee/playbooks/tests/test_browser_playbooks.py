"""A run from the library's webinar, in a real headless Chromium: plan it, read its timeline,
tick a checklist item and close a task from the panel beside the timeline."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from fusee.core.models import Role
from fusee.playbooks.models import Run, TaskStatus
from fusee.playbooks.tests.factories import next_weekday_at
from fusee.testing.browser import log_in
from fusee.testing.factories import UserFactory

pytestmark = pytest.mark.browser

def test_it_plans_a_webinar_then_ticks_and_closes_a_task_from_the_timeline(page):
    me = UserFactory.create(email="mia@example.com", full_name="Mia Marketer", role=Role.MARKETER)
    log_in(page, "mia@example.com")
    page.goto("/playbooks/")
    page.get_by_test_id("library-load").click()
    expect(page.get_by_text("library is loaded")).to_be_visible()

    page.get_by_role("link", name="Plan a run").click()
    page.select_option("#id_playbook", "webinar")  # the select sends its form: the roles appear
    page.wait_for_url(re.compile(r"playbook=webinar"))
    page.fill("#id_name", "Autumn webinar")
    page.fill("#id_milestone_date", next_weekday_at(120).date().isoformat())
    page.select_option("#id_role_owner", str(me.pk))
    page.get_by_role("button", name="Plan", exact=True).click()

    page.wait_for_url(re.compile(r"/playbooks/runs/\d+/"))
    run = Run.objects.get(name="Autumn webinar")
    first = run.tasks.order_by("due_at", "position").first()
    assert first is not None and len(first.checklist) >= 1
    expect(page.get_by_test_id("timeline")).to_be_visible()
    expect(page.get_by_test_id("bar")).to_have_count(run.tasks.count())
    expect(page.get_by_test_id("milestone-line")).to_have_count(1)

    # A bar opens its task in the panel beside the timeline, without leaving the run.
    page.locator(f"[data-task='{first.pk}'] a").click()
    panel = page.locator("#task-panel [data-testid=task-panel]")
    expect(panel).to_contain_text(first.title)
    ticks = panel.get_by_test_id("tick")
    ticks.first.check()
    expect(panel.get_by_test_id("checklist")).to_contain_text(f"1/{len(first.checklist)}")
    first.refresh_from_db()
    assert first.checklist[0]["done"] is True

    for index in range(1, len(first.checklist)):
        ticks.nth(index).check()
        expect(panel.get_by_test_id("checklist")).to_contain_text(f"{index + 1}/{len(first.checklist)}")
    panel.get_by_test_id("status-done").click()
    expect(panel.get_by_test_id("task-status")).to_have_text("Done")
    # The timeline heard the change and drew the bar as done.
    expect(page.locator(f"[data-task='{first.pk}']")).to_have_class(re.compile(r"\bpb-done\b"))
    expect(page.get_by_test_id("progress")).to_contain_text(f"1 / {run.tasks.count()} tasks finished")

    first.refresh_from_db()
    assert first.status == TaskStatus.DONE and first.override_reason == ""
    assert re.search(r"/playbooks/runs/\d+/$", page.url)  # never left the run
    assert page.csp_errors == []
