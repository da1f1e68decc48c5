"""What a clip ships with: its captions as SRT, its checks, and the pack's cut list.

Captions are timed on the sentences, each at most two lines of 42 characters and 7 seconds, cut
after punctuation where it costs little. The cut list is a CSV an editor can follow by hand,
with each clip's timecodes and its first and last words.
"""

from __future__ import annotations

import csv
import io
import itertools
import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..assets import Asset, Check
from .clip import MAX_CLIPS, MAX_SECONDS, MIN_CLIPS, MIN_SECONDS, TITLE_CHARS, Clip, seconds

LINE_CHARS, CUE_LINES, CUE_SECONDS = 42, 2, 7.0
CUT_LIST = "clips/cut-list.csv"


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


@dataclass(frozen=True)
class Cue:
    start: float  # seconds from the clip's start
    end: float
    lines: tuple[str, ...]


def clip_cues(clip: Clip) -> list[Cue]:
    """Captions timed on the sentences, each ≤ 2 lines of ≤ 42 characters and ≤ 7 s."""
    cues = []
    for sentence in clip.sentences:
        start, end = seconds(sentence.start) - clip.start, seconds(sentence.end) - clip.start
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
