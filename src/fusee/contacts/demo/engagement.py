"""18 months of what demo contacts did: sends, opens, clicks, visits, webinars, meetings.

Rates depend on the contact's industry, maturity and seniority, and fade after the burst
that follows their arrival, as real engagement does. Times are kept as "days ago" so the
same seed gives the same events whatever day the demo is loaded.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from fusee.contacts.demo.vocabulary import (
    DECISION_PATHS,
    EBOOKS,
    INDUSTRY_ENGAGEMENT,
    MATURITY_ENGAGEMENT,
    SENIORITY_ENGAGEMENT,
    SITE_PATHS,
    WEBINAR_TOPICS,
)
from fusee.contacts.models import Contact, EventType, LegalBasis, Lifecycle, Maturity, Source

E = EventType
CAMPAIGN_REACH = {"newsletter": 0.4, "webinar": 0.25, "ebook": 0.25}  # share of the base each targets
NURTURE_DAYS = (1.0, 9.0, 20.0)  # the welcome sequence, days after arrival
BEHAVIOUR_POINTS: dict[str, int] = {
    E.EMAIL_OPENED: 1, E.EMAIL_CLICKED: 3, E.PAGE_VISITED: 2, E.CONTENT_DOWNLOADED: 8,
    E.WEBINAR_REGISTERED: 5, E.WEBINAR_ATTENDED: 10, E.FORM_SUBMITTED: 10, E.MEETING_BOOKED: 20,
}
FIT_POINTS = {"c_level": 25, "owner": 20, "vp": 20, "director": 18, "manager": 12, "entry": 5}
ICP = {"retail", "hospitality", "restaurants", "fitness", "banking"}
TIER_POINTS = {"enterprise": 15, "mid_market": 10, "smb": 4}

RawEvent = tuple[str, float, str, dict]  # type, days ago, campaign, properties


@dataclass(frozen=True)
class Campaign:
    kind: str
    days_ago: float
    name: str
    event_days_ago: float = 0.0  # the webinar itself, for invitations
    asset: str = ""  # the ebook offered


@dataclass
class Timeline:
    """The events of one contact, built in time order, and what they add up to."""

    age: float
    events: list[RawEvent] = field(default_factory=list)
    stopped_at: float | None = None  # unsubscribed or bounced: no more email from then on

    def add(self, kind: str, days_ago: float, campaign: str = "", properties: dict | None = None) -> None:
        if 0 <= days_ago <= self.age:
            self.events.append((kind, days_ago, campaign, properties or {}))


def month_starts(now: datetime, months: int) -> list[datetime]:
    """The first day of each of the last `months` calendar months, oldest first."""
    index = now.year * 12 + now.month - 1
    return [
        now.replace(year=i // 12, month=i % 12 + 1, day=1, hour=9, minute=0, second=0, microsecond=0)
        for i in range(index - months + 1, index + 1)
    ]


def campaign_calendar(rng: random.Random, now: datetime) -> list[Campaign]:
    """A newsletter and a webinar every month, an ebook every other month, oldest first."""
    campaigns = []
    topics = rng.sample(WEBINAR_TOPICS, len(WEBINAR_TOPICS))
    for month, start in enumerate(month_starts(now, 18)):
        ebook = EBOOKS[(month // 2) % len(EBOOKS)] if month % 2 == 0 else ""
        topic, month_days_ago = topics[month % len(topics)], (now - start).total_seconds() / 86400
        campaigns += month_campaigns(rng, month_days_ago, start, topic, ebook)
    return sorted((c for c in campaigns if c.days_ago > 0), key=lambda c: -c.days_ago)


def month_campaigns(
    rng: random.Random, month_days_ago: float, start: datetime, topic: str, ebook: str
) -> list[Campaign]:
    label = f"{start:%Y-%m}"
    newsletter_name = f"{label} Newsletter: Orbitale Digest"
    newsletter = Campaign("newsletter", month_days_ago - rng.uniform(2, 7), newsletter_name)
    invite = month_days_ago - rng.uniform(3, 8)
    webinar = Campaign("webinar", invite, f"{label} Webinar: {topic}", invite - rng.uniform(10, 18))
    if not ebook:
        return [newsletter, webinar]
    offer = Campaign("ebook", month_days_ago - rng.uniform(12, 24), f"{label} Ebook: {ebook}", asset=ebook)
    return [newsletter, webinar, offer]


def nurture_name(contact: Contact, industry: str, now: datetime, days_ago: float) -> str:
    arrived = now - timedelta(days=days_ago)
    label = industry.replace("_", " ") or "general"
    return f"Nurture {contact.country} {label} Q{(arrived.month - 1) // 3 + 1} {arrived.year}"


def engagement_factor(contact: Contact, industry: str) -> float:
    return (
        MATURITY_ENGAGEMENT.get(contact.maturity, 1.0)
        * INDUSTRY_ENGAGEMENT.get(industry, 1.0)
        * SENIORITY_ENGAGEMENT.get(contact.seniority, 1.0)
    )


def fade(days_since_arrival: float) -> float:
    return 0.25 + 0.75 * math.exp(-days_since_arrival / 60)


def contact_timeline(
    rng: random.Random, contact: Contact, industry: str, calendar: list[Campaign], now: datetime
) -> Timeline:
    age = (now - contact.created_at).total_seconds() / 86400
    timeline, factor = Timeline(age=age), engagement_factor(contact, industry)
    arrival_events(rng, contact, timeline)
    if contact.legal_basis != LegalBasis.NONE:
        emails_receive(rng, contact, timeline, sends(rng, contact, industry, calendar, now, age), factor)
    site_visits(rng, contact, timeline, factor)
    funnel_events(rng, contact, timeline)
    timeline.events.sort(key=lambda event: -event[1])
    return timeline


def arrival_events(rng: random.Random, contact: Contact, timeline: Timeline) -> None:
    age = timeline.age
    if contact.source == Source.FORM:
        form = rng.choice(["newsletter", "contact-us", "demo-request", "ebook"])
        timeline.add(E.FORM_SUBMITTED, age, "", {"form": form, "path": f"/{form}"})
        if form == "ebook":
            timeline.add(E.CONTENT_DOWNLOADED, age - 0.001, "", {"asset": rng.choice(EBOOKS)})
    elif contact.source == Source.WEBINAR:
        timeline.add(E.WEBINAR_REGISTERED, age, "Webinar registration")
        if rng.random() < 0.5:
            timeline.add(E.WEBINAR_ATTENDED, max(0.0, age - rng.uniform(3, 12)), "Webinar registration")


def sends(
    rng: random.Random, contact: Contact, industry: str, calendar: list[Campaign], now: datetime, age: float
) -> list[Campaign]:
    nurture = nurture_name(contact, industry, now, age)
    welcome = [Campaign("nurture", age - day, nurture) for day in NURTURE_DAYS if day < age]
    later = [c for c in calendar if c.days_ago < age - 2 and rng.random() < CAMPAIGN_REACH[c.kind]]
    return sorted(welcome + later, key=lambda c: -c.days_ago)


def emails_receive(
    rng: random.Random, contact: Contact, timeline: Timeline, campaigns: list[Campaign], factor: float
) -> None:
    last = rng.randrange(len(campaigns)) if campaigns and (contact.bounced or contact.unsubscribed) else -1
    for index, campaign in enumerate(campaigns):
        day = campaign.days_ago
        timeline.add(E.EMAIL_SENT, day, campaign.name)
        if index == last and contact.bounced:
            timeline.add(E.EMAIL_BOUNCED, day - 0.01, campaign.name, {"reason": "550 5.1.1 mailbox unknown"})
            timeline.stopped_at = day
            return
        timeline.add(E.EMAIL_DELIVERED, day - 0.002, campaign.name)
        if index == last:
            timeline.add(E.EMAIL_OPENED, day - 0.1, campaign.name)
            timeline.add(E.EMAIL_UNSUBSCRIBED, day - 0.11, campaign.name)
            timeline.stopped_at = day - 0.11
            return
        email_react(rng, contact, timeline, campaign, factor * fade(timeline.age - day))


def email_react(
    rng: random.Random, contact: Contact, timeline: Timeline, campaign: Campaign, factor: float
) -> None:
    if rng.random() >= min(0.85, 0.3 * factor):
        return
    opened = campaign.days_ago - rng.expovariate(3.0)
    timeline.add(E.EMAIL_OPENED, opened, campaign.name)
    if rng.random() >= min(0.6, 0.16 * factor):
        return
    clicked = opened - rng.uniform(0.0, 0.02)
    timeline.add(E.EMAIL_CLICKED, clicked, campaign.name)
    landing = {"path": landing_path(rng, contact, campaign)}
    timeline.add(E.PAGE_VISITED, clicked - 0.001, campaign.name, landing)
    if campaign.kind == "ebook" and rng.random() < 0.6:
        timeline.add(E.CONTENT_DOWNLOADED, clicked - 0.002, campaign.name, {"asset": campaign.asset})
    if campaign.kind == "webinar" and rng.random() < 0.55:
        timeline.add(E.WEBINAR_REGISTERED, clicked - 0.003, campaign.name)
        if rng.random() < 0.45:
            timeline.add(E.WEBINAR_ATTENDED, campaign.event_days_ago, campaign.name)


def landing_path(rng: random.Random, contact: Contact, campaign: Campaign) -> str:
    if campaign.kind == "webinar":
        return "/webinars"
    if campaign.kind == "ebook":
        return "/resources/ebooks"
    return visit_path(rng, contact)


def visit_path(rng: random.Random, contact: Contact) -> str:
    pricing_share = 0.4 if contact.maturity == Maturity.DECISION else 0.08
    return rng.choice(DECISION_PATHS) if rng.random() < pricing_share else rng.choice(SITE_PATHS)


def site_visits(rng: random.Random, contact: Contact, timeline: Timeline, factor: float) -> None:
    """Unprompted visits, month by month since arrival; a few pages per session."""
    since = 0.0
    while since < timeline.age:
        chance = min(0.9, 0.22 * factor * fade(since))
        while rng.random() < chance:
            day = timeline.age - since - rng.uniform(0, 30)
            for page in range(rng.randint(1, 3)):
                timeline.add(E.PAGE_VISITED, day - page * 0.001, "", {"path": visit_path(rng, contact)})
            if rng.random() < 0.06 * factor:
                timeline.add(E.CONTENT_DOWNLOADED, day - 0.004, "", {"asset": rng.choice(EBOOKS)})
            chance *= 0.5
        since += 30


def funnel_events(rng: random.Random, contact: Contact, timeline: Timeline) -> None:
    rank = Lifecycle.rank(contact.lifecycle)
    if rank >= Lifecycle.rank(Lifecycle.MQL):
        became = timeline.age * rng.uniform(0.3, 0.9)
        timeline.add(E.BECAME_MQL, became, "", {"score_threshold": 50})
        if rank >= Lifecycle.rank(Lifecycle.SQL):
            booked = became * rng.uniform(0.2, 0.9)
            timeline.add(E.PAGE_VISITED, booked + 0.001, "", {"path": "/demo"})
            timeline.add(E.MEETING_BOOKED, booked, "", {"with": "account executive"})


def scores_set(contact: Contact, industry: str, tier: str, timeline: Timeline) -> None:
    """A plausible starting score; the scoring app recomputes it with the workspace's rules."""
    contact.fit_score = FIT_POINTS.get(contact.seniority, 5) + (15 if industry in ICP else 5)
    contact.fit_score += TIER_POINTS.get(tier, 0)
    points = sum(
        BEHAVIOUR_POINTS.get(kind, 0) * fade(day) for kind, day, _c, _p in timeline.events
    )
    contact.behaviour_score = min(100, round(points))
    contact.score = contact.fit_score + contact.behaviour_score
    if contact.unsubscribed:
        stopped = timeline.stopped_at if timeline.stopped_at is not None else timeline.age
        contact.unsubscribed_at = contact.created_at + timedelta(days=timeline.age - stopped)
