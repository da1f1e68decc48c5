from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fusee.config.env import ConfigError
from fusee.contacts.models import Contact
from fusee.core.errors import DomainError
from fusee.core.management.checks import ensure_migrated
from fusee.nurturing.bounces import bounces_process
from fusee.nurturing.bounces.sources import MailboxError
from fusee.nurturing.models import LANGUAGES, Email
from fusee.nurturing.scheduler import BATCH, tick
from fusee.nurturing.testsend import answer_text, email_test_send, is_accepted


class Command(BaseCommand):
    help = (
        "Nurturing: claim the due steps and hand them to the workers (tick), apply a bounce mailbox "
        "(bounces), send one email as a test to your address (send-test)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        ticking = commands.add_parser("tick", help="claim due steps and queue them for the workers")
        ticking.add_argument("--batch", type=int, default=BATCH, help="enrolments per worker task")
        bounces = commands.add_parser("bounces", help="apply the bounces and complaints found in a mailbox")
        bounces.add_argument(
            "--source", required=True, help="a Maildir folder, an mbox file or imaps://user:pass@host/INBOX"
        )
        testing = commands.add_parser(
            "send-test", help="send one email now, marked [Test], to an address of yours (not to the contact)"
        )
        testing.add_argument("email", metavar="EMAIL", help="the email's id or exact name")
        testing.add_argument("--to", required=True, metavar="ADDRESS", help="where the test goes")
        testing.add_argument(
            "--as", dest="as_contact", metavar="CONTACT_EMAIL",
            help="personalise it as this contact (default: a contact with every field empty)",
        )
        testing.add_argument(
            "--lang", choices=[code for code, _name in LANGUAGES],
            help="the language variant (default: the contact's, else the email's default)",
        )

    def handle(self, *args: Any, action: str, batch: int = BATCH, **options: Any) -> None:
        ensure_migrated()
        if action == "bounces":
            self.stdout.write(self.style.SUCCESS(bounces_report(options["source"])))
            return
        if action == "send-test":
            self.stdout.write(self.style.SUCCESS(test_send_report(options)))
            return
        claimed = tick(batch=batch)
        self.stdout.write(self.style.SUCCESS(f"Queued {claimed:,} due enrolments in batches of {batch}."))


def bounces_report(source: str) -> str:
    try:
        return f"Bounce mailbox read: {bounces_process(source=source)}."
    except MailboxError as error:
        raise CommandError(str(error)) from error


def test_send_report(options: dict[str, Any]) -> str:
    email, contact = email_named(options["email"]), contact_named(options["as_contact"])
    to_address = options["to"].strip()
    try:
        result = email_test_send(actor=None, email=email, contact=contact, language=options["lang"] or "",
                                 to_address=to_address)
    except (DomainError, ConfigError) as error:
        raise CommandError(f"Test of {email.name!r} not sent: {error}") from error
    if not is_accepted(result):  # e.g. "cannot connect to smtp://user:***@host:port: … refused"
        raise CommandError(f"Test of {email.name!r} not sent to {to_address}: {answer_text(result)}")
    shown_as = contact.email if contact else "a contact with every field empty"
    return f"Test of {email.name!r} sent to {to_address} as {shown_as}: {answer_text(result)}"


def email_named(key: str) -> Email:
    emails = Email.objects.prefetch_related("contents")
    found = (emails.filter(pk=int(key)).first() if key.isdigit() else None) or emails.filter(name=key).first()
    if found is None:
        raise CommandError(f"No email with the id or name {key!r}; see the names on the Emails page.")
    return found


def contact_named(address: str | None) -> Contact | None:
    if address is None:
        return None
    found = Contact.objects.select_related("company").filter(email=address.strip().lower()).first()
    if found is None:
        raise CommandError(f"No contact with the email {address!r}.")
    return found
