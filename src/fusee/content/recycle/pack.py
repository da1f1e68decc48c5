"""Build a pack: run the steps, then write every asset, an index page, a manifest and a zip.

The pack is written into a temporary folder next to `out_dir` and renamed into place at the
end, so `out_dir` is either the previous pack or the complete new one, never half of one.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from fusee.content.writing.llm import llm_configured
from fusee.core.errors import DomainError

from .index import index_html
from .manifest import manifest_build
from .steps import DEFAULT_SITE, WRITERS, PackSettings, PackState, Step

Progress = Callable[[int, int], None]
INDEX, MANIFEST, ZIP = "index.html", "manifest.json", "pack.zip"
RESERVED = {INDEX, MANIFEST, ZIP}
ZIP_TIME = (2000, 1, 1, 0, 0, 0)  # fixed, so the same pack gives the same zip


class PackError(DomainError):
    """A pack that cannot be built; the message says why."""


@dataclass
class Pack:
    out_dir: Path
    state: PackState
    manifest: dict[str, Any]

    @property
    def zip_path(self) -> Path:
        return self.out_dir / ZIP

    @property
    def assets(self) -> list:
        return self.state.assets


def writers_available() -> list[str]:
    """The writers this server can run: llm once its endpoint and model are configured."""
    return [writer for writer in WRITERS if writer != "llm" or llm_configured()]


def pack_build(
    *,
    source_path: Path | str,
    language: str | None = None,
    writer: str = "extractive",
    video: Path | str | None = None,
    out_dir: Path | str,
    progress: Progress | None = None,
    settings: PackSettings | None = None,
) -> Pack:
    steps = steps_for(writer)
    source_path, out_dir = Path(source_path), Path(out_dir)
    video_path = Path(video) if video else None
    if video_path is not None and not video_path.is_file():
        raise PackError(f"{video_path}: no such video file")
    if out_dir.exists() and not out_dir.is_dir():
        raise PackError(f"{out_dir}: exists and is not a folder")
    state = PackState(source_path, language or None, writer, video_path, settings or PackSettings())
    total = len(steps) + 1
    for done, step in enumerate(steps):
        report(progress, done, total)
        step.run(state)
    if state.settings.site_url == DEFAULT_SITE:
        state.notes.append(
            f"Links point to {DEFAULT_SITE}: set the workspace's website (or --site) for real ones."
        )
    manifest = manifest_build(state, reserved={"index": INDEX, "manifest": MANIFEST, "zip": ZIP})
    folder_write(state, manifest, out_dir)
    report(progress, total, total)
    return Pack(out_dir, state, manifest)


def steps_for(writer: str) -> list[Step]:
    if writer == "llm" and not llm_configured():
        raise PackError("the llm writer is not available yet: set FUSEE_LLM_BASE_URL and FUSEE_LLM_MODEL "
                        "(an OpenAI-compatible endpoint), or use the extractive writer")
    try:
        return WRITERS[writer]
    except KeyError:
        raise PackError(f"unknown writer {writer!r} (one of {', '.join(WRITERS)})") from None


def report(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)


def folder_write(state: PackState, manifest: dict[str, Any], out_dir: Path) -> None:
    """Everything into a sibling temporary folder, then one rename into place."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        for asset in state.assets:
            for name, data in asset.files.items():
                file_write(work, name, data)
        (work / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        (work / INDEX).write_text(index_html(manifest), encoding="utf-8")
        zip_write(work, work / ZIP)
        folder_replace(work, out_dir)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def file_write(root: Path, name: str, data: str | bytes) -> None:
    target = root / safe_name(name)
    if target.exists():
        raise PackError(f"two assets write the same file {name!r}")
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        target.write_bytes(data)
    else:
        target.write_text(data, encoding="utf-8")


def safe_name(name: str) -> PurePosixPath:
    """A writer's file name, refused if it would land outside the pack or on its own files."""
    path = PurePosixPath(name)
    if not name or path.is_absolute() or ".." in path.parts or "\\" in name or str(path) in RESERVED:
        raise PackError(f"an asset cannot be written as {name!r}")
    return path


def zip_write(root: Path, target: Path) -> None:
    files = sorted(p for p in root.rglob("*") if p.is_file() and p != target)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            info = zipfile.ZipInfo(path.relative_to(root).as_posix(), date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())


def folder_replace(work: Path, out_dir: Path) -> None:
    """Move the finished folder into place; an older pack there goes only once the new one is in."""
    if not out_dir.exists():
        os.replace(work, out_dir)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old.", dir=out_dir.parent))
    os.replace(out_dir, old / "pack")
    try:
        os.replace(work, out_dir)
    except OSError:
        os.replace(old / "pack", out_dir)
        raise
    finally:
        shutil.rmtree(old, ignore_errors=True)
