from __future__ import annotations

import email as email_lib
import socket
from email import policy
from email.message import EmailMessage

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from fusee.contacts.models import Event, Suppression, email_hash
from fusee.contacts.tests.factories import CompanyFactory, ContactFactory
from fusee.core.errors import DomainError, NotAllowed
from fusee.core.models import AuditEntry, Workspace
from fusee.nurturing.models import Email, Message
from fusee.nurturing.tests.factories import EmailContentFactory, EmailFactory
from fusee.nurturing.testsend import email_test_send
from fusee.nurturing.transport.sink import SinkServer
from fusee.nurturing.transport.sink_reader import sink_messages
from fusee.nurturing.transport.smtp import Outcome, SmtpUrl

pytestmark = pytest.mark.django_db
TESTER = "tester@orbitale.example"


@pytest.fixture
def sink(tmp_path, monkeypatch):
    """The real mail sink, and FUSEE_SMTP_URL pointing at it (what the view and the CLI read)."""
    with SinkServer(directory=tmp_path / "sink") as server:
        monkeypatch.setenv("FUSEE_SMTP_URL", server.url)
        yield server


@pytest.fixture
def welcome() -> Email:
    Workspace.objects.update_or_create(
        pk=1, defaults={"name": "Orbitale", "postal_address": "1 rue de la Paix"}
    )
    welcome = EmailFactory.create(name="Welcome", utm_campaign="welcome", default_language="en")
    EmailContentFactory.create(
        email=welcome,
        language="en",
        subject="Hello {{ contact.first_name }}",
        body="Hi **{{ contact.first_name }}**, read [the guide](https://x.example/g).",
    )
    EmailContentFactory.create(
        email=welcome,
        language="fr",
        subject="Bonjour {{ contact.first_name }}",
        body="Salut **{{ contact.first_name }}** de {{ company.name }}, "
        "voici [le guide](https://x.example/g).",
    )
    return welcome


@pytest.fixture
def anne():
    company = CompanyFactory.create(name="Dupont")
    return ContactFactory.create(first_name="Anne", language="fr", company=company)


def received(sink: SinkServer) -> list[EmailMessage]:
    """What the sink got, oldest first, parsed whole."""
    newest_first = sink_messages(directory=sink.directory)
    return [
        email_lib.message_from_bytes((sink.directory / "new" / mail.key).read_bytes(), policy=policy.default)
        for mail in reversed(newest_first)
    ]


def parts(message: EmailMessage) -> tuple[str, str]:
    text, html = message.get_body(("plain",)), message.get_body(("html",))
    assert text is not None and html is not None
    return text.get_content(), html.get_content()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# The service.


def test_it_sends_the_email_personalised_as_the_contact_to_the_testers_address(sink, welcome, anne, marketer):
    result = email_test_send(
        actor=marketer, email=welcome, contact=anne, language="", to_address=f" {TESTER} "
    )
    assert (result.outcome, result.code) == (Outcome.ACCEPTED, 250)
    [message] = received(sink)
    assert message["X-Fusee-Envelope-To"] == TESTER and message["To"] == TESTER
    assert message["Subject"] == "[Test] Bonjour Anne"
    text, html = parts(message)
    assert "Salut <strong>Anne</strong> de Dupont" in html and "Salut Anne de Dupont" in text
    assert anne.email not in message.as_string()
    assert (Message.objects.count(), Event.objects.count()) == (0, 0)
    entry = AuditEntry.objects.get(action="email.test_sent")
    assert (entry.actor, entry.target_id, entry.changes["to"], entry.changes["as"]) == (
        marketer,
        str(welcome.pk),
        TESTER,
        anne.email,
    )


