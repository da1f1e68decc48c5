"""What Orbitale (B2B SaaS for multi-site businesses, ~20 M€ ARR) aims at: two quarters of OKRs.

People are named by their key in `fusee.core.demo.POSITIONS`; key results by a short `ref` the
ideas and the carry-over point at. A key result's path through the quarter is described, not
listed: `pace` is its share of the ideal pace before and after the first 30 % of the cycle, `tone`
the confidence its owner reports, `done_at` when a milestone was done (a share of the cycle).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fusee.okrs.models import Confidence, Direction, KeyResultKind, Level

METRIC, MILESTONE, PERCENTAGE = KeyResultKind.METRIC, KeyResultKind.MILESTONE, KeyResultKind.PERCENTAGE
ON_TRACK, AT_RISK, OFF_TRACK = Confidence.ON_TRACK, Confidence.AT_RISK, Confidence.OFF_TRACK


@dataclass(frozen=True)
class PlanKeyResult:
    ref: str
    title: str
    owner: str
    kind: str = METRIC
    direction: str = Direction.INCREASE
    start: float = 0.0
    target: float = 1.0
    unit: str = ""
    metric: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    pace: tuple[float, float] = (1.0, 1.0)
    drift: float = 0.0  # "stay above / below": how far the level moves over the cycle
    tone: str = ON_TRACK
    done_at: float | None = None
    digits: int = 0
    cumulative: bool = True  # a count that only grows (MQLs, meetings), not a level that wavers
    overdue: bool = False  # its owner missed this week's check-in
    offset: int = 0  # its owner checks in this many days before the team's weekly day
    carried_from: str = ""
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlanObjective:
    title: str
    owner: str
    key_results: tuple[PlanKeyResult, ...]
    level: str = Level.TEAM
    team: str = ""
    parent: str = ""  # the title of the objective it aligns to
    description: str = ""


def kr(ref: str, title: str, owner: str, **values: Any) -> PlanKeyResult:
    return PlanKeyResult(ref=ref, title=title, owner=owner, **values)


ACQUISITION, CONTENT, MARKETING = "Acquisition", "Content", "Marketing"
TEAMS = [(MARKETING, "", "cmo"), (ACQUISITION, MARKETING, "demand"), (CONTENT, MARKETING, "content")]

# --- the current quarter ---

ARR = "Grow ARR from 18 to 20 M€"
DACH = "Win the DACH mid-market"
CHURN = "Keep churn below 8 %"
ADOPTION = "Help customers get value fast, so they stay"

COMPANY_NOW = [
    PlanObjective(ARR, "ceo", level=Level.COMPANY, description="The plan the board approved for the year.",
                  key_results=(
        kr("arr", "ARR", "ceo", start=18.0, target=20.0, unit="M€", digits=2, pace=(0.9, 1.0),
           notes=("Two enterprise renewals signed early.", "Board update: on plan.",
                  "Strong month in Spain, France steady.")),
        kr("new-arr", "Net new ARR from new logos", "sales", start=0, target=1.2, unit="M€", digits=2,
           notes=("Retail pipeline converting as forecast.", "Three hotel groups in legal review.")),
    )),
    PlanObjective(DACH, "sales", level=Level.COMPANY,
                  description="Germany, Austria and Switzerland, companies of 100 to 1,000 employees.",
                  key_results=(
        kr("dach-logos", "New DACH customers with 100 to 1,000 employees", "sales", target=15,
           unit="customers", pace=(0.6, 0.85), tone=AT_RISK,
           notes=("First two contracts signed in Munich.", "Deals slower than planned: buyers ask for "
                  "German references.")),
        kr("dach-pipeline", "Qualified DACH pipeline", "sales", target=3.0, unit="M€", digits=2,
           notes=("Partner day brought a dozen opportunities.", "Pipeline healthy, conversion is the risk.")),
    )),
    PlanObjective(CHURN, "ceo", level=Level.COMPANY, key_results=(
        kr("churn", "Gross revenue churn, annualised", "ceo", direction=Direction.STAY_BELOW, start=7.4,
           target=8.0, unit="%", digits=1, drift=0.3, cumulative=False,
           notes=("One hotel group lost to a local tool.", "Below the line, but closer than we like.")),
        kr("golive", "Customers live within 30 days of signing", "ceo", kind=PERCENTAGE, start=61, target=80,
           pace=(1.0, 0.9), offset=1,
           notes=("New onboarding checklist in use.", "Implementation team fully staffed.")),
    )),
]

MARKETING_NOW = [
    PlanObjective("Fill the pipeline sales needs for 20 M€ ARR", "demand", team=MARKETING, parent=ARR,
                  key_results=(
        kr("mqls", "MQLs created this quarter", "demand", target=1500, unit="MQLs", metric="mqls_created",
           pace=(1.0, 1.05)),
        kr("hot", "Hot leads in the base (score 70+)", "ops", start=380, target=600, unit="contacts",
           metric="contacts_in_segment", params={"segment": "Hot leads"}, pace=(1.1, 1.0),
           cumulative=False),
        kr("demos", "Demo requests from the website", "seo", target=420, unit="demo requests",
           pace=(1.0, 0.95), overdue=True,
           notes=("Scheduling cluster of articles is live; requests picking up.",
                  "Price calculator A/B test started on the pricing page.",
                  "Steady week, mostly from organic search.", "Holiday week in France, slower.")),
        kr("cpl", "Cost per MQL", "social", direction=Direction.DECREASE, start=165, target=130, unit="€",
           pace=(0.9, 0.45), tone=AT_RISK, cumulative=False,
           notes=("LinkedIn costs up after the agency changed the bidding.",
                  "Paused two lookalike audiences that brought students.",
                  "Still above the ideal line: clicks keep getting dearer in retail.",
                  "Retargeting of pricing-page visitors accepted; its effect should show in two weeks.")),
    )),
    PlanObjective("Make Orbitale the name DACH mid-market retailers know", "intl", team=MARKETING,
                  parent=DACH, key_results=(
        kr("webinars", "Webinar registrations", "events", target=800, unit="registrations",
           metric="webinar_registrations", pace=(0.8, 1.15)),
        kr("engaged", "Contacts engaged in the last 30 days", "ops", start=2600, target=3500, unit="contacts",
           metric="contacts_in_segment", params={"segment": "Engaged last 30 days"}, cumulative=False),
        kr("de-site", "German website, pricing and three local case studies live", "country-de",
           kind=MILESTONE, done_at=0.8, carried_from="p-de-site",
           notes=("Translation agency delivered the first half.", "Legal review of the German pricing page.",
                  "Two of three case studies approved by the customers.", "Go-live planned for week 11.")),
        kr("de-meetings", "Sales meetings booked with DACH mid-market accounts", "country-de", target=90,
           unit="meetings", pace=(0.8, 0.35), tone=OFF_TRACK,
           notes=("First outbound sequence in German sent.",
                  "Meetings come from events only; cold outbound does not convert.",
                  "Off track: outbound needs the German case studies first.",
                  "The partner day with the retail association should bring a batch.")),
    )),
    PlanObjective(ADOPTION, "pmm", team=MARKETING, parent=CHURN, key_results=(
        kr("clicks", "Human click rate of our emails (scanners excluded)", "nurture", start=3.0, target=4.5,
           unit="%", digits=1, metric="email_human_click_rate", cumulative=False),
        kr("guides", "Contacts who downloaded a guide in the last 3 months", "content", start=900,
           target=1400, unit="contacts", metric="contacts_in_segment",
           params={"segment": "Content downloaders this quarter"}, cumulative=False),
        kr("cab", "Customer advisory board running with 12 customers", "pmm", kind=MILESTONE, done_at=0.45,
           notes=("Invitations sent to 20 customers.", "Twelve customers confirmed.",
                  "First session held in Lyon: done.", "Minutes shared with product.")),
        kr("reporting", "Customers using the reporting module", "pmm-retail", kind=PERCENTAGE, start=22,
           target=45, pace=(1.0, 0.9), overdue=True,
           notes=("Campaign for the reporting module launched.", "In-app banner live for admins.",
                  "Adoption grows in retail, slower in hotels.")),
    )),
]

SUBTEAMS_NOW = [
    PlanObjective("Turn search and social into demo requests", "demand", team=ACQUISITION, parent=ARR,
                  key_results=(
        kr("sessions", "Monthly organic sessions on the solution pages", "seo", start=38000, target=52000,
           unit="sessions", cumulative=False, notes=("Three pages rewritten for multi-site scheduling.",)),
        kr("cpd", "Paid social cost per demo request", "social", direction=Direction.DECREASE, start=410,
           target=320, unit="€", cumulative=False, pace=(1.0, 0.8), offset=1),
    )),
    PlanObjective("Publish what customers use to get started", "content", team=CONTENT, parent=CHURN,
                  key_results=(
        kr("videos", "Help videos published", "video", target=20, unit="videos", offset=1),
        kr("ebook", "Multi-site scheduling ebook out in four languages", "writer-en", kind=MILESTONE,
           done_at=0.55, notes=("French and English versions proofread.", "Out in all four languages.")),
    )),
    PlanObjective("Get every new customer to a first report within 14 days", "nurture", level=Level.PERSON,
                  parent=ADOPTION, key_results=(
        kr("first-report", "New customers with a first report within 14 days", "nurture", kind=PERCENTAGE,
           start=48, target=70, offset=1, notes=("New onboarding email on day 3 shows a report template.",)),
        kr("onboarding-langs", "Onboarding emails live in five languages", "nurture", kind=MILESTONE,
           done_at=0.3),
    )),
]

# --- the previous quarter, closed ---

PREV_ARR, PREV_DACH, PREV_CHURN = "Reach 18 M€ ARR", "Prepare the German launch", "Keep churn below 9 %"

COMPANY_BEFORE = [
    PlanObjective(PREV_ARR, "ceo", level=Level.COMPANY, key_results=(
        kr("p-arr", "ARR", "ceo", start=15.9, target=18.0, unit="M€", digits=2, pace=(0.9, 0.8)),
        kr("p-logos", "New customers in France and Spain", "sales", target=60, unit="customers",
           pace=(0.9, 0.85)),
    )),
    PlanObjective(PREV_DACH, "sales", level=Level.COMPANY, key_results=(
        kr("p-aes", "German-speaking account executives hired", "sales", target=3, unit="people",
           pace=(0.5, 1.2)),
        kr("p-pilots", "Pilot customers in Germany", "sales", target=5, unit="customers", pace=(0.3, 0.5),
           tone=OFF_TRACK),
    )),
    PlanObjective(PREV_CHURN, "ceo", level=Level.COMPANY, key_results=(
        kr("p-churn", "Gross revenue churn, annualised", "ceo", direction=Direction.STAY_BELOW, start=8.8,
           target=9.0, unit="%", digits=1, drift=-0.4, cumulative=False),
        kr("p-nrr", "Net revenue retention", "ceo", direction=Direction.STAY_ABOVE, start=108.6, target=108,
           unit="%", digits=1, drift=-2.4, cumulative=False, tone=AT_RISK),
    )),
]

MARKETING_BEFORE = [
    PlanObjective("Double inbound demand in France and Spain", "demand", team=MARKETING, parent=PREV_ARR,
                  key_results=(
        kr("p-mqls", "MQLs created this quarter", "demand", target=1300, unit="MQLs", metric="mqls_created",
           pace=(0.9, 0.9)),
        kr("p-demos", "Demo requests from the website", "seo", target=360, unit="demo requests",
           pace=(0.8, 0.85), tone=AT_RISK),
        kr("p-cpl", "Cost per MQL", "social", direction=Direction.DECREASE, start=190, target=160, unit="€",
           pace=(1.0, 0.7), cumulative=False),
    )),
    PlanObjective("Get ready to launch in Germany", "intl", team=MARKETING, parent=PREV_DACH, key_results=(
        kr("p-de-site", "German website live", "country-de", kind=MILESTONE, tone=OFF_TRACK,
           notes=("Agency briefed.", "Translation slipped: the agency lost its German editor.",
                  "Legal review of the terms not started: not done this quarter, carried over.")),
        kr("p-series", "German webinar series launched", "events", kind=MILESTONE, done_at=0.6),
        kr("p-dach-base", "DACH contacts in the base", "country-de", start=2000, target=6000, unit="contacts",
           pace=(0.6, 0.7), tone=AT_RISK),
    )),
    PlanObjective("Make onboarding emails customers act on", "pmm", team=MARKETING, parent=PREV_CHURN,
                  key_results=(
        kr("p-clicks", "Human click rate of our emails (scanners excluded)", "nurture", start=2.4, target=3.5,
           unit="%", digits=1, metric="email_human_click_rate", pace=(0.8, 0.65), cumulative=False),
        kr("p-assets", "Content assets signed off", "content", target=30, unit="assets",
           metric="assets_published", pace=(1.0, 1.15)),
        kr("p-help", "Help-centre articles rewritten", "writer-en", kind=PERCENTAGE, start=0, target=100,
           pace=(0.8, 0.7)),
    )),
]

LESSONS = """\
- Inbound grew in France; Spain's demo requests lagged because its local case studies came late.
- The German website slipped twice (translation agency, legal review): carried over, now owned in Germany.
- Automatic key results kept the Monday check-in to a minute; the manual ones needed the reminder.
- Net revenue retention missed: the reporting module's upsell campaign starts this quarter.
- We said no to nine ideas and nobody had to argue: the backlog showed why."""
