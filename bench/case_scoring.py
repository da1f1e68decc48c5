"""Full lead-score recompute vs one hand-written set-based UPDATE computing the same scores.

The nightly case: scores were computed before (a first, untimed recompute), so most totals do
not change. The two take turns on a freshly vacuumed table and must agree row by row. The MQL
threshold is set out of reach so that the base stays the same from run to run.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import datetime
from typing import Any

from django.db import connection
from django.utils import timezone

# Orbitale's demo rules (fusee/scoring/demo.py), written out by hand.
HAND_SQL = """
WITH ev AS (
  SELECT contact_id, type, properties,
         GREATEST(date_part('epoch', %(now)s::timestamptz - occurred_at) / 86400.0, 0) AS age
  FROM contacts_event
), behaviour AS (
  SELECT contact_id,
      COALESCE(SUM(CASE WHEN type = 'webinar_attended' THEN 15 * power(0.5, age / 60) END), 0)
    + LEAST(COALESCE(SUM(CASE WHEN type = 'webinar_registered' THEN 5 * power(0.5, age / 45) END), 0), 10)
    + LEAST(COALESCE(SUM(CASE WHEN type = 'content_downloaded' THEN 10 * power(0.5, age / 45) END), 0), 30)
    + LEAST(COALESCE(SUM(CASE WHEN type = 'form_submitted' THEN 10 * power(0.5, age / 60) END), 0), 20)
    + COALESCE(SUM(CASE WHEN type = 'form_submitted' AND properties ->> 'form' = 'demo-request'
                        THEN 25 * power(0.5, age / 90) END), 0)
    + LEAST(COALESCE(SUM(CASE WHEN type = 'email_clicked' THEN 3 * power(0.5, age / 30) END), 0), 15)
    + LEAST(COALESCE(SUM(CASE WHEN type = 'email_opened' THEN power(0.5, age / 14) END), 0), 5)
    + LEAST(COALESCE(SUM(CASE WHEN type = 'page_visited' AND properties ->> 'path' = '/pricing'
                              THEN 5 * power(0.5, age / 30) END), 0), 15)
    + LEAST(COALESCE(SUM(CASE WHEN type = 'page_visited' AND properties ->> 'path' = '/customers/case-studies'
                              THEN 3 * power(0.5, age / 30) END), 0), 9)
    + LEAST(COALESCE(SUM(CASE WHEN type = 'page_visited' THEN power(0.5, age / 21) END), 0), 5)
    + COALESCE(SUM(CASE WHEN type = 'meeting_booked' THEN 30 * power(0.5, age / 120) END), 0)
    + GREATEST(COALESCE(SUM(CASE WHEN type = 'email_unsubscribed' THEN -20 END), 0), -20)
    + GREATEST(COALESCE(SUM(CASE WHEN type = 'email_bounced' THEN -10 END), 0), -10) AS points
  FROM ev GROUP BY contact_id
), fit AS (
  SELECT c.id,
      CASE WHEN co.industry IN ('retail', 'hospitality') THEN 20 ELSE 0 END
    + CASE WHEN co.industry IN ('restaurants', 'fitness') THEN 15 ELSE 0 END
    + CASE WHEN co.industry IN ('banking', 'real_estate', 'healthcare') THEN 5 ELSE 0 END
    + CASE WHEN co.employees >= 200 THEN 10 ELSE 0 END
    + CASE WHEN co.employees <= 10 THEN -10 ELSE 0 END
    + CASE WHEN co.sites >= 10 THEN 15 ELSE 0 END
    + CASE WHEN co.tier = 'enterprise' THEN 5 ELSE 0 END
    + CASE WHEN c.seniority = 'director' THEN 10 ELSE 0 END
    + CASE WHEN c.seniority IN ('vp', 'c_level', 'owner') THEN 15 ELSE 0 END
    + CASE WHEN c.job_function IN ('operations', 'executive') THEN 10 ELSE 0 END
    + CASE WHEN c.country IN ('FR', 'ES', 'IT', 'DE', 'GB', 'IN') THEN 5 ELSE 0 END
    + CASE WHEN c.email ILIKE ANY (ARRAY['%%@gmail.%%', '%%@yahoo.%%', '%%@hotmail.%%', '%%@outlook.%%',
                                         '%%@live.%%', '%%@free.fr%%']) THEN -15 ELSE 0 END
    + CASE WHEN c.job_title ILIKE ANY (ARRAY['%%student%%', '%%intern%%', '%%stagiaire%%', '%%étudiant%%'])
           THEN -20 ELSE 0 END AS points
  FROM contacts_contact c LEFT JOIN contacts_company co ON co.id = c.company_id
)
UPDATE contacts_contact c
SET fit_score = fit.points,
    behaviour_score = floor(COALESCE(b.points, 0) + 0.5)::int,
    score = fit.points + floor(COALESCE(b.points, 0) + 0.5)::int
FROM fit LEFT JOIN behaviour b ON b.contact_id = fit.id
WHERE c.id = fit.id
"""


def score_recompute(args: argparse.Namespace) -> dict[str, Any]:
    from cases import row

    from fusee.scoring.demo import rules_create
    from fusee.scoring.models import LifecycleThreshold, Stage
    from fusee.scoring.services import scores_recompute

    rules_create()
    # Out of reach, so that no contact changes stage (the MQL threshold always exists).
    LifecycleThreshold.objects.exclude(stage=Stage.MQL).delete()
    LifecycleThreshold.objects.update_or_create(stage=Stage.MQL, defaults={"min_score": 1_000_000})
    now = timezone.now()
    scores_recompute(at=now)  # warm-up: from the generator's random scores to real ones
    ours, base, differing = [], [], None
    for _ in range(args.repeat):
        ours.append(timed(lambda: scores_recompute(at=now)))
        if differing is None:
            execute("DROP TABLE IF EXISTS bench_scores; CREATE TABLE bench_scores AS "
                    "SELECT id, fit_score, behaviour_score, score FROM contacts_contact")
        base.append(timed(lambda: execute(HAND_SQL, {"now": now})))
        if differing is None:
            differing = rows_differing()
    execute("DROP TABLE IF EXISTS bench_scores")
    execute("VACUUM ANALYZE contacts_contact")  # leave no dead rows to the cases that follow
    if differing > max(1, count_contacts() // 10_000):
        raise AssertionError(f"{differing} contacts scored differently by Fusée and by the SQL baseline")
    note = f"{len(ours)} runs each; {differing} of {count_contacts():,} rows differ (float sum order)"
    return row("lead-score full recompute", statistics.median(ours), statistics.median(base), 2, note)


def timed(function: Any) -> float:
    """Seconds `function` takes on a freshly vacuumed table (the vacuum is not timed)."""
    execute("VACUUM ANALYZE contacts_contact")
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def execute(sql: str, params: dict[str, datetime] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def rows_differing() -> int:
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT count(*) FROM bench_scores s JOIN contacts_contact c ON c.id = s.id
            WHERE (c.fit_score, c.behaviour_score, c.score) <> (s.fit_score, s.behaviour_score, s.score)
        """)
        return int(cursor.fetchone()[0])


def count_contacts() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM contacts_contact")
        return int(cursor.fetchone()[0])
