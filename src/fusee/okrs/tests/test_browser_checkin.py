"""The inline check-in on the OKR board, in a real headless Chromium: open, type, Enter, done."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from fusee.core.models import Role
from fusee.okrs.models import CheckIn, Confidence
from fusee.okrs.tests.factories import CycleFactory, KeyResultFactory, ObjectiveFactory
from fusee.testing.factories import PASSWORD, UserFactory
from fusee.testing.plugin import CHROMIUM

pytestmark = pytest.mark.browser

# Playwright's sync API runs an event loop in this thread; the ORM calls around it stay synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# tests/browser/conftest.py holds the same two fixtures, but `tests` is not importable from an
# app's test folder when only that folder runs.
@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, live_server) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    yield context.new_page()
    context.close()


@pytest.fixture
def csp_errors(page: Page) -> list[str]:
    seen: list[str] = []

    def record(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            seen.append(message.text)

    page.on("console", record)
    return seen


def log_in(page: Page, email: str) -> None:
    page.goto("/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)


def test_it_checks_in_from_the_board_without_leaving_it(page: Page, csp_errors: list[str]):
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
    assert csp_errors == []
