"""Getting messages to an SMTP server, and the built-in mail sink that catches them in development."""

from fusee.nurturing.transport.ratelimit import RateLimiter
from fusee.nurturing.transport.sink import Faults, SinkServer, default_sink_dir
from fusee.nurturing.transport.sink_reader import SinkMessage, sink_message, sink_messages
from fusee.nurturing.transport.smtp import (
    InvalidSmtpUrl,
    Outcome,
    SendResult,
    SmtpConfigurationError,
    SmtpSender,
    SmtpUrl,
    smtp_url_from_env,
)

__all__ = [
    "Faults",
    "InvalidSmtpUrl",
    "Outcome",
    "RateLimiter",
    "SendResult",
    "SinkMessage",
    "SinkServer",
    "SmtpConfigurationError",
    "SmtpSender",
    "SmtpUrl",
    "default_sink_dir",
    "sink_message",
    "sink_messages",
    "smtp_url_from_env",
]
