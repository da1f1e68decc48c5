"""The browser fixtures every browser test shares (registered by fusee.testing.plugin): one headless
Debian Chromium per session, and a page per test that records the Content Security Policy errors
the console reports (`page.csp_errors`)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make around it
# are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    from fusee.testing.plugin import CHROMIUM

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url, locale="en-GB",
                                  viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.csp_errors = []
    page.on("console", lambda m: "Content Security Policy" in m.text and page.csp_errors.append(m.text))
    yield page
    context.close()


def log_in(page: Any, email: str, password: str = "") -> None:
    """Log in through the form; the factories' password unless another is given."""
    from fusee.testing.factories import PASSWORD  # models: only once Django is set up

    page.goto("/")
    page.fill("#id_username", email)
    page.fill("#id_password", password or PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)
    loaded(page)


def loaded(page: Any) -> None:
    """Wait until the deferred scripts have bound their handlers (htmx, autosubmit)."""
    page.wait_for_load_state("load")
