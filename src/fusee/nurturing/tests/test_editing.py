from __future__ import annotations

import pytest

from fusee.core.errors import DomainError, NotAllowed
from fusee.core.models import AuditEntry
from fusee.nurturing import editing
from fusee.nurturing.models import Email
from fusee.nurturing.tests.factories import email_with_content

pytestmark = pytest.mark.django_db
SETTINGS = {"name": "Guide", "from_name": "Orbitale", "from_email": "Hello@Orbitale.example"}
ENGLISH = {"subject": "Your guide, {{ contact.first_name|default:'friend' }}", "body": "Read **it**."}


def test_it_creates_an_email_with_clean_settings_and_audits_it(marketer):
    email = editing.email_create(
        actor=marketer, **SETTINGS | {"name": "  Spring   guide "}, utm_campaign="spring-24"
    )
    assert (email.name, email.from_email, email.created_by) == (
        "Spring guide",
        "hello@orbitale.example",
        marketer,
    )
    assert AuditEntry.objects.get(action="email.created").target_id == str(email.pk)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": "guide"}, 'name: "guide" is already taken'),
        ({"from_email": "not an address"}, "from email: 'not an address' is not an email address"),
        ({"reply_to": "x@"}, "reply to: 'x@' is not an email address"),
        ({"utm_campaign": "spring sale"}, "utm campaign: 'spring sale' may only hold"),
        ({"default_language": "pt"}, "language 'pt': choose one of fr, en, es, it, de"),
        ({"from_name": " "}, "from name: say who the email comes from"),
    ],
)
def test_it_says_which_setting_is_wrong(marketer, change, message):
    editing.email_create(actor=marketer, **SETTINGS)
    other = editing.email_create(actor=marketer, **SETTINGS | {"name": "Other"})
    with pytest.raises(DomainError, match=message):
        editing.email_update(actor=marketer, email=other, **change)
    other.refresh_from_db()
    assert other.name == "Other" and other.from_email == "hello@orbitale.example"


def test_it_audits_an_update_only_when_something_changed(marketer):
    email = editing.email_create(actor=marketer, **SETTINGS)
    editing.email_update(actor=marketer, email=email, name="Guide", from_name="Orbitale")
    assert not AuditEntry.objects.filter(action="email.updated").exists()
    editing.email_update(actor=marketer, email=email, from_name="Orbitale team")
    assert AuditEntry.objects.get(action="email.updated").changes == {
        "from_name": ["Orbitale", "Orbitale team"]
    }


def test_it_saves_a_variant_then_changes_it_in_place(marketer):
    email = editing.email_create(actor=marketer, **SETTINGS)
    first = editing.email_content_save(actor=marketer, email=email, language="fr", **ENGLISH)
    again = editing.email_content_save(
        actor=marketer, email=email, language="fr", **ENGLISH | {"body": "New"}
    )
    assert first.pk == again.pk and email.contents.get().body == "New"
    actions = list(AuditEntry.objects.filter(target_id=str(email.pk)).values_list("action", flat=True))
    assert sorted(actions) == ["email.content_added", "email.content_updated", "email.created"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ({"subject": "Hi {{ contact.first_name|shout }}"}, "fr subject: line 1: Invalid filter: 'shout'"),
        ({"body": "# Title\n\nText\n\n{% if contact.country %}\nno end"}, "fr body: line 5: Unclosed tag"),
        (
            {"body": "<p>\n{% include 'secrets.html' %}</p>", "body_format": "html"},
            'fr body: line 2: tag "include" is not allowed',
        ),
        ({"body": "  "}, "fr: a variant needs a subject and a body"),
        ({"body_format": "rtf"}, "fr body format 'rtf'"),
    ],
)
def test_it_refuses_a_variant_that_would_not_build_and_names_the_line(marketer, content, message):
    email = editing.email_create(actor=marketer, **SETTINGS)
    with pytest.raises(DomainError, match=message):
        editing.email_content_save(actor=marketer, email=email, language="fr", **ENGLISH | content)
    assert not email.contents.exists()


def test_it_saves_settings_and_variants_at_once_or_nothing(marketer):
    email = email_with_content(name="Welcome")
    broken = {"subject": "Salut", "body": "{% for %}"}
    with pytest.raises(DomainError, match="fr body: line 1"):
        editing.email_save(
            actor=marketer, email=email, settings={"name": "Renamed"}, contents={"en": None, "fr": broken}
        )
    email.refresh_from_db()
    assert email.name == "Welcome" and list(email.contents.values_list("language", flat=True)) == ["en"]
    assert not AuditEntry.objects.exists()


def test_it_needs_the_variant_in_the_default_language(marketer):
    with pytest.raises(DomainError, match="default language de: write its subject and body"):
        editing.email_save(
            actor=marketer,
            email=None,
            settings=SETTINGS | {"default_language": "de"},
            contents={"en": ENGLISH},
        )
    assert not Email.objects.exists()
    email = editing.email_save(
        actor=marketer, email=None, settings=SETTINGS, contents={"en": ENGLISH, "fr": None}
    )
    assert list(email.contents.values_list("language", flat=True)) == ["en"]


def test_it_leaves_emails_to_marketers_and_admins(viewer, admin):
    with pytest.raises(NotAllowed):
        editing.email_create(actor=viewer, **SETTINGS)
    email = editing.email_create(actor=admin, **SETTINGS)
    with pytest.raises(NotAllowed):
        editing.email_content_save(actor=viewer, email=email, language="en", **ENGLISH)
    with pytest.raises(NotAllowed):
        editing.email_content_delete(actor=viewer, email=email, language="en")
