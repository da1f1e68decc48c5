from __future__ import annotations

import pytest

# The browser and page fixtures, log_in and loaded: fusee.testing.browser, for every browser test.


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
