"""SmtpSender against a real aiosmtpd server on localhost: outcomes, one connection, reconnection."""

from __future__ import annotations

import re
import socket
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from fusee.config.env import ConfigError
from fusee.nurturing.transport import (
    Faults,
    InvalidSmtpUrl,
    Outcome,
    SinkServer,
    SmtpConfigurationError,
    SmtpSender,
    SmtpUrl,
    sink_message,
    sink_messages,
    smtp_url_from_env,
)
from fusee.nurturing.transport.sink import SinkHandler


def email_bytes(*, to: str = "ada@example.org", number: int = 1, body: str = "Hello\n") -> bytes:
    message = EmailMessage()
    message["From"] = "news@example.com"
    message["To"] = to
    message["Subject"] = f"Message {number}"
    message["Message-ID"] = f"<{number}.test@example.com>"
    message.set_content(body)
    return message.as_bytes(policy=SMTP_POLICY)


def send(sender: SmtpSender, *, to: str = "ada@example.org", number: int = 1):
    return sender.send(message=email_bytes(to=to, number=number), sender="news@example.com", recipients=[to])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def sink(tmp_path: Path):
    with SinkServer(directory=tmp_path / "sink") as server:
        yield server


@pytest.fixture
def sender(sink: SinkServer):
    with SmtpSender(url=SmtpUrl.parse(sink.url)) as smtp_sender:
        yield smtp_sender


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "smtp://user:pass@mail.example.com:587?starttls=1",
            SmtpUrl("mail.example.com", 587, "starttls", "user", "pass"),
        ),
        ("smtps://mail.example.com:465", SmtpUrl("mail.example.com", 465, "ssl")),
        ("smtps://mail.example.com", SmtpUrl("mail.example.com", 465, "ssl")),
        ("smtp://127.0.0.1:1025", SmtpUrl("127.0.0.1", 1025, "none")),
        (
            "smtp+tls://mailer:p%40ss@mail.example.com",
            SmtpUrl("mail.example.com", 587, "starttls", "mailer", "p@ss"),
        ),
        ("smtp://[::1]:2525?verify=0&timeout=5", SmtpUrl("::1", 2525, verify_certificate=False, timeout=5.0)),
    ],
)
def test_it_reads_smtp_urls(raw, expected):
    assert SmtpUrl.parse(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("http://mail.example.com", "the scheme must be smtp, smtp+tls or smtps, got 'http'"),
        ("mail.example.com:25", "the scheme must be smtp, smtp+tls or smtps"),
        ("smtp://:secret@:25", "the host is missing"),
        ("smtp://mail.example.com:abc", "the port must be a number from 1 to 65535, got 'abc'"),
        ("smtp://mail.example.com:70000", "the port must be a number from 1 to 65535, got '70000'"),
        ("smtp://mail.example.com/inbox", "unexpected path '/inbox'"),
        ("smtp://mail.example.com?startls=1", "unknown option 'startls'"),
        ("smtp://mail.example.com?starttls=maybe", "the option starttls must be 1 or 0, got 'maybe'"),
        ("smtps://mail.example.com?starttls=1", "smtps:// is already encrypted"),
        ("smtp://mail.example.com?timeout=soon", "the option timeout must be seconds"),
    ],
)
def test_it_names_the_wrong_part_of_a_bad_url(raw, message):
    with pytest.raises(InvalidSmtpUrl, match=re.escape(message)):
        SmtpUrl.parse(raw)


def test_it_never_shows_the_password():
    url = SmtpUrl.parse("smtp://mailer:hunter2@mail.example.com:587")
    with pytest.raises(InvalidSmtpUrl) as error:
        SmtpUrl.parse("smtp://mailer:hunter2@mail.example.com:port")
    assert "hunter2" not in str(url) + repr(url) + str(error.value)


