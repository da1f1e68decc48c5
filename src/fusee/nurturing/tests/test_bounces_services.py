from __future__ import annotations

import mailbox
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from fusee.contacts.models import (
    ConsentAction,
    ConsentRecord,
    Contact,
    Event,
    EventType,
    LegalBasis,
    Suppression,
    email_hash,
)
from fusee.contacts.tests.factories import ContactFactory
from fusee.nurturing.bounces import bounces_process
from fusee.nurturing.bounces.sources import MailboxError
from fusee.nurturing.models import Message, MessageStatus
from fusee.nurturing.tests.factories import EmailFactory

SAMPLES = Path(__file__).parent / "bounce_samples"
ORIGINALS = {  # the Message-ID in each sample → the address it was sent to
    "<e101.welcome@fusee.invalid>": "anne.gone@example.com",
    "<e102.welcome@fusee.invalid>": "bruno.full@example.org",
    "<e103.guide@fusee.invalid>": "jean.martin@contoso.example",
    "<e104.followup@fusee.invalid>": "no.such.person.4242@gmail.com",
    "<e105.guide@fusee.invalid>": "paul.durand@example.net",
    "<e106.welcome@fusee.invalid>": "lost@example.org",
}


@pytest.fixture
def sent(db) -> dict[str, Message]:
    email = EmailFactory.create(utm_campaign="welcome")
    return {
        address: Message.objects.create(
            email=email, contact=ContactFactory.create(email=address), message_id=message_id,
            status=MessageStatus.SENT,
        )
        for message_id, address in ORIGINALS.items()
    }


def maildir_with(path: Path, names: list[str]) -> Path:
    box = mailbox.Maildir(path, create=True)
    for name in names:
        box.add((SAMPLES / name).read_bytes())
    box.close()
    return path


def everything(path: Path) -> Path:
    return maildir_with(path, sorted(sample.name for sample in SAMPLES.iterdir()))


def state() -> tuple:
    """Everything processing may change, to compare two runs."""
    return (
        sorted(Event.objects.values_list("contact__email", "type", "properties")),
        sorted(Suppression.objects.values_list("email_hash", "reason")),
        sorted(Message.objects.values_list("message_id", "status")),
        sorted(Contact.objects.values_list("email", "bounced", "unsubscribed")),
    )


def test_it_applies_hard_bounces_like_a_refusal_while_sending(sent, tmp_path):
    bounces_process(source=str(maildir_with(tmp_path / "box", ["postfix_hard.eml"])))
    message = Message.objects.get(pk=sent["anne.gone@example.com"].pk)
    assert message.status == MessageStatus.BOUNCED and message.contact.bounced
    event = message.contact.events.get(type=EventType.EMAIL_BOUNCED)
    assert event.properties["message"] == "<e101.welcome@fusee.invalid>"
    assert (event.properties["hard"], event.properties["source"], event.campaign) == (True, "dsn", "welcome")
    assert Suppression.objects.get(email_hash=email_hash("anne.gone@example.com")).reason == "hard_bounce"


def test_it_records_a_soft_bounce_without_stopping_mail(sent, tmp_path):
    report = bounces_process(source=str(maildir_with(tmp_path / "box", ["postfix_delayed.eml"])))
    contact = Contact.objects.get(email="bruno.full@example.org")
    assert report.soft == 1 and not contact.bounced and not Suppression.covers(contact.email)
    event = contact.events.get(type=EventType.EMAIL_BOUNCED)
    assert (event.properties["hard"], event.properties["status"]) == (False, "4.2.2")
    assert Message.objects.get(contact=contact).status == MessageStatus.SENT


def test_it_unsubscribes_and_suppresses_a_contact_who_complains(sent, tmp_path):
    report = bounces_process(source=str(maildir_with(tmp_path / "box", ["arf_abuse.eml"])))
    contact = Contact.objects.get(email="paul.durand@example.net")
    assert report.complaints == 1 and contact.unsubscribed and not contact.bounced
    event = contact.events.get(type=EventType.EMAIL_UNSUBSCRIBED)
    assert event.properties["complaint"] is True
    assert event.properties["message"] == "<e105.guide@fusee.invalid>"
    assert Suppression.objects.get(email_hash=email_hash(contact.email)).reason == "complaint"
    [withdrawal] = ConsentRecord.objects.filter(contact=contact, action=ConsentAction.WITHDRAWN)
    assert withdrawal.method.endswith("complaint") and contact.legal_basis == LegalBasis.NONE


