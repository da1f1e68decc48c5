from datetime import timedelta

import pytest
from django.utils import timezone

from fusee.core.models import Role
from fusee.okrs.services import quarter_key, quarter_span
from fusee.okrs.tests.factories import CycleFactory, KeyResultFactory, ObjectiveFactory
from fusee.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def current_cycle():
    key = quarter_key(timezone.localdate())
    starts_on, ends_on = quarter_span(key)
    return CycleFactory.create(key=key, starts_on=starts_on, ends_on=ends_on)


def test_it_shows_the_current_cycles_progress_on_the_dashboard(client):
    cycle = current_cycle()
    objective = ObjectiveFactory.create(cycle=cycle, title="Fill the <b>pipeline</b>")
    KeyResultFactory.create(objective=objective, start=0, target=100, current=60)
    client.force_login(UserFactory.create(role=Role.VIEWER))
    page = client.get("/").content.decode()
    assert f"OKRs of {cycle.key}" in page
    assert "Fill the &lt;b&gt;pipeline&lt;/b&gt;" in page
    assert 'value="60"' in page and "band-amber" in page


def test_it_counts_overdue_check_ins(client):
    cycle = current_cycle()
    cycle.starts_on = timezone.localdate() - timedelta(days=30)
    cycle.save()
    KeyResultFactory.create(objective=ObjectiveFactory.create(cycle=cycle))
    client.force_login(UserFactory.create(role=Role.VIEWER))
    assert "1 check-in overdue" in client.get("/").content.decode()


def test_it_leaves_the_card_out_without_cycles(client):
    client.force_login(UserFactory.create(role=Role.VIEWER))
    assert "OKRs of" not in client.get("/").content.decode()
