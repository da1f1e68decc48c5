"""The UI shell in a real headless Chromium: login, navigation, language, roles, phone."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from fusee.core.models import Role
from fusee.testing.browser import loaded, log_in
from fusee.testing.factories import PASSWORD, UserFactory


def test_it_logs_in_navigates_filters_and_logs_out(page):
    UserFactory.create(email="mia@example.com", full_name="Mia Marketer", role=Role.MARKETER)
    UserFactory.create(email="vic@example.com", full_name="Vic Viewer", role=Role.VIEWER)
    page.goto("/team/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/team/"))
    log_in(page, "mia@example.com", PASSWORD)
    expect(page.get_by_role("heading", name="My company")).to_be_visible()
    for canvas in page.locator("canvas[data-chart]").all():
        expect(canvas).to_have_attribute("data-drawn", "1")
    page.get_by_role("link", name="Team").click()
    loaded(page)
    expect(page.locator("#people tbody tr")).to_have_count(2)
    page.select_option("#id_role", "viewer")
    expect(page.locator("#people tbody tr")).to_have_count(1)
    expect(page.locator("#people")).to_contain_text("Vic Viewer")
    expect(page).to_have_url(re.compile(r"role=viewer"))
    page.click("#user-menu")
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/login/"))
    assert page.csp_errors == []


def test_it_switches_the_language_to_french_and_back(page):
    UserFactory.create(email="mia@example.com", role=Role.MARKETER)
    log_in(page, "mia@example.com", PASSWORD)
    page.select_option("#language-select", "fr")
    expect(page.get_by_role("link", name="Tableau de bord")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.get_by_role("link", name="Équipe").click()
    expect(page.get_by_role("heading", name="Équipe")).to_be_visible()
    loaded(page)
    page.select_option("#language-select", "en")
    expect(page.get_by_role("heading", name="Team")).to_be_visible()


def test_it_keeps_a_viewer_out_of_change_forms(page):
    UserFactory.create(email="vic@example.com", role=Role.VIEWER)
    log_in(page, "vic@example.com", PASSWORD)
    page.get_by_role("link", name="Team").click()
    expect(page.get_by_role("link", name="Add a person")).to_have_count(0)
    response = page.goto("/team/new/")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", name="Not allowed")).to_be_visible()
    page.goto("/settings/")
    expect(page.get_by_text("Only an admin can change these settings.")).to_be_visible()
    expect(page.locator("form button[type=submit]", has_text="Save")).to_have_count(0)


def test_it_fits_a_phone_screen(page):
    UserFactory.create(email="mia@example.com", role=Role.MARKETER)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "mia@example.com", PASSWORD)
    team_link = page.get_by_role("link", name="Team")
    expect(team_link).to_be_hidden()
    page.get_by_role("button", name="Menu").click()
    expect(team_link).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
