"""Bounces and complaints that come back by email after sending: DSN (RFC 3464), ARF
(RFC 5965) and plain-text bounces, read from a Maildir, an mbox file or an IMAP folder."""

from fusee.nurturing.bounces.services import BounceReport, bounces_process

__all__ = ["BounceReport", "bounces_process"]
