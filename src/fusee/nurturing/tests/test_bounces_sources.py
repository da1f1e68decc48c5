"""The mailbox sources; IMAP against a small IMAP4rev1 server written here (the subset the
bounce reader speaks: LOGIN, SELECT, UID SEARCH/FETCH/STORE), over a real socket with imaplib."""

from __future__ import annotations

import re
import socketserver
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from fusee.contacts.tests.factories import ContactFactory
from fusee.nurturing.bounces import bounces_process
from fusee.nurturing.bounces.sources import ImapUrl, MailboxError, fetched_message, mailbox_open
from fusee.nurturing.models import Message, MessageStatus
from fusee.nurturing.tests.factories import EmailFactory

SAMPLES = Path(__file__).parent / "bounce_samples"
ARGUMENT = re.compile(rb'"((?:[^"\\]|\\.)*)"|(\S+)')


class ImapState:
    def __init__(self, messages: list[bytes]) -> None:
        self.messages = {uid: raw for uid, raw in enumerate(messages, start=1)}
        self.seen: set[int] = set()
        self.user, self.password = "bounces@orbitale.example", "s3cret pass"


class ImapHandler(socketserver.StreamRequestHandler):
    state: ImapState

    def handle(self) -> None:
        self.wfile.write(b"* OK IMAP4rev1 test server ready\r\n")
        while line := self.rfile.readline():
            tag, _, rest = line.rstrip(b"\r\n").partition(b" ")
            words = [quoted or bare for quoted, bare in ARGUMENT.findall(rest)]
            command = words[0].upper()
            if command == b"UID":
                command, words = b"UID " + words[1].upper(), words[1:]
            credentials = [word.decode() for word in words[1:3]]
            if command == b"LOGIN" and credentials != [self.state.user, self.state.password]:
                self.wfile.write(tag + b" NO [AUTHENTICATIONFAILED] Invalid credentials\r\n")
                continue
            self.wfile.write(self.answer(command, words[1:]) + tag + b" OK done\r\n")
            if command == b"LOGOUT":
                return

    def answer(self, command: bytes, args: list[bytes]) -> bytes:
        state = self.state
        if command == b"CAPABILITY":
            return b"* CAPABILITY IMAP4rev1\r\n"
        if command == b"SELECT":
            return f"* {len(state.messages)} EXISTS\r\n* FLAGS (\\Seen)\r\n".encode()
        if command == b"UID SEARCH":
            unseen = [str(uid).encode() for uid in state.messages if uid not in state.seen]
            return b"* SEARCH " + b" ".join(unseen) + b"\r\n"
        if command == b"UID FETCH":
            uid = int(args[0])
            raw = state.messages[uid]
            return b"* %d FETCH (UID %d BODY[] {%d}\r\n%s)\r\n" % (uid, uid, len(raw), raw)
        if command == b"UID STORE":
            state.seen.add(int(args[0]))
            return b"* %s FETCH (UID %s FLAGS (\\Seen))\r\n" % (args[0], args[0])
        if command == b"LOGOUT":
            return b"* BYE\r\n"
        return b""  # LOGIN, CLOSE, NOOP


@pytest.fixture
def imap_server() -> Iterator[tuple[socketserver.TCPServer, ImapState]]:
    names = ("postfix_hard.eml", "bounce_without_code.eml")
    state = ImapState([(SAMPLES / name).read_bytes() for name in names])
    handler = type("Handler", (ImapHandler,), {"state": state})
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, state
    server.shutdown()
    server.server_close()


def imap_url(server: socketserver.TCPServer, password: str = "s3cret%20pass") -> str:  # noqa: S107
    return f"imap://bounces%40orbitale.example:{password}@127.0.0.1:{server.server_address[1]}/INBOX"


def test_it_reads_unseen_imap_messages_and_flags_only_the_processed_ones_seen(db, imap_server):
    server, state = imap_server
    contact = ContactFactory.create(email="anne.gone@example.com")
    Message.objects.create(email=EmailFactory.create(), contact=contact,
                           message_id="<e101.welcome@fusee.invalid>", status=MessageStatus.SENT)
    report = bounces_process(source=imap_url(server))
    assert (report.hard, report.unreadable) == (1, 1)
    assert state.seen == {1}  # the unreadable one stays unread for a person to look at
    contact.refresh_from_db()
    assert contact.bounced
    assert bounces_process(source=imap_url(server)).unreadable == 1  # only the unseen one again


def test_it_names_the_server_when_the_login_is_refused_without_showing_the_password(db, imap_server):
    server, _ = imap_server
    with pytest.raises(MailboxError, match=r"imap://bounces@orbitale.example:\*\*\*@127.0.0.1") as error:
        bounces_process(source=imap_url(server, password="hunter2"))
    assert "Invalid credentials" in str(error.value) and "hunter2" not in str(error.value)


def test_it_parses_an_imap_url():
    url = ImapUrl.parse("imaps://bounces%40orbitale.example:p%40ss@imap.example.com/Bounces%20FBL")
    assert (url.host, url.port, url.username, url.password, url.folder, url.tls) == (
        "imap.example.com", 993, "bounces@orbitale.example", "p@ss", "Bounces FBL", True
    )
    assert ImapUrl.parse("imap://u:p@localhost").folder == "INBOX"
    assert "p@ss" not in repr(url) and "p@ss" not in str(url)


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("imaps://imap.example.com/INBOX", "the host and the user name are needed"),
        ("imaps://u:p@imap.example.com:99999/INBOX", "the port is not a number"),
        ("pop3://u:p@mail.example.com", "expected imaps://"),
    ],
)
def test_it_says_what_is_wrong_with_an_imap_url(raw, problem):
    with pytest.raises(MailboxError, match=problem):
        ImapUrl.parse(raw)


def test_it_takes_the_message_out_of_imaplibs_fetch_answer():
    answer = ("OK", [(b"1 (UID 7 BODY[] {5}", b"Hello"), b")"])
    assert fetched_message(answer) == b"Hello"
    assert fetched_message(("OK", [None])) is None and fetched_message(("NO", [b"gone"])) is None


def test_it_cannot_reach_a_server_that_is_not_there():
    with pytest.raises(MailboxError, match=r"127\.0\.0\.1:1/INBOX"), mailbox_open("imap://u:p@127.0.0.1:1/INBOX"):
        pass
