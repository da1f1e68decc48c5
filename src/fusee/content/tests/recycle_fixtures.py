"""Fixtures of the recycling tests: each test gets its own data folder."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def content_data_dir(settings, tmp_path) -> Path:
    """FUSEE_DATA_DIR for this test only: recycling ids restart with each test database, folders would not."""
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR
