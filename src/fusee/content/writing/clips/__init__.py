"""Short video clips from a timestamped transcript: the strongest passages, their captions and a cut list.

A clip is a run of consecutive sentences, so it starts and ends on sentence boundaries and never
stops right before the line people would share (the quote or the figure that follows is taken in
rather than left out). Clips are chosen by what their sentences hold (quotes, figures, contrast,
key sentences), at most two per section so the clips cover the talk, and never overlap.

`clip` holds the clip, its limits and trimming, `choosing` the passages and titles, `captions`
the SRT, checks and cut list, `cutting` the ffmpeg cut.
"""

from .captions import (
    CUE_LINES,
    CUE_SECONDS,
    CUT_LIST,
    LINE_CHARS,
    ClipPlan,
    Cue,
    clip_asset,
    clip_cues,
    cut_list_csv,
    sentence_cues,
    srt_text,
    timecode,
)
from .choosing import (
    KEEP_RATIO,
    LEADING_CONJUNCTION,
    PER_SECTION,
    STRONG,
    Window,
    clip_make,
    clip_title,
    clips_find,
    ends_well,
    section_windows,
    sentence_scores,
    shorten,
    titles_make_unique,
    windows_choose,
)
from .clip import MAX_CLIPS, MAX_SECONDS, MIN_CLIPS, MIN_SECONDS, TITLE_CHARS, Clip, ClipError, clip_trim
from .cutting import CutResult, clip_cut, clips_cut

__all__ = [
    "CUE_LINES",
    "CUE_SECONDS",
    "CUT_LIST",
    "KEEP_RATIO",
    "LEADING_CONJUNCTION",
    "LINE_CHARS",
    "MAX_CLIPS",
    "MAX_SECONDS",
    "MIN_CLIPS",
    "MIN_SECONDS",
    "PER_SECTION",
    "STRONG",
    "TITLE_CHARS",
    "Clip",
    "ClipError",
    "ClipPlan",
    "Cue",
    "CutResult",
    "Window",
    "clip_asset",
    "clip_cues",
    "clip_cut",
    "clip_make",
    "clip_title",
    "clip_trim",
    "clips_cut",
    "clips_find",
    "cut_list_csv",
    "ends_well",
    "section_windows",
    "sentence_cues",
    "sentence_scores",
    "shorten",
    "srt_text",
    "timecode",
    "titles_make_unique",
    "windows_choose",
]
