"""A playbook's YAML, read and checked: against schema.json, then for what a schema cannot say
(unique keys, known roles and steps, no dependency cycle). Every problem names file:line:column."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from fusee.core.errors import DomainError
from fusee.core.located_yaml import Item, Problem, Spot, load, plain
from fusee.playbooks.planning import StepSpec, dependency_cycle

SCHEMA_PATH = Path(__file__).with_name("schema.json")
RESERVED_KEYS = ("new", "my-tasks", "library", "runs", "tasks", "feed")  # pages under /playbooks/


class InvalidPlaybook(DomainError):
    """The problems, one per line, each starting with file:line:column."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@cache
def validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def document_read(text: str, *, filename: str = "playbook.yaml") -> dict[str, Any]:
    """The validated document, or InvalidPlaybook listing every problem found."""
    root, problems = load(text)
    if root is None or problems:
        raise InvalidPlaybook([problem.render(filename) for problem in problems])
    document = plain(root)
    problems = schema_problems(document, root)
    if not problems:
        problems = meaning_problems(document, root)
    if problems:
        raise InvalidPlaybook([problem.render(filename) for problem in problems])
    return document


# --- the schema ---


def schema_problems(document: Any, root: Item) -> list[Problem]:
    errors = sorted(validator().iter_errors(document), key=lambda e: [str(p) for p in e.absolute_path])
    return [Problem(spot_at(root, list(error.absolute_path)), schema_message(error)) for error in errors]


def schema_message(error: ValidationError) -> str:
    """jsonschema's message, shortened where it would print a whole step back to the reader."""
    if error.validator == "required":
        return gettext("a required field is missing: %(detail)s") % {"detail": error.message.split(" is ")[0]}
    if error.validator == "additionalProperties":
        return gettext("unknown field (%(detail)s)") % {"detail": error.message}
    return str(error.message)


def spot_at(root: Item, path: list[Any]) -> Spot:
    """Where the value at `path` is written; as deep as the file goes."""
    item = root
    for part in path:
        children = item.value
        found = isinstance(children, dict) and part in children
        found = found or (isinstance(children, list) and isinstance(part, int) and part < len(children))
        if not found:
            break
        item = children[part]
    return item.spot


# --- what the schema cannot say ---


def meaning_problems(document: dict[str, Any], root: Item) -> list[Problem]:
    steps, roles = document["steps"], document["roles"]
    problems = reserved_problems(root, document["key"])
    problems += duplicate_problems(root, "roles", [role["key"] for role in roles])
    problems += duplicate_problems(root, "steps", [step["key"] for step in steps])
    problems += reference_problems(root, steps, {role["key"] for role in roles})
    if not problems:
        problems += cycle_problems(root, steps)
    return problems


def reserved_problems(root: Item, key: str) -> list[Problem]:
    if key not in RESERVED_KEYS:
        return []
    message = gettext('"%(key)s" is the name of a Fusée page: choose another key') % {"key": key}
    return [Problem(spot_at(root, ["key"]), message)]


def duplicate_problems(root: Item, section: str, keys: list[str]) -> list[Problem]:
    seen: set[str] = set()
    problems = []
    for index, key in enumerate(keys):
        if key in seen:
            spot = spot_at(root, [section, index, "key"])
            problems.append(Problem(spot, gettext('the key "%(key)s" is used twice') % {"key": key}))
        seen.add(key)
    return problems


def reference_problems(root: Item, steps: list[dict[str, Any]], roles: set[str]) -> list[Problem]:
    keys = {step["key"] for step in steps}
    problems = []
    for index, step in enumerate(steps):
        if step["role"] not in roles:
            message = gettext('unknown role "%(role)s"; the roles are: %(roles)s')
            problems.append(Problem(spot_at(root, ["steps", index, "role"]),
                                    message % {"role": step["role"], "roles": ", ".join(sorted(roles))}))
        for position, needed in enumerate(step.get("depends_on", [])):
            if needed == step["key"] or needed not in keys:
                message = (gettext("a step cannot depend on itself") if needed == step["key"]
                           else gettext('depends on "%(key)s", which is not a step of this playbook'))
                spot = spot_at(root, ["steps", index, "depends_on", position])
                problems.append(Problem(spot, message % {"key": needed}))
    return problems


def cycle_problems(root: Item, steps: list[dict[str, Any]]) -> list[Problem]:
    cycle = dependency_cycle(step_specs(steps))
    if not cycle:
        return []
    index = [step["key"] for step in steps].index(cycle[0])
    message = gettext("the dependencies go round in a circle: %(cycle)s") % {"cycle": " → ".join(cycle)}
    return [Problem(spot_at(root, ["steps", index, "depends_on"]), message)]


def step_specs(steps: list[dict[str, Any]]) -> list[StepSpec]:
    return [
        StepSpec(key=step["key"], title=step["title"], offset=step["offset"],
                 offset_hours=float(step.get("offset_hours", 0)), duration=float(step.get("duration", 1)),
                 depends_on=tuple(step.get("depends_on", ())))
        for step in steps
    ]
