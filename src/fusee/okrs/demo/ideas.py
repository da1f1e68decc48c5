"""The idea backlog: what sales, product and management asked marketing for, and what triage said.

`by` is the position key of the person who submitted it (`fusee.core.demo.POSITIONS`), `requester`
the name shown when it came from outside Fusée's users. An accepted idea `serves` a key result of
the current quarter (its plan `ref`); a parked one has its reason and the quarter it was parked in
("before": the previous quarter, so it comes back at this quarter's planning).
"""

from __future__ import annotations

from dataclasses import dataclass

from fusee.okrs.models import IdeaSource, IdeaStatus

SALES, PRODUCT, MANAGEMENT = IdeaSource.SALES, IdeaSource.PRODUCT, IdeaSource.MANAGEMENT
MARKETING, OTHER = IdeaSource.MARKETING, IdeaSource.OTHER
NEW, ACCEPTED, PARKED = IdeaStatus.NEW, IdeaStatus.ACCEPTED, IdeaStatus.PARKED
NOW, BEFORE = "now", "before"


@dataclass(frozen=True)
class PlanIdea:
    title: str
    description: str
    source: str
    by: str
    status: str
    serves: str = ""
    reason: str = ""
    parked: str = NOW
    requester: str = ""


def accepted(title: str, description: str, source: str, by: str, serves: str,
             requester: str = "") -> PlanIdea:
    return PlanIdea(title, description, source, by, ACCEPTED, serves=serves, requester=requester)


def parked(title: str, description: str, source: str, by: str, reason: str, *, when: str = NOW,
           requester: str = "") -> PlanIdea:
    return PlanIdea(title, description, source, by, PARKED, reason=reason, parked=when, requester=requester)


def new(title: str, description: str, source: str, by: str, requester: str = "") -> PlanIdea:
    return PlanIdea(title, description, source, by, NEW, requester=requester)


IDEAS = [
    # --- sales ---
    parked("Booth at VivaTech", "A 9 m² booth in the retail-tech village; the VP Sales met two prospects "
           "there last year.", SALES, "sales",
           "About 60 k€ for a general tech crowd in Paris: no key result this quarter is about awareness in "
           "France, and DACH comes first. Back at planning if a French enterprise objective returns."),
    accepted("Partner day with a German retail association", "Co-host a half-day on staff scheduling for "
             "association members in Cologne; they bring the room, we bring two customers.", SALES, "rep-de",
             "de-meetings"),
    accepted("One-pager comparing us with the local German competitor", "Prospects in Germany always ask "
             "how we differ from the tool their works council knows.", SALES, "rep-de", "de-meetings"),
    parked("Gift boxes for our top 50 prospects", "Lyon chocolates with a handwritten card before the "
           "holidays.", SALES, "rep-fr",
           "No key result measures late-stage deals, and it is a sales budget line rather than marketing.",
           when=BEFORE),
    accepted("Case study with a Spanish hotel chain", "Their 14 hotels cut overtime by a fifth; the "
             "operations director agreed to be quoted.", SALES, "rep-es", "guides"),
    new("Reactivation campaign for deals lost in 2025", "About 300 opportunities lost to 'no decision'; "
        "the reporting module answers half of their objections.", SALES, "sales"),
    parked("LinkedIn ads to UK retail operations directors", "The UK team has budget left over.", SALES,
           "rep-gb", "The UK is not a focus market this quarter: DACH first. Revisit at planning."),
    accepted("Price calculator on the website", "Prospects want a number before talking to sales; Italy "
             "loses them at the pricing page.", SALES, "rep-it", "demos"),
    # --- product ---
    accepted("Campaign for the new reporting module", "Launch emails, a webinar and an in-app banner for "
             "admins: adoption drives the renewals.", PRODUCT, "pmm", "reporting",
             requester="Product team, reporting squad"),
    accepted("Rewrite the onboarding emails around the first report", "New customers who build a report "
             "in their first two weeks churn half as much.", PRODUCT, "pmm", "clicks",
             requester="Product team, onboarding squad"),
    parked("Beta programme for the mobile app", "Recruit 30 store managers to test the new mobile app.",
           PRODUCT, "pmm", "The mobile app has no release date yet and serves no key result: back when it "
           "ships.", when=BEFORE, requester="Product team, mobile squad"),
    new("Monthly release-notes video", "Two minutes on what changed, for customers and the sales team.",
        PRODUCT, "pmm", requester="Product team"),
    accepted("Webinar: what's new in Orbitale planning", "Product demo of the autumn release, open to "
             "prospects and customers.", PRODUCT, "pmm", "webinars", requester="Product team"),
    parked("Public roadmap page", "Show what is coming so prospects stop asking sales.", PRODUCT, "pmm",
           "Serves no key result, and product owns the roadmap: product can publish it without marketing.",
           requester="Product team"),
    # --- management ---
    parked("TikTok channel, the CEO read about it", "Short videos on shift work in stores and hotels.",
           MANAGEMENT, "ceo",
           "Our buyers are operations directors of retail and hotel groups: nothing on TikTok serves a key "
           "result this quarter. Parked, not forgotten: a test could fit an awareness objective later."),
    parked("Podcast with retail leaders", "Ten episodes, interviews of operations directors.", MANAGEMENT,
           "ceo", "The Content team is at its three objectives; a podcast would be a fourth. Back at "
           "planning.", when=BEFORE),
    accepted("Customer advisory board dinner in Lyon", "Invite the twelve advisory board customers the "
             "evening before the first session.", MANAGEMENT, "ceo", "cab"),
    parked("Rebrand the website before the Series C", "A new look before the fundraising roadshow.",
           MANAGEMENT, "ceo",
           "A rebrand would be a fourth marketing objective and the focus rule caps us at three: parked "
           "until the Series C timing is known."),
    parked("Enter the Nordics", "Two Swedish hotel groups asked for a demo.", MANAGEMENT, "sales",
           "The company objective is DACH this year; the two leads go to sales directly.", when=BEFORE),
    new("Customer reference programme with rewards", "Credits for customers who take reference calls.",
        MANAGEMENT, "ceo"),
    # --- marketing and others ---
    accepted("Partner webinar with a payroll vendor", "Scheduling feeds payroll: a joint webinar with a "
             "payroll vendor's German team.", MARKETING, "events", "webinars"),
    accepted("Article cluster on multi-site scheduling", "Ten articles around 'staff scheduling for "
             "multi-site businesses', linked to the demo page.", MARKETING, "seo", "demos"),
    accepted("Retarget pricing-page visitors", "A LinkedIn audience of visitors of /pricing in the last "
             "30 days.", MARKETING, "social", "cpl"),
    accepted("Nurturing track for hot leads not yet with sales", "A three-email track for contacts scoring "
             "70 or more that sales has not called yet.", MARKETING, "nurture", "hot"),
    parked("Quarterly newsletter for investors", "Share the customer wins with investors every quarter.",
           OTHER, "ops", "Not a marketing key result: investor relations belong to finance.",
           requester="Finance"),
    new("Employee advocacy programme on LinkedIn", "Give employees ready-to-share posts each week.", OTHER,
        "ops", requester="Talent team"),
]
