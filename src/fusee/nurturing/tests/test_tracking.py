from __future__ import annotations

import email
import re
from datetime import timedelta
from email import policy

import pytest
from django.core import signing
from django.utils import timezone

from fusee.contacts.models import Event, EventType
from fusee.contacts.tests.factories import ContactFactory
from fusee.nurturing import engagement
from fusee.nurturing.models import Message, MessageStatus
from fusee.nurturing.sending import messages_send
from fusee.nurturing.tests.test_sending import queued
from fusee.nurturing.tracking import click_url, open_url
from fusee.nurturing.transport.sink import SinkServer
from fusee.nurturing.transport.smtp import SmtpUrl

BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"


@pytest.fixture(autouse=True)
def buffered(monkeypatch):
    """The views' buffer without its thread: the test writes it out (`flushed`) in its own
    transaction, where the messages it made are visible."""
    foreground = engagement.EngagementBuffer(background=False)
    monkeypatch.setattr(engagement, "buffer", foreground)
    return foreground


@pytest.fixture
def sent(db, tmp_path):
    """The HTML of one sent message, and the message, sent an hour ago."""
    with SinkServer(directory=tmp_path / "sink") as sink:
        messages_send(message_ids=queued([ContactFactory.create(language="fr")]), url=SmtpUrl.parse(sink.url))
        raw = next((sink.directory / "new").iterdir()).read_bytes()
    Message.objects.update(sent_at=timezone.now() - timedelta(hours=1))
    html = email.message_from_bytes(raw, policy=policy.default).get_body(("html",)).get_content()
    return html, Message.objects.get()


def local(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def clicks() -> list[Event]:
    engagement.flush()
    return list(Event.objects.filter(type=EventType.EMAIL_CLICKED).order_by("pk"))


def test_it_redirects_a_click_to_the_emails_link_and_records_it(client, sent):
    html, message = sent
    tracked = [link for link in re.findall(r'href="([^"]+)"', html) if "/t/c/" in link]
    assert tracked, "links in the email go through the click redirect"
    response = client.get(local(tracked[0]), HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 302
    assert (
        response["Location"].startswith("https://x.example/g?") and "utm_source=fusee" in response["Location"]
    )
    assert "no-store" in response["Cache-Control"], "a cached redirect would hide the next clicks"
    [event] = clicks()
    assert event.contact_id == message.contact_id and event.properties["machine"] is False
    assert event.properties["message"] == message.message_id
    assert event.properties["url"] == response["Location"]
    assert event.campaign == message.email.utm_campaign


def test_it_answers_before_the_click_is_written_and_loses_none(client, sent):
    _html, message = sent
    links = [click_url(message.pk, f"https://x.example/{n}") for n in range(7)]
    for link in links:
        assert client.get(local(link), HTTP_USER_AGENT=BROWSER).status_code == 302
    assert not Event.objects.filter(type=EventType.EMAIL_CLICKED).exists(), "buffered, not yet written"
    assert [event.properties["url"] for event in clicks()] == [f"https://x.example/{n}" for n in range(7)]


def test_it_serves_the_pixel_and_flags_apples_privacy_proxy(client, sent):
    html, _message = sent
    [pixel] = [src for src in re.findall(r'src="([^"]+)"', html) if "/t/o/" in src]
    human = client.get(local(pixel), HTTP_USER_AGENT=BROWSER)
    proxy = client.get(local(pixel), HTTP_USER_AGENT="Mozilla/5.0")
    assert human["Content-Type"] == "image/gif" and proxy.status_code == 200
    assert "no-store" in human["Cache-Control"]
    engagement.flush()
    flags = list(
        Event.objects.filter(type=EventType.EMAIL_OPENED)
        .order_by("pk")
        .values_list("properties__machine", flat=True)
    )
    assert flags == [False, True]


def test_it_flags_a_scanner_that_says_so_in_its_user_agent(client, sent):
    _html, message = sent
    scanner = "Mozilla/5.0 (compatible; Barracuda Sentinel)"
    client.get(local(click_url(message.pk, "https://x.example/pricing")), HTTP_USER_AGENT=scanner)
    assert [event.properties["machine"] for event in clicks()] == [True]


def test_it_flags_a_click_within_seconds_of_delivery_as_a_scanner(client, sent):
    _html, message = sent
    Message.objects.update(sent_at=timezone.now())
    client.get(local(click_url(message.pk, "https://x.example/pricing")), HTTP_USER_AGENT=BROWSER)
    assert [event.properties["machine"] for event in clicks()] == [True]


def test_it_flags_a_click_that_comes_while_the_server_is_still_answering(client, sent):
    """Receiving servers' scanners follow links during the SMTP talk: handed, not yet sent."""
    _html, message = sent
    Message.objects.update(status=MessageStatus.SENDING, handed_at=timezone.now(), sent_at=None)
    client.get(local(click_url(message.pk, "https://x.example/pricing")), HTTP_USER_AGENT=BROWSER)
    assert [event.properties["machine"] for event in clicks()] == [True]


def test_it_accepts_the_tokens_already_sent_in_emails(client, sent):
    """Emails out there carry [message pk, link] signed with this salt: they must keep working."""
    _html, message = sent
    click_token = signing.Signer(salt="fusee.nurturing.click").sign_object(
        [message.pk, "https://x.example/a"]
    )
    open_token = signing.Signer(salt="fusee.nurturing.open").sign_object(message.pk)
    assert local(click_url(message.pk, "https://x.example/a")) == f"/t/c/{click_token}/"
    assert local(open_url(message.pk)) == f"/t/o/{open_token}/"
    response = client.get(f"/t/c/{click_token}/", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 302 and response["Location"] == "https://x.example/a"
    assert client.get(f"/t/o/{open_token}/", HTTP_USER_AGENT=BROWSER).status_code == 200
    engagement.flush()
    assert set(Event.objects.values_list("type", flat=True)) >= {
        EventType.EMAIL_CLICKED,
        EventType.EMAIL_OPENED,
    }


def test_it_answers_404_to_a_tampered_or_foreign_token_and_never_redirects_elsewhere(client, sent):
    _html, message = sent
    good = local(click_url(message.pk, "https://x.example/g"))
    token = good.split("/")[3]
    signer = signing.Signer(salt="fusee.nurturing.click")
    unsalted = signing.Signer().sign_object([message.pk, "https://evil.example/"])
    for path in (
        good.replace(token, token[:-2] + "xx"),
        "/t/c/not-a-token/",
        "/t/o/garbage/",
        f"/t/c/{unsalted}/",  # signed by us, but for another purpose
        f"/t/c/{signer.sign_object(['1', 'https://x.example/'])}/",
        f"/t/c/{signer.sign_object([True, 'https://x.example/'])}/",
        f"/t/c/{signer.sign_object({'pk': message.pk})}/",
        f"/t/c/{signer.sign(str(message.pk))}/",  # signed, but not JSON
        local(click_url(message.pk, "javascript:alert(1)")),
        local(click_url(message.pk, "//evil.example/")),
    ):
        assert client.get(path).status_code == 404, path
    assert not clicks()


def test_it_still_redirects_a_click_on_a_deleted_message_but_records_nothing(client, sent):
    """An erased contact's old email: the link is ours (signed), the person is gone."""
    _html, message = sent
    link = local(click_url(message.pk, "https://x.example/g"))
    Message.objects.all().delete()
    response = client.get(link, HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 302 and response["Location"] == "https://x.example/g"
    assert not clicks()
