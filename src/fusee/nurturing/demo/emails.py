"""The demo's emails: what Orbitale's marketing team wrote, and creating them (keyed by name)."""

from __future__ import annotations

from dataclasses import dataclass

from fusee.core.models import User
from fusee.nurturing.models import BodyFormat, Email, EmailContent

SENDER = "hello@orbitale.example"


@dataclass(frozen=True)
class Content:
    language: str
    subject: str
    preheader: str
    body: str
    body_format: str = BodyFormat.MARKDOWN


@dataclass(frozen=True)
class DemoEmail:
    key: str  # how the demo's flows name it
    name: str
    topic: str
    utm_campaign: str
    contents: tuple[Content, ...]
    from_name: str = "Orbitale"
    reply_to: str = ""

    @property
    def body_format(self) -> str:
        return self.contents[0].body_format


def emails_create(*, emails: list[DemoEmail], author: User | None) -> dict[str, Email]:
    """The emails by key; one already there (same name) is left as it is."""
    return {email.key: email_create(email, author) for email in emails}


def email_create(email: DemoEmail, author: User | None) -> Email:
    row, created = Email.objects.get_or_create(name=email.name, defaults={
        "from_name": email.from_name, "from_email": SENDER, "reply_to": email.reply_to,
        "utm_campaign": email.utm_campaign, "topic": email.topic, "default_language": "en",
        "created_by": author,
    })
    if created:
        EmailContent.objects.bulk_create([
            EmailContent(email=row, language=content.language, subject=content.subject,
                         preheader=content.preheader, body=content.body, body_format=content.body_format)
            for content in email.contents
        ])
    return row
