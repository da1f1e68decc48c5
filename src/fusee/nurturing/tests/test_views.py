from __future__ import annotations

import mailbox
import re
from email.message import EmailMessage
from itertools import count

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fusee.contacts.tests.factories import ContactFactory
from fusee.core.models import AuditEntry, Workspace
from fusee.nurturing.models import (
    Email,
    EmailContent,
    Enrolment,
    EnrolmentStatus,
    Message,
    MessageStatus,
    Sequence,
    SequenceVersion,
)
from fusee.nurturing.services import sequence_publish
from fusee.nurturing.tests.factories import (
    EmailContentFactory,
    EmailFactory,
    email_with_content,
    live_sequence,
)

pytestmark = pytest.mark.django_db
MESSAGE_NUMBERS = count(1)


def enrol(sequence: Sequence, step_key: str, status: str = EnrolmentStatus.ACTIVE) -> Enrolment:
    version = sequence.live_version()
    assert version is not None
    return Enrolment.objects.create(
        sequence=sequence, version=version, contact=ContactFactory.create(), step_key=step_key, status=status
    )


def message(enrolment: Enrolment, step_key: str, email: Email, status: str = MessageStatus.SENT) -> Message:
    return Message.objects.create(
        enrolment=enrolment,
        step_key=step_key,
        email=email,
        contact=enrolment.contact,
        status=status,
        message_id=f"<m{next(MESSAGE_NUMBERS)}@test.invalid>",
    )


@pytest.fixture
def welcome() -> Email:
    return email_with_content(name="Welcome")


@pytest.fixture
def nurture(welcome) -> Sequence:
    """welcome → pause → check (yes: hot, no: cold) → both meet again at done."""
    hot, cold = email_with_content(name="Hot offer"), email_with_content(name="Cold tips")
    return live_sequence(
        [
            {"key": "welcome", "kind": "send", "email": welcome, "next": "pause"},
            {"key": "pause", "kind": "wait", "config": {"days": 3}, "next": "check"},
            {
                "key": "check",
                "kind": "branch",
                "config": {"expression": "score >= 50", "yes": "hot", "no": "cold"},
            },
            {"key": "hot", "kind": "send", "email": hot, "next": "done"},
            {"key": "cold", "kind": "send", "email": cold, "next": "done"},
            {"key": "done", "kind": "goal"},
        ],
        name="Retail nurture",
        description="For <b>retail</b> leads",
    )


def compact(page: bytes) -> str:
    return page.decode().replace(" ", "").replace("\n", "")


def test_it_lists_sequences_with_their_live_version_and_contacts_by_status(viewer_client, nurture, welcome):
    for status, how_many in (
        (EnrolmentStatus.ACTIVE, 3),
        (EnrolmentStatus.COMPLETED, 2),
        (EnrolmentStatus.EXITED, 1),
    ):
        for _ in range(how_many):
            enrol(nurture, "pause", status)
    sequence_publish(actor=None, sequence=nurture, steps=[{"key": "only", "kind": "send", "email": welcome}])
    page = compact(viewer_client.get(reverse("nurturing:sequences")).content)
    row = page[page.index(f'id="sequence-{nurture.pk}"') :]
    assert 'data-count="active">3<' in row and 'data-count="completed">2<' in row
    assert 'data-count="exited">1<' in row and ">v2<" in row
    assert "For&lt;b&gt;retail&lt;/b&gt;leads" in page
    assert reverse("nurturing:sequence", args=[nurture.pk]) in page


def test_it_lists_sequences_in_as_many_queries_whatever_their_number(viewer_client, welcome):
    def queries_for_the_list() -> int:
        with CaptureQueriesContext(connection) as queries:
            viewer_client.get(reverse("nurturing:sequences"))
        return len(queries)

    sequence = live_sequence([{"key": "a", "kind": "send", "email": welcome}])
    enrol(sequence, "a")
    few = queries_for_the_list()
    for _ in range(3):
        enrol(live_sequence([{"key": "a", "kind": "send", "email": welcome}]), "a")
    assert queries_for_the_list() == few


