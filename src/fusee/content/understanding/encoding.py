"""Bytes to text for plain-text scripts and transcripts: UTF-8 first, then charset-normalizer.

A wrong encoding is refused with the line where it shows, rather than read as mojibake.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from .model import ScriptError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# UTF-8 read as Windows-1252 and saved again: "Ã©" for "é", "â€™" for "’".
_MOJIBAKE = re.compile(
    "Ã[\u00a0-\u00bf]|â€[\u2122\u0153\u201c\u201d\u02dc\u00a6\u2019\u2013\u2014]|Â[\u00a0-\u00bf]"
)
_MAX_CHAOS = 0.2  # charset-normalizer's "mess" ratio above which the guess is not text


def decode_text(data: bytes, source: str) -> str:
    if data.startswith(b"PK\x03\x04"):
        raise ScriptError(
            source, "this is a zip archive (a Word document?), not a text file; save it as .docx"
        )
    text = _decode(data, source)
    text = _repair_double_encoding(text, source)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(data: bytes, source: str) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise ScriptError(source, f"starts with a {encoding} mark but is not {encoding}") from error
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return _guess(data, source, bad_at=error.start)
    if "\x00" in text:
        return _guess(data, source, bad_at=text.index("\x00"))
    return text


def _guess(data: bytes, source: str, *, bad_at: int) -> str:
    best = from_bytes(data).best()
    if best is None or best.chaos > _MAX_CHAOS or "\x00" in str(best):
        line = data.count(b"\n", 0, bad_at) + 1
        raise ScriptError(
            source,
            "not valid UTF-8, and no other text encoding fits (is it a binary file?); save it as UTF-8 text",
            where=f"line {line}",
        )
    return str(best)


def _repair_double_encoding(text: str, source: str) -> str:
    hits = _MOJIBAKE.findall(text)
    if len(hits) < 3:
        return text
    try:
        return text.encode("cp1252").decode("utf-8")
    except UnicodeError:
        first = _MOJIBAKE.search(text)
        assert first is not None
        line = text.count("\n", 0, first.start()) + 1
        raise ScriptError(
            source,
            f"the text was encoded twice ({first.group()!r} where an accented letter should be); "
            "re-save it as UTF-8",
            where=f"line {line}",
        ) from None
