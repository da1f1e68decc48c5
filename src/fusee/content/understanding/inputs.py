"""Read a script into a `Script`: .docx, .txt/.md, .vtt, .srt.

Every refusal is a `ScriptError` that names the file and, where it helps, the line or cue.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from pathlib import Path

import docx
import webvtt
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml.etree import XMLSyntaxError
from webvtt.errors import MalformedCaptionError, MalformedFileError

from .encoding import decode_text
from .language import check_language, detect_language
from .model import Block, BlockKind, Script, ScriptError, SourceKind

MAX_WORDS = 100_000  # ~200 pages of script; past that the understanding would take minutes
SUFFIXES = (".docx", ".txt", ".md", ".markdown", ".vtt", ".srt")


def read_script(
    path: Path | str, *, language: str | None = None, kind: SourceKind | str | None = None
) -> Script:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ScriptError(path.name, f"cannot be read ({error.strerror})") from error
    return parse_script(data, name=path.name, language=language, kind=kind)


def parse_script(
    data: bytes, *, name: str, language: str | None = None, kind: SourceKind | str | None = None
) -> Script:
    """`name` decides the format by its suffix and names the file in messages."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise ScriptError(name, f"unknown script format {suffix or '(no suffix)'}; use {', '.join(SUFFIXES)}")
    if not data.strip():
        raise ScriptError(name, "the file is empty")
    if suffix == ".docx":
        title, blocks, found_kind = *_read_docx(data, name), SourceKind.WRITTEN
    elif suffix in (".vtt", ".srt"):
        text = decode_text(data, name)
        blocks = _read_vtt(text, name) if suffix == ".vtt" else _read_srt(text, name)
        title, found_kind = "", SourceKind.SPOKEN
    else:
        title, blocks, found_kind = _read_text(decode_text(data, name), name)
    title, blocks = _title_from_headings(title, blocks)
    script = Script(
        title=title or _title_from_name(name),
        blocks=blocks,
        source_kind=SourceKind(kind) if kind else found_kind,
        source=name,
    )
    _check_size(script)
    script.language = check_language(language, name) if language else detect_language(script.text())
    return script


def _check_size(script: Script) -> None:
    if not any(b.kind is not BlockKind.HEADING and b.text.strip() for b in script.blocks):
        raise ScriptError(script.source, "no text found in the script")
    words = len(script.text().split())
    if words > MAX_WORDS:
        raise ScriptError(
            script.source, f"too long: {words:,} words, the limit is {MAX_WORDS:,}; split it into parts"
        )


def _title_from_headings(title: str, blocks: list[Block]) -> tuple[str, list[Block]]:
    """A single top-level heading that opens the document is its title, not a section."""
    headings = [b for b in blocks if b.kind is BlockKind.HEADING]
    if title or not headings or blocks[0] is not headings[0]:
        return title, blocks
    top = min(h.level for h in headings)
    if blocks[0].level == top and sum(1 for h in headings if h.level == top) == 1:
        return blocks[0].text, blocks[1:]
    return title, blocks


def _title_from_name(name: str) -> str:
    stem = Path(name).name.split(".")[0]
    return re.sub(r"[_-]+", " ", stem).strip().capitalize()


# --- Word ---------------------------------------------------------------------------------------

_HEADING_STYLE = re.compile(r"^(?:heading|titre|berschrift|überschrift|título|titolo)\s*(\d)", re.I)


def _read_docx(data: bytes, name: str) -> tuple[str, list[Block]]:
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, XMLSyntaxError, ValueError) as error:
        raise ScriptError(name, f"not a readable Word document ({type(error).__name__}: {error})") from error
    title, blocks = "", []
    for number, paragraph in enumerate(document.paragraphs, start=1):
        text = " ".join(paragraph.text.split())
        if not text:
            continue
        style = paragraph.style
        style_names = f"{style.name if style else ''} {style.style_id if style else ''}"
        if re.search(r"\btitle\b|^Titre\b", style_names, re.I) and not re.search(r"\d", style_names):
            title = title or text
            continue
        level = _heading_level(style_names, paragraph)
        kind = BlockKind.HEADING if level else BlockKind.PARAGRAPH
        blocks.append(Block(kind, text, level=level, line=number))
    if not blocks:
        raise ScriptError(name, "the Word document has no text")
    return title or (document.core_properties.title or "").strip(), blocks


