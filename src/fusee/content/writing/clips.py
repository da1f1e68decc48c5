"""Short video clips from a timestamped transcript: the strongest passages, their captions and a cut list.

A clip is a run of consecutive sentences, so it starts and ends on sentence boundaries and never
stops right before the line people would share (the quote or the figure that follows is taken in
rather than left out). Clips are chosen by what their sentences hold (quotes, figures, contrast,
key sentences), at most two per section so the clips cover the talk, and never overlap.
"""

from __future__ import annotations

import csv
import io
import itertools
import math
import re
import shutil
import subprocess
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from fusee.content.understanding.highlights import BACK_REFERENCE, CONTRAST
from fusee.content.understanding.model import Section, Sentence, Understanding
from fusee.core.errors import DomainError

from .assets import Asset, Check
from .text import is_filler_only

MIN_SECONDS, MAX_SECONDS = 30.0, 90.0
MIN_CLIPS, MAX_CLIPS = 5, 8
PER_SECTION = 2
TITLE_CHARS = 70
LINE_CHARS, CUE_LINES, CUE_SECONDS = 42, 2, 7.0
STRONG = 1.0  # a sentence scoring this much (a quote or a figure) is a punchline: never cut before it
KEEP_RATIO = 0.35  # past the fifth clip, keep only clips at least this fraction as strong as the best
CUT_LIST = "clips/cut-list.csv"


class ClipError(DomainError):
    """A clip that cannot be trimmed or cut; the message says which clip and why."""


@dataclass(frozen=True)
class Clip:
    number: int
    section: int
    section_title: str
    sentences: tuple[Sentence, ...]  # consecutive, each with its start and end in seconds
    title: str
    score: float = 0.0

    @property
    def first(self) -> int:
        return self.sentences[0].index

    @property
    def last(self) -> int:
        return self.sentences[-1].index

    @property
    def start(self) -> float:
        return _seconds(self.sentences[0].start)

    @property
    def end(self) -> float:
        return _seconds(self.sentences[-1].end)

    @property
    def duration(self) -> float:
        return round(self.end - self.start, 3)

    @property
    def key(self) -> str:
        return f"clip-{self.number}"

    @property
    def srt_name(self) -> str:
        return f"clips/{self.key}.srt"

    def as_dict(self) -> dict[str, object]:
        return {
            "number": self.number,
            "title": self.title,
            "section": self.section,
            "sentences": [self.first, self.last],
            "start": self.start,
            "end": self.end,
            "duration": self.duration,
            "score": round(self.score, 3),
        }


@dataclass
class ClipPlan:
    """The clips of one transcript, in time order, and what the user should know about them."""

    clips: list[Clip]
    notes: list[str] = field(default_factory=list)

    def assets(self) -> list[Asset]:
        assets = [clip_asset(clip) for clip in self.clips]
        if self.clips:
            assets.append(
                Asset(
                    kind="cut_list",
                    key="cut-list",
                    title="Cut list",
                    files={CUT_LIST: cut_list_csv(self.clips)},
                    meta={"clips": len(self.clips)},
                    checks=[
                        Check(
                            "clip_count",
                            MIN_CLIPS <= len(self.clips) <= MAX_CLIPS,
                            f"{len(self.clips)} clips (aim: {MIN_CLIPS}–{MAX_CLIPS})",
                        )
                    ],
                )
            )
        return assets


def clips_find(understanding: Understanding) -> ClipPlan:
    """The 5–8 strongest passages of 30–90 s; none, with a note, when the input has no times."""
    sentences = understanding.sentences
    if not understanding.script.timestamped or any(s.start is None or s.end is None for s in sentences):
        return ClipPlan([], ["No video clips: the script has no timestamps (use a .vtt or .srt transcript)."])
    scores = sentence_scores(understanding)
    candidates = [
        window
        for section in understanding.sections
        for window in section_windows(section, sentences, scores, understanding.language)
    ]
    chosen = windows_choose(candidates)
    clips = [
        clip_make(
            number,
            understanding.sections[window.section],
            sentences[window.first : window.last + 1],
            understanding.sections,
            window.score,
        )
        for number, window in enumerate(sorted(chosen, key=lambda w: w.first), start=1)
    ]
    clips = titles_make_unique(clips)
    notes = []
    if len(clips) < MIN_CLIPS:
        notes.append(
            f"Only {len(clips)} clip(s) of {MIN_SECONDS:.0f}–{MAX_SECONDS:.0f} s could be cut "
            f"on sentence boundaries (aim: {MIN_CLIPS}–{MAX_CLIPS})."
        )
    return ClipPlan(clips, notes)


