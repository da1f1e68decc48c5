from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fusee.contacts.models import Contact, EventType, Lifecycle
from fusee.contacts.tests.factories import ContactFactory, EventFactory
from fusee.core.jobs import enqueue
from fusee.core.jobs.runner import run_pending
from fusee.core.models import JobStatus
from fusee.scoring.tasks import recompute_task
from fusee.scoring.tests.factories import BehaviourRuleFactory


@pytest.fixture
def engaged(db) -> list[Contact]:
    BehaviourRuleFactory.create(event_type=EventType.MEETING_BOOKED, points=30)
    contacts = ContactFactory.create_batch(3, lifecycle=Lifecycle.LEAD)
    for contact in contacts[:2]:
        EventFactory.create_batch(2, contact=contact, type=EventType.MEETING_BOOKED)
    return contacts


def test_it_recomputes_in_a_background_job(engaged):
    job = enqueue(recompute_task)
    assert run_pending() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.result["scored"] == 3 and job.result["became_mql"] == 2
    assert (job.progress_done, job.progress_total) == (1, 1)
    assert Contact.objects.filter(score=60, lifecycle=Lifecycle.MQL).count() == 2


def test_it_recomputes_from_the_command_line(engaged, capsys):
    call_command("scoring", "recompute")
    out = capsys.readouterr().out
    assert "Scored 3 contacts in" in out and "2 became MQL" in out


def test_it_recomputes_only_the_named_contacts_from_the_command_line(engaged, capsys):
    call_command("scoring", "recompute", "--contacts", f"{engaged[0].pk},{engaged[2].pk}")
    assert "Scored 2 contacts" in capsys.readouterr().out
    assert Contact.objects.get(pk=engaged[1].pk).score == 0


def test_it_explains_a_malformed_contact_list(db):
    with pytest.raises(CommandError, match="not a comma-separated list"):
        call_command("scoring", "recompute", "--contacts", "12,abc")