def _heading_level(style_names: str, paragraph) -> int:
    for name in style_names.split():
        found = _HEADING_STYLE.match(name)
        if found:
            return int(found.group(1))
    found = _HEADING_STYLE.search(style_names)
    if found:
        return int(found.group(1))
    # A custom style whose paragraphs carry an outline level is a heading to Word's navigation pane.
    properties = paragraph._p.pPr
    outline = properties.find(qn("w:outlineLvl")) if properties is not None else None
    if outline is not None:
        return int(outline.get(qn("w:val"))) + 1
    return 0


# --- plain text and Markdown -----------------------------------------------------------------------

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_INLINE_TIME = re.compile(r"\\?\[(?:(\d{1,2}):)?(\d{1,2}):(\d{2})\\?\]\s*")
_BOLD_SPEAKER = re.compile(r"^\*\*([^*\n]{1,40}?):?\*\*:?\s+")
_PLAIN_SPEAKER = re.compile(r"^([A-ZÀ-Ý][\w.'’-]*(?: [A-ZÀ-Ý][\w.'’-]*){0,3}):\s+(?=\S)")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+")
_MARKDOWN_INLINE = (
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<!\w)_(?!\s)(.+?)(?<!\s)_(?!\w)"), r"\1"),
    (re.compile(r"`([^`]+)`"), r"\1"),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])"), r"\1"),
)
_SPOKEN_MARKER = re.compile(
    r"[\[(](?:rires?|laughter|laughs|applause|applaudissements|inaudible|crosstalk|risas|risate|lachen)[\])]",
    re.I,
)
_HESITATION = re.compile(r"\b(?:euh|heu|um+|uh+|erm|ähm?|ehm)\b", re.I)


def _read_text(text: str, name: str) -> tuple[str, list[Block], SourceKind]:
    title = ""
    front = _FRONT_MATTER.match(text)
    offset_lines = 0
    if front:
        found = re.search(r"^title:\s*[\"']?(.+?)[\"']?\s*$", front.group(1), re.M)
        title = found.group(1) if found else ""
        offset_lines = front.group(0).count("\n")
        text = text[front.end() :]
    paragraphs = _paragraphs(text, first_line=offset_lines + 1)
    labels = Counter(m.group(1) for _, p in paragraphs if (m := _PLAIN_SPEAKER.match(p)))
    speakers = {label for label, n in labels.items() if n >= 2}
    blocks, timed = [], False
    in_code = False
    for line, paragraph in paragraphs:
        if paragraph.startswith("```"):
            in_code = not in_code if paragraph.count("```") == 1 else in_code
            continue
        if in_code:
            continue
        heading = _MD_HEADING.match(paragraph)
        if heading and "\n" not in paragraph:
            blocks.append(
                Block(BlockKind.HEADING, _inline(heading.group(2)), level=len(heading.group(1)), line=line)
            )
            continue
        block, had_time = _paragraph_block(paragraph, line, speakers)
        timed = timed or had_time
        if block.text:
            blocks.append(block)
    body = " ".join(b.text for b in blocks)
    spoken = (
        timed
        or any(b.speaker for b in blocks)
        or bool(_SPOKEN_MARKER.search(body))
        or len(_HESITATION.findall(body)) * 1000 >= max(len(body.split()), 1)  # one "euh" per 1,000 words
    )
    return title, blocks, SourceKind.SPOKEN if spoken else SourceKind.WRITTEN


def _paragraphs(text: str, *, first_line: int) -> list[tuple[int, str]]:
    """Blank-line separated paragraphs; a file with no blank line at all has one paragraph per line."""
    lines = text.split("\n")
    one_per_line = len(lines) > 3 and not any(not line.strip() for line in lines[:-1])
    found: list[tuple[int, str]] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(lines, start=first_line):
        starts_item = bool(_LIST_ITEM.match(line) or _MD_HEADING.match(line))
        if not line.strip() or one_per_line or starts_item or line.startswith("```"):
            if current:
                found.append((start, "\n".join(current)))
                current = []
            if line.strip() and (one_per_line or starts_item or line.startswith("```")):
                found.append((number, line.strip()))
            continue
        if not current:
            start = number
        current.append(line.strip())
    if current:
        found.append((start, "\n".join(current)))
    return found


def _paragraph_block(paragraph: str, line: int, speakers: set[str]) -> tuple[Block, bool]:
    text = " ".join(paragraph.split())
    text = _LIST_ITEM.sub("", text)
    text = re.sub(r"^>\s?", "", text)
    speaker = ""
    bold = _BOLD_SPEAKER.match(text)
    if bold:
        speaker, text = bold.group(1).strip(), text[bold.end() :]
    else:
        plain = _PLAIN_SPEAKER.match(text)
        if plain and plain.group(1) in speakers:
            speaker, text = plain.group(1), text[plain.end() :]
    times = list(_INLINE_TIME.finditer(text))
    start = None
    if times:
        hours, minutes, seconds = times[0].groups()
        start = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
        text = _INLINE_TIME.sub("", text)
    return Block(BlockKind.PARAGRAPH, _inline(text), start=start, speaker=speaker, line=line), bool(times)


