"""Reads of the segments app. A segment's count or page of contacts is one SQL query."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from fusee.contacts.models import Contact
from fusee.segments.language import segment_queryset
from fusee.segments.models import ContactList, Segment


def segment_list() -> QuerySet[Segment]:
    return Segment.objects.select_related("created_by")


def segment_contacts(segment: Segment) -> QuerySet[Contact]:
    return segment_queryset(segment.expression)


def segment_count(segment: Segment) -> int:
    return segment_contacts(segment).count()


def contact_preview(contacts: QuerySet[Contact], *, limit: int) -> list[Contact]:
    """The best-scored matching contacts first, with their company in the same query."""
    return list(contacts.select_related("company").order_by("-score", "pk")[:limit])


def list_list() -> QuerySet[ContactList]:
    return ContactList.objects.annotate(members=Count("memberships"))


def list_contacts(contact_list: ContactList) -> QuerySet[Contact]:
    return Contact.objects.filter(list_memberships__list=contact_list)