def test_it_draws_the_live_flow_with_contacts_waiting_and_messages_sent(viewer_client, nurture, welcome):
    first = [enrol(nurture, "pause") for _ in range(2)]
    enrol(nurture, "welcome")
    done = enrol(nurture, "", EnrolmentStatus.COMPLETED)
    for enrolment in [*first, done]:
        message(enrolment, "welcome", welcome)
    message(enrol(nurture, "check"), "welcome", welcome, status=MessageStatus.RETRY)
    page = compact(viewer_client.get(reverse("nurturing:sequence", args=[nurture.pk])).content)
    assert 'id="waiting-pause">2<' in page and 'id="waiting-welcome">1<' in page
    assert 'id="waiting-check">1<' in page and 'id="waiting-hot">0<' in page
    assert 'id="sent-welcome">3<' in page and 'id="pending-welcome">1<' in page
    # In order, each step once: the two paths of the branch meet again at "done".
    order = [page.index(f'id="step-{key}"') for key in ("welcome", "pause", "check", "hot", "cold", "done")]
    assert order == sorted(order) and page.count('id="step-done"') == 1
    assert page.count("continuesbelow") == 2 and "3days" in page and "score&gt;=50" in page
    assert 'id="version-1-active">4<' in page and 'id="version-1-contacts">5<' in page


def test_it_draws_the_version_asked_for_with_its_own_contacts(viewer_client, nurture, welcome):
    old = enrol(nurture, "pause")
    sequence_publish(actor=None, sequence=nurture, steps=[{"key": "only", "kind": "send", "email": welcome}])
    url = reverse("nurturing:sequence", args=[nurture.pk])
    live = compact(viewer_client.get(url).content)
    assert 'id="step-only"' in live and 'id="step-pause"' not in live
    assert 'id="version-1-active">1<' in live and 'id="version-2-active">0<' in live
    older = compact(viewer_client.get(url, {"version": old.version.number}).content)
    assert 'id="waiting-pause">1<' in older and 'id="step-only"' not in older
    assert viewer_client.get(url, {"version": 9}).status_code == 404


def test_it_points_a_loop_back_to_the_step_already_drawn(viewer_client, welcome):
    sequence = live_sequence(
        [
            {"key": "mail", "kind": "send", "email": welcome, "next": "wait"},
            {"key": "wait", "kind": "wait", "config": {"weekday": 1, "at": "09:30"}, "next": "test"},
            {
                "key": "test",
                "kind": "branch",
                "config": {"expression": "score >= 50", "yes": "", "no": "mail"},
            },
        ]
    )
    page = compact(viewer_client.get(reverse("nurturing:sequence", args=[sequence.pk])).content)
    assert page.count('id="step-mail"') == 1 and 'href="#step-mail"' in page
    assert "untilMondayat09:30" in page and "Endofthesequence" in page


def test_it_says_when_a_sequence_has_no_published_version(viewer_client):
    sequence = Sequence.objects.create(name="Draft")
    page = viewer_client.get(reverse("nurturing:sequence", args=[sequence.pk])).content.decode()
    assert "not been published yet" in page


def test_it_lists_emails_with_their_languages_and_messages_sent(viewer_client, nurture, welcome):
    EmailContentFactory.create(email=welcome, language="fr")
    message(enrol(nurture, "pause"), "welcome", welcome)
    page = compact(viewer_client.get(reverse("nurturing:emails")).content)
    assert f'id="sent-{welcome.pk}">1<' in page
    assert ">EN<" in page and ">FR<" in page
    assert reverse("nurturing:email_new") not in page  # a viewer cannot write one


def editor_data(**overrides: str) -> dict[str, str]:
    data = {
        "name": "Guide",
        "from_name": "Orbitale",
        "from_email": "hello@orbitale.example",
        "reply_to": "",
        "utm_campaign": "guide",
        "topic": "",
        "default_language": "en",
        "en-subject": "Your guide",
        "en-preheader": "",
        "en-body": "Hello {{ contact.first_name|default:'there' }}",
        "en-body_format": "markdown",
    }
    for code in ("fr", "es", "it", "de"):
        data |= {
            f"{code}-subject": "",
            f"{code}-preheader": "",
            f"{code}-body": "",
            f"{code}-body_format": "markdown",
        }
    return data | overrides


