"""The text of a PDF written by Typst, for the one-pager's tests.

Like content/tests/ebook_pdf_reading.py (whose object, stream, string and ToUnicode helpers it
uses), with a real tokenizer for the content streams: a literal string may hold balanced
parentheses unescaped, e.g. glyph ids 0x28 and 0x29, which a regular expression cuts short.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from fusee.content.tests.ebook_pdf_reading import _cmap, _literal, _stream, pdf_objects, pdf_page_count

__all__ = ["pdf_page_count", "pdf_text"]

_DELIMITERS = b"()<>[]{}/% \t\r\n\f\x00"


def _literal_end(data: bytes, i: int) -> int:
    """The index just past the literal string that opens at data[i] == "("."""
    depth = 0
    while True:
        char = data[i : i + 1]
        if char == b"\\":
            i += 2
            continue
        depth += {b"(": 1, b")": -1}.get(char, 0)
        i += 1
        if depth == 0:
            return i


def _tokens(data: bytes) -> Iterator[tuple[str, bytes]]:
    i = 0
    while i < len(data):
        char = data[i : i + 1]
        if char in b" \t\r\n\f\x00":
            i += 1
        elif char == b"(":
            end = _literal_end(data, i)
            yield "string", data[i:end]
            i = end
        elif data[i : i + 2] in (b"<<", b">>"):
            i += 2
        elif char == b"<":
            end = data.index(b">", i) + 1
            yield "string", data[i:end]
            i = end
        elif char in b"[]":
            yield char.decode(), char
            i += 1
        elif char == b"%":  # a comment, to the end of the line
            end = data.find(b"\n", i)
            i = len(data) if end < 0 else end + 1
        else:
            end = i + 1
            while end < len(data) and data[end : end + 1] not in _DELIMITERS:
                end += 1
            yield ("name" if char == b"/" else "word"), data[i:end]
            i = end


def _page_text(stream: bytes, maps: dict[bytes, dict[int, str]]) -> str:
    lines: list[str] = []
    current: list[str] = []
    operands: list[bytes] = []
    strings: list[bytes] = []
    font: dict[int, str] = {}
    for kind, value in _tokens(stream):
        if kind == "string":
            strings.append(value)
        elif kind == "name":
            operands.append(value[1:])
        elif kind == "word" and not re.fullmatch(rb"[-+.\d]+", value):
            if value == b"Tf" and operands:
                font = maps.get(operands[-1], {})
            elif value in (b"TJ", b"Tj"):
                for token in strings:
                    raw = _literal(token)
                    codes = (int.from_bytes(raw[k : k + 2], "big") for k in range(0, len(raw), 2))
                    current += [font.get(code, "") for code in codes]
            elif value == b"ET":
                lines.append("".join(current))
                current = []
            operands, strings = [], []
    return "\n".join(line for line in lines if line)


def pdf_text(pdf: bytes) -> str:
    objects = pdf_objects(pdf)

    def ref(body: bytes, key: bytes) -> int | None:
        found = re.search(rb"/" + key + rb"\s*(\d+) 0 R", body)
        return int(found[1]) if found else None

    def fonts(resources: bytes) -> dict[bytes, dict[int, str]]:
        found = re.search(rb"/Font\s*<<(.*?)>>", resources, re.S)
        result = {}
        for name, number in re.findall(rb"/(\w+)\s*(\d+) 0 R", found[1] if found else b""):
            unicode = ref(objects[int(number)], b"ToUnicode")
            result[name] = _cmap(_stream(objects[unicode])) if unicode else {}
        return result

    pages = []
    for body in objects.values():
        if re.search(rb"/Type\s*/Page\b", body) or b"/Subtype/Form" in body:
            resources_ref = ref(body, b"Resources")
            resources = objects[resources_ref] if resources_ref else body
            contents = [ref(body, b"Contents")] if b"/Contents" in body else []
            streams = [_stream(objects[c]) for c in contents if c] if contents else [_stream(body)]
            pages.append("\n".join(_page_text(s, fonts(resources)) for s in streams))
    return "\n".join(pages)
