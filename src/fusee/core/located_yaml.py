"""YAML read into values that remember where they stand in the file, to name lines in problems
(the OKR import and the playbooks both read their files through it).

PyYAML's node tree carries marks (0-based line and column); this module turns it into `Item`s with a
1-based `Spot` and the path a person reads (`objectives[1].key_results[4].target`), and reports what
plain `yaml.safe_load` would hide: a field given twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import yaml
from django.utils.translation import gettext
from yaml.constructor import ConstructorError, SafeConstructor

MAX_VALUES = 20_000  # a cycle's OKRs are a few hundred; aliases could otherwise expand without end


@dataclass(frozen=True)
class Spot:
    path: str
    line: int
    column: int

    @classmethod
    def of(cls, mark: yaml.Mark | None, path: str = "") -> Spot:
        if mark is None:
            return cls(path, 1, 1)
        return cls(path, mark.line + 1, mark.column + 1)

    def child(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name


@dataclass(frozen=True)
class Problem:
    spot: Spot
    message: str

    def render(self, filename: str) -> str:
        where = f"{filename}:{self.spot.line}:{self.spot.column}"
        return f"{where} {self.spot.path}: {self.message}" if self.spot.path else f"{where}: {self.message}"


@dataclass
class Item:
    """A value of the file: a dict of Items, a list of Items, or a scalar (str, int, float, bool, None…)."""

    value: Any
    spot: Spot
    key_spots: dict[str, Spot] = field(default_factory=dict)  # where each field's name is written


def load(text: str) -> tuple[Item | None, list[Problem]]:
    """The document as Items, or None with the syntax problem (or "the file is empty")."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        return None, [syntax_problem(error)]
    except yaml.YAMLError as error:  # a reader error: a character YAML does not allow
        return None, [Problem(Spot.of(None), gettext("not a YAML file: %(error)s") % {"error": error})]
    if root is None:
        return None, [Problem(Spot.of(None), gettext("the file is empty"))]
    problems: list[Problem] = []
    try:
        return Located(problems).item(root, ""), problems
    except (TooLarge, RecursionError):  # aliases that repeat or contain themselves
        message = gettext("more than %(max)s values: is an alias (*name) repeating itself?")
        return None, [Problem(Spot.of(None), message % {"max": f"{MAX_VALUES:,}"})]


def syntax_problem(error: yaml.MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    detail = ", ".join(part for part in (error.problem, error.context) if part)
    return Problem(Spot.of(mark), gettext("YAML syntax: %(detail)s") % {"detail": detail})


class TooLarge(Exception):
    pass


class Located:
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        self.constructor = SafeConstructor()
        self.budget = MAX_VALUES

    def item(self, node: yaml.Node, path: str) -> Item:
        self.budget -= 1
        if self.budget < 0:
            raise TooLarge
        spot = Spot.of(node.start_mark, path)
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, spot)
        if isinstance(node, yaml.SequenceNode):
            children = [self.item(child, f"{path}[{index}]") for index, child in enumerate(node.value)]
            return Item(children, spot)
        return Item(self.scalar(node, spot), spot)

    def mapping(self, node: yaml.MappingNode, spot: Spot) -> Item:
        values: dict[str, Item] = {}
        key_spots: dict[str, Spot] = {}
        for key_node, value_node in node.value:
            name = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else ""
            key_spot = Spot.of(key_node.start_mark, spot.child(name) if name else spot.path)
            if not name:
                self.problems.append(Problem(key_spot, gettext("a field name must be plain text")))
            elif name in values:
                self.problems.append(Problem(key_spot, gettext('"%(name)s" is given twice') % {"name": name}))
            else:
                values[name] = self.item(value_node, spot.child(name))
                key_spots[name] = key_spot
        return Item(values, spot, key_spots)

    def scalar(self, node: yaml.Node, spot: Spot) -> Any:
        try:
            return self.constructor.construct_object(node, deep=True)
        except ConstructorError as error:  # a tag such as !!python/object: never run
            message = gettext("YAML syntax: %(detail)s") % {"detail": error.problem}
            self.problems.append(Problem(spot, message))
            return None


def plain(item: Item) -> Any:
    """The value without its spots, ready for a JSON field (dates as ISO text)."""
    if isinstance(item.value, dict):
        return {name: plain(child) for name, child in item.value.items()}
    if isinstance(item.value, list):
        return [plain(child) for child in item.value]
    return item.value.isoformat() if isinstance(item.value, date) else item.value
