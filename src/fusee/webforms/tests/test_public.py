from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fusee.contacts.models import (
    ConsentRecord,
    Contact,
    Event,
    EventType,
    LegalBasis,
    Source,
    Suppression,
    email_hash,
)
from fusee.contacts.tests.factories import ContactFactory
from fusee.nurturing.models import Enrolment, TriggerKind
from fusee.nurturing.tests.factories import live_sequence
from fusee.nurturing.triggers import sequences_trigger
from fusee.webforms.models import FormKind, Submission, SubmissionStatus
from fusee.webforms.protection import CONFIRM_SALT, RATE_LIMIT, confirm_token
from fusee.webforms.tests.conftest import submit
from fusee.webforms.tests.factories import FormFactory


@pytest.fixture
def client() -> Client:
    return Client()  # a visitor: never logged in


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def sent_link(message: mail.EmailMessage) -> str:
    found = re.search(r"https?://\S+/forms/confirm/\S+/", str(message.body))
    assert found, message.body
    return urlsplit(found.group(0)).path


def submit_and_mail(client, commits, form, **fields):
    with commits(execute=True):
        response = submit(client, form, **fields)
    assert response.status_code == 200
    return response


def test_it_emails_a_link_and_adds_the_contact_only_once_confirmed(db, client, commits):
    form = FormFactory.create()
    response = submit_and_mail(client, commits, form)
    assert b"check your inbox" in response.content
    assert not Contact.objects.exists()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ana@example.com"]
    link = sent_link(mail.outbox[0])
    assert b"Confirm" in client.get(link).content and not Contact.objects.exists()  # GET only asks

    assert b"is confirmed" in client.post(link).content
    contact = Contact.objects.get(email="ana@example.com")
    assert (contact.first_name, contact.country, str(contact.company), contact.source) == (
        "Ana", "FR", "Orbitale", Source.FORM
    )
    consent = ConsentRecord.objects.get(contact=contact)
    assert consent.legal_basis == LegalBasis.CONSENT
    assert consent.method == f"double opt-in form {form.name}"
    assert "I agree to receive the newsletter." in consent.proof
    event = Event.objects.get(contact=contact)
    assert (event.type, event.campaign) == (EventType.FORM_SUBMITTED, "newsletter-2025")
    submission = Submission.objects.get()
    assert submission.status == SubmissionStatus.CONFIRMED and submission.contact == contact


def test_it_lets_a_sequence_event_trigger_pick_up_the_confirmed_contact(
    db, client, commits
):
    form = FormFactory.create(double_opt_in=False, campaign="spring")
    sequence = live_sequence(
        [{"key": "hello", "kind": "wait", "config": {"days": 1}}],
        trigger=TriggerKind.EVENT, trigger_config={"event_type": "form_submitted", "campaign": "spring"},
    )
    submit_and_mail(client, commits, form)
    sequences_trigger()
    assert list(Enrolment.objects.filter(sequence=sequence).values_list("contact__email", flat=True)) == [
        "ana@example.com"
    ]
    assert mail.outbox == []  # single opt-in: no confirmation email


def test_it_confirming_twice_adds_nothing_more(db, client, commits):
    submit_and_mail(client, commits, FormFactory.create())
    link = sent_link(mail.outbox[0])
    client.post(link)
    response = client.post(link)
    assert response.status_code == 200 and b"is confirmed" in response.content
    assert (Contact.objects.count(), ConsentRecord.objects.count(), Event.objects.count()) == (1, 1, 1)


def test_it_reveals_gated_content_only_after_confirmation(db, client, commits):
    form = FormFactory.create(kind=FormKind.GATED_CONTENT, download_url="https://cdn.example.com/guide.pdf")
    response = submit_and_mail(client, commits, form)
    assert b"guide.pdf" not in response.content and "guide.pdf" not in mail.outbox[0].body
    with commits(execute=True):
        confirmed = client.post(sent_link(mail.outbox[0]))
    assert b"https://cdn.example.com/guide.pdf" in confirmed.content
    assert "https://cdn.example.com/guide.pdf" in mail.outbox[1].body
    assert Event.objects.get().type == EventType.CONTENT_DOWNLOADED


def test_it_gives_gated_content_at_once_without_double_opt_in(db, client, commits):
    form = FormFactory.create(
        kind=FormKind.GATED_CONTENT, download_url="https://cdn.example.com/guide.pdf", double_opt_in=False
    )
    response = submit_and_mail(client, commits, form)
    assert b"https://cdn.example.com/guide.pdf" in response.content
    assert Event.objects.get().type == EventType.CONTENT_DOWNLOADED


def test_it_writes_the_confirmation_email_in_the_language_chosen(db, client, commits):
    form = FormFactory.create(fields=["language"], language="en")
    submit_and_mail(client, commits, form, language="fr")
    submission = Submission.objects.get()
    assert submission.language == "fr"
    client.post(sent_link(mail.outbox[0]))
    assert Contact.objects.get().language == "fr"


def test_it_thanks_a_filled_honeypot_but_records_spam_only(db, client, commits):
    response = submit_and_mail(client, commits, FormFactory.create(),
                               website="https://spam.example")
    assert b"Thanks for signing up!" in response.content
    assert Submission.objects.get().status == SubmissionStatus.SPAM
    assert not Contact.objects.exists() and mail.outbox == []


def test_it_takes_a_form_sent_back_too_fast_for_a_person_as_spam(db, client, commits):
    response = submit_and_mail(client, commits, FormFactory.create(), seconds_ago=0.1)
    assert b"Thanks for signing up!" in response.content
    assert Submission.objects.get().status == SubmissionStatus.SPAM
    assert mail.outbox == []


