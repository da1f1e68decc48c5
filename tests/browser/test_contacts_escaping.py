"""Names holding HTML or script are shown as text on the contact pages, never run as markup.

The CSP already blocks inline script, so `window.__pwned` alone would not catch a missing
escape: the tests also look for the injected elements in the DOM and for CSP reports.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Dialog, Page, expect

from fusee.contacts.models import Contact
from fusee.contacts.tests.factories import CompanyFactory, ContactFactory
from fusee.core.models import Role
from fusee.testing.browser import loaded, log_in
from fusee.testing.factories import PASSWORD, UserFactory

FIRST = '<img src=x onerror="window.__pwned=1;alert(1)">'
LAST = "<script>window.__pwned=2;alert(2)</script>Dupont"
COMPANY = "<b>ACME</b>"
TITLE = '"><svg onload=window.__pwned=3;alert(3)>'
TERM = '"><img src=x onerror=window.__pwned=4;alert(4)>'
INJECTED = "img[src=x], svg[onload], script:has-text('__pwned'), b:has-text('ACME')"


@pytest.fixture
def hostile(page: Page) -> Contact:  # after `page`: the live server's database is ready
    ContactFactory.create(first_name="Zed", last_name="Other")
    company = CompanyFactory.create(name=COMPANY)
    return ContactFactory.create(first_name=FIRST, last_name=LAST, job_title=TITLE, company=company)


@pytest.fixture
def dialogs(page: Page) -> list[str]:
    """Logs a marketer in and records every dialog the page opens from then on."""
    # The `marketer` fixture of src/fusee/conftest.py does not reach tests/: made here instead.
    UserFactory.create(email="mia@example.com", role=Role.MARKETER)
    seen: list[str] = []

    def record(dialog: Dialog) -> None:
        seen.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)
    log_in(page, "mia@example.com", PASSWORD)
    return seen


def assert_inert(page: Page, dialogs: list[str], *texts: str) -> None:
    shown = page.locator("main").inner_text()
    for text in texts:
        assert text in shown
    assert page.locator(INJECTED).count() == 0
    assert page.evaluate("window.__pwned") is None
    assert dialogs == []
    assert page.csp_errors == []  # type: ignore[attr-defined]


def test_it_shows_hostile_names_as_text_in_the_contact_list(page: Page, hostile: Contact, dialogs: list[str]):
    page.goto("/contacts/")
    loaded(page)
    expect(page.locator("#contact-results tbody tr")).to_have_count(2)
    expect(page.get_by_role("link", name=f"{FIRST} {LAST}")).to_be_visible()
    assert_inert(page, dialogs, f"{FIRST} {LAST}", COMPANY, TITLE)


def test_it_shows_hostile_names_as_text_in_search_results(page: Page, hostile: Contact, dialogs: list[str]):
    page.goto("/contacts/?" + urlencode({"q": "<script>window"}))
    loaded(page)
    expect(page.locator("#contact-results tbody tr")).to_have_count(1)
    assert_inert(page, dialogs, f"{FIRST} {LAST}", COMPANY, TITLE)
    page.fill("#id_q", "<b>ACME")  # the htmx live search swaps the results in
    expect(page).to_have_url(re.compile(re.escape(urlencode({"q": "<b>ACME"}))))
    expect(page.locator("#contact-results tbody tr")).to_have_count(1)
    assert_inert(page, dialogs, f"{FIRST} {LAST}", COMPANY, TITLE)


def test_it_echoes_a_hostile_search_term_as_text(page: Page, hostile: Contact, dialogs: list[str]):
    page.goto("/contacts/?" + urlencode({"q": TERM}))
    loaded(page)
    expect(page.locator("#id_q")).to_have_value(TERM)
    expect(page.get_by_text("No contact matches.")).to_be_visible()
    assert_inert(page, dialogs)


def test_it_shows_hostile_names_as_text_on_the_contact_page(page: Page, hostile: Contact, dialogs: list[str]):
    page.goto(f"/contacts/{hostile.pk}/")
    loaded(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{FIRST} {LAST}")
    assert f"{FIRST} {LAST}" in page.title()
    assert_inert(page, dialogs, f"{FIRST} {LAST}", f"{TITLE} · {COMPANY}")


def test_it_shows_hostile_names_as_text_on_the_score_breakdown(
    page: Page, hostile: Contact, dialogs: list[str]
):
    page.goto(f"/scoring/contacts/{hostile.pk}/")
    loaded(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"{FIRST} {LAST}")
    assert f"{FIRST} {LAST}" in page.title()
    assert_inert(page, dialogs, f"{FIRST} {LAST}")