def test_it_keeps_utm_parameters_but_tracks_nothing_and_unsubscribes_no_one(
    sink, welcome, anne, marketer, settings
):
    email_test_send(actor=marketer, email=welcome, contact=anne, language="", to_address=TESTER)
    [message] = received(sink)
    text, html = parts(message)
    guide = "https://x.example/g?utm_source=fusee&utm_medium=email&utm_campaign=welcome"
    assert guide.replace("&", "&amp;") in html and guide in text
    for tracked in ("/t/c/", "/t/o/", "/u/", "/p/"):  # click, open pixel, unsubscribe, preferences
        assert tracked not in text + html, tracked
    assert message["List-Unsubscribe"] is None and message["List-Unsubscribe-Post"] is None
    # The footer's two links lead to the email's preview in Fusée, behind the login.
    preview = settings.FUSEE_BASE_URL.rstrip("/") + reverse("nurturing:email_preview", args=[welcome.pk])
    assert html.count(f'href="{preview}"') == 2 and text.count(f"]({preview})") == 2
    assert "Envoi de test : les liens de désabonnement" in html and "1 rue de la Paix" in text


def test_it_sends_the_language_asked_for_and_empty_fields_without_a_contact(sink, welcome, anne, marketer):
    email_test_send(actor=marketer, email=welcome, contact=anne, language="en", to_address=TESTER)
    email_test_send(actor=marketer, email=welcome, contact=None, language="", to_address=TESTER)
    assert [message["Subject"] for message in received(sink)] == ["[Test] Hello Anne", "[Test] Hello"]


@pytest.mark.parametrize("address", ["not an address", "ana@", "", "a@b.example>\r\nBcc: x@y.example"])
def test_it_refuses_an_address_that_is_not_an_email(sink, welcome, marketer, address):
    with pytest.raises(DomainError, match="is not a valid email address"):
        email_test_send(actor=marketer, email=welcome, contact=None, language="", to_address=address)
    assert sink.received == 0 and not AuditEntry.objects.filter(action="email.test_sent").exists()


def test_it_refuses_a_suppressed_address(sink, welcome, marketer):
    Suppression.objects.create(email_hash=email_hash(TESTER), reason="erased")
    with pytest.raises(DomainError, match="is on the suppression list"):
        email_test_send(actor=marketer, email=welcome, contact=None, language="", to_address=TESTER.upper())
    assert sink.received == 0


def test_it_refuses_a_viewer(sink, welcome, viewer):
    with pytest.raises(NotAllowed):
        email_test_send(actor=viewer, email=welcome, contact=None, language="", to_address=TESTER)
    assert sink.received == 0


def test_it_signs_the_test_with_dkim_like_real_mail(sink, welcome, marketer, tmp_path, settings):
    import dkim
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    from fusee.config.env import Dkim
    from fusee.nurturing.mail.dkim import DkimSigner

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    (tmp_path / "dkim.pem").write_bytes(pem)
    settings.FUSEE_DKIM = Dkim(domain="orbitale.example", selector="fusee", key_file=tmp_path / "dkim.pem")
    email_test_send(actor=marketer, email=welcome, contact=None, language="", to_address=TESTER)
    raw = next((sink.directory / "new").iterdir()).read_bytes()
    signed = raw[raw.index(b"DKIM-Signature:") :]  # after the sink's envelope headers
    record = DkimSigner(domain="orbitale.example", selector="fusee", private_key_pem=pem).dns_txt_record()
    assert dkim.verify(signed, dnsfunc=lambda name, timeout=5: record.encode())


def test_it_returns_the_servers_answer_when_it_cannot_connect(welcome, marketer):
    url = SmtpUrl.parse(f"smtp://mailer:s3cret@127.0.0.1:{closed_port()}")
    result = email_test_send(
        actor=marketer, email=welcome, contact=None, language="", to_address=TESTER, url=url
    )
    assert result.outcome == Outcome.RETRY and f"cannot connect to {url}" in result.text
    assert "mailer:***@" in result.text and "s3cret" not in result.text


# The page.


def test_it_offers_the_test_send_form_to_marketers_only(marketer_client, viewer_client, welcome, anne):
    url = reverse("nurturing:email_preview", args=[welcome.pk])
    page = marketer_client.get(url, {"contact": anne.pk, "language": "en"}).content.decode()
    assert 'id="test-send"' in page and 'value="marketer@example.com"' in page
    assert f'name="contact" value="{anne.pk}"' in page and 'name="language" value="en"' in page
    assert 'id="test-send"' not in viewer_client.get(url).content.decode()


