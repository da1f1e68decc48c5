"""Playbooks: a run of 1,000 tasks on its board, timeline and calendar views, through the whole stack.

Fixture (made once, kept between runs, recognised by its name): a run of a small bench playbook
whose 1,000 tasks are written directly (no playbook has that many steps; the page does not care
where the tasks come from), spread over 200 business days with assignees, checklists and 2,000
dependency links. Each view is a GET /playbooks/runs/<id>/?view=… with Django's test client,
logged in; the baseline in the same run is hand-written SQL reading the same tasks with their
assignee. Target (issue 7): the board renders in under 300 ms (median).
"""

from __future__ import annotations

import argparse
import statistics
from datetime import timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from run import timings

TASKS, LINKS_PER_TASK = 1_000, 2
RUN_NAME = "Bench: a run of 1,000 tasks"
BOARD_LIMIT = 0.300
BENCH_PLAYBOOK = """\
key: bench-board
name: Bench board
purpose: A run of many tasks for the benchmark.
milestone: Done
roles:
  - key: owner
    name: Owner
steps:
  - key: done
    title: Done
    offset: 0
    duration: 0
    role: owner
"""
TASKS_SQL = """
SELECT t.id, t.title, t.status, t.due_at, t.starts_at, t.critical, u.full_name
FROM playbooks_task t LEFT JOIN core_user u ON u.id = t.assignee_id
WHERE t.run_id = %s ORDER BY t.due_at, t.position
"""


def playbook_board(args: argparse.Namespace) -> dict[str, Any]:
    from django.test import Client

    run_id = fixture()
    client = logged_in(Client())
    repeat = max(args.repeat, 20)
    results = {}
    for view in ("board", "timeline", "calendar"):
        url = f"/playbooks/runs/{run_id}/?view={view}"
        assert client.get(url, HTTP_HOST="127.0.0.1").status_code == 200, view
        results[view] = timings(lambda url=url: client.get(url, HTTP_HOST="127.0.0.1"), repeat)
    base = timings(lambda: raw_rows(run_id), repeat)
    board, baseline = statistics.median(results["board"]), statistics.median(base)
    others = ", ".join(f"{view} {statistics.median(results[view]) * 1000:.0f} ms"
                       for view in ("timeline", "calendar"))
    return {"name": "playbook run board, 1,000 tasks", "seconds": board, "baseline": baseline,
            "ratio": board / baseline, "limit": f"{BOARD_LIMIT * 1000:g} ms", "ok": board < BOARD_LIMIT,
            "note": f"p95 {statistics.quantiles(results['board'], n=20)[-1] * 1000:.0f} ms; {others}"}


def raw_rows(run_id: int) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(TASKS_SQL, [run_id])
        return cursor.fetchall()


def logged_in(client: Any) -> Any:
    from fusee.core.models import Role, User

    defaults = {"full_name": "Bench Playbooks", "role": Role.MARKETER}
    user, _created = User.objects.get_or_create(email="bench-playbooks@fusee.invalid", defaults=defaults)
    client.force_login(user)
    return client


def fixture() -> int:
    from fusee.playbooks.models import Run

    found = Run.objects.filter(name=RUN_NAME).values_list("pk", flat=True).first()
    if found is not None:
        return found
    print("generating a run of 1,000 tasks…", flush=True)
    with transaction.atomic():
        return make_run().pk


def make_run() -> Any:
    from fusee.core.models import Role, User
    from fusee.playbooks import services
    from fusee.playbooks.models import Run, Task

    people = [User.objects.get_or_create(email=f"bench-pb{n}@fusee.invalid", defaults={
        "full_name": f"Bench person {n}", "role": Role.MARKETER})[0] for n in range(10)]
    version = services.playbook_save(actor=None, text=BENCH_PLAYBOOK, filename="bench.yaml")
    start = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)
    run = Run.objects.create(version=version, name=RUN_NAME, milestone_at=start + timedelta(days=280),
                             country="FR", time_zone="Europe/Paris")
    tasks = Task.objects.bulk_create(
        Task(run=run, step_key=f"step-{n}", title=f"Bench task {n}", role="owner", assignee=people[n % 10],
             starts_at=start + timedelta(days=n * 28 // 100),
             due_at=start + timedelta(days=n * 28 // 100 + 2),
             critical=n % 9 == 0, status=["todo", "doing", "done", "skipped"][n % 4] if n < 500 else "todo",
             checklist=[{"text": f"Item {k}", "done": k < n % 3} for k in range(3)], position=n)
        for n in range(TASKS)
    )
    Task.depends_on.through.objects.bulk_create(
        Task.depends_on.through(from_task_id=tasks[n].pk, to_task_id=tasks[n - k].pk)
        for n in range(LINKS_PER_TASK, TASKS) for k in range(1, LINKS_PER_TASK + 1)
    )
    return run
