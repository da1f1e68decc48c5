"""Orbitale's nurturing: twelve emails in five languages, three live sequences and their history.

Called by `fusee demo` after the contacts, scoring and segments demos. Each sequence is
published as the team launched it months ago, then replayed contact by contact the way the
engine would have run it (see `history`), and everything it produced goes in with bulk
inserts: enrolments, messages, their events, the bounces, unsubscribes and promotions. The
retail sequence's A/B split gets the winner the periodic job would have picked (`splits`).
Keyed by the sequences' names: loading twice adds nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from fusee.contacts.models import Company, Contact, Event
from fusee.core.models import User
from fusee.nurturing.abtest import Verdict
from fusee.nurturing.demo import copy_banking, copy_hospitality, copy_retail
from fusee.nurturing.demo.audience import entries
from fusee.nurturing.demo.emails import DemoEmail, emails_create
from fusee.nurturing.demo.flows import SEQUENCES, DemoSequence, sequence_create
from fusee.nurturing.demo.history import Decision, Journey, Replay
from fusee.nurturing.demo.splits import split_decision
from fusee.nurturing.demo.storing import Store
from fusee.nurturing.mail.building import add_utm
from fusee.nurturing.models import Sequence, SequenceVersion, SplitDecision, StepKind
from fusee.scoring.services import contacts_rescore

EMAILS: list[DemoEmail] = [*copy_retail.EMAILS, *copy_hospitality.EMAILS, *copy_banking.EMAILS]
FIRST_LINK = re.compile(r"https://orbitale\.example[^\s)\"]*")
Progress = Callable[[int, int], None]


def load(*, seed: int, options: dict[str, Any], progress: Progress | None = None) -> None:
    if Sequence.objects.filter(name__in=[plan.name for plan in SEQUENCES]).exists():
        return
    with transaction.atomic():
        NurturingDemo(seed=seed, progress=progress).load()


class NurturingDemo:
    def __init__(self, *, seed: int, progress: Progress | None) -> None:
        self.seed, self.progress, self.now = seed, progress, timezone.now()
        self.author = User.objects.filter(job_title="Emailing & Nurturing Specialist").first()
        self.formats = {email.key: email.body_format for email in EMAILS}
        self.links = {email.key: tracked_link(email) for email in EMAILS}

    def load(self) -> None:
        statistics_refresh()
        emails = emails_create(emails=EMAILS, author=self.author)
        total, enrolled = len(SEQUENCES) + 2, set()
        self.report(1, total)
        for done, plan in enumerate(SEQUENCES, start=2):
            version = sequence_create(plan=plan, emails=emails, author=self.author, now=self.now)
            journeys = self.replay(plan, version)
            Store(version=version, plan=plan, emails=emails, now=self.now).save(journeys)
            enrolled |= {journey.person.pk for journey in journeys}
            self.report(done, total)
        contacts_rescore(contact_ids=sorted(enrolled))  # their clicks count in their scores
        self.report(total, total)

    def replay(self, plan: DemoSequence, version: SequenceVersion) -> list[Journey]:
        people = entries(plan, seed=self.seed, launched=plan.launched(self.now), now=self.now)
        replay = Replay(plan=plan, formats=self.formats, links=self.links, now=self.now, seed=self.seed)
        journeys = [replay.journey(person, start) for person, start in people]
        split = next((step for step in plan.steps if step["kind"] == StepKind.SPLIT), None)
        found = split and split_decision(journeys=journeys, config=split["config"], now=self.now)
        if not split or not found:
            return journeys
        replay.decision, verdict = found  # from then on every newcomer at the split takes the winner's path
        decision_record(version, split["key"], replay.decision, verdict)
        return [replay.journey(person, start) for person, start in people]

    def report(self, done: int, total: int) -> None:
        if self.progress:
            self.progress(done, total)


def statistics_refresh() -> None:
    """PostgreSQL plans from table statistics, stale right after the contacts demo's bulk load:
    without them it guesses 4 retail companies out of 1,700 and a segment takes 4 s, not 40 ms."""
    if connection.vendor != "postgresql":
        return
    tables = [model._meta.db_table for model in (Company, Contact, Event)]
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(connection.ops.quote_name(table) for table in tables)}")


def decision_record(version: SequenceVersion, step_key: str, decision: Decision, verdict: Verdict) -> None:
    """As abtest.split_decide records an automatic decision, at the moment it was taken."""
    details = {
        "variants": [vars(variant) for variant in verdict.variants], "automatic": True,
        "confidence": verdict.confidence, "chi_square_p": verdict.chi_square_p, "verdict": verdict.text,
    }
    SplitDecision.objects.create(
        version=version, step_key=step_key, winner=decision.winner, metric=verdict.metric,
        p_value=verdict.p_value, details=details, decided_at=decision.at,
    )


def tracked_link(email: DemoEmail) -> str:
    """The email's main link as a click records it: with the campaign's UTM parameters."""
    found = FIRST_LINK.search(email.contents[0].body)
    return add_utm(found[0] if found else "https://orbitale.example/", campaign=email.utm_campaign)

