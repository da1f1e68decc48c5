"""A marketer builds a three-step sequence in the draft editor (HTMX swaps) and publishes it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from fusee.core.models import Role
from fusee.nurturing.models import Sequence, SequenceStatus
from fusee.nurturing.tests.factories import email_with_content
from fusee.testing.browser import loaded, log_in
from fusee.testing.factories import PASSWORD, UserFactory


@pytest.fixture
def marketer_page(page: Page) -> Page:  # after `page`: the live server's database is ready
    UserFactory.create(email="mia@example.com", role=Role.MARKETER)
    email_with_content(name="Welcome <b>guide</b>")
    log_in(page, "mia@example.com", PASSWORD)
    return page


def add_step(page: Page, *, after: str, kind: str) -> None:
    page.select_option(f"#add-kind-{after}", kind)
    page.click(f"#add-after-{after}")
    expect(page.locator("#step-form")).to_be_visible()


def save_step(page: Page) -> None:
    page.get_by_role("button", name="Save the step").click()
    expect(page.locator("#step-form")).to_have_count(0)


def test_it_builds_a_three_step_sequence_and_publishes_it(marketer_page: Page):
    page = marketer_page
    page.goto("/nurturing/")
    page.click("#sequence-new")
    page.fill("#id_name", "Trial follow-up")
    page.select_option("#id_trigger", "score")
    expect(page.locator("#id_min_score")).to_be_visible()  # HTMX swapped in the trigger's fields
    page.fill("#id_min_score", "40")
    page.get_by_role("button", name="Create and edit the steps").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Draft of version 1")
    loaded(page)

    add_step(page, after="start", kind="send")
    page.select_option("#id_email_sent", label="Welcome <b>guide</b>")
    save_step(page)
    add_step(page, after="send-1", kind="wait")
    page.fill("#id_days", "3")
    save_step(page)
    add_step(page, after="wait-2", kind="goal")
    page.fill("#id_description", "Books a demo")
    save_step(page)
    expect(page.locator("#steps > li")).to_have_count(3)
    expect(page.locator("#draft-step-wait-2")).to_contain_text("3 days")
    expect(page.locator("#not-publishable")).to_have_count(0)

    page.click("#publish-open")
    page.click("#publish-confirm")
    expect(page.get_by_role("status").first).to_contain_text("Version 1 is published")
    expect(page.locator("#step-send-1")).to_contain_text("Welcome <b>guide</b>")
    assert page.csp_errors == []  # type: ignore[attr-defined]

    sequence = Sequence.objects.get()
    assert (sequence.status, sequence.trigger_config) == (SequenceStatus.LIVE, {"min_score": 40})
    version = sequence.live_version()
    assert version is not None and version.number == 1
    assert list(version.steps.values_list("key", "kind", "next_key")) == [
        ("send-1", "send", "wait-2"), ("wait-2", "wait", "goal-3"), ("goal-3", "goal", "")]
