"""A clip and its limits: the run of timed sentences it is, and how a reviewer may trim it.

Every clip lasts 30 to 90 s and starts and ends on sentence boundaries; the limits here are the
ones that choosing, the checks and the review all hold a clip to. A trim that breaks them raises
`ClipError`, whose message says which clip and why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from fusee.content.understanding.model import Sentence
from fusee.core.errors import DomainError

MIN_SECONDS, MAX_SECONDS = 30.0, 90.0
MIN_CLIPS, MAX_CLIPS = 5, 8
TITLE_CHARS = 70


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
        return seconds(self.sentences[0].start)

    @property
    def end(self) -> float:
        return seconds(self.sentences[-1].end)

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
    duration = seconds(chosen[-1].end) - seconds(chosen[0].start)
    if not MIN_SECONDS <= duration <= MAX_SECONDS:
        raise ClipError(
            f"{where}: sentences {start_sentence}–{end_sentence} last {duration:.1f} s; "
            f"a clip lasts {MIN_SECONDS:.0f} to {MAX_SECONDS:.0f} s"
        )
    title = clip.title
    if not any(s.text.rstrip(" .").startswith(clip.title.rstrip("…")) for s in chosen):
        title = clip.section_title[:TITLE_CHARS]  # the quote it was named after was trimmed away
    return replace(clip, sentences=chosen, title=title)


def seconds(value: float | None) -> float:
    if value is None:
        raise ClipError("a clip needs timed sentences")
    return value
