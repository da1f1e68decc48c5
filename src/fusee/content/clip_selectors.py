"""Reads of the clip review: each clip as it stands now, the sentences it can be trimmed to.

A clip's facts (sentences, times, title) are the generated ones in `Asset.meta`, or, once it is
trimmed, those of the trim in `meta["trim"]`. The script's sentences are cut again from the
stored script when a trim or a cut needs them: the same reading and splitting as the pack
(deterministic), without the slower sectioning and scoring.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from fusee.content.models import Asset, AssetFile, ClipStatus, Recycling
from fusee.content.understanding.inputs import read_script
from fusee.content.understanding.model import Sentence
from fusee.content.understanding.sentences import split_sentences
from fusee.content.writing.clips import Clip, ClipError

EDGE_WORDS = 6  # as many as the cut list shows
_SRT_TIMING = re.compile(r"^\d+$|-->")


@dataclass(frozen=True)
class ClipRow:
    """One clip on the review page."""

    asset: Asset
    number: int
    section: int
    first: int  # sentence indices in the script, inclusive
    last: int
    start: float
    end: float
    duration: float
    first_words: str
    last_words: str
    trimmed: bool
    has_video: bool

    @property
    def status(self) -> str:
        return self.asset.clip_status

    @property
    def start_clock(self) -> str:
        return clock(self.start)

    @property
    def end_clock(self) -> str:
        return clock(self.end)


def clock(seconds: float | None) -> str:
    """m:ss, as a video editor shows a time."""
    whole = round(seconds or 0.0)
    return f"{whole // 60}:{whole % 60:02d}"


def clip_assets(recycling: Recycling) -> QuerySet[Asset]:
    return recycling.assets.filter(kind="clip").select_related("current").order_by("position", "id")


def clip_facts(asset: Asset) -> dict[str, Any]:
    """The generated facts, overridden by those of the last trim."""
    return {**asset.meta, **asset.meta.get("trim", {})}


def clip_rows(recycling: Recycling) -> list[ClipRow]:
    assets = list(clip_assets(recycling))
    files = AssetFile.objects.filter(version_id__in=[a.current_id for a in assets if a.current_id])
    captions = {f.version_id: f.text or "" for f in files if f.name.endswith(".srt")}
    videos = {f.version_id for f in files if f.name.endswith(".mp4")}
    return [clip_row(asset, captions.get(asset.current_id or 0, ""), asset.current_id in videos)
            for asset in assets]


def clip_row(asset: Asset, srt: str, has_video: bool = False) -> ClipRow:
    facts = clip_facts(asset)
    words = srt_words(srt)
    first, last = facts.get("sentences", [0, 0])
    return ClipRow(
        asset=asset, number=int(facts.get("number", 0)), section=int(facts.get("section", 0)),
        first=int(first), last=int(last), start=float(facts.get("start", 0.0)),
        end=float(facts.get("end", 0.0)), duration=float(facts.get("duration", 0.0)),
        first_words=" ".join(words[:EDGE_WORDS]), last_words=" ".join(words[-EDGE_WORDS:]),
        trimmed="trim" in asset.meta, has_video=has_video,
    )


def srt_words(srt: str) -> list[str]:
    """The words of the captions, in order (the cues hold the clip's sentences, cut at spaces)."""
    lines = (line.strip() for line in srt.splitlines())
    return " ".join(line for line in lines if line and not _SRT_TIMING.search(line)).split()


def script_sentences(recycling: Recycling) -> list[Sentence]:
    """The script's sentences with their times, numbered as in the pack."""
    language = recycling.detected_language or recycling.language or None
    sentences, _report = split_sentences(read_script(recycling.script.path, language=language))
    return sentences


def section_of(recycling: Recycling, index: int) -> dict[str, Any]:
    sections = (recycling.manifest or {}).get("sections", [])
    if not 0 <= index < len(sections):
        raise ClipError(f"section {index}: not in this pack")
    return sections[index]


def section_sentences(recycling: Recycling, index: int, sentences: list[Sentence]) -> list[Sentence]:
    span = section_of(recycling, index)["sentences"]
    return sentences[span["first"] : span["last"] + 1]


def clip_rebuild(recycling: Recycling, asset: Asset, sentences: list[Sentence]) -> Clip:
    """The writer's Clip for the asset as it stands now (trim included), with its timed sentences."""
    facts = clip_facts(asset)
    first, last = facts["sentences"]
    section = int(facts["section"])
    return Clip(
        number=int(facts["number"]), section=section, section_title=section_of(recycling, section)["title"],
        sentences=tuple(sentences[first : last + 1]), title=str(facts.get("title", asset.title)),
        score=float(facts.get("score", 0.0)),
    )


def clips_kept(recycling: Recycling, sentences: list[Sentence]) -> list[Clip]:
    """Every clip not rejected, in time order: what the cut list holds."""
    assets = clip_assets(recycling).exclude(clip_status=ClipStatus.REJECTED)
    return sorted((clip_rebuild(recycling, a, sentences) for a in assets), key=lambda clip: clip.start)


def can_cut(recycling: Recycling) -> bool:
    """A video was uploaded and ffmpeg is installed: the approved clips can be cut here."""
    return bool(recycling.video) and shutil.which("ffmpeg") is not None
