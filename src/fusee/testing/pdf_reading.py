"""Reading back the PDFs Typst writes, for tests (the ebook, the OKR one-pager): pages, and text
through the fonts' ToUnicode maps (pypdf is not a dependency; Typst writes plain objects, Type0
fonts, Identity-H)."""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator

_OBJECT = re.compile(rb"(\d+) 0 obj\n(.*?)\nendobj", re.S)
_DELIMITERS = b"()<>[]{}/% \t\r\n\f\x00"
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def pdf_objects(pdf: bytes) -> dict[int, bytes]:
    return {int(m[1]): m[2] for m in _OBJECT.finditer(pdf)}


def _stream(body: bytes) -> bytes:
    found = re.search(rb"stream\n(.*)\nendstream", body, re.S)
    assert found is not None, "an object without a stream"
    data = found[1]
    return zlib.decompress(data) if b"/FlateDecode" in body else data


def _literal(token: bytes) -> bytes:
    if token.startswith(b"<"):
        return bytes.fromhex(re.sub(rb"\s", b"", token[1:-1]).decode())
    out, body, i = bytearray(), token[1:-1], 0
    while i < len(body):
        if body[i : i + 1] == b"\\":
            octal = re.match(rb"[0-7]{1,3}", body[i + 1 : i + 4])
            if octal:
                out.append(int(octal[0], 8))
                i += 1 + len(octal[0])
                continue
            nxt = body[i + 1 : i + 2]
            out += _ESCAPES.get(nxt, nxt)
            i += 2
        else:
            out += body[i : i + 1]
            i += 1
    return bytes(out)


def _cmap(data: bytes) -> dict[int, str]:
    mapping = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            start = int(dst, 16)
            for offset, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                mapping[code] = chr(start + offset)
    return mapping


def pdf_page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


# --- the text: a real tokenizer, since a literal string may hold balanced parentheses unescaped
# (glyph ids 0x28 and 0x29), which a regular expression cuts short ---


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
