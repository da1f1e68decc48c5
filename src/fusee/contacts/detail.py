"""The contact page: profile, timeline, score explained, consent; GDPR export and erasure."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fusee.contacts import privacy, services
from fusee.contacts.models import ConsentAction, Contact, LegalBasis
from fusee.core.models import Role, User
from fusee.core.roles import role_required

TIMELINE_LENGTH = 100


def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(Contact.objects.select_related("company", "owner"), pk=pk)
    context = {
        "contact": contact,
        "events": contact.events.order_by("-occurred_at", "-id")[:TIMELINE_LENGTH],
        "event_count": contact.events.count(),
        "breakdown": score_breakdown(contact),
        "consent_log": contact.consent_log.all()[:20],
        "legal_bases": LegalBasis.choices,
    }
    return render(request, "contacts/detail.html", context)


def score_breakdown(contact: Contact) -> list[dict]:
    from fusee.scoring.selectors import score_breakdown as breakdown

    return breakdown(contact)


@require_POST
def contact_consent(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(Contact, pk=pk)
    action = ConsentAction(request.POST.get("action", ""))
    basis = LegalBasis(request.POST.get("legal_basis", contact.legal_basis))
    services.consent_record(
        actor=acting_user(request), contact=contact, action=action, legal_basis=basis,
        method=request.POST.get("method", "")[:200], proof=request.POST.get("proof", ""),
    )
    messages.success(request, _("Consent log updated."))
    return redirect("contacts:detail", pk=pk)


@role_required(Role.ADMIN)
def contact_personal_data(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(Contact, pk=pk)
    body = json.dumps(privacy.contact_personal_data(contact=contact), indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="contact-{pk}-personal-data.json"'
    return response


@role_required(Role.ADMIN)
@require_POST
def contact_erase(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(Contact, pk=pk)
    privacy.contact_erase(actor=acting_user(request), contact=contact)
    messages.success(request, _("The contact was erased; the address is on the suppression list."))
    return redirect("contacts:list")


def acting_user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]
