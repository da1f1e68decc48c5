"""Reading back the PDFs Typst writes, for the ebook tests: pages, and text through the fonts'
ToUnicode maps (pypdf is not a dependency; Typst writes plain objects, Type0 fonts, Identity-H)."""

from __future__ import annotations

import re
import zlib

_OBJECT = re.compile(rb"(\d+) 0 obj\n(.*?)\nendobj", re.S)
_STRING = re.compile(rb"\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>")
_TOKEN = re.compile(rb"/(\w+)\s+[\d.]+\s+Tf|\[((?:[^\]\\]|\\.)*)\]\s*TJ|(\((?:\\.|[^\\)])*\))\s*Tj|(ET)")
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def pdf_objects(pdf: bytes) -> dict[int, bytes]:
    return {int(m[1]): m[2] for m in _OBJECT.finditer(pdf)}


def _stream(body: bytes) -> bytes:
    data = re.search(rb"stream\n(.*)\nendstream", body, re.S)[1]
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


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF written by Typst: Type0 fonts with Identity-H encoding and ToUnicode maps."""
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

    def text(content: bytes, maps: dict[bytes, dict[int, str]]) -> str:
        lines: list[str] = []
        current: list[str] = []
        font: dict[int, str] = {}
        for m in _TOKEN.finditer(content):
            if m[1]:
                font = maps.get(m[1], {})
            elif m[4]:
                lines.append("".join(current))
                current = []
            else:
                for token in _STRING.findall(m[2] or m[3]):
                    raw = _literal(token)
                    current += [
                        font.get(int.from_bytes(raw[i : i + 2], "big"), "") for i in range(0, len(raw), 2)
                    ]
        return "\n".join(line for line in lines if line)

    pages = []
    for body in objects.values():
        if re.search(rb"/Type\s*/Page\b", body) or b"/Subtype/Form" in body:
            resources_ref = ref(body, b"Resources")
            resources = objects[resources_ref] if resources_ref else body
            contents = [ref(body, b"Contents")] if b"/Contents" in body else []
            streams = [_stream(objects[c]) for c in contents if c] if contents else [_stream(body)]
            pages.append("\n".join(text(s, fonts(resources)) for s in streams))
    return "\n".join(pages)


def pdf_page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", pdf))
