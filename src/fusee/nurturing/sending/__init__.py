"""Send queued messages over one SMTP connection per batch, recording each answer at once.

Order of writes, so that nothing is lost and nothing is sent twice: a batch is claimed
(queued/retry → sending, one UPDATE), then messages go out one after the other on one
connection. While the server takes message i, the worker builds message i+1; once i's answer
is in, one transaction records it and stamps i+1 `handed_at`, and only then is i+1 handed to
the server. So at any instant at most one message per connection is out without its answer
recorded, and the database says which. A worker that dies leaves rows in `sending`: recovery
queues them again. Those without `handed_at` never left; the one with it may have been
delivered, so it is logged as a possible duplicate: SMTP cannot tell us whether the server
kept it. A connection lost after the data is the same case.
"""

from fusee.nurturing.sending.pipeline import SendReport, messages_claim, messages_send
from fusee.nurturing.sending.preparing import Batch, body_source, message_build, personalisation, refusal
from fusee.nurturing.sending.recording import (
    MAX_ATTEMPTS,
    SENDING_LEASE,
    contact_unsubscribe,
    messages_recover,
    retries_due,
    smtp_url,
)

__all__ = [
    "MAX_ATTEMPTS",
    "SENDING_LEASE",
    "Batch",
    "SendReport",
    "body_source",
    "contact_unsubscribe",
    "message_build",
    "messages_claim",
    "messages_recover",
    "messages_send",
    "personalisation",
    "refusal",
    "retries_due",
    "smtp_url",
]
