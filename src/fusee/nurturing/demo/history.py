"""18 months of a sequence, replayed step by step the way the engine runs it.

Each contact's journey walks the published flow from the moment the trigger enrolled them:
the same waits (`engine.wait_until`), the same sending window (`windows.next_opening`), the
same exits before each step (unsubscribed, hard bounce, goal reached). Sends become planned
messages with what their recipient did: opens and clicks more likely at 10:00 local time
than late in the afternoon, fewer clicks on a designed (HTML) email than on a plain letter,
about one open in seven made by a machine (privacy proxies, scanners). A journey that reaches
the present stops there, active, due when its next step is.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from fusee.contacts.models import EventType, Lifecycle
from fusee.nurturing.demo.flows import DemoSequence
from fusee.nurturing.engine import wait_until
from fusee.nurturing.engine_time import zone
from fusee.nurturing.models import BodyFormat, EnrolmentStatus, MessageStatus, StepKind
from fusee.nurturing.windows import next_opening

E = EventType
BRANCH_TEST = re.compile(r"(opened|clicked)\(email, within=(\d+)d\)")
# Local send hour -> how much more a recipient engages than on average: 10:00 is the best.
HOUR_FACTOR = {8: 0.85, 9: 1.15, 10: 1.8, 11: 1.1, 12: 0.8, 13: 0.75, 14: 1.0, 15: 0.95, 16: 0.85, 17: 0.7}
OFF_HOURS = 0.55
FORMAT_CLICKS: dict[str, float] = {BodyFormat.MARKDOWN: 1.0, BodyFormat.HTML: 0.45}
MACHINE_OPEN, SCANNER_CLICK = 0.09, 0.01
FIRST_BOUNCE, LATER_BOUNCE, UNSUBSCRIBE = 0.012, 0.002, 0.002
BOUNCE_REPLY = "550 5.1.1 <{email}>: Recipient address rejected: User unknown"
SUPPRESSED_REPLY = "address on the suppression list"


@dataclass(frozen=True)
class Person:
    pk: int
    email: str
    language: str
    time_zone: str
    country: str
    lifecycle: str
    created_at: datetime
    factor: float  # how readily they engage (industry, seniority), 1.0 = average
    goal_at: datetime | None = None  # when they booked the meeting that made them SQL
    suppressed: bool = False  # re-imported after an old hard bounce: every send is refused


@dataclass
class PlannedMessage:
    step_key: str
    email_key: str
    created_at: datetime
    status: str
    sent_at: datetime | None = None
    smtp_code: int | None = None
    smtp_reply: str = ""
    events: list[tuple[str, datetime, dict[str, Any]]] = field(default_factory=list)

    def first(self, kind: str, *, human: bool = True) -> datetime | None:
        times = [at for event, at, extra in self.events
                 if event == kind and not (human and extra.get("machine"))]
        return min(times, default=None)


@dataclass
class Journey:
    person: Person
    entered_at: datetime
    status: str = EnrolmentStatus.ACTIVE
    step_key: str = ""
    due_at: datetime | None = None
    ended_at: datetime | None = None
    exit_reason: str = ""
    variant: str = ""
    split_at: datetime | None = None
    promoted_at: datetime | None = None
    unsubscribed_at: datetime | None = None
    bounced_at: datetime | None = None
    messages: list[PlannedMessage] = field(default_factory=list)


@dataclass(frozen=True)
class Decision:
    winner: str
    at: datetime


class Replay:
    """One sequence's engine, run over time for one contact at a time."""

    def __init__(self, *, plan: DemoSequence, formats: dict[str, str], links: dict[str, str],
                 now: datetime, seed: int, decision: Decision | None = None) -> None:
        self.plan, self.formats, self.links, self.now = plan, formats, links, now
        self.seed, self.decision = seed, decision
        self.steps = {step["key"]: step for step in plan.steps}
        self.entry = plan.steps[0]["key"]

    def journey(self, person: Person, entered_at: datetime) -> Journey:
        rng = random.Random(f"{self.seed}:{self.plan.name}:{person.email}")  # noqa: S311 - demo data
        journey = Journey(person=person, entered_at=entered_at)
        moment, key = entered_at, self.entry
        for _ in range(50):
            if moment > self.now:
                journey.step_key, journey.due_at = key, moment
                return journey
            if reason := exit_reason(journey, moment):
                return ended(journey, EnrolmentStatus.EXITED, reason, moment)
            step = self.steps.get(key)
            if step is None:
                return ended(journey, EnrolmentStatus.COMPLETED, "", moment)
            if opening := self.window(person, step, moment):
                moment = opening
                continue
            key, moment = self.run(rng, journey, step, moment)
        return ended(journey, EnrolmentStatus.EXITED, "too many steps without a wait", moment)

    def window(self, person: Person, step: dict[str, Any], moment: datetime) -> datetime | None:
        if step["kind"] != StepKind.SEND or not self.plan.business_hours_only:
            return None
        return next_opening(moment, time_zone=person.time_zone, country=person.country)

    def run(self, rng: random.Random, journey: Journey, step: dict[str, Any],
            moment: datetime) -> tuple[str, datetime]:
        kind, config = step["kind"], step.get("config", {})
        if kind == StepKind.SEND:
            journey.messages.append(self.message(rng, journey, step, moment))
        elif kind == StepKind.WAIT:
            return step["next"], wait_until(config, moment, journey.person.time_zone)
        elif kind == StepKind.BRANCH:
            return config["yes" if branch_matches(journey, config["expression"], moment) else "no"], moment
        elif kind == StepKind.SPLIT:
            return self.split(rng, journey, config, moment), moment
        elif kind == StepKind.UPDATE and journey.promoted_at is None:
            journey.promoted_at = moment
        return step.get("next", ""), moment

    def split(self, rng: random.Random, journey: Journey, config: dict[str, Any], moment: datetime) -> str:
        variants = config["variants"]
        if self.decision and moment >= self.decision.at:
            chosen = next(variant for variant in variants if variant["name"] == self.decision.winner)
        else:
            chosen = rng.choices(variants, weights=[variant["weight"] for variant in variants])[0]
        journey.variant, journey.split_at = str(chosen["name"]), moment
        return str(chosen["next"])

    def message(self, rng: random.Random, journey: Journey, step: dict[str, Any],
                moment: datetime) -> PlannedMessage:
        person, email_key = journey.person, step["email"]
        message = PlannedMessage(step_key=step["key"], email_key=email_key, created_at=moment,
                                 status=MessageStatus.SENT)
        if person.suppressed:
            message.status, message.smtp_reply = MessageStatus.REFUSED, SUPPRESSED_REPLY
            return message
        sent_at = min(moment + timedelta(seconds=rng.uniform(1, 40)), self.now)
        if rng.random() < (LATER_BOUNCE if journey.messages else FIRST_BOUNCE):
            message.status, message.smtp_code = MessageStatus.BOUNCED, 550
            message.smtp_reply = BOUNCE_REPLY.format(email=person.email)
            message.events.append((E.EMAIL_BOUNCED, sent_at, {"hard": True}))
            journey.bounced_at = sent_at
            return message
        message.sent_at, message.smtp_code, message.smtp_reply = sent_at, 250, "250 2.0.0 Ok: queued"
        message.events.append((E.EMAIL_SENT, sent_at, {}))
        self.engagement(rng, journey, message, sent_at)
        message.events = [event for event in message.events if event[1] <= self.now]
        return message

    def engagement(
        self, rng: random.Random, journey: Journey, message: PlannedMessage, sent: datetime
    ) -> None:
        person, add = journey.person, message.events.append
        hour = HOUR_FACTOR.get(sent.astimezone(zone(person.time_zone)).hour, OFF_HOURS)
        if rng.random() < MACHINE_OPEN:
            add((E.EMAIL_OPENED, sent + timedelta(seconds=rng.uniform(2, 30)), {"machine": True}))
        if rng.random() < SCANNER_CLICK:
            add((E.EMAIL_CLICKED, sent + timedelta(seconds=rng.uniform(2, 9)), self.click(message, True)))
        if rng.random() >= min(0.9, self.plan.open_rate * person.factor * (0.6 + 0.4 * hour)):
            return
        opened = sent + timedelta(hours=min(rng.expovariate(1 / 4), 72))
        add((E.EMAIL_OPENED, opened, {"machine": False}))
        clicks = self.plan.click_rate * person.factor * hour * self.plan.appeal.get(message.email_key, 1.0)
        clicks *= FORMAT_CLICKS[self.formats[message.email_key]]
        if rng.random() < min(0.8, clicks):
            clicked = opened + timedelta(seconds=rng.uniform(20, 900))
            add((E.EMAIL_CLICKED, clicked, self.click(message, False)))
        if rng.random() < UNSUBSCRIBE / 0.35:  # ~0.3% of the delivered: a share of those who open
            add((E.EMAIL_UNSUBSCRIBED, opened + timedelta(minutes=1), {}))
            journey.unsubscribed_at = opened + timedelta(minutes=1)

    def click(self, message: PlannedMessage, machine: bool) -> dict[str, Any]:
        return {"machine": machine, "url": self.links[message.email_key]}


