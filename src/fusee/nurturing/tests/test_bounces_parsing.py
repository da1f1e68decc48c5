from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from fusee.nurturing.bounces.parsing import NoticeKind, Unreadable, notice_parse

SAMPLES = Path(__file__).parent / "bounce_samples"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


@pytest.mark.parametrize(
    ("name", "kind", "recipient", "original", "status"),
    [
        ("postfix_hard.eml", NoticeKind.HARD, "anne.gone@example.com", "<e101.welcome@fusee.invalid>",
         "5.1.1"),
        ("postfix_delayed.eml", NoticeKind.SOFT, "bruno.full@example.org", "<e102.welcome@fusee.invalid>",
         "4.2.2"),
        ("exchange_hard.eml", NoticeKind.HARD, "jean.martin@contoso.example", "<e103.guide@fusee.invalid>",
         "5.1.10"),
        ("gmail_hard.eml", NoticeKind.HARD, "no.such.person.4242@gmail.com", "<e104.followup@fusee.invalid>",
         "5.1.1"),
        ("arf_abuse.eml", NoticeKind.COMPLAINT, "paul.durand@example.net", "<e105.guide@fusee.invalid>", ""),
        ("qmail_plain.eml", NoticeKind.HARD, "lost@example.org", "<e106.welcome@fusee.invalid>", "5.1.1"),
    ],
)
def test_it_reads_kind_recipient_and_original_message_id_of_each_report(
    name, kind, recipient, original, status
):
    notice = notice_parse(sample(name))
    assert notice is not None
    assert (notice.kind, notice.recipient, notice.original_message_id, notice.status) == (
        kind, recipient, original, status
    )


def test_it_keys_a_report_by_its_own_message_id_not_the_originals():
    notice = notice_parse(sample("exchange_hard.eml"))
    assert notice.key == "<6f1c0a57-0c1e-4f3b-9f63-1d6e1a1b2c3d@AM0PR01MB1234.eurprd01.prod.exchangelabs.com>"
    assert "RecipientNotFound" in notice.detail


def test_it_keys_a_report_without_message_id_by_its_bytes():
    own_id = b"Message-Id: <20250114092107.4Y7QmT2cZbz9sWd@mail.orbitale.example>\n"
    raw = sample("postfix_hard.eml").replace(own_id, b"")
    first, second = notice_parse(raw), notice_parse(raw)
    assert first.key.startswith("sha256:") and first.key == second.key


def test_it_takes_a_failed_action_with_a_4xx_status_as_a_soft_bounce():
    raw = sample("postfix_delayed.eml").replace(b"Action: delayed", b"Action: failed")
    assert notice_parse(raw).kind == NoticeKind.SOFT


def test_it_ignores_a_delivered_notification_and_an_out_of_office_reply():
    delivered = sample("postfix_hard.eml").replace(b"Action: failed", b"Action: delivered")
    assert notice_parse(delivered) is None
    assert notice_parse(sample("out_of_office.eml")) is None


def test_it_ignores_feedback_reports_that_are_not_abuse():
    raw = sample("arf_abuse.eml").replace(b"Feedback-Type: abuse", b"Feedback-Type: not-spam")
    assert notice_parse(raw) is None


def test_it_falls_back_to_the_original_to_header_when_the_rcpt_to_is_missing():
    raw = sample("arf_abuse.eml").replace(b"Original-Rcpt-To: <Paul.Durand@example.net>\n", b"")
    assert notice_parse(raw).recipient == "redacted@example.net"


def test_it_reads_an_exim_style_bounce_by_its_failed_recipients_header():
    raw = (
        b"From: Mail Delivery System <Mailer-Daemon@mx.example.net>\n"
        b"Subject: Mail delivery failed: returning message to sender\n"
        b"X-Failed-Recipients: gone@example.net\n\n"
        b"This message was created automatically by mail delivery software.\n\n"
        b"  gone@example.net\n    SMTP error from remote mail server after RCPT TO:<gone@example.net>:\n"
        b"    550 No such user here\n\n------ This is a copy of the message, including all the headers.\n\n"
        b"Message-ID: <e9.welcome@fusee.invalid>\nSubject: Welcome\n\nHello\n"
    )
    notice = notice_parse(raw)
    assert (notice.kind, notice.recipient, notice.status) == (NoticeKind.HARD, "gone@example.net", "550")
    assert notice.original_message_id == "<e9.welcome@fusee.invalid>"


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (sample("bounce_without_code.eml"), "without any SMTP status code"),
        (
            b"Content-Type: multipart/report; report-type=delivery-status; boundary=x\n\n--x\n"
            b"Content-Type: text/plain\n\nfailed\n--x--\n",
            "without its message/delivery-status part",
        ),
        (
            b"Content-Type: multipart/report; report-type=feedback-report; boundary=x\n\n--x\n"
            b"Content-Type: text/plain\n\nspam\n--x--\n",
            "without its message/feedback-report part",
        ),
    ],
)
def test_it_says_why_a_report_is_unreadable(raw, problem):
    with pytest.raises(Unreadable, match=problem):
        notice_parse(raw)


def test_it_never_raises_anything_but_unreadable_on_garbage():
    for raw in (b"", b"\x00\xff\xfe" * 100, b"Content-Type: multipart/report\n\n--", b"From: \n\n\n"):
        with contextlib.suppress(Unreadable):
            notice_parse(raw)
