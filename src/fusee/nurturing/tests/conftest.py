from __future__ import annotations

import pytest

from fusee.nurturing.transport.sink import SinkServer


@pytest.fixture
def sink(tmp_path):
    """The built-in mail sink (aiosmtpd) on a free port, its Maildir in tmp_path."""
    with SinkServer(directory=tmp_path / "sink") as server:
        yield server
