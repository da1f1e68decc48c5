"""Import a cycle's OKRs from a YAML file: `okrs_import(actor=…, text=…, filename=…)`.

The format is documented in docs/okrs-import.md (example: docs/okrs.example.yaml). Two passes:

1. The file is read with the line and column of every value and checked against the format; every
   problem is reported at once (`okrs.yaml:14:7 objectives[1].key_results[4]: …`).
2. Everything is written through okrs.services in one transaction. The first refusal of a service
   (the focus rule, target equal to start, a metric without a unit, a closed cycle…) rolls the whole
   import back and is reported at the line of the item it names: nothing is half-saved.

Importing the same file again changes nothing. An objective is the one of the same cycle, level,
team (or person, for personal objectives) and title; a key result the one of the same objective and
title; a team the one of the same name; an idea the one of the same title (letter case aside). The
fields the file names are updated; fields it leaves out keep their value; nothing is deleted.
"""

from __future__ import annotations

from django.db import transaction

from fusee.core.errors import DomainError
from fusee.core.located_yaml import Problem, Spot, load
from fusee.core.models import User
from fusee.core.services import audit_record
from fusee.okrs.importing.reading import read_plan
from fusee.okrs.importing.writing import ImportResult, Refused, Writer

__all__ = ["ImportFailed", "ImportResult", "Problem", "Spot", "okrs_import"]


class ImportFailed(DomainError):
    """The file was refused; nothing was saved. `problems` are in file order."""

    def __init__(self, filename: str, problems: list[Problem]) -> None:
        self.filename = filename
        self.problems = sorted(problems, key=lambda problem: (problem.spot.line, problem.spot.column))
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        return [problem.render(self.filename) for problem in self.problems]


def okrs_import(*, actor: User | None, text: str, filename: str) -> ImportResult:
    root, problems = load(text)
    plan = None
    if root is not None:
        plan, reading_problems = read_plan(root)
        problems += reading_problems
    if problems or plan is None:
        raise ImportFailed(filename, problems)
    try:
        with transaction.atomic():
            result = Writer(actor).write(plan)
            audit_record(actor=actor, action="okrs.cycle.import", target=result.cycle, changes={
                "file": filename, "created": dict(result.created), "updated": dict(result.updated),
            })
    except Refused as refused:
        raise ImportFailed(filename, [refused.problem]) from refused
    return result