# Scoring: what each sentence brings, then each run of sentences.


def sentence_scores(understanding: Understanding) -> list[float]:
    language = understanding.language
    contrast = _words_pattern(CONTRAST, language)
    scores = [0.0] * len(understanding.sentences)
    for section in understanding.sections:
        for rank, index in enumerate(section.quotes):
            scores[index] += 2.0 + (0.5 if rank == 0 else 0.0)
        for index in section.key_sentences:
            scores[index] += 0.8
        for index in {figure.sentence for figure in section.figures}:
            scores[index] += 1.0
    for sentence in understanding.sentences:
        if contrast.search(sentence.text.lower()):
            scores[sentence.index] += 0.5
    return scores


@dataclass(frozen=True)
class Window:
    section: int
    first: int
    last: int
    score: float


def section_windows(
    section: Section, sentences: list[Sentence], scores: list[float], language: str
) -> list[Window]:
    """Every run of sentences inside the section that makes an acceptable clip, with its score."""
    back_reference = _words_pattern(BACK_REFERENCE, language, anchored=True)
    windows = []
    for first in section.sentence_indices:
        if first > 0 and sentences[first - 1].text.rstrip().endswith(":"):
            continue  # the sentence before announces this one: it would start mid-thought
        opening = sentences[first].text
        if _bare_filler(sentences[first], language):
            continue  # a clip does not open on "Yeah."
        # A clip stands alone: it should open on a topic, a question or a key line, not on "And so it…".
        opening_penalty = 0.7 if back_reference.match(opening.lower()) else 0.0
        if first == section.first or first in section.key_sentences or opening.rstrip().endswith("?"):
            opening_penalty -= 0.5
        for last in range(first, section.last + 1):
            duration = _seconds(sentences[last].end) - _seconds(sentences[first].start)
            if duration > MAX_SECONDS:
                break
            if duration < MIN_SECONDS or not ends_well(sentences, scores, last, section.last):
                continue
            if _bare_filler(sentences[last], language):
                continue  # nor close on it
            total = sum(scores[first : last + 1]) - opening_penalty
            windows.append(Window(section.index, first, last, total / math.sqrt(duration / 45)))
    return [window for window in windows if window.score > 0]


def ends_well(sentences: list[Sentence], scores: list[float], last: int, section_last: int) -> bool:
    """Not on a question or a colon (the answer comes next), not right before a punchline."""
    if sentences[last].text.rstrip().endswith(("?", ":", "…", "...")):
        return False
    return last == section_last or scores[last + 1] < STRONG


def _bare_filler(sentence: Sentence, language: str) -> bool:
    """ "Yeah.", "Oui.", "Voilà.", "Okay, right.": one or two words that only acknowledge."""
    return sentence.words <= 2 and is_filler_only(sentence.text, language)


def windows_choose(candidates: list[Window]) -> list[Window]:
    """The best non-overlapping windows: one per section first, then a second where it is strong."""
    ranked = sorted(candidates, key=lambda w: (-w.score, w.first))
    chosen: list[Window] = []
    for per_section in range(1, PER_SECTION + 1):
        for window in ranked:
            if len(chosen) >= MAX_CLIPS:
                return chosen
            if len(chosen) >= MIN_CLIPS and window.score < KEEP_RATIO * ranked[0].score:
                break
            taken = sum(1 for c in chosen if c.section == window.section)
            overlaps = any(window.first <= c.last and c.first <= window.last for c in chosen)
            if taken < per_section and not overlaps:
                chosen.append(window)
    return chosen


# Titles.


def clip_make(
    number: int, section: Section, sentences: Sequence[Sentence], sections: Sequence[Section], score: float
) -> Clip:
    quotes = [i for s in sections for i in s.quotes]
    title = clip_title([s for s in sentences], quotes, section.title)
    return Clip(number, section.index, section.title, tuple(sentences), title, score)


