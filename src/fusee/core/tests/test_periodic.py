from __future__ import annotations

import pytest

from fusee.core.jobs import periodic


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(periodic, "REGISTRY", {})
    return periodic.REGISTRY


def test_it_runs_each_piece_of_work_once_per_interval(registry):
    calls: list[str] = []
    periodic.periodic("a", every=30)(lambda: calls.append("a"))
    periodic.periodic("b", every=10)(lambda: calls.append("b"))
    assert periodic.run_due(clock=lambda: 100.0) == ["a", "b"]
    assert periodic.run_due(clock=lambda: 115.0) == ["b"]
    assert periodic.run_due(clock=lambda: 131.0) == ["a", "b"]
    assert calls == ["a", "b", "b", "a", "b"]


def test_it_keeps_going_when_one_fails(registry, caplog):
    def broken() -> None:
        raise RuntimeError("boom")

    calls: list[str] = []
    periodic.periodic("broken", every=1)(broken)
    periodic.periodic("fine", every=1)(lambda: calls.append("fine"))
    assert periodic.run_due(clock=lambda: 5.0) == ["broken", "fine"]
    assert calls == ["fine"] and "periodic work failed" in caplog.text


def test_it_registers_the_nurturing_tick():
    import fusee.nurturing.tasks  # noqa: F401

    assert periodic.REGISTRY["nurturing.tick"].every == 30