def test_it_refuses_more_than_the_limit_per_address_with_a_429(db, client):
    form = FormFactory.create()
    for attempt in range(RATE_LIMIT):
        assert submit(client, form, email=f"p{attempt}@example.com").status_code == 200
    refused = submit(client, form, email="late@example.com")
    assert refused.status_code == 429 and b"Too many submissions" in refused.content
    assert submit(client, form, email="later@example.com").status_code == 429
    other_form = FormFactory.create()
    assert submit(client, other_form).status_code == 200  # counted per form
    # One trace of the refusal, not one row per refused request.
    assert Submission.objects.filter(status=SubmissionStatus.RATE_LIMITED).count() == 1


def test_it_asks_again_when_the_form_token_was_altered(db, client):
    response = submit(client, FormFactory.create(), token="forged")
    assert response.status_code == 400 and b"out of date" in response.content
    assert not Submission.objects.exists()


def test_it_refuses_another_forms_token(db, client):
    from fusee.webforms.protection import form_token

    form, other = FormFactory.create_batch(2)
    response = submit(client, form, token=form_token(other, issued_at=0))
    assert response.status_code == 400 and not Submission.objects.exists()


def test_it_shows_the_missing_consent_and_fields(db, client):
    response = submit(client, FormFactory.create(), consent="", first_name="")
    assert response.status_code == 400
    assert response.content.count(b"invalid-feedback") == 2


ALTERED = ["garbage", signing.dumps(10**9, salt=CONFIRM_SALT), signing.dumps(1, salt="other")]


@pytest.mark.parametrize("token", ALTERED)
def test_it_answers_an_altered_or_unknown_link_with_a_404(db, client, token):
    assert client.get(reverse("webforms:confirm", args=[token])).status_code == 404
    assert client.post(reverse("webforms:confirm", args=[token])).status_code == 404


def test_it_answers_an_expired_link_with_a_404(db, client, settings, monkeypatch):
    submission = Submission.objects.create(form=FormFactory.create(), email="ana@example.com")
    link = reverse("webforms:confirm", args=[confirm_token(submission.pk)])
    later = timezone.now().timestamp() + timedelta(days=8).total_seconds()
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    response = client.post(link)
    assert response.status_code == 404 and b"The link works for 7 days." in response.content
    assert Submission.objects.get().status == SubmissionStatus.PENDING


def test_it_never_adds_back_a_suppressed_address(db, client, commits, caplog):
    submit_and_mail(client, commits, FormFactory.create())
    Suppression.objects.create(email_hash=email_hash("ana@example.com"), reason="erased")
    response = client.post(sent_link(mail.outbox[0]))
    assert b"has been handled" in response.content and b"confirmed" not in response.content.lower()
    assert not Contact.objects.exists() and not Event.objects.exists()
    submission = Submission.objects.get()
    assert (submission.status, submission.email, submission.data) == (SubmissionStatus.SUPPRESSED, "", {})
    assert "suppressed address refused" in caplog.text


def test_it_does_not_even_email_a_suppressed_address(db, client, commits):
    Suppression.objects.create(email_hash=email_hash("ana@example.com"), reason="erased")
    response = submit_and_mail(client, commits, FormFactory.create())
    assert b"Thanks for signing up!" in response.content  # the same page as anyone
    assert mail.outbox == [] and Submission.objects.get().status == SubmissionStatus.SUPPRESSED


def test_it_records_consent_again_for_an_unsubscribed_contact(db, client, commits):
    contact = ContactFactory.create(email="ana@example.com", unsubscribed=True, legal_basis=LegalBasis.NONE)
    submit_and_mail(client, commits, FormFactory.create())
    client.post(sent_link(mail.outbox[0]))
    contact.refresh_from_db()
    assert contact.legal_basis == LegalBasis.CONSENT and contact.consent_at is not None
    # contacts has no re-subscribe service: consent alone does not lift the flag.
    assert contact.unsubscribed is True


def test_it_escapes_what_visitors_and_marketers_type(db, client, marketer_client):
    form = FormFactory.create(name="<b>Beta</b>", consent_text="<script>alert(1)</script>",
                              thank_you_message="<img src=x onerror=alert(2)>")
    page = client.get(reverse("webforms:public", args=[form.slug])).content
    assert b"<script>alert(1)" not in page and b"&lt;script&gt;alert(1)" in page
    assert b"<b>Beta</b>" not in page
    thanks = submit(client, form, first_name="<script>alert(3)</script>").content
    assert b"<img src=x" not in thanks
    detail = marketer_client.get(reverse("webforms:form", args=[form.pk])).content
    assert b"<script>alert(3)" not in detail and b"&lt;script&gt;alert(3)" in detail


def test_it_lets_other_sites_frame_the_form_page_only(db, client):
    form = FormFactory.create()
    page = client.get(reverse("webforms:public", args=[form.slug]))
    assert "X-Frame-Options" not in page.headers
    assert "frame-ancestors *" in page.headers["Content-Security-Policy"]
    limited = FormFactory.create(embed_origins="https://www.example.com")
    policy = client.get(reverse("webforms:public", args=[limited.slug])).headers["Content-Security-Policy"]
    assert "frame-ancestors 'self' https://www.example.com" in policy
    link = client.get(reverse("webforms:confirm", args=["garbage"]))
    assert link.headers["X-Frame-Options"] == "DENY"


def test_it_hides_an_inactive_form(db, client):
    form = FormFactory.create(active=False)
    assert client.get(reverse("webforms:public", args=[form.slug])).status_code == 404


def test_it_keeps_the_submission_when_the_mail_server_is_down(db, client, commits, settings, caplog):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2  # nothing listens
    submit_and_mail(client, commits, FormFactory.create())
    assert Submission.objects.get().status == SubmissionStatus.PENDING
    assert "could not send confirmation_send" in caplog.text
