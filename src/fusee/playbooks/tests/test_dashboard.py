from datetime import timedelta

import pytest
from django.utils import timezone

from fusee.core.models import Role
from fusee.playbooks.models import TaskStatus
from fusee.playbooks.tests.factories import RunFactory, TaskFactory
from fusee.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_it_lists_my_open_tasks_on_the_dashboard_late_ones_in_red(client):
    me = UserFactory.create(role=Role.MARKETER)
    run = RunFactory.create(name="Webinar <b>June</b>")
    now = timezone.now()
    TaskFactory.create(run=run, title="Book the speakers", assignee=me, due_at=now - timedelta(days=2),
                       starts_at=now - timedelta(days=4), step_key="speakers")
    TaskFactory.create(run=run, title="Write the script", assignee=me, due_at=now + timedelta(days=5),
                       starts_at=now, step_key="script")
    TaskFactory.create(run=run, title="Someone else's", due_at=now, starts_at=now, step_key="other",
                       assignee=UserFactory.create())
    TaskFactory.create(run=run, title="Already done", assignee=me, due_at=now, starts_at=now, step_key="done",
                       status=TaskStatus.DONE)
    client.force_login(me)
    page = client.get("/").content.decode()
    assert "Book the speakers" in page and "Write the script" in page
    assert "Someone else" not in page and "Already done" not in page
    assert "Webinar &lt;b&gt;June&lt;/b&gt;" in page
    assert 'data-testid="my-tasks-late">1 late' in page


def test_it_shows_no_task_card_to_someone_without_tasks(client):
    client.force_login(UserFactory.create(role=Role.VIEWER))
    assert "My tasks" not in client.get("/").content.decode()
