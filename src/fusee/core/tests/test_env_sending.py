"""The sending pace and hours read from the environment."""

from __future__ import annotations

import pytest

from fusee.config import env
from fusee.config.env import ConfigError


def test_it_reads_a_rate_and_leaves_it_unset_when_absent(monkeypatch):
    monkeypatch.setenv("FUSEE_SEND_RATE", "12.5")
    assert env.rate("FUSEE_SEND_RATE") == 12.5
    monkeypatch.delenv("FUSEE_SEND_RATE")
    assert env.rate("FUSEE_SEND_RATE") is None


@pytest.mark.parametrize("raw", ["0", "-3", "fast", "inf", "nan"])
def test_it_refuses_a_rate_that_is_not_a_positive_number(monkeypatch, raw):
    monkeypatch.setenv("FUSEE_SEND_RATE_PER_DOMAIN", raw)
    with pytest.raises(ConfigError, match="FUSEE_SEND_RATE_PER_DOMAIN: expected messages per second above 0"):
        env.rate("FUSEE_SEND_RATE_PER_DOMAIN")


def test_it_reads_sending_hours(monkeypatch):
    assert env.hours("FUSEE_SEND_HOURS", (8, 18)) == (8, 18)
    monkeypatch.setenv("FUSEE_SEND_HOURS", " 9 - 17 ")
    assert env.hours("FUSEE_SEND_HOURS", (8, 18)) == (9, 17)


@pytest.mark.parametrize(("raw", "problem"), [
    ("nine to five", 'expected hours like "8-18"'),
    ("18-8", "the opening hour must come before the closing one"),
    ("8-25", "the opening hour must come before the closing one"),
])
def test_it_refuses_hours_it_cannot_read(monkeypatch, raw, problem):
    monkeypatch.setenv("FUSEE_SEND_HOURS", raw)
    with pytest.raises(ConfigError, match=f"FUSEE_SEND_HOURS: {problem}"):
        env.hours("FUSEE_SEND_HOURS", (8, 18))
