"""The `fusee` command as a person runs it: a real process, a fresh data folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

FUSEE = [sys.executable, "-m", "fusee"]


def run(*args: str, data_dir: Path, stdin: str = "", **env: str) -> subprocess.CompletedProcess:
    ours = ("DATABASE_URL", "FUSEE_", "DJANGO_")
    environment = {k: v for k, v in os.environ.items() if not k.startswith(ours)}
    environment.update(FUSEE_DATA_DIR=str(data_dir), FUSEE_LOG_FORMAT="text", **env)
    return subprocess.run([*FUSEE, *args], env=environment, input=stdin, capture_output=True,
                          text=True, timeout=120, check=False)


def test_it_lists_every_command_with_a_description(tmp_path):
    done = run("--help", data_dir=tmp_path)
    assert done.returncode == 0
    for command in ("serve", "worker", "migrate", "createadmin", "demo", "backup", "restore"):
        line = next(line for line in done.stdout.splitlines() if line.strip().startswith(command))
        assert len(line.split()) > 2, line


def test_it_stops_on_a_wrong_setting_with_one_line(tmp_path):
    done = run("migrate", data_dir=tmp_path, DATABASE_URL="mysql://root@localhost/fusee")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "fusee: configuration error: DATABASE_URL: expected a URL starting with sqlite://… "
        "or postgres://… or postgresql://… or pgsql://…, got 'mysql://root@localhost/fusee'"
    ]


def test_it_says_clearly_when_the_database_is_unreachable(tmp_path):
    done = run("migrate", data_dir=tmp_path, DATABASE_URL="postgres://postgres:pw@127.0.0.1:1/fusee")
    assert done.returncode == 1
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("fusee: cannot reach the database 127.0.0.1:1/fusee (DATABASE_URL): ")
    assert "pw" not in line.split("DATABASE_URL")[0]


def test_it_refuses_an_unknown_command(tmp_path):
    done = run("launch", data_dir=tmp_path)
    assert done.returncode == 2 and "unknown command 'launch'" in done.stderr


def test_it_migrates_loads_the_demo_and_creates_an_admin(tmp_path):
    assert run("migrate", data_dir=tmp_path).returncode == 0
    demo = run("demo", "--seed", "5", "--contacts", "300", data_dir=tmp_path)
    assert demo.returncode == 0, demo.stderr
    assert "admin@orbitale.example  password: fusee-demo" in demo.stdout
    again = run("demo", "--seed", "5", "--contacts", "300", data_dir=tmp_path)
    assert again.returncode == 0
    created = run("createadmin", "--email", "boss@example.com", "--password-stdin",
                  data_dir=tmp_path, stdin="a long enough password\n")
    assert created.returncode == 0 and "Admin boss@example.com created." in created.stdout
    duplicate = run("createadmin", "--email", "boss@example.com", "--password-stdin",
                    data_dir=tmp_path, stdin="a long enough password\n")
    assert duplicate.returncode == 1 and "already exists" in duplicate.stderr


def test_it_asks_for_migrations_before_serving(tmp_path):
    done = run("serve", "--port", "8999", data_dir=tmp_path)
    assert done.returncode == 1 and "run `fusee migrate` first" in done.stderr


@pytest.mark.postgres
def test_it_migrates_and_loads_the_demo_on_postgresql(tmp_path):
    url = os.environ["FUSEE_TEST_DATABASE_URL"].rsplit("/", 1)[0] + "/fusee_cli_test"
    admin = os.environ["FUSEE_TEST_DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
    recreate = "DROP DATABASE IF EXISTS fusee_cli_test; CREATE DATABASE fusee_cli_test;"
    for statement in recreate.split(";")[:2]:
        subprocess.run(["psql", admin, "-c", statement], check=True, capture_output=True)
    assert run("migrate", data_dir=tmp_path, DATABASE_URL=url).returncode == 0
    demo = run("demo", "--contacts", "300", data_dir=tmp_path, DATABASE_URL=url)
    assert demo.returncode == 0, demo.stderr
    backup = run("backup", str(tmp_path / "pg.dump"), data_dir=tmp_path, DATABASE_URL=url)
    assert backup.returncode == 0 and (tmp_path / "pg.dump").read_bytes().startswith(b"PGDMP")


def test_it_ticks_the_nurturing_scheduler(tmp_path):
    assert run("migrate", data_dir=tmp_path).returncode == 0
    done = run("nurture", "tick", "--batch", "100", data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Queued 0 due enrolments in batches of 100." in done.stdout
