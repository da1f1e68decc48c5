"""Assemble a multipart/alternative message from already valid pieces.

Written with the standard library's encoders rather than `email.message.EmailMessage`: the modern
email package spends ~3 ms per message parsing and refolding headers and quoted-printable-encoding
in pure Python, more than everything else in building a message, while `binascii.b2a_qp` is C.
Tests parse the result back with `email.policy.default` to hold it to the standard.
"""

from __future__ import annotations

import base64
import binascii
import functools
import re
import secrets
from email.utils import formataddr

from fusee.core.errors import DomainError

MAX_HEADER_LINE = 78
# RFC 2047 §2: a line holding encoded words is at most 76 characters.
MAX_ENCODED_LINE = 76
_ENCODED_WORD_OVERHEAD = len("=?utf-8?b??=")
_LOCAL_PART = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_DOMAIN = re.compile(rf"{_LABEL}(?:\.{_LABEL})+")


def one_line(value: str) -> str:
    """Collapse newlines and runs of spaces: personalised data must never start a new header."""
    return " ".join(value.split())


def encode_header_text(text: str, *, header_name: str) -> str:
    """An unstructured header value, folded: ASCII as is, anything else as RFC 2047 encoded words."""
    text = one_line(text)
    first_line_used = len(header_name) + 2
    if text.isascii() and "=?" not in text:  # "=?" would read as the start of an encoded word
        return _fold_ascii(text, first_line_used=first_line_used)
    chunks = _utf8_chunks(
        text,
        first=_bytes_in_word(MAX_ENCODED_LINE - first_line_used),
        rest=_bytes_in_word(MAX_ENCODED_LINE - 1),
    )
    return "\r\n ".join(f"=?utf-8?b?{base64.b64encode(chunk).decode('ascii')}?=" for chunk in chunks)


def _fold_ascii(text: str, *, first_line_used: int) -> str:
    lines, line, width = [], "", MAX_HEADER_LINE - first_line_used
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line, width = word, MAX_HEADER_LINE - 1
        else:
            line = f"{line} {word}" if line else word
    return "\r\n ".join([*lines, line])


def _bytes_in_word(width: int) -> int:
    """How many UTF-8 bytes an encoded word fitting in `width` characters carries."""
    return (width - _ENCODED_WORD_OVERHEAD) // 4 * 3


def _utf8_chunks(text: str, *, first: int, rest: int) -> list[bytes]:
    """The UTF-8 bytes cut into chunks of at most `limit` bytes, never inside a character
    (a lone character longer than the limit makes a chunk of its own)."""
    encoded, chunks, start, limit = text.encode("utf-8"), [], 0, first
    while start < len(encoded):
        end = min(start + limit, len(encoded))
        while end < len(encoded) and _is_continuation(encoded[end]):
            end -= 1  # back to the first byte of the character cut in two
        if end == start:  # one character longer than the limit
            end = _next_character(encoded, start)
        chunks.append(encoded[start:end])
        start, limit = end, rest
    return chunks


def _is_continuation(byte: int) -> bool:
    return byte & 0xC0 == 0x80


def _next_character(encoded: bytes, start: int) -> int:
    end = start + 1
    while end < len(encoded) and _is_continuation(encoded[end]):
        end += 1
    return end


def format_address(addr_spec: str, *, name: str = "", header_name: str, role: str) -> str:
    """`Name <local@domain>`, the name encoded if needed, an IDN domain in punycode."""
    address = checked_addr_spec(addr_spec, role=role)
    name = one_line(name)
    if name.isascii():
        return formataddr((name, address))
    phrase = encode_header_text(name, header_name=header_name)
    last_line = phrase.rsplit("\r\n", 1)[-1] if "\r\n" in phrase else f"{header_name}: {phrase}"
    fits = len(last_line) + len(address) + 3 <= MAX_HEADER_LINE
    separator = " " if fits else "\r\n "
    return f"{phrase}{separator}<{address}>"


def checked_addr_spec(addr_spec: str, *, role: str) -> str:
    local, _, domain = addr_spec.strip().rpartition("@")
    try:
        ascii_domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        ascii_domain = ""
    if not _LOCAL_PART.fullmatch(local) or not _DOMAIN.fullmatch(ascii_domain):
        raise DomainError(f"{role} address {addr_spec!r}: not a valid email address")
    return f"{local}@{ascii_domain}"


def multipart_alternative(*, headers: list[tuple[str, str]], text: str, html: str) -> bytes:
    """Headers (ASCII, already encoded) then a text/plain and a text/html part, UTF-8, CRLF."""
    # "=_" never appears in quoted-printable output, so the boundary cannot occur in a part.
    boundary = f"=_fusee_{secrets.token_hex(12)}"
    lines = [f"{name}: {value}" for name, value in headers]
    lines += ["MIME-Version: 1.0", f'Content-Type: multipart/alternative;\r\n boundary="{boundary}"', ""]
    head = "\r\n".join(lines).encode("ascii") + b"\r\n"
    parts = [_text_part(boundary, subtype, content) for subtype, content in (("plain", text), ("html", html))]
    return head + b"".join(parts) + f"--{boundary}--\r\n".encode("ascii")


def _text_part(boundary: str, subtype: str, content: str) -> bytes:
    head = (
        f"--{boundary}\r\n"
        f'Content-Type: text/{subtype}; charset="utf-8"\r\n'
        "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
    )
    # Every line ends with CRLF first, so b2a_qp also uses CRLF for its soft line breaks.
    lines = (content.rstrip("\r\n") + "\n").replace("\r\n", "\n").replace("\r", "\n")
    # Quoted-printable works line by line (a soft break only splits a line longer than 76), so
    # each line is encoded on its own: the layout's lines, the same in every message, only once.
    encoded = [_quoted_printable_line(line) for line in lines.split("\n")[:-1]]
    return head.encode("ascii") + b"".join(encoded)


@functools.lru_cache(maxsize=8192)
def _quoted_printable_line(line: str) -> bytes:
    """The line with its CRLF, quoted-printable (b2a_qp uses CRLF for its soft breaks too)."""
    return binascii.b2a_qp(f"{line}\r\n".encode(), istext=True)