def exit_reason(journey: Journey, moment: datetime) -> str:
    """engine.exit_reason, on what the contact had done by then."""
    if journey.unsubscribed_at and journey.unsubscribed_at <= moment:
        return "unsubscribed"
    if journey.bounced_at and journey.bounced_at <= moment:
        return "hard bounce"
    goal_at = journey.person.goal_at
    return "goal reached" if goal_at and goal_at <= moment else ""


def ended(journey: Journey, status: str, reason: str, moment: datetime) -> Journey:
    journey.status, journey.exit_reason, journey.ended_at, journey.step_key = status, reason, moment, ""
    return journey


def branch_matches(journey: Journey, expression: str, moment: datetime) -> bool:
    """`opened(email, within=Nd)` or `clicked(…)`, on the events this sequence's emails caused."""
    found = BRANCH_TEST.fullmatch(expression)
    if found is None:
        raise ValueError(f"demo history: cannot replay the branch {expression!r}")
    kind = E.EMAIL_OPENED if found[1] == "opened" else E.EMAIL_CLICKED
    since = moment - timedelta(days=int(found[2]))
    return any(
        event == kind and since <= at <= moment
        for message in journey.messages for event, at, _extra in message.events
    )


def promoted_lifecycle(person: Person, target: str) -> bool:
    """An update step only ever moves a demo contact forward in the funnel."""
    return Lifecycle.rank(target) > Lifecycle.rank(person.lifecycle)
