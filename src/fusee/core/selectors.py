"""Reads of the core app."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from fusee.core.models import ApiToken, AuditEntry, Job, User


def team_list(*, role: str = "", team: str = "") -> QuerySet[User]:
    people = User.objects.select_related("manager").filter(is_active=True)
    if role:
        people = people.filter(role=role)
    if team:
        people = people.filter(team=team)
    return people


def role_counts() -> dict[str, int]:
    rows = User.objects.filter(is_active=True).values("role").annotate(n=Count("id"))
    return {row["role"]: row["n"] for row in rows}


def people_by_country() -> list[tuple[str, int]]:
    rows = (
        User.objects.filter(is_active=True).exclude(country="")
        .values("country").annotate(n=Count("id")).order_by("-n", "country")
    )
    return [(row["country"], row["n"]) for row in rows]


def audit_list(*, limit: int = 200) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.select_related("actor")[:limit]


def audit_activity(*, days: int = 14) -> list[tuple[str, int]]:
    """Changes per day over the last `days` days, zero-filled, oldest first."""
    since = timezone.localdate() - timedelta(days=days - 1)
    rows = (
        AuditEntry.objects.filter(at__date__gte=since)
        .annotate(day=TruncDate("at"))
        .values("day")
        .annotate(n=Count("id"))
    )
    counts = {row["day"]: row["n"] for row in rows}
    dates = [since + timedelta(days=i) for i in range(days)]
    return [(d.isoformat(), counts.get(d, 0)) for d in dates]


def token_list(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True)


def job_list(*, limit: int = 100) -> QuerySet[Job]:
    return Job.objects.select_related("created_by")[:limit]
