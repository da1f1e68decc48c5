"""The parsed form of a segment expression: small immutable nodes that remember their position."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal as TypingLiteral

ValueKind = TypingLiteral["string", "number", "date", "duration", "word"]


@dataclass(frozen=True)
class Name:
    text: str  # lower-cased identifier: a field, event, function or keyword argument
    position: int


@dataclass(frozen=True)
class Value:
    kind: ValueKind
    raw: str  # as typed (quotes removed and escapes resolved for strings)
    position: int

    def shown(self) -> str:
        return f'"{self.raw}"'


@dataclass(frozen=True)
class Compare:
    field: Name
    op: str  # = != < <= > >=
    value: Value


@dataclass(frozen=True)
class InValues:
    field: Name
    values: tuple[Value, ...]


@dataclass(frozen=True)
class Contains:
    field: Name
    value: Value


@dataclass(frozen=True)
class StartsWith:
    field: Name
    value: Value


@dataclass(frozen=True)
class IsEmpty:
    field: Name


@dataclass(frozen=True)
class Flag:
    field: Name


@dataclass(frozen=True)
class Argument:
    value: Value
    key: Name | None = None  # within=30d, campaign="x", times>=3
    op: str = "="


@dataclass(frozen=True)
class Call:
    function: Name
    arguments: tuple[Argument, ...]
    end: int  # position of the closing parenthesis, for errors about what is missing


@dataclass(frozen=True)
class Not:
    operand: Node


@dataclass(frozen=True)
class And:
    operands: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    operands: tuple[Node, ...]


Condition = Compare | InValues | Contains | StartsWith | IsEmpty | Flag | Call
Node = Condition | Not | And | Or
