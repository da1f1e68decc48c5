"""When the automatic winner of the demo's A/B split was chosen, replayed as the periodic job
would have: from `after_hours` past the first email after the split, every CHECK, the same
verdict (abtest.verdict) on the recipients, opens and clicks known at that moment."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from fusee.nurturing import abtest
from fusee.nurturing.demo.history import Decision, Journey
from fusee.nurturing.models import MessageStatus

CHECK = timedelta(hours=6)
SENT = (MessageStatus.SENT, MessageStatus.BOUNCED)


@dataclass
class Moments:
    """Per variant, sorted: when each recipient got their first email after the split, first
    opened one, first clicked one (humans only, as the A/B report counts)."""

    received: list[datetime]
    opened: list[datetime]
    clicked: list[datetime]

    def result(self, name: str, at: datetime) -> abtest.VariantResult:
        def known(times: list[datetime]) -> int:
            return bisect.bisect_right(times, at)

        return abtest.VariantResult(name=name, recipients=known(self.received), opened=known(self.opened),
                                    clicked=known(self.clicked))


def moments(journeys: list[Journey], variant: str) -> Moments:
    found = Moments([], [], [])
    for journey in journeys:
        after = [m for m in journey.messages if journey.variant == variant and m.status in SENT
                 and journey.split_at and m.created_at >= journey.split_at]
        if not after:
            continue
        found.received.append(min(m.created_at for m in after))
        for kind, times in (("email_opened", found.opened), ("email_clicked", found.clicked)):
            first = min((at for m in after if (at := m.first(kind))), default=None)
            if first is not None:
                times.append(first)
    for times in (found.received, found.opened, found.clicked):
        times.sort()
    return found


def split_decision(
    *, journeys: list[Journey], config: dict[str, Any], now: datetime
) -> tuple[Decision, abtest.Verdict] | None:
    """The first check at which one variant won, with the verdict of that moment."""
    rule = config["auto_winner"]
    names = [str(variant["name"]) for variant in config["variants"]]
    by_variant = {name: moments(journeys, name) for name in names}
    starts = [found.received[0] for found in by_variant.values() if found.received]
    if not starts:
        return None
    check = min(starts) + timedelta(hours=rule["after_hours"])
    while check <= now:
        results = [by_variant[name].result(name, check) for name in names]
        verdict = abtest.verdict(results, metric=rule["metric"], confidence=rule["confidence"])
        if verdict.significant:
            return Decision(winner=verdict.winner, at=check), verdict
        check += CHECK
    return None
