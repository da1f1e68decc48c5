"""Contacts and events over the API: create, read, update, upsert by email, batch events."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from fusee.api import require_write
from fusee.contacts import privacy, services
from fusee.contacts.models import Contact, JobFunction, Lifecycle, Maturity, Seniority, Source
from fusee.core.errors import NotAllowed

router = Router(tags=["contacts"])
MAX_EVENTS = 1000


class ContactIn(Schema):
    first_name: str = Field("", max_length=100)
    last_name: str = Field("", max_length=100)
    job_title: str = Field("", max_length=200)
    job_function: JobFunction | None = None
    seniority: Seniority | None = None
    phone: str = Field("", max_length=40)
    language: str = Field("", max_length=8)
    country: str = Field("", max_length=2)
    time_zone: str = Field("", max_length=64)
    lifecycle: Lifecycle | None = None
    maturity: Maturity | None = None
    source: Source = Source.API
    custom: dict[str, Any] = Field(default_factory=dict)


class ContactCreate(ContactIn):
    email: str = Field(..., max_length=254)


class ContactOut(Schema):
    id: int
    email: str
    first_name: str
    last_name: str
    job_title: str
    job_function: str
    seniority: str
    country: str
    language: str
    lifecycle: str
    maturity: str
    source: str
    legal_basis: str
    unsubscribed: bool
    score: int
    company_id: int | None
    custom: dict[str, Any]
    created_at: datetime
    updated_at: datetime


class EventIn(Schema):
    email: str
    type: str
    occurred_at: datetime | None = None
    campaign: str = Field("", max_length=100)
    properties: dict[str, Any] = Field(default_factory=dict)


class EventsIn(Schema):
    events: list[EventIn] = Field(..., max_length=MAX_EVENTS)


class EventsOut(Schema):
    recorded: int


def given(payload: Schema) -> dict[str, Any]:
    """Only the fields the caller sent, so a PATCH never blanks the others."""
    return payload.dict(exclude_unset=True, exclude={"email"})


@router.get("contacts", response=list[ContactOut])
def contacts_list(request: HttpRequest, email: str = "", after: int = 0, limit: int = 100) -> Any:
    contacts = Contact.objects.filter(pk__gt=after).order_by("pk")
    if email:
        contacts = contacts.filter(email=email.strip().lower())
    return contacts[: max(1, min(limit, 1000))]


@router.get("contacts/{contact_id}", response=ContactOut)
def contact_read(request: HttpRequest, contact_id: int) -> Any:
    return get_object_or_404(Contact, pk=contact_id)


@router.post("contacts", response={201: ContactOut})
def contact_create(request: HttpRequest, payload: ContactCreate) -> Any:
    require_write(request)
    values = given(payload)
    values.setdefault("source", Source.API)
    contact = services.contact_create(actor=request.user, email=payload.email, **values)  # type: ignore[arg-type]
    return Status(201, contact)


@router.patch("contacts/{contact_id}", response=ContactOut)
def contact_update(request: HttpRequest, contact_id: int, payload: ContactIn) -> Any:
    require_write(request)
    contact = get_object_or_404(Contact, pk=contact_id)
    return services.contact_update(actor=request.user, contact=contact, **given(payload))  # type: ignore[arg-type]


@router.put("contacts/by-email/{email}", response={200: ContactOut, 201: ContactOut})
def contact_upsert(request: HttpRequest, email: str, payload: ContactIn) -> Any:
    require_write(request)
    contact, created = services.contact_upsert(actor=request.user, email=email, **given(payload))  # type: ignore[arg-type]
    return Status(201 if created else 200, contact)


@router.post("events", response={201: EventsOut})
def events_ingest(request: HttpRequest, payload: EventsIn) -> Any:
    require_write(request)
    inputs = [services.EventInput(**event.dict()) for event in payload.events]
    return Status(201, {"recorded": len(services.events_ingest(events=inputs))})


@router.get("contacts/{contact_id}/personal-data")
def contact_personal_data(request: HttpRequest, contact_id: int) -> Any:
    require_admin(request)
    return privacy.contact_personal_data(contact=get_object_or_404(Contact, pk=contact_id))


@router.delete("contacts/{contact_id}", response={204: None})
def contact_erase(request: HttpRequest, contact_id: int) -> Any:
    require_write(request)
    require_admin(request)
    privacy.contact_erase(actor=request.user, contact=get_object_or_404(Contact, pk=contact_id))  # type: ignore[arg-type]
    return Status(204, None)


def require_admin(request: HttpRequest) -> None:
    if not getattr(request.user, "is_admin", False):
        raise NotAllowed("only an admin can export or erase a contact's personal data")
