"""Absolute links to the playbooks pages, for emails, calendars and exports (read outside the app)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse

from fusee.playbooks.models import Playbook, Run, Task


def host() -> str:
    return urlsplit(settings.FUSEE_BASE_URL).hostname or "localhost"


def absolute(path: str) -> str:
    return settings.FUSEE_BASE_URL.rstrip("/") + path


def task_path(task: Task) -> str:
    return reverse("playbooks:task", args=[task.pk])


def run_path(run: Run) -> str:
    return reverse("playbooks:run", args=[run.pk])


def playbook_path(playbook: Playbook) -> str:
    return reverse("playbooks:playbook", args=[playbook.slug])
