"""Read a bounce or a complaint out of one raw email.

Three shapes: a delivery status notification (RFC 3464, multipart/report with
report-type=delivery-status), an abuse report from a feedback loop (ARF, RFC 5965,
report-type=feedback-report), and the plain-text bounces some servers still send (qmail,
old Exim and Exchange set-ups): a 5xx or 4xx code in the text and the original message, or
its headers, attached or pasted below.

What is kept from each: hard or soft or complaint, the failed address, the Message-ID of our
original message (how it is matched to a Message row), the status code and the server's words.
"""

from __future__ import annotations

import email
import hashlib
import re
from dataclasses import dataclass
from email import policy
from email.message import Message
from enum import StrEnum

from fusee.core.errors import DomainError

MESSAGE_ID = re.compile(r"<[^<>\s]+@[^<>\s]+>")
MESSAGE_ID_LINE = re.compile(r"^Message-ID:[ \t]*(?:\r?\n[ \t]+)?(<[^<>\s]+@[^<>\s]+>)", re.I | re.M)
ENHANCED_STATUS = re.compile(r"\b([45])\.(\d{1,3})\.(\d{1,3})\b")
BASIC_CODE = re.compile(r"(?:^|[\s(:])([45][0-5]\d)(?=[\s-])", re.M)
ADDRESS = r"[^<>@\s\"',;:()]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"
FAILED_ADDRESS_PATTERNS = (
    re.compile(rf"<({ADDRESS})>:", re.M),  # qmail, Postfix's human part: "<x@y>: host … said: 550 …"
    re.compile(rf"RCPT TO:\s*<({ADDRESS})>", re.I),  # Exim: "SMTP error … after RCPT TO:<x@y>"
    re.compile(rf"^\s+({ADDRESS})\s*$", re.M),  # Exim: the address alone on an indented line
)
BOUNCE_SENDER = re.compile(r"\b(mailer-daemon|postmaster|mail-daemon)@", re.I)
BOUNCE_SUBJECT = re.compile(
    r"undeliver|not delivered|delivery (status|failure|failed|has failed|notification)|failure notice"
    r"|returned mail|mail delivery|non remis|non distribuable|unzustellbar",
    re.I,
)


class NoticeKind(StrEnum):
    HARD = "hard"
    SOFT = "soft"
    COMPLAINT = "complaint"


class Unreadable(DomainError, ValueError):
    """An email that looks like a report but cannot be read as one; the message says why."""


@dataclass(frozen=True)
class Notice:
    kind: NoticeKind
    key: str  # the report's own Message-ID, else a digest of its bytes: the same report is applied once
    recipient: str = ""
    original_message_id: str = ""
    status: str = ""
    detail: str = ""


def notice_parse(raw: bytes) -> Notice | None:
    """The bounce or complaint in `raw`; None for a readable email that is neither (an
    out-of-office reply, a "delivered" notification). Raises Unreadable."""
    try:
        report = email.message_from_bytes(raw, policy=policy.default)
        return notice_of(report, notice_key(report, raw))
    except Unreadable:
        raise
    except Exception as error:  # the input is anyone's mail: a parser bug must not stop the mailbox
        raise Unreadable(f"cannot parse this email: {error}") from error


def notice_of(report: Message, key: str) -> Notice | None:
    if report.get_content_type() == "multipart/report":
        report_type = str(report.get_param("report-type", "")).lower()
        if report_type == "delivery-status":
            return dsn_notice(report, key)
        if report_type == "feedback-report":
            return arf_notice(report, key)
    return plain_notice(report, key)


def notice_key(report: Message, raw: bytes) -> str:
    return message_id_in(str(report.get("Message-ID", ""))) or "sha256:" + hashlib.sha256(raw).hexdigest()


def dsn_notice(report: Message, key: str) -> Notice | None:
    """RFC 3464: the per-recipient fields say failed (final) or delayed (still trying)."""
    part = first_part(report, "message/delivery-status")
    if part is None:
        raise Unreadable("a delivery-status report without its message/delivery-status part")
    fields = [block for block in sub_messages(part) if block.get("Action")]
    failing = [block for block in fields if str(block["Action"]).strip().lower() in ("failed", "delayed")]
    if not failing:
        return None  # delivered, relayed or expanded: nothing went wrong
    block = min(failing, key=lambda b: str(b["Action"]).strip().lower() != "failed")
    detail = one_line(str(block.get("Diagnostic-Code", "")))
    status = status_in(str(block.get("Status", ""))) or status_in(detail)
    final = str(block["Action"]).strip().lower() == "failed"
    return Notice(
        kind=NoticeKind.HARD if final and not status.startswith("4") else NoticeKind.SOFT,
        key=key,
        recipient=address_in(str(block.get("Final-Recipient") or block.get("Original-Recipient") or "")),
        original_message_id=original_message_id(report),
        status=status,
        detail=detail,
    )