def test_it_lets_a_marketer_write_an_email_in_two_languages(marketer_client):
    form = marketer_client.get(reverse("nurturing:email_new")).content.decode()
    assert 'id="content-de"' in form and 'name="de-body"' in form and "<fieldset disabled" not in form
    data = editor_data(**{"fr-subject": "Votre guide", "fr-body": "<p>Bonjour</p>", "fr-body_format": "html"})
    response = marketer_client.post(reverse("nurturing:email_new"), data)
    email = Email.objects.get()
    assert response.url == reverse("nurturing:email", args=[email.pk])
    contents = {content.language: content for content in email.contents.all()}
    assert set(contents) == {"en", "fr"} and contents["fr"].body_format == "html"
    edit = reverse("nurturing:email", args=[email.pk])
    marketer_client.post(edit, editor_data(**{"en-subject": "Your new guide"}))  # French left empty: removed
    assert list(email.contents.values_list("language", "subject")) == [("en", "Your new guide")]
    assert AuditEntry.objects.filter(action="email.content_removed").exists()


def test_it_shows_a_template_error_under_the_field_with_its_line_and_saves_nothing(marketer_client, welcome):
    broken = "# Title\n\nIntro\n\n{{ contact.first_name|shout }}"
    data = editor_data(name="Renamed", **{"en-body": broken, "fr-subject": "{% if %}", "fr-body": "x"})
    response = marketer_client.post(reverse("nurturing:email", args=[welcome.pk]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "line 5: Invalid filter: &#x27;shout&#x27;" in page[page.index('id="en-body-error"') :]
    assert "line 1:" in page[page.index('id="fr-subject-error"') :]
    welcome.refresh_from_db()
    assert welcome.name == "Welcome" and list(welcome.contents.values_list("language", flat=True)) == ["en"]
    assert not marketer_client.post(reverse("nurturing:email_new"), data).has_header("Location")
    assert Email.objects.count() == 1


def test_it_asks_for_the_default_language_variant(marketer_client):
    data = editor_data(default_language="fr")
    page = marketer_client.post(reverse("nurturing:email_new"), data).content.decode()
    assert "default language fr: write its subject and body" in page
    assert not Email.objects.exists()


def test_it_lets_a_viewer_read_an_email_but_not_change_it(viewer_client, welcome):
    page = viewer_client.get(reverse("nurturing:email", args=[welcome.pk])).content.decode()
    assert "<fieldset disabled>" in page and "Save the email" not in page
    assert "Read [our guide](https://orbitale.example/guide)." in page
    assert viewer_client.post(reverse("nurturing:email", args=[welcome.pk]), editor_data()).status_code == 403
    assert viewer_client.get(reverse("nurturing:email_new")).status_code == 403
    assert viewer_client.post(reverse("nurturing:email_new"), editor_data()).status_code == 403
    assert list(Email.objects.values_list("name", flat=True)) == ["Welcome"]


@pytest.fixture
def bilingual() -> Email:
    email = EmailFactory.create(name="Bilingual", default_language="en", utm_campaign="spring")
    EmailContentFactory.create(
        email=email,
        language="en",
        subject="Hi {{ contact.first_name }}",
        body="Hello {{ contact.first_name }}, [see](https://orbitale.example/a)",
    )
    EmailContentFactory.create(
        email=email,
        language="fr",
        subject="Salut {{ contact.first_name }}",
        body="Bonjour **{{ contact.first_name }}** de {{ company.name }}",
    )
    return email


def test_it_previews_as_a_contact_in_their_language_with_their_data_escaped(viewer_client, bilingual):
    Workspace.objects.update_or_create(
        pk=1, defaults={"name": "Orbitale", "postal_address": "1 rue de la Paix"}
    )
    contact = ContactFactory.create(
        first_name='<script>alert("x")</script>', language="fr", company__name="Café & Co"
    )
    response = viewer_client.get(
        reverse("nurturing:email_preview", args=[bilingual.pk]), {"contact": contact.pk}
    )
    page = response.content.decode()
    srcdoc = page[page.index('srcdoc="') : page.index('id="preview-html"')]
    assert "<script>" not in page and "<strong>" not in srcdoc
    # Escaped by the email's template, then again as an attribute: never markup in either document.
    assert "Bonjour &lt;strong&gt;&amp;lt;script&amp;gt;alert(&quot;x&quot;)&amp;lt;/script&amp;gt;" in srcdoc
    assert "Café &amp;amp; Co" in srcdoc and "1 rue de la Paix" in srcdoc and "no-postal-address" not in page
    assert 'id="preview-subject">Salut &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<' in page
    assert 'Bonjour <script>alert("x")</script> de Café & Co' not in page
    assert "Bonjour &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; de Café &amp; Co" in page  # text part
    assert "'unsafe-inline'" in response["Content-Security-Policy"].split("style-src")[1].split(";")[0]


def test_it_previews_the_language_asked_for_or_says_it_falls_back(viewer_client, bilingual):
    contact = ContactFactory.create(first_name="Ana", language="fr")
    url = reverse("nurturing:email_preview", args=[bilingual.pk])
    english = viewer_client.get(url, {"contact": contact.pk, "language": "en"}).content.decode()
    assert 'id="preview-subject">Hi Ana<' in english
    assert "utm_campaign=spring" in english  # links get their UTM parameters
    german = viewer_client.get(url, {"contact": contact.pk, "language": "de"}).content.decode()
    assert 'id="preview-subject">Hi Ana<' in german and "No variant in DE" in german
    blank = viewer_client.get(url).content.decode()
    assert 'id="preview-subject">Hi<' in blank
    assert 'id="no-postal-address"' in blank  # the default workspace has none


def test_it_shows_a_broken_template_in_the_preview_instead_of_failing(viewer_client):
    content = EmailContentFactory.create(body="{% if contact.first_name %}never closed")
    response = viewer_client.get(reverse("nurturing:email_preview", args=[content.email.pk]))
    assert response.status_code == 200
    assert "line 1: Unclosed tag" in response.content.decode()


def test_it_finds_contacts_to_preview_as_by_email_prefix(viewer_client, bilingual):
    ana = ContactFactory.create(email="ana@lima.example", first_name="<i>Ana</i>")
    ContactFactory.create(email="bob@lima.example")
    response = viewer_client.get(
        reverse("nurturing:email_preview", args=[bilingual.pk]), {"q": "ana@"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert "<html" not in page and 'id="picker"' in page
    assert f"?contact={ana.pk}" in page and "bob@" not in page and "&lt;i&gt;Ana" in page


def outbox_mail(directory, *, subject: str, html: str) -> None:
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = (
        "Orbitale <hello@orbitale.example>",
        "ana@lima.example",
        subject,
    )
    mail["Message-ID"] = "<1.outbox@test.invalid>"
    mail.set_content("Hello Ana\n")
    mail.add_alternative(html, subtype="html")
    mailbox.Maildir(directory / "mailsink", create=True).add(mail.as_bytes())


def test_it_shows_what_the_mail_sink_caught_in_the_outbox(viewer_client, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    outbox_mail(tmp_path, subject="<b>Your guide</b>", html='<p>Read it</p>"><script>x()</script>')
    page = viewer_client.get(reverse("nurturing:outbox")).content.decode()
    assert "&lt;b&gt;Your guide&lt;/b&gt;" in page and "ana@lima.example" in page
    [key] = re.findall(rf'href="{reverse("nurturing:outbox")}([^/"]+)/"', page)
    detail = viewer_client.get(reverse("nurturing:outbox_message", args=[key])).content.decode()
    assert 'srcdoc="&lt;p&gt;Read it&lt;/p&gt;&quot;&gt;&lt;script&gt;' in detail
    assert "<script>x()" not in detail and "Hello Ana" in detail
    assert viewer_client.get(reverse("nurturing:outbox_message", args=["..nope"])).status_code == 404


def test_it_requires_a_login_for_every_page(client: Client, bilingual, nurture):
    for url in (
        reverse("nurturing:sequences"),
        reverse("nurturing:sequence", args=[nurture.pk]),
        reverse("nurturing:emails"),
        reverse("nurturing:email", args=[bilingual.pk]),
        reverse("nurturing:email_preview", args=[bilingual.pk]),
        reverse("nurturing:outbox"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url
    response = client.post(reverse("nurturing:email", args=[bilingual.pk]), editor_data())
    assert response.status_code == 302 and Email.objects.get(pk=bilingual.pk).name == "Bilingual"


def test_it_adds_nurturing_to_the_main_menu(viewer_client):
    page = viewer_client.get(reverse("nurturing:sequences")).content.decode()
    assert f'aria-current="page" href="{reverse("nurturing:sequences")}">Nurturing<' in page.replace("\n", "")
    assert SequenceVersion.objects.count() == 0 and EmailContent.objects.count() == 0
