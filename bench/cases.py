"""The benchmark cases; each returns a row for the report."""

from __future__ import annotations

CASES: list = []


def selected(only: list[str]) -> list:
    return [case for case in CASES if not only or case.__name__ in only]
