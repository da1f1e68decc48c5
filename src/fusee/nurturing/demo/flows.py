"""The demo's three live sequences, one per industry × maturity, and publishing them.

Steps are in `sequence_publish`'s shape, with the email named by its demo key. Alongside the
flow, each sequence carries how its audience behaves (the history's engagement model).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from fusee.contacts.models import Industry, Lifecycle, Maturity
from fusee.core.models import User
from fusee.nurturing.models import Email, Sequence, SequenceVersion, TriggerKind
from fusee.nurturing.services import sequence_publish

AUTO_WINNER = {"after_hours": 72, "metric": "clicked", "confidence": 0.95}
REACHABLE = "consented and not bounced"


@dataclass(frozen=True)
class DemoSequence:
    name: str
    description: str
    industry: str
    maturity: str
    published_days_ago: int
    open_rate: float  # of a human open, before the contact's, the hour's and the format's factors
    click_rate: float  # of a human click once opened
    promoted_to: str  # the lifecycle its update step sets
    steps: list[dict[str, Any]]
    business_hours_only: bool = True
    goal_maturities: tuple[str, ...] = field(default=())  # of contacts who reach the goal (SQL)
    # Stages the trigger takes: never past what the update step sets, which would demote them.
    up_to: str = Lifecycle.MQL
    appeal: dict[str, float] = field(default_factory=dict)  # email key -> clicks, 1.0 = average

    @property
    def expression(self) -> str:
        return (f'industry = "{self.industry}" and maturity = {self.maturity} '
                f"and lifecycle <= {self.up_to} and {REACHABLE}")

    def launched(self, now: datetime) -> datetime:
        """Published on the Tuesday morning (UTC) on or before `published_days_ago` days ago."""
        day = now - timedelta(days=self.published_days_ago)
        day -= timedelta(days=(day.weekday() - 1) % 7)
        return day.replace(hour=8, minute=0, second=0, microsecond=0)

    @property
    def first_wait(self) -> timedelta:
        wait = next(step for step in self.steps if step["kind"] == "wait")
        return timedelta(days=wait["config"]["days"])


def send(key: str, email: str, next_key: str) -> dict[str, Any]:
    return {"key": key, "kind": "send", "email": email, "next": next_key}


def wait(key: str, next_key: str, **config: Any) -> dict[str, Any]:
    return {"key": key, "kind": "wait", "config": config, "next": next_key}


def branch(key: str, expression: str, yes: str, no: str) -> dict[str, Any]:
    return {"key": key, "kind": "branch", "config": {"expression": expression, "yes": yes, "no": no}}


def update(key: str, lifecycle: str, next_key: str) -> dict[str, Any]:
    config = {"field": "lifecycle", "value": lifecycle}
    return {"key": key, "kind": "update", "config": config, "next": next_key}


def notify(key: str, message: str, next_key: str) -> dict[str, Any]:
    return {"key": key, "kind": "notify", "config": {"message": message}, "next": next_key}


def goal(key: str) -> dict[str, Any]:
    return {"key": key, "kind": "goal", "config": {"description": "Became SQL or booked a meeting"}}


RETAIL = DemoSequence(
    name="Retail · awareness: from first download to demo",
    description="Retail contacts early in their thinking: the playbook, a checklist (A/B tested: "
                "designed newsletter or plain letter), a case study, then a demo offer.",
    industry=Industry.RETAIL, maturity=Maturity.AWARENESS, published_days_ago=150,
    open_rate=0.34, click_rate=0.2, promoted_to=Lifecycle.LEAD, up_to=Lifecycle.LEAD,
    goal_maturities=(Maturity.CONSIDERATION,),
    # The checklist is the series' hook; the later emails ask for more and get fewer clicks.
    appeal={"retail-checklist-designed": 2.0, "retail-checklist-plain": 2.0, "retail-case-study": 0.9,
            "retail-demo-offer": 0.8},
    steps=[
        send("welcome", "retail-welcome", "wait-2-days"),
        wait("wait-2-days", "checklist-test", days=2),
        {"key": "checklist-test", "kind": "split", "config": {"variants": [
            {"name": "A", "weight": 50, "next": "checklist-designed"},
            {"name": "B", "weight": 50, "next": "checklist-plain"},
        ], "auto_winner": AUTO_WINNER}},
        send("checklist-designed", "retail-checklist-designed", "wait-tuesday"),
        send("checklist-plain", "retail-checklist-plain", "wait-tuesday"),
        wait("wait-tuesday", "engaged", weekday=2, at="10:00"),
        branch("engaged", "clicked(email, within=10d)", "to-lead", "case-study"),
        update("to-lead", Lifecycle.LEAD, "tell-owner"),
        notify("tell-owner", "Clicked the retail checklist: a good moment to call.", "demo-offer"),
        send("case-study", "retail-case-study", "wait-5-days"),
        wait("wait-5-days", "demo-offer", days=5),
        send("demo-offer", "retail-demo-offer", "goal"),
        goal("goal"),
    ],
)

HOSPITALITY = DemoSequence(
    name="Hospitality · consideration: ROI series",
    description="Hotel groups comparing options: what a missed standard costs, an ROI calculator, "
                "a case study, then a meeting with a specialist.",
    industry=Industry.HOSPITALITY, maturity=Maturity.CONSIDERATION, published_days_ago=520,
    open_rate=0.42, click_rate=0.24, promoted_to=Lifecycle.MQL, goal_maturities=(Maturity.CONSIDERATION,),
    steps=[
        send("cost", "hotel-roi-cost", "wait-3-days"),
        wait("wait-3-days", "calculator", days=3),
        send("calculator", "hotel-roi-calculator", "wait-thursday"),
        wait("wait-thursday", "used-calculator", weekday=4, at="09:30"),
        branch("used-calculator", "clicked(email, within=7d)", "to-mql", "case-study"),
        update("to-mql", Lifecycle.MQL, "tell-owner"),
        notify("tell-owner", "Opened the ROI calculator: offer to rework the numbers together.", "meeting"),
        send("case-study", "hotel-case-study", "wait-4-days"),
        wait("wait-4-days", "meeting", days=4),
        send("meeting", "hotel-meeting", "goal"),
        goal("goal"),
    ],
)

BANKING = DemoSequence(
    name="Banking & insurance · decision: from shortlist to signature",
    description="Banks and insurers with Orbitale on their shortlist: the security pack, a business "
                "case, then a round table with peers. Paced by the prospect, so any day, any hour.",
    industry=Industry.BANKING, maturity=Maturity.DECISION, published_days_ago=300,
    open_rate=0.5, click_rate=0.3, promoted_to=Lifecycle.MQL, business_hours_only=False,
    goal_maturities=(Maturity.DECISION,),
    steps=[
        send("security-pack", "bank-security-pack", "wait-2-days"),
        wait("wait-2-days", "read-pack", days=2),
        branch("read-pack", "opened(email, within=5d)", "business-case", "wait-monday"),
        wait("wait-monday", "business-case", weekday=1, at="08:30"),
        send("business-case", "bank-business-case", "wait-5-days"),
        wait("wait-5-days", "engaged", days=5),
        branch("engaged", "clicked(email, within=10d)", "to-mql", "round-table"),
        update("to-mql", Lifecycle.MQL, "tell-owner"),
        notify("tell-owner", "Downloaded the business case: the committee is close.", "round-table"),
        send("round-table", "bank-summit", "goal"),
        goal("goal"),
    ],
)

SEQUENCES = [RETAIL, HOSPITALITY, BANKING]


def sequence_create(
    *, plan: DemoSequence, emails: dict[str, Email], author: User | None, now: datetime
) -> SequenceVersion:
    """Published through the service, then dated back to when the team launched it."""
    sequence = Sequence.objects.create(
        name=plan.name, description=plan.description, trigger=TriggerKind.SEGMENT,
        trigger_config={"expression": plan.expression}, business_hours_only=plan.business_hours_only,
        created_by=author,
    )
    steps = [{**step, "email": emails[step["email"]]} if "email" in step else step for step in plan.steps]
    version = sequence_publish(actor=author, sequence=sequence, steps=steps)
    launched = plan.launched(now)
    version.published_at = version.created_at = launched
    version.save(update_fields=["published_at", "created_at"])
    Sequence.objects.filter(pk=sequence.pk).update(created_at=launched - timedelta(days=6))
    return version
