"""OKRs: the board of a workspace with 5 years of cycles, and one check-in, through the whole stack.

Fixtures (made once, kept between runs, recognised by their team names "Bench …"): 20 quarterly
cycles from 2022-Q1, each with 3 company objectives and 5 teams × 3 objectives × 4 key results
(63 objectives, 60 key results a cycle), 13 weekly check-ins per key result (15,600 in all) and
500 ideas. The measured cycle is the latest.

Board: GET /okrs/?cycle=KEY with Django's test client, logged in (middleware, view, template),
against a baseline in the same run: hand-written SQL reading the same rows (objectives, key
results, each key result's last check-in). Check-in: the HTMX POST of the inline form (service,
audit, the key result's row re-rendered) against a raw INSERT of the check-in and UPDATE of the
key result. Targets (issue 6): board under 200 ms, check-in under 100 ms (medians).
"""

from __future__ import annotations

import argparse
import statistics
from datetime import datetime, time, timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from run import timings

YEARS, TEAMS, OBJECTIVES, KEY_RESULTS, WEEKS, IDEAS = 5, 5, 3, 4, 13, 500
FIRST_YEAR = 2022
BOARD_LIMIT, CHECK_IN_LIMIT = 0.200, 0.100

BOARD_SQL = """
SELECT o.id, o.title, o.level, t.name, k.id, k.title, k.current, k.target, k.start, k.unit,
       (SELECT c.confidence FROM okrs_checkin c WHERE c.key_result_id = k.id
        ORDER BY c.created_at DESC LIMIT 1)
FROM okrs_objective o
JOIN okrs_cycle cy ON cy.id = o.cycle_id
LEFT JOIN okrs_okrteam t ON t.id = o.team_id
LEFT JOIN okrs_keyresult k ON k.objective_id = o.id
WHERE cy.key = %s
ORDER BY o.level, t.name, o.position, k.position
"""


def okr_board(args: argparse.Namespace) -> dict[str, Any]:
    from django.test import Client

    key = fixtures()
    client = logged_in(Client())
    url = f"/okrs/?cycle={key}"
    assert client.get(url, HTTP_HOST="127.0.0.1").status_code == 200
    ours = timings(lambda: client.get(url, HTTP_HOST="127.0.0.1"), max(args.repeat, 20))
    base = timings(lambda: raw_rows(BOARD_SQL, [key]), max(args.repeat, 20))
    return limit_row(f"OKR board, {YEARS} years of cycles", ours, base, BOARD_LIMIT)


def okr_check_in(args: argparse.Namespace) -> dict[str, Any]:
    from django.test import Client
    from django.urls import reverse

    from fusee.okrs.models import KeyResult

    key = fixtures()
    client = logged_in(Client())
    key_results = list(KeyResult.objects.filter(objective__cycle__key=key).values_list("pk", flat=True))
    values = iter(range(10**6))

    def ours() -> None:
        pk = key_results[next(values) % len(key_results)]
        response = client.post(reverse("okrs:check_in", args=[pk]), {"value": "42", "confidence": "on_track"},
                               HTTP_HOST="127.0.0.1", HTTP_HX_REQUEST="true")
        assert response.status_code == 200, response.status_code

    def base() -> None:
        pk = key_results[next(values) % len(key_results)]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("INSERT INTO okrs_checkin (key_result_id, value, confidence, comment, automatic, "
                           "created_at) VALUES (%s, 42, 'on_track', '', false, now())", [pk])
            cursor.execute("UPDATE okrs_keyresult SET current = 42, last_check_in_at = now() WHERE id = %s",
                           [pk])

    row = limit_row("OKR inline check-in", timings(ours, max(args.repeat, 30)),
                    timings(base, max(args.repeat, 30)), CHECK_IN_LIMIT)
    with connection.cursor() as cursor:  # keep the fixtures at 13 check-ins a key result
        cursor.execute("DELETE FROM okrs_checkin WHERE value = 42 AND created_at > now() - interval '1 hour'")
    return row


def limit_row(name: str, ours: list[float], base: list[float], limit: float) -> dict[str, Any]:
    median, baseline = statistics.median(ours), statistics.median(base)
    return {"name": name, "seconds": median, "baseline": baseline, "ratio": median / baseline,
            "limit": f"{limit * 1000:g} ms", "ok": median < limit,
            "note": f"p95 {statistics.quantiles(ours, n=20)[-1] * 1000:.0f} ms"}


def raw_rows(sql: str, params: list[Any]) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def logged_in(client: Any) -> Any:
    from fusee.core.models import Role, User

    user, _created = User.objects.get_or_create(email="bench-okrs@fusee.invalid",
                                                defaults={"full_name": "Bench OKRs", "role": Role.MARKETER})
    client.force_login(user)
    return client


# --- fixtures ---


def fixtures() -> str:
    from fusee.okrs.models import Cycle, OkrTeam

    last = f"{FIRST_YEAR + YEARS - 1}-Q4"
    made = OkrTeam.objects.filter(name="Bench team 0").exists() and Cycle.objects.filter(key=last).exists()
    if not made:
        print("generating 5 years of OKRs…", flush=True)
        with transaction.atomic():
            make_fixtures()
    return last


def make_fixtures() -> None:
    from fusee.okrs import services
    from fusee.okrs.models import OkrTeam

    teams = [OkrTeam.objects.get_or_create(name=f"Bench team {n}")[0] for n in range(TEAMS)]
    for year in range(FIRST_YEAR, FIRST_YEAR + YEARS):
        for quarter in range(1, 5):
            cycle = services.cycle_get_or_create(actor=None, key=f"{year}-Q{quarter}")
            make_cycle(cycle, teams)
    make_ideas()


def make_cycle(cycle: Any, teams: list[Any]) -> None:
    from fusee.okrs.models import CheckIn, KeyResult, Level, Objective

    company = Objective.objects.bulk_create(
        Objective(cycle=cycle, level=Level.COMPANY, title=f"Company goal {n} of {cycle}", position=n)
        for n in range(OBJECTIVES)
    )
    objectives = Objective.objects.bulk_create(
        Objective(cycle=cycle, level=Level.TEAM, team=team, parent=company[n], position=n,
                  title=f"{team.name} objective {n} of {cycle}")
        for team in teams for n in range(OBJECTIVES)
    )
    key_results = KeyResult.objects.bulk_create(
        KeyResult(objective=objective, title=f"Key result {n} of {objective.title}", start=0, target=100,
                  current=40 + n, unit="MQLs", position=n)
        for objective in objectives for n in range(KEY_RESULTS)
    )
    start = timezone.make_aware(datetime.combine(cycle.starts_on, time(9)))
    CheckIn.objects.bulk_create(
        CheckIn(key_result=kr, value=3 * n, confidence="on_track", created_at=start + timedelta(weeks=n))
        for kr in key_results for n in range(WEEKS)
    )


def make_ideas() -> None:
    from fusee.okrs.models import Idea

    sources = ["sales", "product", "management", "marketing", "other"]
    Idea.objects.bulk_create(Idea(title=f"Bench idea {n}", source=sources[n % 5]) for n in range(IDEAS))
