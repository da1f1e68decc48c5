"""Read a bounce mailbox and apply what its reports say (see parsing, sources and effects)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from fusee.nurturing.bounces.effects import (
    Origin,
    bounce_hard_record,
    bounce_soft_record,
    complaint_record,
    target_find,
)
from fusee.nurturing.bounces.parsing import Notice, NoticeKind, Unreadable, notice_parse
from fusee.nurturing.bounces.sources import mailbox_open

logger = logging.getLogger(__name__)
EFFECTS = {
    NoticeKind.HARD: ("hard", bounce_hard_record),
    NoticeKind.SOFT: ("soft", bounce_soft_record),
    NoticeKind.COMPLAINT: ("complaints", complaint_record),
}
LEFT_IN_MAILBOX = ("unreadable", "ignored")


@dataclass
class BounceReport:
    hard: int = 0
    soft: int = 0
    complaints: int = 0
    unmatched: int = 0  # a report about no message or contact of ours
    unreadable: int = 0  # left in the mailbox
    ignored: int = 0  # not a report (an auto-reply, a "delivered" notice): left in the mailbox
    repeated: int = 0  # applied by an earlier run

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    def __str__(self) -> str:
        return ", ".join(f"{name.replace('_', ' ')}: {value}" for name, value in vars(self).items())


def bounces_process(*, source: str, now: datetime | None = None) -> BounceReport:
    """Apply every unprocessed report of the mailbox `source` (a Maildir folder, an mbox file
    or an imap(s):// URL); processing the same mailbox again changes nothing."""
    now = now or timezone.now()
    report = BounceReport()
    with mailbox_open(source) as mailbox:
        for item in mailbox.unread():
            outcome = raw_process(item.raw, now=now, where=item.key)
            report.count(outcome)
            if outcome not in LEFT_IN_MAILBOX:
                mailbox.mark_done(item)
    return report


def raw_process(raw: bytes, *, now: datetime, where: str) -> str:
    try:
        notice = notice_parse(raw)
    except Unreadable as error:
        logger.warning("bounce mailbox: unreadable message left in place: %s", error, extra={"item": where})
        return "unreadable"
    if notice is None:
        return "ignored"
    return notice_apply(notice=notice, now=now)


def notice_apply(*, notice: Notice, now: datetime) -> str:
    """The report's effect on our message and contact; the BounceReport field it counts in."""
    target = target_find(message_id=notice.original_message_id, recipient=notice.recipient)
    if target is None:
        return "unmatched"
    counter, record = EFFECTS[notice.kind]
    source = "arf" if notice.kind == NoticeKind.COMPLAINT else "dsn"
    origin = Origin(source=source, key=notice.key, status=notice.status, detail=notice.detail)
    return counter if record(target=target, origin=origin, now=now) else "repeated"
