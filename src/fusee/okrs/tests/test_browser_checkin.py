"""The inline check-in on the OKR board, in a real headless Chromium: open, type, Enter, done."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from fusee.core.models import Role
from fusee.okrs.models import CheckIn, Confidence
from fusee.okrs.tests.factories import CycleFactory, KeyResultFactory, ObjectiveFactory
from fusee.testing.browser import log_in
from fusee.testing.factories import UserFactory

pytestmark = pytest.mark.browser

def test_it_checks_in_from_the_board_without_leaving_it(page):
    UserFactory.create(email="mia@example.com", role=Role.MARKETER)
    objective = ObjectiveFactory.create(cycle=CycleFactory.create(), title="Fill the pipeline")
    mqls = KeyResultFactory.create(objective=objective, title="MQLs from webinars", target=200, current=10)
    site = KeyResultFactory.create(objective=objective, title="German pages live", target=10, unit="pages")
    log_in(page, "mia@example.com")
    page.goto("/okrs/?cycle=2027-Q1")
    page.wait_for_load_state("load")

    row = page.locator(f"#kr-{mqls.pk}")
    row.get_by_text("Check in", exact=True).click()
    value = row.locator("input[name=value]")
    expect(value).to_be_focused()  # opening the check-in puts the cursor in the value
    value.fill("150")
    row.locator(f"label[for=kr{mqls.pk}-at_risk]").click()
    row.locator("input[name=comment]").fill("Webinar #3 <b>sold out</b>")
    row.locator("input[name=comment]").press("Enter")

    expect(page.locator(f"#kr-{mqls.pk} [data-testid=kr-value]")).to_contain_text("150 / 200 MQLs")
    expect(page.locator(f"#kr-{mqls.pk} [data-testid=confidence]")).to_have_text("At risk")
    expect(page.locator(f"#objective-{objective.pk}-progress")).to_contain_text("38%")  # (75 % + 0 %) / 2
    expect(page.locator(f"#kr-{mqls.pk} details")).not_to_have_attribute("open", "")

    # The next one by keyboard alone: focus its "Check in", Enter, type the value, Enter.
    page.locator(f"#kr-{site.pk} summary").focus()
    page.keyboard.press("Enter")
    expect(page.locator(f"#kr-{site.pk} input[name=value]")).to_be_focused()
    page.keyboard.type("4")
    page.keyboard.press("Enter")
    expect(page.locator(f"#kr-{site.pk} [data-testid=kr-value]")).to_contain_text("4 / 10 pages")

    saved = {c.key_result_id: c for c in CheckIn.objects.all()}
    assert (saved[mqls.pk].value, saved[mqls.pk].confidence) == (150, Confidence.AT_RISK)
    assert saved[mqls.pk].comment == "Webinar #3 <b>sold out</b>" and saved[site.pk].value == 4
    assert page.url.endswith("/okrs/?cycle=2027-Q1")  # never left the board
    assert page.csp_errors == []