def test_it_reads_the_url_from_the_environment(monkeypatch):
    monkeypatch.delenv("FUSEE_SMTP_URL", raising=False)
    assert smtp_url_from_env() is None
    monkeypatch.setenv("FUSEE_SMTP_URL", "smtp://127.0.0.1:1025")
    assert smtp_url_from_env() == SmtpUrl("127.0.0.1", 1025)
    monkeypatch.setenv("FUSEE_SMTP_URL", "smtp://127.0.0.1:x")
    with pytest.raises(ConfigError, match="FUSEE_SMTP_URL: the port must be a number"):
        smtp_url_from_env()


def test_it_sends_a_hundred_messages_over_one_connection(sink, sender):
    results = [send(sender, to=f"contact{n}@example.org", number=n) for n in range(100)]
    assert {result.outcome for result in results} == {Outcome.ACCEPTED}
    assert {result.code for result in results} == {250}
    assert sink.connections == 1
    assert sender.connections_opened == 1
    kept = sink_messages(directory=sink.directory, limit=200)
    assert sorted(message.message_id for message in kept) == sorted(
        f"<{n}.test@example.com>" for n in range(100)
    )
    assert kept[0].envelope_from == "news@example.com"
    assert kept[0].envelope_to == ("contact99@example.org",)


def test_it_answers_retry_to_a_4xx_and_keeps_the_connection(sink, sender):
    sink.faults = Faults(fail_percent=100, fail_code=451)
    refused = send(sender)
    sink.faults = Faults()
    assert (refused.outcome, refused.code, refused.stage) == (Outcome.RETRY, 451, "data")
    assert not refused.is_final
    assert send(sender).outcome == Outcome.ACCEPTED
    assert (sink.received, sink.connections) == (1, 1)


def test_it_answers_bounce_to_a_refused_recipient_and_goes_on(sink, sender):
    sink.faults = Faults(bounce_pattern="bounce*@*")
    bounced = send(sender, to="bounce-me@example.org")
    assert (bounced.outcome, bounced.code, bounced.stage) == (Outcome.BOUNCE, 550, "rcpt")
    assert bounced.refused_recipients["bounce-me@example.org"][0] == 550
    assert send(sender, to="ada@example.org").outcome == Outcome.ACCEPTED
    assert (sink.received, sink.connections) == (1, 1)


def test_it_answers_bounce_to_a_5xx_after_the_data(sink, sender):
    sink.faults = Faults(fail_percent=100, fail_code=554)
    result = send(sender)
    assert (result.outcome, result.code, result.stage) == (Outcome.BOUNCE, 554, "data")


def test_it_delivers_to_the_recipients_left_when_some_are_refused(sink, sender):
    sink.faults = Faults(bounce_pattern="bounce*@*")
    result = sender.send(
        message=email_bytes(), sender="news@example.com", recipients=["bounce@example.org", "ada@example.org"]
    )
    assert result.outcome == Outcome.ACCEPTED
    assert list(result.refused_recipients) == ["bounce@example.org"]
    assert sink_messages(directory=sink.directory)[0].envelope_to == ("ada@example.org",)


def test_it_answers_retry_when_the_server_is_down():
    with SmtpSender(url=SmtpUrl("127.0.0.1", free_port(), timeout=5)) as sender:
        result = send(sender)
    assert (result.outcome, result.code, result.stage) == (Outcome.RETRY, None, "connect")
    assert "cannot connect to smtp://127.0.0.1" in result.text


@pytest.mark.parametrize("idle_check_seconds", [0.0, 3600.0], ids=["noop-after-idle", "no-idle-check"])
def test_it_reconnects_when_the_server_restarts(tmp_path, idle_check_seconds):
    first = SinkServer(directory=tmp_path / "sink").start()
    url = SmtpUrl.parse(first.url)
    with SmtpSender(url=url, idle_check_seconds=idle_check_seconds) as sender:
        assert send(sender, number=1).outcome == Outcome.ACCEPTED
        first.stop()
        with SinkServer(directory=tmp_path / "sink", port=url.port) as restarted:
            assert send(sender, number=2).outcome == Outcome.ACCEPTED
            assert restarted.connections == 1
    assert sender.connections_opened == 2


