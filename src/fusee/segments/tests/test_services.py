from __future__ import annotations

import pytest

from fusee.contacts.tests.factories import ContactFactory
from fusee.core.errors import DomainError, NotAllowed
from fusee.core.models import AuditEntry
from fusee.segments import selectors, services
from fusee.segments.language import SegmentSyntaxError
from fusee.segments.models import Segment

pytestmark = pytest.mark.django_db


def test_it_saves_a_valid_segment_with_an_audit_entry(marketer):
    ContactFactory.create(score=80)
    segment = services.segment_create(actor=marketer, name=" Hot  leads ", expression=" score >= 50 ")
    assert (segment.name, segment.expression, segment.created_by) == ("Hot leads", "score >= 50", marketer)
    assert selectors.segment_count(segment) == 1
    assert AuditEntry.objects.filter(action="segment.created", target_id=str(segment.pk)).exists()


def test_it_refuses_an_invalid_expression_and_saves_nothing(marketer):
    with pytest.raises(SegmentSyntaxError, match='did you mean "score"'):
        services.segment_create(actor=marketer, name="Bad", expression="scor >= 50")
    assert not Segment.objects.exists()


def test_it_refuses_a_taken_name_whatever_the_case(marketer):
    services.segment_create(actor=marketer, name="Hot leads", expression="score >= 50")
    with pytest.raises(DomainError, match="already taken"):
        services.segment_create(actor=marketer, name="hot LEADS", expression="score >= 60")


def test_it_refuses_changes_from_a_viewer(viewer):
    with pytest.raises(NotAllowed):
        services.segment_create(actor=viewer, name="Nope", expression="score >= 50")


def test_it_updates_and_deletes_with_audit_entries(admin):
    segment = services.segment_create(actor=admin, name="A", expression="score >= 50")
    services.segment_update(actor=admin, segment=segment, expression="score >= 60", name="A")
    segment.refresh_from_db()
    assert segment.expression == "score >= 60"
    entry = AuditEntry.objects.get(action="segment.updated")
    assert entry.changes == {"expression": ["score >= 50", "score >= 60"]}
    with pytest.raises(SegmentSyntaxError):
        services.segment_update(actor=admin, segment=segment, expression="score >=")
    services.segment_delete(actor=admin, segment=segment)
    assert not Segment.objects.exists()
    assert AuditEntry.objects.filter(action="segment.deleted").exists()


def test_it_fills_a_static_list_from_ids_or_a_snapshot(marketer):
    hot, warm, cold = (ContactFactory.create(score=s) for s in (90, 60, 10))
    contact_list = services.list_create(actor=marketer, name="Booth", expression="score >= 50")
    assert set(selectors.list_contacts(contact_list)) == {hot, warm}
    assert (
        services.list_add_contacts(actor=marketer, contact_list=contact_list, contact_ids=[hot.pk, cold.pk])
        == 1
    )
    assert services.list_remove_contacts(actor=marketer, contact_list=contact_list, contact_ids=[hot.pk]) == 1
    cold.score = 99
    cold.save()  # a snapshot does not follow later changes
    assert set(selectors.list_contacts(contact_list)) == {warm, cold}
    assert selectors.list_list().get().members == 2  # type: ignore[attr-defined]
    assert AuditEntry.objects.filter(action="list.contacts_added").count() == 2


def test_it_needs_either_ids_or_an_expression(marketer):
    contact_list = services.list_create(actor=marketer, name="Empty")
    with pytest.raises(DomainError):
        services.list_add_contacts(actor=marketer, contact_list=contact_list)
