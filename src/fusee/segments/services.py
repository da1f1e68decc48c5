"""Writes of the segments app: saved segments and static lists, each change audited."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from django.db import transaction

from fusee.contacts.models import Contact
from fusee.core.errors import DomainError, NotAllowed
from fusee.core.models import Role, User
from fusee.core.services import apply_changes, audit_record
from fusee.segments.language import compile_expression, segment_queryset
from fusee.segments.models import ContactList, ListMembership, Segment

SEGMENT_FIELDS = ("name", "description", "expression")
BATCH = 2000


def require_marketer(actor: User | None) -> None:
    """Viewers read segments; changing them takes a marketer or an admin (None: the system)."""
    if actor is not None and actor.role == Role.VIEWER:
        raise NotAllowed("only marketers and admins can change segments and lists")


def clean_name(name: str, model: type[Segment] | type[ContactList], exclude: int | None = None) -> str:
    name = " ".join(name.split())
    if not name:
        raise DomainError("a name is required")
    if model.objects.filter(name__iexact=name).exclude(pk=exclude or 0).exists():
        raise DomainError(f'"{name}" is already taken: choose another name')
    return name


def clean_expression(expression: str) -> str:
    expression = expression.strip()
    compile_expression(expression)  # raises SegmentSyntaxError (a DomainError) with the position
    return expression


@transaction.atomic
def segment_create(*, actor: User | None, name: str, expression: str, description: str = "") -> Segment:
    require_marketer(actor)
    segment = Segment.objects.create(
        name=clean_name(name, Segment),
        expression=clean_expression(expression),
        description=description.strip(),
        created_by=actor,
    )
    audit_record(actor=actor, action="segment.created", target=segment,
                 changes={"expression": segment.expression})
    return segment


@transaction.atomic
def segment_update(*, actor: User | None, segment: Segment, **values: Any) -> Segment:
    require_marketer(actor)
    if "name" in values:
        values["name"] = clean_name(values["name"], Segment, exclude=segment.pk)
    if "expression" in values:
        values["expression"] = clean_expression(values["expression"])
    if changes := apply_changes(segment, values, SEGMENT_FIELDS):
        segment.save()
        audit_record(actor=actor, action="segment.updated", target=segment, changes=changes)
    return segment


@transaction.atomic
def segment_delete(*, actor: User | None, segment: Segment) -> None:
    require_marketer(actor)
    audit_record(actor=actor, action="segment.deleted", target=segment,
                 changes={"expression": segment.expression})
    segment.delete()


@transaction.atomic
def list_create(*, actor: User | None, name: str, description: str = "", expression: str = "") -> ContactList:
    """A new static list, filled with a snapshot of the expression's contacts when one is given."""
    require_marketer(actor)
    contact_list = ContactList.objects.create(
        name=clean_name(name, ContactList), description=description.strip(), created_by=actor
    )
    audit_record(actor=actor, action="list.created", target=contact_list)
    if expression.strip():
        list_add_contacts(actor=actor, contact_list=contact_list, expression=clean_expression(expression))
    return contact_list


@transaction.atomic
def list_delete(*, actor: User | None, contact_list: ContactList) -> None:
    require_marketer(actor)
    audit_record(actor=actor, action="list.deleted", target=contact_list)
    contact_list.delete()


@transaction.atomic
def list_add_contacts(
    *,
    actor: User | None,
    contact_list: ContactList,
    contact_ids: Iterable[int] | None = None,
    expression: str | None = None,
) -> int:
    """Add contacts by id, or a snapshot of who matches an expression now; returns how many were new."""
    require_marketer(actor)
    if (contact_ids is None) == (expression is None):
        raise DomainError("give either contacts or a segment expression")
    contacts = segment_queryset(expression) if expression is not None else Contact.objects.filter(
        pk__in=list(contact_ids or [])
    )
    before = contact_list.memberships.count()
    for batch in batches(contacts.values_list("pk", flat=True).iterator(chunk_size=BATCH)):
        rows = [ListMembership(list=contact_list, contact_id=pk) for pk in batch]
        ListMembership.objects.bulk_create(rows, ignore_conflicts=True)
    added = contact_list.memberships.count() - before
    audit_record(actor=actor, action="list.contacts_added", target=contact_list,
                 changes={"added": added, "expression": expression or ""})
    return added


@transaction.atomic
def list_remove_contacts(*, actor: User | None, contact_list: ContactList, contact_ids: Iterable[int]) -> int:
    require_marketer(actor)
    removed, _ = contact_list.memberships.filter(contact_id__in=list(contact_ids)).delete()
    audit_record(actor=actor, action="list.contacts_removed", target=contact_list,
                 changes={"removed": removed})
    return removed


def segment_export_record(*, actor: User | None, segment: Segment, file_format: str) -> None:
    """Exports carry personal data: who took which segment out is kept in the audit log."""
    audit_record(actor=actor, action="segment.exported", target=segment, changes={"format": file_format})


def batches(ids: Iterator[int], size: int = BATCH) -> Iterator[list[int]]:
    while batch := list(islice(ids, size)):
        yield batch
