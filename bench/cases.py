"""The benchmark cases; each returns a row for the report (medians over --repeat runs)."""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

from django.db import connection
from run import median_seconds

SEGMENT = (
    'industry in ("retail", "hospitality") and employees >= 200 and score >= 40 and opened(email, within=30d)'
)
SEGMENT_SQL = """
SELECT count(*) FROM contacts_contact c
JOIN contacts_company co ON co.id = c.company_id
WHERE co.industry IN ('retail', 'hospitality') AND co.employees >= 200 AND c.score >= 40
  AND EXISTS (SELECT 1 FROM contacts_event e WHERE e.contact_id = c.id AND e.type = 'email_opened'
              AND e.occurred_at >= now() - interval '30 days')
"""


def row(name: str, seconds: float, baseline: float, limit: float, note: str = "") -> dict[str, Any]:
    ratio = seconds / baseline if baseline else 0.0
    return {
        "name": name,
        "seconds": seconds,
        "baseline": baseline,
        "ratio": ratio,
        "limit": f"{limit:g}×",
        "ok": ratio <= limit,
        "note": note,
    }


def raw_count(sql: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def segment_count(args: argparse.Namespace) -> dict[str, Any]:
    """A 4-condition segment with an event condition vs the same count in hand-written SQL."""
    from fusee.segments.language import segment_queryset

    ours, ours_count = median_seconds(lambda: segment_queryset(SEGMENT).count(), args.repeat)
    base, base_count = median_seconds(lambda: raw_count(SEGMENT_SQL), args.repeat)
    if ours_count != base_count:
        raise AssertionError(f"segment count {ours_count} differs from the SQL baseline {base_count}")
    return row("segment count (4 conditions, 1 event)", ours, base, 1.5, f"{ours_count:,} contacts")


def list_pages(args: argparse.Namespace) -> dict[str, Any]:
    """p95 of the contact list and search pages through the whole Django stack."""
    from django.test import Client

    from fusee.core.models import Role, User

    user, _created = User.objects.get_or_create(
        email="bench@fusee.invalid", defaults={"full_name": "Bench", "role": Role.VIEWER}
    )
    client = Client()
    client.force_login(user)
    urls = [
        "/contacts/",
        "/contacts/?q=contact12",
        "/contacts/?q=last4",
        "/contacts/?lifecycle=mql&country=FR",
        "/contacts/?min_score=90",
        "/contacts/?q=company77",
    ]
    timings = []
    for _ in range(max(args.repeat, 10)):
        for url in urls:
            started = time.perf_counter()
            response = client.get(url, HTTP_HOST="127.0.0.1")
            timings.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
    p95 = statistics.quantiles(timings, n=20)[-1]
    median = statistics.median(timings)
    return {
        "name": "contact list & search pages, p95",
        "seconds": p95,
        "baseline": median,
        "ratio": 0.0,
        "limit": "300 ms",
        "ok": p95 < 0.300,
        "note": f"median {median * 1000:.0f} ms",
    }


from case_import import import_csv, import_sqlite  # noqa: E402
from case_okrs import okr_board, okr_check_in  # noqa: E402
from case_playbook_board import playbook_board  # noqa: E402
from case_playbooks import playbook_plan  # noqa: E402
from case_recycle import recycle_pack  # noqa: E402
from case_scheduler import scheduler_tick  # noqa: E402
from case_scoring import score_recompute  # noqa: E402
from case_sending import send_throughput  # noqa: E402
from case_tracking import click_redirect  # noqa: E402

CASES: list = [
    segment_count,
    score_recompute,
    list_pages,
    import_csv,
    import_sqlite,
    scheduler_tick,
    click_redirect,
    recycle_pack,
    send_throughput,
    okr_board,
    okr_check_in,
    playbook_plan,
    playbook_board,
]


def selected(only: list[str]) -> list:
    return [case for case in CASES if not only or case.__name__ in only]
