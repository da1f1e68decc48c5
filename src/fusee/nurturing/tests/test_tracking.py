from __future__ import annotations

import email
import re
from datetime import timedelta
from email import policy

import pytest
from django.utils import timezone

from fusee.contacts.models import Event, EventType
from fusee.contacts.tests.factories import ContactFactory
from fusee.nurturing.models import Message
from fusee.nurturing.sending import messages_send
from fusee.nurturing.tests.test_sending import queued
from fusee.nurturing.tracking import click_url
from fusee.nurturing.transport.sink import SinkServer
from fusee.nurturing.transport.smtp import SmtpUrl

BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"


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


def test_it_redirects_a_click_to_the_emails_link_and_records_it(client, sent):
    html, message = sent
    tracked = [link for link in re.findall(r'href="([^"]+)"', html) if "/t/c/" in link]
    assert tracked, "links in the email go through the click redirect"
    response = client.get(local(tracked[0]), HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 302
    assert (
        response["Location"].startswith("https://x.example/g?") and "utm_source=fusee" in response["Location"]
    )
    event = Event.objects.get(type=EventType.EMAIL_CLICKED)
    assert event.contact_id == message.contact_id and event.properties["machine"] is False


def test_it_serves_the_pixel_and_flags_apples_privacy_proxy(client, sent):
    html, _message = sent
    [pixel] = [src for src in re.findall(r'src="([^"]+)"', html) if "/t/o/" in src]
    human = client.get(local(pixel), HTTP_USER_AGENT=BROWSER)
    proxy = client.get(local(pixel), HTTP_USER_AGENT="Mozilla/5.0")
    assert human["Content-Type"] == "image/gif" and proxy.status_code == 200
    flags = list(
        Event.objects.filter(type=EventType.EMAIL_OPENED)
        .order_by("pk")
        .values_list("properties__machine", flat=True)
    )
    assert flags == [False, True]


def test_it_flags_a_click_within_seconds_of_delivery_as_a_scanner(client, sent):
    _html, message = sent
    Message.objects.update(sent_at=timezone.now())
    client.get(local(click_url(message.pk, "https://x.example/pricing")), HTTP_USER_AGENT=BROWSER)
    assert Event.objects.get(type=EventType.EMAIL_CLICKED).properties["machine"] is True


def test_it_answers_404_to_a_tampered_or_foreign_token_and_never_redirects_elsewhere(client, sent):
    _html, message = sent
    good = local(click_url(message.pk, "https://x.example/g"))
    token = good.split("/")[3]
    for path in (good.replace(token, token[:-2] + "xx"), "/t/c/not-a-token/", "/t/o/garbage/"):
        assert client.get(path).status_code == 404
    assert client.get(local(click_url(message.pk, "javascript:alert(1)"))).status_code == 404
    assert client.get(local(click_url(999_999, "https://evil.example/"))).status_code == 404
    assert not Event.objects.filter(type=EventType.EMAIL_CLICKED).exists()
