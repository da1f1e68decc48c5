"""Writes of nurturing emails: their settings and their content per language, each change audited.

Every subject and body is compiled (and tried on a blank contact) before it is saved, so an
email that reaches the sender always builds; a template error names the line it is on.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email, validate_slug
from django.db import transaction
from django.utils.translation import gettext

from fusee.core.errors import DomainError, NotAllowed
from fusee.core.models import Role, User
from fusee.core.services import apply_changes, audit_record
from fusee.nurturing.mail.building import markdown_to_html
from fusee.nurturing.mail.templating import compile_template
from fusee.nurturing.models import LANGUAGES, BodyFormat, Email, EmailContent

EMAIL_FIELDS = ("name", "from_name", "from_email", "reply_to", "utm_campaign", "topic", "default_language")
CONTENT_FIELDS = ("subject", "preheader", "body", "body_format")
LANGUAGE_CODES = tuple(code for code, _name in LANGUAGES)
ADDRESS_FIELDS = ("from_email", "reply_to")
SLUG_FIELDS = ("utm_campaign", "topic")
REQUIRED = {"from_name": "say who the email comes from", "from_email": "an address is required"}
# What a template is tried on before it is saved: a contact with every field empty.
BLANK_PERSONALISATION: dict[str, Any] = {
    "contact": {
        "first_name": "", "last_name": "", "email": "", "job_title": "", "country": "", "language": "",
        "lifecycle": "", "custom": {},
    },
    "company": {},
}


def require_marketer(actor: User | None) -> None:
    """Viewers read emails; changing them takes a marketer or an admin (None: the system)."""
    if actor is not None and actor.role == Role.VIEWER:
        raise NotAllowed("only marketers and admins can change emails")


def subject_check(*, subject: str) -> str:
    """The subject, stripped; DomainError ("line 1: …") when it is not a valid template."""
    template_check(subject, html=False)
    return subject.strip()


def body_check(*, body: str, body_format: str) -> str:
    """The body as written; DomainError ("line N: …", N a line of `body`) when it is not valid."""
    # Compiled as written first, so the line of an error is the author's line, not the HTML's.
    template_check(body, html=True)
    if body_format == BodyFormat.MARKDOWN:
        template_check(markdown_to_html(body), html=True)
    return body


def template_check(source: str, *, html: bool) -> None:
    compile_template(source, html=html).render(BLANK_PERSONALISATION)


@transaction.atomic
def email_create(
    *,
    actor: User | None,
    name: str,
    from_name: str,
    from_email: str,
    reply_to: str = "",
    utm_campaign: str = "",
    topic: str = "",
    default_language: str = "en",
) -> Email:
    require_marketer(actor)
    values = settings_clean(
        {"name": name, "from_name": from_name, "from_email": from_email, "reply_to": reply_to,
         "utm_campaign": utm_campaign, "topic": topic, "default_language": default_language}
    )
    email = Email.objects.create(created_by=actor, **values)
    audit_record(actor=actor, action="email.created", target=email, changes={"from": email.from_email})
    return email


@transaction.atomic
def email_update(*, actor: User | None, email: Email, **values: Any) -> Email:
    require_marketer(actor)
    values = settings_clean(values, exclude=email.pk)
    if changes := apply_changes(email, values, EMAIL_FIELDS):
        email.save()
        audit_record(actor=actor, action="email.updated", target=email, changes=changes)
    return email


def settings_clean(values: dict[str, Any], exclude: int | None = None) -> dict[str, Any]:
    """The settings given, trimmed and checked; the first wrong one raises a DomainError naming it."""
    values = {field: value.strip() if isinstance(value, str) else value for field, value in values.items()}
    if "name" in values:
        values["name"] = name_clean(values["name"], exclude=exclude)
    for field, problem in REQUIRED.items():
        if field in values and not values[field]:
            raise DomainError(f"{field.replace('_', ' ')}: {problem}")
    for field in ADDRESS_FIELDS:
        if values.get(field):
            values[field] = address_clean(field, values[field])
    for field in SLUG_FIELDS:
        if values.get(field):
            slug_check(field, values[field])
    if "default_language" in values:
        language_check(values["default_language"])
    return values


def name_clean(name: str, *, exclude: int | None) -> str:
    name = " ".join(name.split())
    if not name:
        raise DomainError(gettext("name: a name is required"))
    if Email.objects.filter(name__iexact=name).exclude(pk=exclude or 0).exists():
        raise DomainError(gettext('name: "%(name)s" is already taken by another email') % {"name": name})
    return name


def address_clean(field: str, address: str) -> str:
    try:
        validate_email(address)
    except ValidationError:
        raise DomainError(f"{field.replace('_', ' ')}: {address!r} is not an email address") from None
    return address.lower()


def slug_check(field: str, value: str) -> None:
    try:
        validate_slug(value)
    except ValidationError:
        label = field.replace("_", " ")
        raise DomainError(f"{label}: {value!r} may only hold letters, digits, '-' and '_'") from None


def language_check(language: str) -> None:
    if language not in LANGUAGE_CODES:
        raise DomainError(f"language {language!r}: choose one of {', '.join(LANGUAGE_CODES)}")


@transaction.atomic
def email_content_save(
    *,
    actor: User | None,
    email: Email,
    language: str,
    subject: str,
    body: str,
    preheader: str = "",
    body_format: str = BodyFormat.MARKDOWN,
) -> EmailContent:
    """Create or change the email's variant in `language`, its templates checked first."""
    require_marketer(actor)
    values = content_clean(language=language, subject=subject, body=body, preheader=preheader,
                           body_format=body_format)
    content = EmailContent.objects.filter(email=email, language=language).first()
    if content is None:
        content = EmailContent.objects.create(email=email, language=language, **values)
        audit_record(actor=actor, action="email.content_added", target=email, changes={"language": language})
    elif changes := apply_changes(content, values, CONTENT_FIELDS):
        content.save()
        changes = {"language": language, **changes}
        audit_record(actor=actor, action="email.content_updated", target=email, changes=changes)
    return content


