"""What the condition builder offers: fields with their kind and values, and event presets."""

from __future__ import annotations

from typing import Any

from fusee.segments.language.fields import FIELD_LIST, Kind

OPERATORS: dict[str, list[str]] = {
    Kind.TEXT: ["=", "!=", "contains", "starts with", "in", "not in", "is empty", "is not empty"],
    Kind.CODE: ["=", "!=", "in", "not in", "contains", "starts with", "is empty", "is not empty"],
    Kind.CHOICE: ["=", "!=", "in", "not in", "is empty", "is not empty"],
    Kind.NUMBER: [">=", ">", "<=", "<", "=", "!=", "is empty", "is not empty"],
    Kind.DATE: [">=", ">", "<=", "<", "="],
    Kind.BOOLEAN: ["is true", "is false"],
}
ORDERED_EXTRA = [">=", ">", "<=", "<"]
EVENT_PRESETS = [
    "opened(email, within=30d)",
    "clicked(email, within=30d)",
    "attended(webinar, within=90d)",
    "registered(webinar, within=90d)",
    "downloaded(content, within=90d)",
    "submitted(form, within=90d)",
    "visited(page, within=30d)",
    "booked(meeting, within=90d)",
    "did(email_opened, within=90d, times>=3)",
    "consented",
]


def builder_catalogue() -> dict[str, Any]:
    """Handed to the builder's JavaScript through json_script (no inline script)."""
    fields = [
        {
            "name": field.name,
            "kind": field.kind.value,
            "choices": list(field.choices),
            "operators": OPERATORS[field.kind] + (ORDERED_EXTRA if field.ordered else []),
        }
        for field in FIELD_LIST
    ]
    return {"fields": fields, "events": EVENT_PRESETS}
