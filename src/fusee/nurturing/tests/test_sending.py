from __future__ import annotations

import email
from datetime import timedelta
from email import policy

from django.utils import timezone

from fusee.contacts.models import Contact, EventType, LegalBasis, Suppression, email_hash
from fusee.contacts.tests.factories import CompanyFactory, ContactFactory
from fusee.nurturing.engine import enrolments_run
from fusee.nurturing.links import preferences_url, unsubscribe_url
from fusee.nurturing.models import Message, MessageStatus
from fusee.nurturing.sending import MAX_ATTEMPTS, messages_recover, messages_send
from fusee.nurturing.services import contact_enrol
from fusee.nurturing.tests.factories import EmailContentFactory, EmailFactory, live_sequence
from fusee.nurturing.transport.sink import Faults
from fusee.nurturing.transport.sink_reader import sink_messages
from fusee.nurturing.transport.smtp import SmtpUrl


def queued(contacts: list[Contact]) -> list[int]:
    """One welcome email per contact, in French and English, created by the engine."""
    welcome = EmailFactory.create(utm_campaign="welcome", default_language="en")
    EmailContentFactory.create(email=welcome, language="en", subject="Hello {{ contact.first_name }}",
                               body="Hi **{{ contact.first_name }}** from {{ company.name|default:'you' }}.")
    EmailContentFactory.create(email=welcome, language="fr", subject="Bonjour {{ contact.first_name }}",
                               body="Salut **{{ contact.first_name }}**, voici [le guide](https://x.example/g).")
    sequence = live_sequence([{"key": "welcome", "kind": "send", "email": welcome}])
    now = timezone.now()
    ids = [contact_enrol(actor=None, sequence=sequence, contact=c, now=now).pk for c in contacts]
    return enrolments_run(enrolment_ids=ids, now=now).messages


def test_it_sends_personalised_messages_in_the_contacts_language_over_one_connection(db, sink):
    company = CompanyFactory.create(name="Maison Dupont")
    anne = ContactFactory.create(first_name="Anne", language="fr", company=company)
    bob = ContactFactory.create(first_name="Bob", language="en", company=None)
    report = messages_send(message_ids=queued([anne, bob]), url=SmtpUrl.parse(sink.url))
    assert (report.sent, sink.connections) == (2, 1)
    received = {m.envelope_to[0]: m for m in sink_messages(directory=sink.directory)}
    assert received[anne.email].subject == "Bonjour Anne" and received[bob.email].subject == "Hello Bob"
    path = next((sink.directory / "new").iterdir())
    parsed = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    assert parsed["List-Unsubscribe"] and parsed["Message-ID"].startswith("<e")
    sent = Message.objects.get(contact=anne)
    assert (sent.status, sent.smtp_code, sent.handed_at) == (MessageStatus.SENT, 250, None)
    assert anne.events.filter(type=EventType.EMAIL_SENT).count() == 1


def test_it_sends_nothing_twice_when_the_same_batch_is_handed_out_again(db, sink):
    ids = queued(ContactFactory.create_batch(3))
    url = SmtpUrl.parse(sink.url)
    messages_send(message_ids=ids, url=url)
    again = messages_send(message_ids=ids, url=url)
    assert (again.sent, again.skipped, sink.received) == (0, 3, 3)


def test_it_refuses_contacts_without_consent_or_suppressed_and_says_why(db, sink):
    no_basis = ContactFactory.create(legal_basis=LegalBasis.NONE)
    suppressed = ContactFactory.create()
    Suppression.objects.create(email_hash=email_hash(suppressed.email), reason="erased")
    messages_send(message_ids=queued([no_basis, suppressed]), url=SmtpUrl.parse(sink.url))
    replies = dict(Message.objects.values_list("contact_id", "smtp_reply"))
    assert replies == {no_basis.pk: "no consent or legitimate interest recorded",
                       suppressed.pk: "address on the suppression list"}
    assert set(Message.objects.values_list("status", flat=True)) == {MessageStatus.REFUSED}
    assert sink.received == 0


def test_it_retries_a_4xx_with_back_off_and_gives_up_after_the_last_attempt(db, sink):
    sink.faults = Faults(fail_percent=100, fail_code=451)
    [message_id] = queued([ContactFactory.create()])
    url, now = SmtpUrl.parse(sink.url), timezone.now()
    messages_send(message_ids=[message_id], url=url, now=now)
    message = Message.objects.get()
    assert (message.status, message.smtp_code) == (MessageStatus.RETRY, 451)
    assert message.next_attempt_at == now + timedelta(minutes=1)
    assert messages_send(message_ids=[message_id], url=url, now=now).skipped == 1  # not due yet
    Message.objects.update(attempts=MAX_ATTEMPTS - 1)
    messages_send(message_ids=[message_id], url=url, now=now + timedelta(hours=1))
    assert Message.objects.get().status == MessageStatus.BOUNCED


