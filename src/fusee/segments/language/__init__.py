"""The segment language: one expression → one Q on Contact → one SQL query.

    industry in ("retail", "hospitality") and employees >= 200 and opened(email, within=30d)

`parse` checks the syntax; `compile_expression` also checks fields, events and values, without
touching the database. docs/segments.md is the user's reference.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet

from fusee.contacts.models import Contact
from fusee.segments.language.compiler import Compiler
from fusee.segments.language.errors import SegmentSyntaxError
from fusee.segments.language.parser import parse


def compile_expression(text: str, *, now: datetime | None = None) -> Q:
    return Compiler(text, now).compile(parse(text))


def segment_queryset(text: str, *, now: datetime | None = None) -> QuerySet[Contact]:
    return Contact.objects.filter(compile_expression(text, now=now))


__all__ = ["SegmentSyntaxError", "compile_expression", "parse", "segment_queryset"]
