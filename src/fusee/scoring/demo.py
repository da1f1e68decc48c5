"""Orbitale's lead scoring: the ICP of a SaaS for multi-site businesses, engagement that fades.

Rules are keyed by name (loading twice changes nothing, and leaves a marketer's edits alone);
the whole base is then rescored, which promotes the contacts that reach the thresholds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fusee.contacts.models import EventType
from fusee.scoring.models import BehaviourRule, FitField, FitRule, LifecycleThreshold, Operator, Stage
from fusee.scoring.services import contacts_rescore

Progress = Callable[[int, int], None]
E, F, Op = EventType, FitField, Operator

FIT_RULES = [
    # name, field, operator, value, points
    ("Core industries: retail & hospitality", F.COMPANY_INDUSTRY, Op.IN, "retail,hospitality", 20),
    ("Core industries: restaurants & fitness", F.COMPANY_INDUSTRY, Op.IN, "restaurants,fitness", 15),
    ("Adjacent industries", F.COMPANY_INDUSTRY, Op.IN, "banking,real_estate,healthcare", 5),
    ("200+ employees", F.COMPANY_EMPLOYEES, Op.GTE, "200", 10),
    ("Very small company", F.COMPANY_EMPLOYEES, Op.LTE, "10", -10),
    ("10+ sites", F.COMPANY_SITES, Op.GTE, "10", 15),
    ("Enterprise account", F.COMPANY_TIER, Op.EQ, "enterprise", 5),
    ("Director", F.SENIORITY, Op.EQ, "director", 10),
    ("VP or C-level", F.SENIORITY, Op.IN, "vp,c_level,owner", 15),
    ("Operations or general management", F.JOB_FUNCTION, Op.IN, "operations,executive", 10),
    ("Served countries", F.COUNTRY, Op.IN, "FR,ES,IT,DE,GB,IN", 5),
    ("Free email address", F.EMAIL, Op.CONTAINS, "@gmail.,@yahoo.,@hotmail.,@outlook.,@live.,@free.fr", -15),
    ("Student or intern", F.JOB_TITLE, Op.CONTAINS, "student,intern,stagiaire,étudiant", -20),
]
BEHAVIOUR_RULES = [
    # name, event type, points, half-life days, cap, property (key, value)
    ("Webinar attended", E.WEBINAR_ATTENDED, 15, 60, None, ("", "")),
    ("Webinar registered", E.WEBINAR_REGISTERED, 5, 45, 10, ("", "")),
    ("Content downloaded", E.CONTENT_DOWNLOADED, 10, 45, 30, ("", "")),
    ("Form submitted", E.FORM_SUBMITTED, 10, 60, 20, ("", "")),
    ("Demo requested", E.FORM_SUBMITTED, 25, 90, None, ("form", "demo-request")),
    ("Email clicked", E.EMAIL_CLICKED, 3, 30, 15, ("", "")),
    ("Email opened", E.EMAIL_OPENED, 1, 14, 5, ("", "")),
    ("Pricing page visited", E.PAGE_VISITED, 5, 30, 15, ("path", "/pricing")),
    ("Case studies visited", E.PAGE_VISITED, 3, 30, 9, ("path", "/customers/case-studies")),
    ("Site visits", E.PAGE_VISITED, 1, 21, 5, ("", "")),
    ("Meeting booked", E.MEETING_BOOKED, 30, 120, None, ("", "")),
    ("Unsubscribed", E.EMAIL_UNSUBSCRIBED, -20, 0, 20, ("", "")),
    ("Hard bounce", E.EMAIL_BOUNCED, -10, 0, 10, ("", "")),
]
THRESHOLDS = {Stage.MQL: 50, Stage.SQL: 80}


def load(*, seed: int, options: dict[str, Any], progress: Progress | None = None) -> None:
    rules_create()
    for stage, min_score in THRESHOLDS.items():
        LifecycleThreshold.objects.get_or_create(stage=stage, defaults={"min_score": min_score})
    contacts_rescore()
    if progress:
        progress(1, 1)


def rules_create() -> None:
    """The rules above, leaving alone any that exist (the score benchmark uses them too)."""
    for name, field, operator, value, points in FIT_RULES:
        FitRule.objects.get_or_create(
            name=name, defaults={"field": field, "operator": operator, "value": value, "points": points}
        )
    for name, event_type, points, half_life, cap, (key, wanted) in BEHAVIOUR_RULES:
        BehaviourRule.objects.get_or_create(name=name, defaults={
            "event_type": event_type, "points": points, "half_life_days": half_life, "max_points": cap,
            "property_key": key, "property_value": wanted,
        })