def content_clean(
    *, language: str, subject: str, body: str, preheader: str, body_format: str
) -> dict[str, str]:
    language_check(language)
    if body_format not in BodyFormat.values:
        raise DomainError(f"{language} body format {body_format!r}: choose markdown or html")
    if not subject.strip() or not body.strip():
        raise DomainError(
            gettext("%(language)s: a variant needs a subject and a body") % {"language": language}
        )
    try:
        subject = subject_check(subject=subject)
    except DomainError as error:
        raise DomainError(f"{language} subject: {error}") from None
    try:
        body = body_check(body=body, body_format=body_format)
    except DomainError as error:
        raise DomainError(f"{language} body: {error}") from None
    return {"subject": subject, "body": body, "preheader": preheader.strip(), "body_format": body_format}


@transaction.atomic
def email_content_delete(*, actor: User | None, email: Email, language: str) -> None:
    require_marketer(actor)
    deleted, _by_model = EmailContent.objects.filter(email=email, language=language).delete()
    if deleted:
        changes = {"language": language}
        audit_record(actor=actor, action="email.content_removed", target=email, changes=changes)


@transaction.atomic
def email_save(
    *,
    actor: User | None,
    email: Email | None,
    settings: dict[str, Any],
    contents: dict[str, dict[str, str] | None],
) -> Email:
    """Create (email=None) or change an email and its variants at once: if any part is refused,
    nothing is saved.

    contents: {language: {"subject", "body", "preheader", "body_format"}, or None to remove it}.
    """
    if email is None:
        email = email_create(actor=actor, **settings)
    else:
        email = email_update(actor=actor, email=email, **settings)
    for language, content in contents.items():
        if content is None:
            email_content_delete(actor=actor, email=email, language=language)
        else:
            email_content_save(actor=actor, email=email, language=language, **content)
    default_content_check(email)
    return email


def default_content_check(email: Email) -> None:
    """Contacts whose language has no variant get the default one: it must exist."""
    if not email.contents.filter(language=email.default_language).exists():
        raise DomainError(
            f"default language {email.default_language}: write its subject and body, "
            "it is what contacts whose language has no variant receive"
        )
