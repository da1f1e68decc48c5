"""Cutting the clips out of the video with ffmpeg, one MP4 per clip.

Without ffmpeg installed the pack keeps its captions and cut list and says why no video was cut;
a missing video, an ffmpeg failure or a hang raises `ClipError` and leaves no half-written file.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .clip import Clip, ClipError


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