def test_it_answers_retry_while_the_server_is_stopped_then_delivers(tmp_path):
    first = SinkServer(directory=tmp_path / "sink").start()
    url = SmtpUrl.parse(first.url)
    with SmtpSender(url=url) as sender:
        assert send(sender, number=1).outcome == Outcome.ACCEPTED
        first.stop()
        during = [send(sender, number=2), send(sender, number=2)]
        with SinkServer(directory=tmp_path / "sink", port=url.port):
            after = send(sender, number=2)
    assert [result.outcome for result in during] == [Outcome.RETRY, Outcome.RETRY]
    assert after.outcome == Outcome.ACCEPTED
    assert len(sink_messages(directory=tmp_path / "sink")) == 2


def test_it_answers_unknown_when_the_connection_drops_after_the_data(sink, sender):
    sink.faults = Faults(drop_percent=100)
    result = send(sender)
    sink.faults = Faults()
    assert (result.outcome, result.code, result.stage) == (Outcome.UNKNOWN, None, "data")
    assert sink.received == 1  # the server did keep it: sending it again would make a duplicate
    assert send(sender, number=2).outcome == Outcome.ACCEPTED
    assert sender.connections_opened == 2


def test_it_sends_lines_starting_with_a_dot_and_bare_line_feeds_intact(sink, sender):
    body = "first\n.\n.hidden\n..two dots\nlast\n"
    message = b"Subject: dots\nMessage-ID: <dots@example.com>\n\n" + body.encode()
    result = sender.send(message=message, sender="news@example.com", recipients=["ada@example.org"])
    assert result.outcome == Outcome.ACCEPTED
    key = sink_messages(directory=sink.directory)[0].key
    assert sink_message(directory=sink.directory, key=key).text == body


def test_it_sends_to_international_addresses(sink, sender):
    result = sender.send(message=email_bytes(), sender="névé@exemple.fr", recipients=["zoë@exämple.de"])
    assert result.outcome == Outcome.ACCEPTED
    kept = sink_messages(directory=sink.directory)[0]
    assert (kept.envelope_from, kept.envelope_to) == ("névé@exemple.fr", ("zoë@exämple.de",))


def test_it_raises_when_starttls_is_asked_of_a_server_without_it(sink):
    url = SmtpUrl.parse(f"{sink.url}?starttls=1")
    with SmtpSender(url=url) as sender, pytest.raises(SmtpConfigurationError, match="STARTTLS"):
        send(sender)


def test_it_logs_in_and_raises_for_refused_credentials(tmp_path):
    def authenticator(server, session, envelope, mechanism, auth_data):
        assert isinstance(auth_data, LoginPassword)
        valid = (auth_data.login, auth_data.password) == (b"mailer", b"p@ss")
        return AuthResult(success=valid, handled=False)  # handled=False: aiosmtpd answers 535 itself

    handler = SinkHandler(directory=tmp_path / "sink")
    controller = Controller(
        handler, hostname="127.0.0.1", port=free_port(), authenticator=authenticator, auth_require_tls=False
    )
    controller.start()
    try:
        good = SmtpUrl.parse(f"smtp://mailer:p%40ss@127.0.0.1:{controller.port}")
        with SmtpSender(url=good) as sender:
            assert send(sender).outcome == Outcome.ACCEPTED
        bad = SmtpUrl.parse(f"smtp://mailer:wrong@127.0.0.1:{controller.port}")
        with SmtpSender(url=bad) as sender, pytest.raises(SmtpConfigurationError, match="refused the user"):
            send(sender)
    finally:
        controller.stop()
    assert handler.received == 1


def test_it_refuses_a_message_without_recipients(sender):
    with pytest.raises(ValueError, match="at least one recipient"):
        sender.send(message=email_bytes(), sender="news@example.com", recipients=[])