def test_it_suppresses_an_address_the_server_refuses_with_5xx(db, sink):
    sink.faults = Faults(bounce_pattern="bounce*@*")
    contact = ContactFactory.create(email="bounce.me@example.com")
    messages_send(message_ids=queued([contact]), url=SmtpUrl.parse(sink.url))
    contact.refresh_from_db()
    assert contact.bounced and Suppression.covers(contact.email)
    assert Message.objects.get().status == MessageStatus.BOUNCED


def test_it_queues_again_what_a_dead_worker_left_and_flags_only_the_one_in_flight(db, caplog):
    ids = queued(ContactFactory.create_batch(3))
    long_ago = timezone.now() - timedelta(hours=1)
    Message.objects.filter(pk__in=ids).update(status=MessageStatus.SENDING, claimed_at=long_ago)
    Message.objects.filter(pk=ids[0]).update(handed_at=long_ago)
    in_flight = messages_recover()
    assert in_flight == [Message.objects.get(pk=ids[0]).message_id]
    assert "possibly a duplicate" in caplog.text
    assert set(Message.objects.values_list("status", flat=True)) == {MessageStatus.RETRY}


def test_it_unsubscribes_from_the_signed_link_and_refuses_a_tampered_one(client, db, sink):
    contact = ContactFactory.create()
    messages_send(message_ids=queued([contact]), url=SmtpUrl.parse(sink.url))
    raw = next((sink.directory / "new").iterdir()).read_bytes()
    parsed = email.message_from_bytes(raw, policy=policy.default)
    link = str(parsed["List-Unsubscribe"]).split("<")[2].split(">")[0]
    path = link.split("://", 1)[1].split("/", 1)[1]
    page = client.get(f"/{path}")
    assert page.status_code == 200 and not Contact.objects.get(pk=contact.pk).unsubscribed
    assert client.post(f"/{path}").status_code == 200
    assert Contact.objects.get(pk=contact.pk).unsubscribed
    assert client.post(f"/{path[:-3]}xyz/").status_code == 404


def test_it_spends_three_queries_per_sent_message_whatever_the_batch_size(db, sink):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from fusee.core.models import Workspace

    Workspace.current()  # created on first use: not part of what is measured
    url = SmtpUrl.parse(sink.url)
    counts = []
    for size in (2, 6):
        ids = queued(ContactFactory.create_batch(size))
        with CaptureQueriesContext(connection) as queries:
            messages_send(message_ids=ids, url=url)
        counts.append(len(queries))
    # PostgreSQL: one statement (outcome, EMAIL_SENT event, next handed_at stamp). SQLite: those
    # three in a transaction, here a savepoint and its release inside the test's transaction.
    per_message = 1 if connection.vendor == "postgresql" else 5
    assert counts[1] - counts[0] == per_message * 4


def test_it_signs_with_dkim_when_a_key_is_configured(db, sink, tmp_path, settings):
    import dkim
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    from fusee.config.env import Dkim
    from fusee.nurturing.mail.dkim import DkimSigner

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    (tmp_path / "dkim.pem").write_bytes(pem)
    settings.FUSEE_DKIM = Dkim(domain="orbitale.example", selector="fusee", key_file=tmp_path / "dkim.pem")
    messages_send(message_ids=queued([ContactFactory.create()]), url=SmtpUrl.parse(sink.url))
    raw = next((sink.directory / "new").iterdir()).read_bytes()
    stored = raw.split(b"\r\n\r\n", 1)[0]
    # The sink prepends its envelope headers; the signed message starts at DKIM-Signature.
    signed = raw[raw.index(b"DKIM-Signature:"):] if b"DKIM-Signature:" in stored else raw
    record = DkimSigner(domain="orbitale.example", selector="fusee", private_key_pem=pem).dns_txt_record()
    assert dkim.verify(signed, dnsfunc=lambda name, timeout=5: record.encode())


def test_it_links_each_message_to_its_own_unsubscribe_and_preference_pages(db, sink):
    contact = ContactFactory.create(language="en")
    messages_send(message_ids=queued([contact]), url=SmtpUrl.parse(sink.url))
    sent = Message.objects.get(contact=contact)
    raw = next((sink.directory / "new").iterdir()).read_bytes()
    parsed = email.message_from_bytes(raw, policy=policy.default)
    text = parsed.get_body(preferencelist=("plain",)).get_content()

    assert f"<{unsubscribe_url(sent.pk)}>" in parsed["List-Unsubscribe"]
    assert unsubscribe_url(sent.pk) in text and preferences_url(contact.pk) in text