def clip_title(sentences: Sequence[Sentence], quotes: Sequence[int], section_title: str) -> str:
    """The clip's best quote that fits whole (the understanding ranks them), else its best one shortened
    cleanly; else the section's title."""
    inside = {s.index: s for s in sentences}
    ranked = [_standalone(inside[i].text) for i in quotes if i in inside]
    whole = [text for text in ranked if len(text.rstrip(" .")) <= TITLE_CHARS]
    return shorten((whole or ranked or [section_title])[0], TITLE_CHARS)


# A title cannot lean on what came before: "And good enough beats…" reads "Good enough beats…".
LEADING_CONJUNCTION = {
    "fr": r"et|donc|alors|mais|puis|ou|bref",
    "en": r"and|so|but|then|or|well",
    "es": r"y|entonces|pero|pues|o",
    "it": r"e|quindi|allora|ma|poi|o",
    "de": r"und|also|dann|aber|oder",
}
_LEADING_CONJUNCTION = re.compile(
    rf"^(?:{'|'.join(sorted(set('|'.join(LEADING_CONJUNCTION.values()).split('|'))))}),?\s+(?=\w)", re.I
)


def _standalone(text: str) -> str:
    stripped = _LEADING_CONJUNCTION.sub("", text.strip(), count=1)
    return stripped[:1].upper() + stripped[1:]


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a clause, else a word, never inside one."""
    text = " ".join(text.split()).rstrip(" .")
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    clause = max(head.rfind(mark) for mark in (", ", "; ", ": ", " – ", " — "))
    if clause >= limit // 2:
        return head[:clause].rstrip(" ,;:–—") + "…"
    return head[: head.rfind(" ")].rstrip(" ,;:–—") + "…" if " " in head else head + "…"


def titles_make_unique(clips: list[Clip]) -> list[Clip]:
    seen: dict[str, int] = {}
    unique = []
    for clip in clips:
        seen[clip.title] = seen.get(clip.title, 0) + 1
        title = (
            clip.title
            if seen[clip.title] == 1
            else f"{shorten(clip.title, TITLE_CHARS - 4)} ({seen[clip.title]})"
        )
        unique.append(replace(clip, title=title))
    return unique


# Trimming.


def clip_trim(
    clip: Clip, start_sentence: int, end_sentence: int, *, sentences: Sequence[Sentence] | None = None
) -> Clip:
    """The clip from sentence `start_sentence` to `end_sentence` (indices in the script, inclusive).

    Within the clip's own sentences, or, given the script's `sentences`, reaching beyond them.
    """
    pool = {s.index: s for s in (sentences if sentences is not None else clip.sentences)}
    where = f"{clip.key} ({clip.title})"
    if start_sentence > end_sentence:
        raise ClipError(
            f"{where}: the first sentence ({start_sentence}) comes after the last ({end_sentence})"
        )
    missing = [i for i in (start_sentence, end_sentence) if i not in pool]
    if missing:
        span = f"{min(pool)}–{max(pool)}" if pool else "none"
        raise ClipError(
            f"{where}: sentence {missing[0]} is not a sentence boundary of this clip (sentences {span})"
        )
    chosen = tuple(pool[i] for i in range(start_sentence, end_sentence + 1) if i in pool)
    if len(chosen) != end_sentence - start_sentence + 1 or any(
        s.start is None or s.end is None for s in chosen
    ):
        raise ClipError(f"{where}: sentences {start_sentence}–{end_sentence} are not all timed")
    duration = _seconds(chosen[-1].end) - _seconds(chosen[0].start)
    if not MIN_SECONDS <= duration <= MAX_SECONDS:
        raise ClipError(
            f"{where}: sentences {start_sentence}–{end_sentence} last {duration:.1f} s; "
            f"a clip lasts {MIN_SECONDS:.0f} to {MAX_SECONDS:.0f} s"
        )
    title = clip.title
    if not any(s.text.rstrip(" .").startswith(clip.title.rstrip("…")) for s in chosen):
        title = clip.section_title[:TITLE_CHARS]  # the quote it was named after was trimmed away
    return replace(clip, sentences=chosen, title=title)


# Captions and the cut list.


@dataclass(frozen=True)
class Cue:
    start: float  # seconds from the clip's start
    end: float
    lines: tuple[str, ...]


def clip_cues(clip: Clip) -> list[Cue]:
    """Captions timed on the sentences, each ≤ 2 lines of ≤ 42 characters and ≤ 7 s."""
    cues = []
    for sentence in clip.sentences:
        start, end = _seconds(sentence.start) - clip.start, _seconds(sentence.end) - clip.start
        cues.extend(sentence_cues(sentence.text, max(start, 0.0), max(end, start)))
    return cues


def sentence_cues(text: str, start: float, end: float) -> list[Cue]:
    """The sentence cut into the fewest cues that fit the limits, timed in proportion to their length."""
    words = text.split() or [text]
    duration = end - start
    chunks = _chunks(words, duration)
    total = sum(len(" ".join(chunk)) + 1 for chunk in chunks)
    cues, cursor = [], start
    for chunk in chunks:
        length = duration * (len(" ".join(chunk)) + 1) / total
        lines = _lines(chunk) or tuple(textwrap.wrap(" ".join(chunk), LINE_CHARS))  # a 43+-letter word
        cues.append(Cue(round(cursor, 3), round(cursor + min(length, CUE_SECONDS), 3), lines))
        cursor += length
    return cues


def _chunks(words: list[str], duration: float) -> list[list[str]]:
    """The fewest chunks that each fit a cue, cut after punctuation where possible, of even sizes."""
    lengths = [len(word) + 1 for word in words]
    total = sum(lengths)
    seconds_per_char = duration / total if total else 0.0
    fewest = min(max(1, math.ceil(duration / CUE_SECONDS)), len(words))
    for count in range(fewest, len(words) + 1):
        target = total / count
        # best[k][j]: (cost, cuts) of the words before j in k chunks
        start: list[int] = []
        best: list[dict[int, tuple[float, list[int]]]] = [{0: (0.0, start)}, *({} for _ in range(count))]
        for k in range(1, count + 1):
            for j in range(1, len(words) + 1):
                options = []
                for i, (cost, cuts) in best[k - 1].items():
                    if i >= j or _lines(words[i:j]) is None:
                        continue
                    size = sum(lengths[i:j])
                    if size * seconds_per_char > CUE_SECONDS + 0.001 and j - i > 1:
                        continue
                    pause = 0.0 if j == len(words) or words[j - 1][-1] in ',;:.!?–—)»"' else 0.5
                    options.append((cost + ((size - target) / target) ** 2 + pause, [*cuts, j]))
                if options:
                    best[k][j] = min(options, key=lambda option: option[0])
        if len(words) in best[count]:
            cuts = [0, *best[count][len(words)][1]]
            return [words[a:b] for a, b in itertools.pairwise(cuts)]
    return [[word] for word in words]


def _lines(words: list[str]) -> tuple[str, ...] | None:
    """The words on one line, or two of even length (broken after punctuation if it costs little)."""
    text = " ".join(words)
    if len(text) <= LINE_CHARS:
        return (text,)
    splits = []
    for i in range(1, len(words)):
        first, second = " ".join(words[:i]), " ".join(words[i:])
        if len(first) <= LINE_CHARS and len(second) <= LINE_CHARS:
            punctuation = 6 if first[-1] in ",;:.!?" else 0
            splits.append((max(len(first), len(second)) - punctuation, (first, second)))
    return min(splits)[1] if splits else None


def srt_text(cues: Sequence[Cue]) -> str:
    return "".join(
        f"{number}\n{timecode(cue.start, ',')} --> {timecode(cue.end, ',')}\n" + "\n".join(cue.lines) + "\n\n"
        for number, cue in enumerate(cues, start=1)
    )


def timecode(seconds: float, decimal: str = ".") -> str:
    """HH:MM:SS.mmm (SRT wants a comma before the milliseconds)."""
    millis = round(max(seconds, 0.0) * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{decimal}{millis:03d}"


def cut_list_csv(clips: Sequence[Clip]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["clip", "start", "end", "duration", "title", "first words", "last words"])
    for clip in clips:
        first_words = " ".join(clip.sentences[0].text.split()[:6])
        last_words = " ".join(clip.sentences[-1].text.split()[-6:])
        writer.writerow(
            [
                clip.number,
                timecode(clip.start),
                timecode(clip.end),
                timecode(clip.duration),
                clip.title,
                first_words,
                last_words,
            ]
        )
    return out.getvalue()


def clip_asset(clip: Clip) -> Asset:
    cues = clip_cues(clip)
    checks = [
        Check(
            "duration",
            MIN_SECONDS <= clip.duration <= MAX_SECONDS,
            f"{clip.duration:.1f} s (aim: {MIN_SECONDS:.0f}–{MAX_SECONDS:.0f} s)",
        ),
        Check(
            "title_length",
            len(clip.title) <= TITLE_CHARS,
            f"{len(clip.title)} characters (max {TITLE_CHARS})",
        ),
        Check(
            "captions",
            all(
                len(c.lines) <= CUE_LINES
                and max(map(len, c.lines)) <= LINE_CHARS
                and c.end - c.start <= CUE_SECONDS + 0.001
                for c in cues
            ),
            f"{len(cues)} captions: ≤ {CUE_LINES} lines of ≤ {LINE_CHARS} characters, ≤ {CUE_SECONDS:.0f} s",
        ),
    ]
    return Asset(
        kind="clip",
        key=clip.key,
        title=clip.title,
        files={clip.srt_name: srt_text(cues)},
        meta=clip.as_dict(),
        checks=checks,
    )


# Cutting the video.


@dataclass
class CutResult:
    files: list[Path]
    notes: list[str] = field(default_factory=list)


def clips_cut(
    video: Path | str, clips: Sequence[Clip], out_dir: Path | str, *, ffmpeg: str = "ffmpeg"
) -> CutResult:
    """One MP4 per clip, cut frame-accurately; a note rather than an error when ffmpeg is not installed.

    Re-encoded rather than stream-copied: a copy can only start on a keyframe, often seconds away
    from the sentence's start, so the clip would open mid-sentence and its captions drift.
    """
    binary = shutil.which(ffmpeg)
    if binary is None:
        return CutResult(
            [], ["Video clips not cut: ffmpeg is not installed (the cut list and captions are there)."]
        )
    video, out_dir = Path(video), Path(out_dir)
    if not video.is_file():
        raise ClipError(f"{video}: no such video file")
    out_dir.mkdir(parents=True, exist_ok=True)
    return CutResult([clip_cut(binary, video, clip, out_dir) for clip in clips])


def clip_cut(binary: str, video: Path, clip: Clip, out_dir: Path) -> Path:
    target = out_dir / f"{clip.key}.mp4"
    command = [
        binary,
        "-nostdin",
        "-hide_banner",
        "-loglevel",
        "error",
        "-y",
        # -ss before -i seeks fast, and exactly since we re-encode; the output then starts at 0, so -t.
        "-ss",
        f"{clip.start:.3f}",
        "-i",
        str(video),
        "-t",
        f"{clip.duration:.3f}",
        "-map",
        "0:v:0?",
        "-map",
        "0:a:0?",
        "-c:v",
        "libx264",
        "-preset",
        "veryfast",
        "-crf",
        "21",
        "-pix_fmt",
        "yuv420p",
        "-c:a",
        "aac",
        "-b:a",
        "128k",
        "-movflags",
        "+faststart",
        str(target),
    ]
    timeout = 60 + 10 * clip.duration  # re-encoding runs well above real time; this catches a hang
    try:
        subprocess.run(command, check=True, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        target.unlink(missing_ok=True)
        raise ClipError(
            f"{clip.key}: ffmpeg did not finish cutting {video.name} within {timeout:.0f} s"
        ) from None
    except subprocess.CalledProcessError as error:
        target.unlink(missing_ok=True)
        detail = (error.stderr or "").strip().splitlines()[-1:] or [f"exit status {error.returncode}"]
        raise ClipError(f"{clip.key}: ffmpeg could not cut {video.name}: {detail[0]}") from None
    return target


def _seconds(value: float | None) -> float:
    if value is None:
        raise ClipError("a clip needs timed sentences")
    return value


def _words_pattern(patterns: dict[str, str], language: str, *, anchored: bool = False) -> re.Pattern[str]:
    pattern = patterns.get(language, patterns["en"])
    prefix = "^" if anchored else r"(?<![\w'’])"
    return re.compile(rf"{prefix}(?:{pattern})(?![\w'’])")
