"""Nodes → one Django Q on Contact. Values always travel as query parameters, never as SQL text.

NOT is the exact complement of its operand: a condition is compiled so that it is TRUE or FALSE
for every contact, never SQL NULL (Django adds the IS NOT NULL guards for plain columns, we add
them for computed expressions), so `not industry = "retail"` keeps the contacts without a company.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from datetime import datetime, time, timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone

from fusee.contacts.models import LegalBasis
from fusee.segments.language import nodes
from fusee.segments.language.custom import custom_condition, custom_empty
from fusee.segments.language.errors import SegmentSyntaxError, did_you_mean
from fusee.segments.language.events import call_condition
from fusee.segments.language.fields import (
    CUSTOM_PREFIX,
    DURATION_DAYS,
    FUNCTIONS,
    Field,
    Kind,
    find_field,
    known_names,
)

LOOKUPS = {"=": "exact", "<": "lt", "<=": "lte", ">": "gt", ">=": "gte"}


class Compiler:
    def __init__(self, text: str, now: datetime | None = None) -> None:
        self.text = text
        self.now = now or timezone.now()

    def error(self, what: str, position: int, hint: str = "") -> SegmentSyntaxError:
        return SegmentSyntaxError(what, text=self.text, position=position, hint=hint)

    def compile(self, node: nodes.Node) -> Q:
        if isinstance(node, nodes.And | nodes.Or):
            return self.combine(node)
        if isinstance(node, nodes.Not):
            return ~self.compile(node.operand)
        if isinstance(node, nodes.Call):
            return call_condition(self, node)
        if isinstance(node, nodes.Flag):
            return self.flag(node)
        if isinstance(node.field, nodes.Name) and node.field.text.startswith(CUSTOM_PREFIX):
            return self.custom(node)
        return self.field_condition(node, self.field(node.field))

    def combine(self, node: nodes.And | nodes.Or) -> Q:
        parts = [self.compile(operand) for operand in node.operands]
        combined = parts[0]
        for part in parts[1:]:
            combined = combined & part if isinstance(node, nodes.And) else combined | part
        return combined

    # --- fields -------------------------------------------------------------------------

    def field(self, name: nodes.Name) -> Field:
        field = find_field(name.text)
        if field is None:
            hint = did_you_mean(name.text, known_names())
            raise self.error(f'unknown field "{name.text}"', name.position, hint)
        return field

    def field_condition(self, node: nodes.Condition, field: Field) -> Q:
        if isinstance(node, nodes.Compare):
            if node.op == "!=":  # a != b is exactly not (a = b), NULLs included
                return ~self.compare(field, "=", node.value)
            return self.compare(field, node.op, node.value)
        if isinstance(node, nodes.InValues):
            return self.in_values(field, node.values)
        if isinstance(node, nodes.IsEmpty):
            return self.empty(field, node.field)
        assert isinstance(node, nodes.Contains | nodes.StartsWith)
        return self.pattern(field, node)

    def compare(self, field: Field, op: str, value: nodes.Value) -> Q:
        if field.kind == Kind.NUMBER:
            return Q(**{f"{field.path}__{LOOKUPS[op]}": self.number(field, value)})
        if field.kind == Kind.DATE:
            return self.compare_date(field, op, value)
        if field.kind == Kind.BOOLEAN:
            return self.compare_boolean(field, op, value)
        if field.kind == Kind.CHOICE:
            return self.compare_choice(field, op, value)
        lookup = "iexact" if field.kind == Kind.TEXT and op == "=" else LOOKUPS[op]
        return Q(**{f"{field.path}__{lookup}": self.text_value(field, value)})

    def in_values(self, field: Field, values: tuple[nodes.Value, ...]) -> Q:
        if field.kind in (Kind.NUMBER, Kind.CHOICE, Kind.CODE):
            single = [self.single_value(field, value) for value in values]
            return Q(**{f"{field.path}__in": single})
        return any_of(self.compare(field, "=", value) for value in values)

    def single_value(self, field: Field, value: nodes.Value) -> Any:
        if field.kind == Kind.NUMBER:
            return self.number(field, value)
        if field.kind == Kind.CHOICE:
            return self.choice_value(field, value)
        return self.text_value(field, value)

    def empty(self, field: Field, name: nodes.Name) -> Q:
        if field.kind == Kind.BOOLEAN:
            raise self.error(f'"{field.name}" is yes or no, never empty', name.position,
                             f'write "{field.name}" or "not {field.name}"')
        blank = Q(**{f"{field.path}__isnull": True})
        if field.kind in (Kind.NUMBER, Kind.DATE):
            return blank
        return Q(**{field.path: ""}) | blank

    def pattern(self, field: Field, node: nodes.Contains | nodes.StartsWith) -> Q:
        if field.kind not in (Kind.TEXT, Kind.CODE, Kind.CHOICE):
            word = "contains" if isinstance(node, nodes.Contains) else "starts with"
            raise self.error(f'"{field.name}" is a {field.kind.value}: "{word}" works on text',
                             node.field.position)
        lookup = "icontains" if isinstance(node, nodes.Contains) else "istartswith"
        return Q(**{f"{field.path}__{lookup}": self.string(node.value)})

    # --- values -------------------------------------------------------------------------

    def number(self, field: Field, value: nodes.Value) -> float | int:
        if value.kind != "number":
            raise self.error(f'"{field.name}" is a number: {value.shown()} is not', value.position)
        return float(value.raw) if "." in value.raw else int(value.raw)

    def string(self, value: nodes.Value) -> str:
        if value.kind == "word":
            raise self.error(f"put text between quotes: \"{value.raw}\"", value.position)
        return value.raw

    def text_value(self, field: Field, value: nodes.Value) -> str:
        if value.kind == "word" and field.kind == Kind.TEXT:
            raise self.error(f'"{field.name}" is a text: put it between quotes, "{value.raw}"',
                             value.position)
        return field.normalise(value.raw)

    def choice_value(self, field: Field, value: nodes.Value) -> str:
        wanted = field.normalise(value.raw)
        if wanted and wanted not in field.choices:
            hint = did_you_mean(wanted, list(field.choices)) or "one of " + ", ".join(field.choices)
            raise self.error(f'unknown {field.name.replace("_", " ")} {value.shown()}', value.position, hint)
        return wanted

    def compare_choice(self, field: Field, op: str, value: nodes.Value) -> Q:
        wanted = self.choice_value(field, value)
        if op == "=":
            return Q(**{field.path: wanted})
        if not field.ordered or not wanted:
            raise self.error(f'"{field.name}" has no order: use = or in (…)', value.position)
        rank = field.choices.index(wanted)
        keep = {"<": lambda r: r < rank, "<=": lambda r: r <= rank,
                ">": lambda r: r > rank, ">=": lambda r: r >= rank}[op]
        return Q(**{f"{field.path}__in": [c for r, c in enumerate(field.choices) if keep(r)]})

    def compare_boolean(self, field: Field, op: str, value: nodes.Value) -> Q:
        if op != "=" or value.raw.lower() not in ("true", "false", "yes", "no"):
            raise self.error(f'"{field.name}" is yes or no', value.position,
                             f'write "{field.name}" or "not {field.name}"')
        return Q(**{field.path: value.raw.lower() in ("true", "yes")})

    def compare_date(self, field: Field, op: str, value: nodes.Value) -> Q:
        if value.kind == "duration":  # created_at >= 30d: created in the last 30 days
            if op == "=":
                raise self.error("a duration needs < <= > or >=", value.position)
            return Q(**{f"{field.path}__{LOOKUPS[op]}": self.now - self.duration(value)})
        day = self.date(field.name, value)
        start, end = self.day_start(day), self.day_start(day + timedelta(days=1))
        path = field.path
        return {
            "=": Q(**{f"{path}__gte": start, f"{path}__lt": end}),
            "<": Q(**{f"{path}__lt": start}), "<=": Q(**{f"{path}__lt": end}),
            ">": Q(**{f"{path}__gte": end}), ">=": Q(**{f"{path}__gte": start}),
        }[op]

    def date(self, name: str, value: nodes.Value) -> dt.date:
        if value.kind != "date":
            raise self.error(f'"{name}" is a date: {value.shown()} is not', value.position,
                             "write a date like 2026-01-31 or a duration like 30d")
        try:
            return dt.date.fromisoformat(value.raw)
        except ValueError:
            raise self.error(f"{value.shown()} is not a valid date", value.position) from None

    def day_start(self, day: dt.date) -> datetime:
        return timezone.make_aware(datetime.combine(day, time.min))

    def duration(self, value: nodes.Value) -> timedelta:
        if value.kind != "duration":
            raise self.error(f"{value.shown()} is not a duration", value.position,
                             "write a number and d, w, m or y, e.g. 30d")
        return timedelta(days=int(value.raw[:-1]) * DURATION_DAYS[value.raw[-1].lower()])

    # --- flags and custom fields --------------------------------------------------------

    def flag(self, node: nodes.Flag) -> Q:
        name = node.field
        if name.text == "consented":
            consent = [LegalBasis.CONSENT, LegalBasis.LEGITIMATE_INTEREST]
            return Q(legal_basis__in=consent, unsubscribed=False)
        if name.text in FUNCTIONS:
            raise self.error(f'"{name.text}" needs parentheses', name.position,
                             f"e.g. {name.text}(…)")
        field = self.field(name) if not name.text.startswith(CUSTOM_PREFIX) else None
        if field is None or field.kind != Kind.BOOLEAN:
            raise self.error(f'"{name.text}" is not a yes/no field', name.position,
                             f'compare it, e.g. {name.text} = "…"')
        return Q(**{field.path: True})

    def custom(self, node: nodes.Condition) -> Q:
        assert not isinstance(node, nodes.Call | nodes.Flag)
        key = node.field.text.removeprefix(CUSTOM_PREFIX)
        if isinstance(node, nodes.IsEmpty):
            return custom_empty(key)
        if isinstance(node, nodes.Compare) and node.op == "!=":
            return ~custom_condition(self, key, replace(node, op="="))
        return custom_condition(self, key, node)


def any_of(conditions: Any) -> Q:
    combined = Q()
    for condition in conditions:
        combined |= condition
    return combined