def test_it_counts_every_kind_and_leaves_what_it_cannot_read_in_the_maildir(sent, tmp_path):
    box = everything(tmp_path / "box")
    report = bounces_process(source=str(box))
    assert (report.hard, report.soft, report.complaints) == (4, 1, 1)
    assert (report.unmatched, report.unreadable, report.ignored, report.repeated) == (0, 1, 1, 0)
    assert len(list((box / "new").iterdir())) == 2  # the unreadable bounce and the out-of-office reply
    assert all(name.name.endswith(":2,S") for name in (box / "cur").iterdir())
    assert len(list((box / "cur").iterdir())) == 6


def test_it_changes_nothing_when_the_same_mailbox_is_processed_again(sent, tmp_path):
    box = everything(tmp_path / "box")
    bounces_process(source=str(box))
    before = state()
    for path in (box / "cur").iterdir():  # as if a mail client had marked them unread again
        path.rename(box / "new" / path.name.partition(":")[0])
    report = bounces_process(source=str(box))
    assert state() == before
    assert (report.hard, report.soft, report.complaints, report.repeated) == (0, 0, 0, 6)


def test_it_reads_an_mbox_file_and_applies_each_report_once(sent, tmp_path):
    path = tmp_path / "bounces.mbox"
    box = mailbox.mbox(path)
    for name in ("postfix_hard.eml", "gmail_hard.eml", "arf_abuse.eml", "out_of_office.eml"):
        box.add((SAMPLES / name).read_bytes())
    box.flush()
    box.close()
    first = bounces_process(source=str(path))
    before = state()
    second = bounces_process(source=str(path))
    assert (first.hard, first.complaints, first.ignored) == (2, 1, 1)
    assert (second.hard, second.repeated) == (0, 3) and state() == before


def test_it_matches_by_address_when_the_original_message_is_not_ours(db, tmp_path):
    contact = ContactFactory.create(email="anne.gone@example.com")
    report = bounces_process(source=str(maildir_with(tmp_path / "box", ["postfix_hard.eml"])))
    contact.refresh_from_db()
    assert report.hard == 1 and contact.bounced and Suppression.covers(contact.email)
    assert contact.events.get().properties["message"] == ""


def test_it_counts_reports_about_nobody_we_know_as_unmatched(db, tmp_path):
    report = bounces_process(source=str(maildir_with(tmp_path / "box", ["postfix_hard.eml"])))
    assert (report.unmatched, Event.objects.count(), Suppression.objects.count()) == (1, 0, 0)


def test_it_does_not_undo_a_message_that_was_never_sent(sent, tmp_path):
    Message.objects.filter(message_id="<e101.welcome@fusee.invalid>").update(status=MessageStatus.REFUSED)
    bounces_process(source=str(maildir_with(tmp_path / "box", ["postfix_hard.eml"])))
    assert Message.objects.get(message_id="<e101.welcome@fusee.invalid>").status == MessageStatus.REFUSED


def test_the_command_prints_the_report(sent, tmp_path, capsys):
    call_command("nurture", "bounces", "--source", str(everything(tmp_path / "box")))
    out = capsys.readouterr().out
    assert "hard: 4" in out and "complaints: 1" in out and "unreadable: 1" in out


def test_the_command_names_a_source_it_cannot_read(db, tmp_path):
    with pytest.raises(CommandError, match="no such Maildir folder or mbox file"):
        call_command("nurture", "bounces", "--source", str(tmp_path / "missing"))


def test_it_refuses_a_folder_that_is_not_a_maildir_and_a_file_that_is_not_an_mbox(db, tmp_path):
    with pytest.raises(MailboxError, match="not a Maildir"):
        bounces_process(source=str(tmp_path))
    single = tmp_path / "one.eml"
    single.write_bytes((SAMPLES / "postfix_hard.eml").read_bytes())
    with pytest.raises(MailboxError, match="not an mbox file"):
        bounces_process(source=str(single))
