"""Fusée's benchmarks, each against a baseline measured in the same run.

    make bench                      # PostgreSQL, 1,000,000 contacts and 10,000,000 events
    make bench BENCH_ARGS="--contacts 100000 --events 1000000"   # a quicker look

Needs a PostgreSQL server (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1/fusee_bench;
the database is created if missing and its data kept between runs). Prints medians and ratios
and writes them to bench/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    args = parse()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fusee.config.settings.production")
    os.environ.setdefault("FUSEE_LOG_LEVEL", "warning")
    ensure_database(args.database_url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    sys.path.insert(0, str(HERE))
    import cases

    prepare(args)
    results = [case(args) for case in cases.selected(args.only)]
    report(results)
    return 0 if all(r["ok"] for r in results) else 1


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (median kept)")
    parser.add_argument("--only", nargs="*", default=[], help="names of the cases to run")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1/fusee_bench"),
    )
    return parser.parse_args()


def ensure_database(url: str) -> None:
    import psycopg

    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def prepare(args: argparse.Namespace) -> None:
    import datagen
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM contacts_contact")
        contacts = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM contacts_event")
        events = cursor.fetchone()[0]
    if (contacts, events) != (args.contacts, args.events):
        print(f"generating {args.contacts:,} contacts and {args.events:,} events…", flush=True)
        started = time.perf_counter()
        datagen.generate(contacts=args.contacts, events=args.events)
        print(f"  done in {time.perf_counter() - started:.0f} s", flush=True)


def median_seconds(function: Callable[[], object], repeat: int) -> tuple[float, object]:
    timings, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), result


def timings(function: Callable[[], object], repeat: int) -> list[float]:
    """Every run's seconds, for cases that quote a median and a p95."""
    found = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        found.append(time.perf_counter() - started)
    return found


def report(results: list[dict]) -> None:
    print()
    print(f"{'case':<40} {'fusée':>10} {'baseline':>10} {'ratio':>7} {'limit':>7}  ok")
    for r in results:
        print(
            f"{r['name']:<34} {r['seconds']:>9.3f}s {r['baseline']:>9.3f}s {r['ratio']:>6.2f}× "
            f"{r['limit']:>6}  {'yes' if r['ok'] else 'NO'}"
        )
    (HERE / "results.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    sys.exit(main())