def arf_notice(report: Message, key: str) -> Notice | None:
    """RFC 5965: only an abuse report is a complaint (not-spam, virus … are not the contact's)."""
    blocks = sub_messages(first_part(report, "message/feedback-report"))
    if not blocks:
        raise Unreadable("a feedback report without its message/feedback-report part")
    fields = blocks[0]
    if str(fields.get("Feedback-Type", "")).strip().lower() != "abuse":
        return None
    original = original_headers(report)
    recipient = str(fields.get("Original-Rcpt-To", "")) or str(original.get("To", "") if original else "")
    return Notice(
        kind=NoticeKind.COMPLAINT,
        key=key,
        recipient=address_in(recipient),
        original_message_id=original_message_id(report),
    )


def plain_notice(report: Message, key: str) -> Notice | None:
    """A bounce in words: trusted only when it comes from a mailer daemon or says so in its subject."""
    if not looks_like_bounce(report):
        return None
    human, returned = texts(report)
    status = status_in(human) or basic_code_in(human)
    if not status:
        raise Unreadable("a bounce without any SMTP status code in its text")
    return Notice(
        kind=NoticeKind.SOFT if status.startswith("4") else NoticeKind.HARD,
        key=key,
        recipient=failed_address(report, human),
        original_message_id=original_message_id(report) or message_id_line_in(returned or human),
        status=status,
        detail=code_line(human, status),
    )


def looks_like_bounce(report: Message) -> bool:
    return bool(
        BOUNCE_SENDER.search(str(report.get("From", "")))
        or report.get("X-Failed-Recipients")
        or str(report.get("Return-Path", "")).strip() == "<>"
        or BOUNCE_SUBJECT.search(str(report.get("Subject", "")))
    )


def texts(report: Message) -> tuple[str, str]:
    """(the server's explanation, the returned original pasted below it, if it is in the same text)."""
    human = ""
    for part in report.walk():
        if part.get_content_maintype() == "text" and part.get_content_disposition() != "attachment":
            human = content_text(part)
            break
    marker = MESSAGE_ID_LINE.search(human)
    if marker is None:
        return human, ""
    # The original's headers start at the blank line or separator before its first header block.
    start = human.rfind("\n\n", 0, marker.start())
    return human[: max(start, 0)], human[max(start, 0) :]


def failed_address(report: Message, human: str) -> str:
    if header := report.get("X-Failed-Recipients"):
        return address_in(str(header).split(",")[0])
    for pattern in FAILED_ADDRESS_PATTERNS:
        if found := pattern.search(human):
            return found.group(1).lower()
    return ""


def original_message_id(report: Message) -> str:
    """The Message-ID in the returned message or its headers, as we wrote it (with <>)."""
    headers = original_headers(report)
    return message_id_in(str(headers.get("Message-ID", ""))) if headers is not None else ""


def original_headers(report: Message) -> Message | None:
    for part in sub_messages(report):
        kind = part.get_content_type()
        if kind in ("message/rfc822", "message/global") and sub_messages(part):
            return sub_messages(part)[0]
        if kind in ("text/rfc822-headers", "message/global-headers"):
            return email.message_from_string(content_text(part).lstrip(), policy=policy.default)
    return None


def first_part(report: Message, content_type: str) -> Message | None:
    return next((part for part in sub_messages(report) if part.get_content_type() == content_type), None)


def sub_messages(part: Message | None) -> list[Message]:
    """The parts of a multipart, the message in a message/rfc822, the field blocks of a report."""
    payload = part.get_payload() if part is not None else None
    return [item for item in payload if isinstance(item, Message)] if isinstance(payload, list) else []


def content_text(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return str(part.get_payload())
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset, "replace")
    except LookupError:  # an unknown charset name
        return payload.decode("latin-1")


def matched(pattern: re.Pattern[str], text: str, group: int = 0) -> str:
    """The group of the pattern's first match in the text, or ""."""
    found = pattern.search(text)
    return found.group(group) if found else ""


def message_id_in(value: str) -> str:
    return matched(MESSAGE_ID, value)


def message_id_line_in(text: str) -> str:
    return matched(MESSAGE_ID_LINE, text, 1)


def address_in(value: str) -> str:
    """`rfc822; Anne@Example.com` or `<anne@example.com>` → anne@example.com."""
    address = value.rpartition(";")[2].strip().strip("<>").strip()
    return address.lower() if "@" in address else ""


def status_in(text: str) -> str:
    return matched(ENHANCED_STATUS, text)


def basic_code_in(text: str) -> str:
    return matched(BASIC_CODE, text, 1)


def code_line(text: str, status: str) -> str:
    line = next((line for line in text.splitlines() if status in line), "")
    return one_line(line)


def one_line(text: str) -> str:
    return " ".join(text.split())[:500]
