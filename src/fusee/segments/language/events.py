"""Function calls: events (`did`, `opened(email, …)`…) and static list membership (`in_list`).

An event condition is a correlated EXISTS on (contact, type, occurred_at) — the Event index —
or, with `times`, a correlated COUNT compared to N; both stay inside the one segment query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, lookups
from django.db.models.functions import Coalesce

from fusee.contacts.models import Event
from fusee.segments.language import nodes
from fusee.segments.language.errors import did_you_mean
from fusee.segments.language.fields import EVENT_ARGUMENTS, EVENT_TYPES, FUNCTIONS, SHORTHANDS

if TYPE_CHECKING:
    from fusee.segments.language.compiler import Compiler

COUNT_LOOKUPS = {
    "=": lookups.Exact, "<": lookups.LessThan, "<=": lookups.LessThanOrEqual,
    ">": lookups.GreaterThan, ">=": lookups.GreaterThanOrEqual,
}


@dataclass
class EventFilter:
    type: str
    since: datetime | None = None
    campaign: str | None = None
    times: tuple[str, int] | None = None


def call_condition(compiler: Compiler, call: nodes.Call) -> Q:
    name = call.function.text
    if name == "in_list":
        return list_condition(compiler, call)
    if name not in FUNCTIONS:
        raise compiler.error(f'unknown event "{name}"', call.function.position,
                             did_you_mean(name, list(FUNCTIONS)))
    positional = [arg for arg in call.arguments if arg.key is None]
    keywords = [arg for arg in call.arguments if arg.key is not None]
    wanted = EventFilter(type=event_type(compiler, call, positional))
    for argument in keywords:
        apply_argument(compiler, wanted, argument)
    return event_condition(wanted)


def event_type(compiler: Compiler, call: nodes.Call, positional: list[nodes.Argument]) -> str:
    name = call.function.text
    if len(positional) > 1:
        raise compiler.error(f'"{name}" takes one event; options are written like within=30d',
                             positional[1].value.position)
    if name == "did":
        if not positional:
            raise compiler.error('"did" needs an event', call.end, "e.g. did(email_opened, within=30d)")
        return known_event(compiler, positional[0].value)
    channels = SHORTHANDS[name]
    if not positional:
        if len(channels) == 1:
            return next(iter(channels.values()))
        raise compiler.error(f'"{name}" needs a channel', call.end)
    channel = positional[0].value
    if channel.raw.lower() not in channels:
        hint = did_you_mean(channel.raw, list(channels)) or f"write {name}({next(iter(channels))})"
        raise compiler.error(f'unknown event "{name}({channel.raw})"', channel.position, hint)
    return channels[channel.raw.lower()]


def known_event(compiler: Compiler, value: nodes.Value) -> str:
    wanted = value.raw.lower()
    if wanted not in EVENT_TYPES:
        raise compiler.error(f'unknown event "{value.raw}"', value.position,
                             did_you_mean(wanted, list(EVENT_TYPES)))
    return wanted


def apply_argument(compiler: Compiler, wanted: EventFilter, argument: nodes.Argument) -> None:
    assert argument.key is not None
    key, value = argument.key.text, argument.value
    if key not in EVENT_ARGUMENTS:
        hint = did_you_mean(key, list(EVENT_ARGUMENTS)) or "use " + ", ".join(EVENT_ARGUMENTS)
        raise compiler.error(f'unknown option "{key}"', argument.key.position, hint)
    if key != "times" and argument.op != "=":
        raise compiler.error(f'write {key}=…', argument.key.position)
    if key in ("within", "since") and wanted.since is not None:
        raise compiler.error("give either within= or since=, once", argument.key.position)
    if key == "within":
        wanted.since = compiler.now - compiler.duration(value)
    elif key == "since":
        wanted.since = compiler.day_start(compiler.date("since", value))
    elif key == "campaign":
        wanted.campaign = compiler.string(value)
    else:
        wanted.times = (argument.op, times(compiler, value))


def times(compiler: Compiler, value: nodes.Value) -> int:
    if value.kind != "number" or not value.raw.isdigit():
        raise compiler.error(f'"times" is a whole number: {value.shown()} is not', value.position)
    return int(value.raw)


def event_condition(wanted: EventFilter) -> Q:
    events = Event.objects.filter(contact=OuterRef("pk"), type=wanted.type)
    if wanted.since is not None:
        events = events.filter(occurred_at__gte=wanted.since)
    if wanted.campaign is not None:
        events = events.filter(campaign=wanted.campaign)
    if wanted.times is None or wanted.times in ((">=", 1), (">", 0)):
        return Q(Exists(events))
    op, n = wanted.times
    if op == "!=":
        return ~Q(COUNT_LOOKUPS["="](event_count(events), n))
    return Q(COUNT_LOOKUPS[op](event_count(events), n))


def event_count(events: QuerySet[Event]) -> Coalesce:
    counted = events.order_by().values("contact").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted[:1]), 0)


def list_condition(compiler: Compiler, call: nodes.Call) -> Q:
    from fusee.segments.models import ListMembership  # the language is importable without models

    if len(call.arguments) != 1 or call.arguments[0].key is not None:
        raise compiler.error('"in_list" takes one list name', call.function.position,
                             'e.g. in_list("Webinar attendees")')
    name = compiler.string(call.arguments[0].value)
    return Q(Exists(ListMembership.objects.filter(contact=OuterRef("pk"), list__name=name)))
