"""Writes of webforms: forms edited by marketers, submissions received and confirmed."""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from fusee.contacts.models import Company, ConsentAction, Contact, EventType, LegalBasis, Source, Suppression
from fusee.contacts.services import EventInput, consent_record, contact_upsert, events_ingest
from fusee.core.models import User
from fusee.core.services import apply_changes, audit_record
from fusee.webforms import mail
from fusee.webforms.models import Form, Submission, SubmissionStatus

logger = logging.getLogger(__name__)

FORM_FIELDS = (
    "name", "kind", "fields", "language", "consent_text", "double_opt_in", "thank_you_message",
    "download_url", "campaign", "embed_origins", "active",
)


@transaction.atomic
def form_create(*, actor: User, **values: Any) -> Form:
    form = Form(created_by=actor)
    apply_changes(form, values, FORM_FIELDS)
    form.full_clean()
    form.save()
    audit_record(actor=actor, action="webforms.form_created", target=form)
    return form


@transaction.atomic
def form_update(*, actor: User, form: Form, **values: Any) -> Form:
    changes = apply_changes(form, values, FORM_FIELDS)
    if changes:
        form.full_clean()
        form.updated_at = timezone.now()
        form.save()
        audit_record(actor=actor, action="webforms.form_updated", target=form, changes=changes)
    return form


def submission_reject(*, form: Form, status: SubmissionStatus, email: str, ip_hash: str) -> Submission:
    """Keep a trace of a spam or rate-limited attempt; nothing else happens."""
    return Submission.objects.create(form=form, status=status, email=email[:254], ip_hash=ip_hash)


@transaction.atomic
def submission_receive(
    *, form: Form, email: str, data: dict[str, Any], language: str, ip_hash: str
) -> Submission:
    """Record a valid submission, then ask for confirmation or confirm it at once."""
    submission = Submission.objects.create(
        form=form, email=email.strip().lower(), data=data, language=language,
        consent_text=form.consent_text, ip_hash=ip_hash,
    )
    if Suppression.covers(submission.email):
        submission_suppress(submission=submission)
    elif form.double_opt_in:
        after_commit_send(mail.confirmation_send, submission)
    else:
        submission_confirm(submission=submission)
    return submission


@transaction.atomic
def submission_confirm(*, submission: Submission) -> Submission:
    """Add the contact, their consent and the form's event; confirming twice changes nothing."""
    locked = Submission.objects.select_for_update(of=("self",)).select_related("form")
    submission = locked.get(pk=submission.pk)  # two clicks at once confirm once
    if submission.status != SubmissionStatus.PENDING:
        return submission
    if Suppression.covers(submission.email):
        submission_suppress(submission=submission)
        return submission
    submission.move_to(SubmissionStatus.CONFIRMED)
    submission.contact = contact_from(submission)
    submission.confirmed_at = timezone.now()
    submission.save(update_fields=["status", "contact", "confirmed_at"])
    consent_from(submission, submission.contact)
    events_ingest(events=[event_from(submission)])
    if submission.form.is_gated and submission.form.double_opt_in:
        after_commit_send(mail.download_send, submission)
    return submission


def submission_suppress(*, submission: Submission) -> None:
    """A suppressed address is never added back; forget it on the submission as well."""
    submission.move_to(SubmissionStatus.SUPPRESSED)
    submission.email, submission.data = "", {}
    submission.save(update_fields=["status", "email", "data"])
    logger.warning("webforms: suppressed address refused", extra={"submission": submission.pk})


def contact_from(submission: Submission) -> Contact:
    values = {key: value for key, value in submission.data.items() if value and key != "company"}
    if submission.data.get("company"):
        values["company"] = company_named(submission.data["company"])
    if not Contact.objects.filter(email=submission.email).exists():
        values["source"] = Source.FORM  # where a new contact came from; an existing one keeps theirs
    return contact_upsert(actor=None, email=submission.email, **values)[0]


def company_named(name: str) -> Company:
    """The company of this name, or a new one (contacts has no company service yet)."""
    name = name.strip()[:200]
    existing = Company.objects.filter(name__iexact=name).order_by("pk").first()
    return existing or Company.objects.create(name=name)


def consent_from(submission: Submission, contact: Contact) -> None:
    form = submission.form
    how = "double opt-in" if form.double_opt_in else "single opt-in"
    proof = (
        f"{submission.consent_text}\n\nsubmission {submission.pk} of form {form.slug}, "
        f"submitted {submission.created_at.isoformat()}, confirmed {submission.confirmed_at.isoformat()}"  # type: ignore[union-attr]
    )
    consent_record(
        actor=None, contact=contact, action=ConsentAction.GRANTED, legal_basis=LegalBasis.CONSENT,
        method=f"{how} form {form.name}"[:200], proof=proof,
    )


def event_from(submission: Submission) -> EventInput:
    form = submission.form
    return EventInput(
        email=submission.email,
        type=EventType.CONTENT_DOWNLOADED if form.is_gated else EventType.FORM_SUBMITTED,
        occurred_at=submission.confirmed_at,
        campaign=form.campaign,
        properties={"form": form.slug, "form_name": form.name, "submission": submission.pk},
    )


def after_commit_send(send: Callable[..., None], submission: Submission) -> None:
    """Mail once the rows are saved; a mail server down must not lose the submission."""

    def deliver() -> None:
        try:
            send(submission=submission)
        except (OSError, smtplib.SMTPException):
            logger.exception("webforms: could not send %s", send.__name__,
                             extra={"submission": submission.pk})

    transaction.on_commit(deliver)


def submissions_erase(contact: Contact) -> None:
    """Right to erasure: the contact's submissions go with them, pending ones (before the
    contact was confirmed, found by address) included."""
    Submission.objects.filter(contact=contact).delete()
    Submission.objects.filter(email__iexact=contact.email).delete()
