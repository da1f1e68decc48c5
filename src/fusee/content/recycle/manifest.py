"""The pack's manifest.json: what the pack holds, where it came from, and what it left out."""

from __future__ import annotations

from typing import Any

from fusee.content.understanding import Section, Understanding
from fusee.content.writing.assets import Asset

from .steps import PackState

FORMAT = 1


def manifest_build(state: PackState, *, reserved: dict[str, str]) -> dict[str, Any]:
    understanding = state.understood
    script = understanding.script
    return {
        "format": FORMAT,
        "title": script.title,
        "language": understanding.language,
        "writer": state.writer,
        "source": {
            "file": state.source_path.name,
            "kind": str(script.source_kind),
            "timestamped": script.timestamped,
            "sentences": len(understanding.sentences),
            "words": sum(s.words for s in understanding.sentences),
            "video": state.video.name if state.video else None,
        },
        "files": reserved,
        "sections": [section_entry(understanding, section) for section in understanding.sections],
        "assets": [asset_entry(asset) for asset in state.assets],
        "checks": [check.as_dict() for check in state.checks],
        # The understanding's notes, which the writers add to (fewer articles…), then the steps'.
        "notes": list(dict.fromkeys([*understanding.notes, *state.notes])),
    }


def section_entry(understanding: Understanding, section: Section) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "index": section.index,
        "title": section.title,
        "title_source": section.title_source,
        "sentences": {"first": section.first, "last": section.last},
        "keywords": section.keywords,
        "words": sum(understanding.sentences[i].words for i in section.sentence_indices),
    }
    if understanding.script.timestamped:
        entry["time"] = {"start": section.start, "end": section.end}
    return entry


def asset_entry(asset: Asset) -> dict[str, Any]:
    return {
        "kind": asset.kind,
        "key": asset.key,
        "title": asset.title,
        "files": list(asset.files),
        "ok": asset.ok,
        "checks": [check.as_dict() for check in asset.checks],
        "meta": asset.meta,
    }
