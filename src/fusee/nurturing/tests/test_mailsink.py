"""The built-in mail sink: what it keeps, how it misbehaves on demand, what the outbox page reads."""

from __future__ import annotations

import mailbox
import os
import re
import smtplib
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import format_datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from fusee import cli
from fusee.core.errors import DomainError
from fusee.nurturing.transport import Faults, SinkServer, default_sink_dir, sink_message, sink_messages
from fusee.nurturing.transport import sink as sink_module

SENT_AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def email_bytes(*, number: int = 1, html: str = "", text: str = "Hello Ada\n", size: int = 0) -> bytes:
    message = EmailMessage()
    message["From"] = "Fusée <news@example.com>"
    message["To"] = "Ada Lovelace <ada@example.org>"
    message["Subject"] = f"Édition n°{number}"
    message["Date"] = format_datetime(SENT_AT)
    message["Message-ID"] = f"<{number}.sink@example.com>"
    message.set_content(text + "x" * size)
    if html:
        message.add_alternative(html, subtype="html")
    return message.as_bytes(policy=SMTP_POLICY)


def deliver(port: int, messages: list[bytes], *, to: str = "ada@example.org") -> list[int]:
    """The SMTP code each message got, sent with a plain smtplib client."""
    codes = []
    with smtplib.SMTP("127.0.0.1", port) as client:
        for message in messages:
            try:
                client.sendmail("bounces@example.com", [to], message)
                codes.append(250)
            except smtplib.SMTPResponseException as refused:
                codes.append(refused.smtp_code)
            except smtplib.SMTPRecipientsRefused as refused:
                codes.append(refused.recipients[to][0])
    return codes


@pytest.fixture
def sink(tmp_path: Path):
    with SinkServer(directory=tmp_path / "sink") as server:
        yield server


def test_it_keeps_each_message_in_a_maildir_with_its_envelope(sink):
    assert deliver(sink.port, [email_bytes()], to="ada+nurture@example.org") == [250]
    [kept] = mailbox.Maildir(sink.directory, create=False)
    assert kept["X-Fusee-Envelope-From"] == "bounces@example.com"
    assert kept["X-Fusee-Envelope-To"] == "ada+nurture@example.org"
    assert kept["Message-ID"] == "<1.sink@example.com>"
    assert kept.get_payload(decode=True) == b"Hello Ada\n"


def test_it_lists_the_newest_messages_first_with_their_headers(sink):
    deliver(sink.port, [email_bytes(number=n) for n in range(1, 4)])
    listed = sink_messages(directory=sink.directory, limit=2)
    assert [message.subject for message in listed] == ["Édition n°3", "Édition n°2"]
    newest = listed[0]
    assert (newest.sender, newest.to) == ("Fusée <news@example.com>", "Ada Lovelace <ada@example.org>")
    assert (newest.date, newest.message_id) == (SENT_AT, "<3.sink@example.com>")
    assert (newest.envelope_from, newest.envelope_to) == ("bounces@example.com", ("ada@example.org",))
    assert newest.size == (sink.directory / "new" / newest.key).stat().st_size
    assert newest.received_at >= listed[1].received_at
    assert (newest.text, newest.html) == ("", "")  # the list reads headers only


def test_it_reads_the_text_and_html_parts_of_one_message(sink):
    deliver(sink.port, [email_bytes(html="<p>Hello <b>Ada</b></p>\n", text="Hello Ada\n")])
    key = sink_messages(directory=sink.directory)[0].key
    message = sink_message(directory=sink.directory, key=key)
    assert (message.text, message.html) == ("Hello Ada\n", "<p>Hello <b>Ada</b></p>\n")
    assert message.subject == "Édition n°1"


@pytest.mark.parametrize("key", ["1700000000.M1P1Q1.nowhere", "../new", "", ".hidden", "a:2,S"])
def test_it_says_which_message_is_missing(sink, key):
    deliver(sink.port, [email_bytes()])
    with pytest.raises(DomainError, match="has no message"):
        sink_message(directory=sink.directory, key=key)


def test_it_also_reads_messages_a_mail_client_moved_to_cur(sink):
    deliver(sink.port, [email_bytes()])
    [path] = (sink.directory / "new").iterdir()
    path.rename(sink.directory / "cur" / f"{path.name}:2,S")
    [listed] = sink_messages(directory=sink.directory)
    assert listed.key == path.name
    assert sink_message(directory=sink.directory, key=path.name).text == "Hello Ada\n"


