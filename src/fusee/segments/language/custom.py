"""Custom fields (`custom.<key>` in Contact.custom): text, or numbers when the literal is a number.

The JSON value is read as text on both databases; numeric comparisons cast it only where it
looks like a number, so PostgreSQL never fails on a cast, and every condition carries an
IS NOT NULL guard so that NOT stays the complement (a missing key is not "= x", and is "not = x").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Case, Expression, FloatField, Q, TextField, When, lookups
from django.db.models.fields.json import KT
from django.db.models.functions import Cast

from fusee.segments.language import nodes

if TYPE_CHECKING:
    from fusee.segments.language.compiler import Compiler

NUMBER_PATTERN = r"^\s*-?[0-9]+(\.[0-9]+)?\s*$"
LOOKUP_CLASSES = {
    "=": lookups.Exact, "<": lookups.LessThan, "<=": lookups.LessThanOrEqual,
    ">": lookups.GreaterThan, ">=": lookups.GreaterThanOrEqual,
}


def as_text(key: str) -> Expression:
    return Cast(KT(f"custom__{key}"), TextField())


def as_number(key: str) -> Expression:
    text = as_text(key)
    return Case(When(lookups.Regex(text, NUMBER_PATTERN), then=Cast(text, FloatField())),
                output_field=FloatField())


def guarded(condition: lookups.Lookup, expression: Expression) -> Q:
    return Q(condition) & Q(lookups.IsNull(expression, False))


def custom_condition(compiler: Compiler, key: str, node: nodes.Condition) -> Q:
    if isinstance(node, nodes.Compare):
        return custom_compare(key, node.op, node.value)
    if isinstance(node, nodes.InValues):
        combined = Q()
        for value in node.values:
            combined |= custom_compare(key, "=", value)
        return combined
    assert isinstance(node, nodes.Contains | nodes.StartsWith)
    text = as_text(key)
    kind = lookups.IContains if isinstance(node, nodes.Contains) else lookups.IStartsWith
    return guarded(kind(text, compiler.string(node.value)), text)


def custom_compare(key: str, op: str, value: nodes.Value) -> Q:
    if value.kind == "number":
        number = as_number(key)
        return guarded(LOOKUP_CLASSES[op](number, float(value.raw)), number)
    text = as_text(key)
    condition = lookups.IExact(text, value.raw) if op == "=" else LOOKUP_CLASSES[op](text, value.raw)
    return guarded(condition, text)


def custom_empty(key: str) -> Q:
    text = as_text(key)
    return Q(lookups.IsNull(text, True)) | Q(lookups.Exact(text, ""))