def test_it_sends_a_test_from_the_preview_and_shows_the_answer_in_place(marketer_client, sink, welcome, anne):
    response = marketer_client.post(
        reverse("nurturing:email_test_send", args=[welcome.pk]),
        {"to": TESTER, "contact": anne.pk, "language": "en"},
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page
    assert page.strip().startswith('<section id="test-send"')
    assert f"Test sent to {TESTER}. The server answered: 250" in page
    assert [message["Subject"] for message in received(sink)] == ["[Test] Hello Anne"]


def test_it_shows_a_refused_address_escaped_in_place(marketer_client, sink, welcome):
    response = marketer_client.post(
        reverse("nurturing:email_test_send", args=[welcome.pk]), {"to": "<b>x</b>"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert 'role="alert"' in page and "is not a valid email address" in page
    assert "<b>x" not in page and "&lt;b&gt;x&lt;/b&gt;" in page and sink.received == 0


def test_it_redirects_back_to_the_preview_without_htmx(marketer_client, sink, welcome, anne):
    response = marketer_client.post(
        reverse("nurturing:email_test_send", args=[welcome.pk]),
        {"to": TESTER, "contact": anne.pk},
        follow=True,
    )
    preview = reverse("nurturing:email_preview", args=[welcome.pk])
    assert response.redirect_chain[0][0] == f"{preview}?contact={anne.pk}"
    assert f"Test sent to {TESTER}." in response.content.decode() and sink.received == 1


def test_it_requires_a_login_and_the_marketer_role_to_send_a_test(client, viewer_client, sink, welcome):
    url = reverse("nurturing:email_test_send", args=[welcome.pk])
    response = client.post(url, {"to": TESTER})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert viewer_client.post(url, {"to": TESTER}, HTTP_HX_REQUEST="true").status_code == 403
    assert sink.received == 0


# The command line.


def test_it_sends_a_test_from_the_command_line_by_id_or_name(sink, welcome, anne, capsys):
    as_anne = ["--as", anne.email.upper(), "--lang", "en"]
    call_command("nurture", "send-test", str(welcome.pk), "--to", TESTER, *as_anne)
    call_command("nurture", "send-test", "Welcome", "--to", TESTER)
    out = capsys.readouterr().out
    assert f"Test of 'Welcome' sent to {TESTER} as {anne.email}: 250" in out
    assert "as a contact with every field empty" in out
    assert [message["Subject"] for message in received(sink)] == ["[Test] Hello Anne", "[Test] Hello"]
    assert AuditEntry.objects.filter(action="email.test_sent", actor=None).count() == 2


@pytest.mark.parametrize(
    ("arguments", "problem"),
    [
        (["Nope", "--to", TESTER], "No email with the id or name 'Nope'"),
        (["Welcome", "--to", TESTER, "--as", "no@x.example"], "No contact with the email 'no@x.example'"),
        (["Welcome", "--to", "tester@"], "not sent: 'tester@' is not a valid email address"),
    ],
)
def test_it_says_what_is_wrong_on_the_command_line(sink, welcome, arguments, problem):
    with pytest.raises(CommandError, match=problem):
        call_command("nurture", "send-test", *arguments)
    assert sink.received == 0


def test_it_names_the_smtp_server_it_cannot_reach_without_its_password(welcome, monkeypatch):
    port = closed_port()
    monkeypatch.setenv("FUSEE_SMTP_URL", f"smtp://mailer:s3cret@127.0.0.1:{port}")
    with pytest.raises(CommandError) as raised:
        call_command("nurture", "send-test", "Welcome", "--to", TESTER)
    assert f"cannot connect to smtp://mailer:***@127.0.0.1:{port}" in str(raised.value)
    assert "s3cret" not in str(raised.value)