def test_it_lists_nothing_before_the_sink_ever_ran(tmp_path):
    assert sink_messages(directory=tmp_path / "never") == []


def test_it_keeps_a_large_message_whole(sink):
    # Larger than one read of the socket, with dot-stuffed lines all along.
    text = "".join(f".line {n} starts with a dot\n" for n in range(20_000))
    assert deliver(sink.port, [email_bytes(text=text)]) == [250]
    key = sink_messages(directory=sink.directory)[0].key
    assert sink_message(directory=sink.directory, key=key).text == text


def test_it_answers_451_to_the_share_of_messages_asked(sink):
    sink.faults = Faults(fail_percent=10)
    codes = deliver(sink.port, [email_bytes(number=n) for n in range(50)])
    assert codes.count(451) == 5
    assert sink.received == 45
    assert len(sink_messages(directory=sink.directory, limit=100)) == 45


def test_it_answers_550_to_recipients_matching_the_bounce_pattern(sink):
    sink.faults = Faults(bounce_pattern="bounce*@*")
    assert deliver(sink.port, [email_bytes()], to="Bounce-hard@example.org") == [550]
    assert deliver(sink.port, [email_bytes()], to="ada@example.org") == [250]
    assert sink.received == 1


def test_it_follows_a_faults_file_while_running(tmp_path, monkeypatch):
    monkeypatch.setattr(sink_module, "FAULTS_FILE_CHECK_SECONDS", 0)
    faults_file = tmp_path / "faults.json"
    with SinkServer(directory=tmp_path / "sink", faults_file=faults_file) as sink:
        assert deliver(sink.port, [email_bytes()]) == [250]
        faults_file.write_text(Faults(fail_percent=100, fail_code=421).to_json())
        assert deliver(sink.port, [email_bytes()]) == [421]
        faults_file.write_text("{not json")
        assert deliver(sink.port, [email_bytes()]) == [421]  # a broken file keeps the faults in force
        faults_file.unlink()
        assert deliver(sink.port, [email_bytes()]) == [250]


@pytest.mark.parametrize(
    ("faults", "message"),
    [
        ({"fail_percent": 150}, "fail_percent must be a percentage"),
        ({"fail_code": 250}, "fail_code must be a 4xx or 5xx"),
        ({"drop_percent": -1}, "drop_percent must be a percentage"),
    ],
)
def test_it_refuses_faults_that_make_no_sense(faults, message):
    with pytest.raises(ValueError, match=message):
        Faults(**faults)


def test_it_is_a_fusee_command():
    assert "mailsink" in cli.commands()


def test_it_keeps_mail_in_the_data_dir_by_default(tmp_path):
    with override_settings(DATA_DIR=tmp_path):
        assert default_sink_dir() == tmp_path / "mailsink"


def test_its_command_refuses_a_bad_fault_option(tmp_path):
    with pytest.raises(CommandError, match="fail_percent must be a percentage"):
        call_command("mailsink", "--dir", str(tmp_path), "--fail-rate", "150")


def test_its_command_says_when_the_port_is_taken(sink, tmp_path):
    # In a thread of its own, as in its own process: this one may hold an event loop already
    # (the browser tests' Playwright runs one), and the command starts its own.
    arguments = ("mailsink", "--dir", str(tmp_path), "--port", str(sink.port))
    with (
        ThreadPoolExecutor(1) as pool,
        pytest.raises(CommandError, match=f"cannot listen on 127.0.0.1:{sink.port}"),
    ):
        pool.submit(call_command, *arguments).result()


def test_it_runs_as_its_own_process_with_fusee_mailsink(tmp_path):
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "fusee.config.settings.test"}
    command = [
        sys.executable,
        "-m",
        "fusee",
        "mailsink",
        "--port",
        "0",
        "--dir",
        str(tmp_path / "sink"),
        "--bounce",
        "bounce*@*",
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=environment)
    try:
        first_line = process.stdout.readline()
        port = int(re.search(r"smtp://127\.0\.0\.1:(\d+)", first_line).group(1))
        assert deliver(port, [email_bytes()]) == [250]
        assert deliver(port, [email_bytes()], to="bounce@example.org") == [550]
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=30)
    assert process.returncode == 0
    assert "stopped after 1 messages" in output
    assert [m.message_id for m in sink_messages(directory=tmp_path / "sink")] == ["<1.sink@example.com>"]