def _inline(text: str) -> str:
    for pattern, replacement in _MARKDOWN_INLINE:
        text = pattern.sub(replacement, text)
    return " ".join(text.split())


# --- timestamped transcripts -------------------------------------------------------------------------

_VTT_TIME = r"(?:(\d{1,3}):)?([0-5]\d):([0-5]\d)\.(\d{3})"
_VTT_TIMING = re.compile(rf"^{_VTT_TIME}\s+-->\s+{_VTT_TIME}(?:\s+.*)?$")
_SRT_TIME = r"(\d{1,3}):([0-5]\d):([0-5]\d)[,.](\d{1,3})"
_SRT_TIMING = re.compile(rf"^{_SRT_TIME}\s*-->\s*{_SRT_TIME}(?:\s+.*)?$")
_CUE_TAGS = re.compile(r"<[^>]*>|\{\\[^}]*\}")
_BACKWARDS_TOLERANCE = 1.0  # seconds a cue may start before the previous one (rolling captions overlap)


def _seconds(hours: str | None, minutes: str, seconds: str, fraction: str) -> float:
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(fraction.ljust(3, "0")) / 1000


def _timing_lines(text: str, name: str, pattern: re.Pattern[str]) -> list[tuple[int, float, float]]:
    """Every line with an arrow must be a well-formed timing: a broken one is refused, not skipped."""
    found: list[tuple[int, float, float]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if "-->" not in line:
            continue
        match = pattern.match(line.strip())
        cue = f"cue {len(found) + 1} (line {number})"
        if not match:
            raise ScriptError(name, f"broken timestamp {line.strip()!r}", where=cue)
        start, end = _seconds(*match.groups()[:4]), _seconds(*match.groups()[4:])
        if end < start:
            raise ScriptError(name, "the cue ends before it starts", where=cue)
        if found and start + _BACKWARDS_TOLERANCE < found[-1][1]:
            raise ScriptError(
                name, "the cue starts before the previous one; timestamps go backwards", where=cue
            )
        found.append((number, start, end))
    return found


def _read_vtt(text: str, name: str) -> list[Block]:
    text = text.lstrip("\ufeff")
    if not text.startswith("WEBVTT"):
        raise ScriptError(name, "a WebVTT file must start with WEBVTT", where="line 1")
    timings = _timing_lines(text, name, _VTT_TIMING)
    try:
        captions = webvtt.from_string(text)
    except (MalformedFileError, MalformedCaptionError) as error:
        raise ScriptError(name, f"not a valid WebVTT file ({error})") from error
    if len(captions) != len(timings):  # webvtt-py drops what it cannot read; we would lose text silently
        raise ScriptError(name, f"{len(timings) - len(captions)} cue(s) could not be read")
    blocks = []
    for (line, start, end), caption in zip(timings, captions.captions, strict=True):
        cue_text = " ".join(_CUE_TAGS.sub("", caption.text).split())
        if cue_text:
            blocks.append(
                Block(BlockKind.CUE, cue_text, start=start, end=end, speaker=caption.voice or "", line=line)
            )
    if not blocks:
        raise ScriptError(name, "no cue with text")
    return blocks


def _read_srt(text: str, name: str) -> list[Block]:
    timings = {
        line: (start, end) for line, start, end in _timing_lines(text.lstrip("\ufeff"), name, _SRT_TIMING)
    }
    lines = text.lstrip("\ufeff").split("\n")
    blocks: list[Block] = []
    number = 0
    while number < len(lines):
        if not lines[number].strip():
            number += 1
            continue
        first = number + 1  # 1-based line of this cue's counter
        if not lines[number].strip().isdigit():
            raise ScriptError(
                name, f"expected a cue number, found {lines[number].strip()[:40]!r}", where=f"line {first}"
            )
        if first + 1 not in timings:
            raise ScriptError(
                name, "a cue number must be followed by its timing line", where=f"line {first + 1}"
            )
        start, end = timings[first + 1]
        number += 2
        cue_lines = []
        while number < len(lines) and lines[number].strip():
            cue_lines.append(lines[number])
            number += 1
        cue_text = " ".join(_CUE_TAGS.sub("", " ".join(cue_lines)).split())
        if cue_text:
            blocks.append(Block(BlockKind.CUE, cue_text, start=start, end=end, line=first))
    if not blocks:
        raise ScriptError(name, "no cue with text")
    return blocks
