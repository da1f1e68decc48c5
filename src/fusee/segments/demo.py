"""Demo segments and static lists for Orbitale's marketing team (idempotent: keyed by name)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction

from fusee.segments import services
from fusee.segments.language import compile_expression
from fusee.segments.models import ContactList, Segment

SEGMENTS = [
    (
        "Retail decision-makers in France",
        'industry = "retail" and country = "FR" and seniority >= director',
        "Directors and above in French retail chains.",
    ),
    (
        "Hospitality MQLs",
        'industry = "hospitality" and lifecycle = mql',
        "Hotels and hospitality groups ready for sales.",
    ),
    (
        "Engaged last 30 days",
        "opened(email, within=30d) or clicked(email, within=30d) or visited(page, within=30d)",
        "Anyone who opened, clicked or came to the site this month.",
    ),
    (
        "Webinar attendees not yet SQL",
        "attended(webinar, within=6m) and lifecycle < sql",
        "Attended a webinar in the last six months; nurture towards sales.",
    ),
    (
        "Cold leads to re-engage",
        "lifecycle in (subscriber, lead) and not opened(email, within=90d) and consented and not bounced",
        "No email opened for three months.",
    ),
    ("Enterprise accounts", 'tier = "enterprise" or employees >= 1000', "Large multi-site accounts."),
    ("Consented contacts in Spain", 'country = "ES" and consented', "Can be emailed under GDPR."),
    (
        "Restaurant chains with 10+ sites",
        'industry = "restaurants" and company.sites >= 10',
        "Multi-site restaurant groups.",
    ),
    ("Hot leads", "score >= 70 and lifecycle <= mql and not unsubscribed", "High score, not yet with sales."),
    ("Content downloaders this quarter", "downloaded(content, within=3m)", "Downloaded an ebook or a guide."),
    (
        "Heavy email openers",
        "did(email_opened, within=90d, times>=3)",
        "Opened three emails or more in 90 days.",
    ),
    (
        "Marketing leaders",
        'job_function = "marketing" and seniority >= director',
        "Heads of marketing: our buyers.",
    ),
    ("Missing job title", "job_title is empty and not unsubscribed", "To enrich before the next campaign."),
]
LISTS = [
    ("Trade show leads — Retail Expo", "Met at the booth.", 'industry = "retail" and source = "prospecting"'),
    (
        "Customer advisory board",
        "Customers who help shape the roadmap.",
        "lifecycle = customer and score >= 60",
    ),
]
Progress = Callable[[int, int], None]


@transaction.atomic
def load(*, seed: int, options: dict[str, Any], progress: Progress | None = None) -> None:
    total = len(SEGMENTS) + len(LISTS)
    for done, (name, expression, description) in enumerate(SEGMENTS, start=1):
        compile_expression(expression)  # a demo segment that no longer parses fails loudly
        Segment.objects.get_or_create(
            name=name, defaults={"expression": expression, "description": description}
        )
        if progress:
            progress(done, total)
    for done, (name, description, expression) in enumerate(LISTS, start=len(SEGMENTS) + 1):
        load_list(name, description, expression)
        if progress:
            progress(done, total)


def load_list(name: str, description: str, expression: str) -> None:
    if ContactList.objects.filter(name=name).exists():
        return
    services.list_create(actor=None, name=name, description=description, expression=expression)
