import csv
import io
import itertools
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from fusee.content.understanding.model import Sentence
from fusee.content.understanding.pipeline import understand_file
from fusee.content.writing.clips import (
    STRONG,
    Clip,
    ClipError,
    clip_cues,
    clip_trim,
    clips_cut,
    clips_find,
    cut_list_csv,
    sentence_cues,
    sentence_scores,
    shorten,
    srt_text,
)

CONTENT = Path(__file__).resolve().parents[1]
TIMECODE = re.compile(r"^\d\d:\d\d:\d\d\.\d{3}$")
SRT_TIME = re.compile(r"^(\d\d):(\d\d):(\d\d),(\d{3}) --> (\d\d):(\d\d):(\d\d),(\d{3})$")


@pytest.fixture(scope="module")
def webinar():
    return understand_file(CONTENT / "demo" / "webinar_en.vtt")


@pytest.fixture(scope="module")
def plan(webinar):
    return clips_find(webinar)


def srt_cues(text: str) -> list[tuple[float, float, list[str]]]:
    cues = []
    for block in text.strip().split("\n\n"):
        _number, times, *lines = block.split("\n")
        parts = [int(p) for p in SRT_TIME.match(times).groups()]
        start = parts[0] * 3600 + parts[1] * 60 + parts[2] + parts[3] / 1000
        end = parts[4] * 3600 + parts[5] * 60 + parts[6] + parts[7] / 1000
        cues.append((start, end, lines))
    return cues


def test_it_finds_five_to_eight_passages_of_30_to_90_seconds_made_of_whole_sentences(webinar, plan):
    assert 5 <= len(plan.clips) <= 8 and plan.notes == []
    for clip in plan.clips:
        assert 30 <= clip.duration <= 90
        assert [s.index for s in clip.sentences] == list(range(clip.first, clip.last + 1))
        assert (clip.start, clip.end) == (
            webinar.sentences[clip.first].start,
            webinar.sentences[clip.last].end,
        )
    ordered = sorted(plan.clips, key=lambda c: c.first)
    assert ordered == plan.clips
    assert all(a.last < b.first for a, b in itertools.pairwise(ordered))  # no overlap
    per_section = [c.section for c in plan.clips]
    assert max(per_section.count(s) for s in per_section) <= 2
    assert len(set(per_section)) >= 5  # spread over the talk


def test_it_never_stops_a_clip_before_its_punchline_or_on_a_question(webinar, plan):
    scores = sentence_scores(webinar)
    for clip in plan.clips:
        section = webinar.sections[clip.section]
        assert not clip.sentences[-1].text.rstrip().endswith(("?", ":"))
        if clip.last < section.last:
            assert scores[clip.last + 1] < STRONG, clip.title
        assert any(scores[s.index] >= STRONG for s in clip.sentences)  # each clip holds a quote or a figure


def test_it_titles_each_clip_with_its_quote_or_section_in_70_characters(webinar, plan):
    quotes = {webinar.sentences[i].text.rstrip(".") for s in webinar.sections for i in s.quotes}
    titles = [clip.title for clip in plan.clips]
    assert len(set(titles)) == len(titles)
    assert all(0 < len(title) <= 70 for title in titles)
    assert "Good enough applied to 40,000 people beats perfect applied to nobody" in titles  # "And" dropped
    assert (
        sum(any(q.endswith(t.rstrip("…")) or q.startswith(t.rstrip("…")) for q in quotes) for t in titles)
        >= 5
    )


def test_it_shortens_a_title_at_a_clause_or_a_word_never_inside_one():
    assert shorten("Short and sweet.", 70) == "Short and sweet"
    long = "Across 6,000 contacts in our retail track, the plain letter got 38% more clicks and twice as many"
    assert shorten(long, 70) == "Across 6,000 contacts in our retail track…"
    assert shorten("word " * 30, 70).endswith("word…") and len(shorten("word " * 30, 70)) <= 70


def test_it_gives_no_clips_and_says_why_for_a_script_without_times():
    plan = clips_find(understand_file(CONTENT / "samples" / "webinar-pipeline.en.md"))
    assert plan.clips == [] and plan.assets() == []
    assert "no timestamps" in plan.notes[0]


def test_it_captions_each_clip_from_zero_in_short_cues_that_hold_every_word(plan):
    for clip in plan.clips:
        cues = srt_cues(srt_text(clip_cues(clip)))
        assert cues[0][0] == 0.0
        assert abs(cues[-1][1] - clip.duration) < 0.01
        for start, end, lines in cues:
            assert 0 < end - start <= 7.0 and 1 <= len(lines) <= 2
            assert all(len(line) <= 42 for line in lines)
        assert all(a[1] <= b[0] + 0.001 for a, b in itertools.pairwise(cues))  # in order, no overlap
        words = " ".join(" ".join(lines) for _s, _e, lines in cues).split()
        assert words == " ".join(s.text for s in clip.sentences).split()


def test_it_splits_a_long_sentence_after_its_commas_and_shares_its_time():
    text = (
        "No industry on the record, a personal email address, one download three years ago, "
        "and nobody from sales who remembers them."
    )
    cues = sentence_cues(text, 10.0, 30.0)
    assert len(cues) >= 3 and cues[0].start == 10.0 and abs(cues[-1].end - 30.0) < 0.01
    assert all(cue.end - cue.start <= 7.0 for cue in cues)
    assert [line for cue in cues[:-1] for line in cue.lines][-1].endswith(",")


def test_it_writes_a_cut_list_with_one_row_per_clip(plan):
    rows = list(csv.DictReader(io.StringIO(cut_list_csv(plan.clips))))
    assert [int(row["clip"]) for row in rows] == [clip.number for clip in plan.clips]
    for row, clip in zip(rows, plan.clips, strict=True):
        assert all(TIMECODE.match(row[key]) for key in ("start", "end", "duration"))
        assert row["title"] == clip.title
        assert clip.sentences[0].text.startswith(row["first words"])
        assert clip.sentences[-1].text.endswith(row["last words"])
    assets = plan.assets()
    assert [a.key for a in assets] == [*(f"clip-{c.number}" for c in plan.clips), "cut-list"]
    assert all(asset.ok for asset in assets), [c for a in assets for c in a.failed]


def test_it_trims_a_clip_on_sentence_boundaries_and_refuses_anything_else(webinar, plan):
    clip = max(plan.clips, key=lambda c: c.duration)
    for last in range(clip.last - 1, clip.first, -1):
        if 30 <= webinar.sentences[last].end - clip.start <= 90:
            break
    trimmed = clip_trim(clip, clip.first, last)
    assert (trimmed.last, trimmed.end) == (last, webinar.sentences[last].end)
    assert srt_cues(srt_text(clip_cues(trimmed)))[-1][1] == pytest.approx(trimmed.duration, abs=0.01)
    with pytest.raises(ClipError, match=r"last \d+\.\d s; a clip lasts 30 to 90 s"):
        clip_trim(clip, clip.last, clip.last)
    with pytest.raises(ClipError, match="not a sentence boundary of this clip"):
        clip_trim(clip, clip.first, clip.last + 1)
    with pytest.raises(ClipError, match="comes after"):
        clip_trim(clip, clip.last, clip.first)
    extended = clip_trim(trimmed, clip.first, clip.last, sentences=webinar.sentences)
    assert extended.sentences == clip.sentences


def timed(index: int, start: float, end: float, text: str) -> Sentence:
    return Sentence(index=index, text=text, raw=text, block=index, last_block=index, start=start, end=end)


def test_it_leaves_cutting_to_later_when_ffmpeg_is_not_installed(tmp_path):
    clip = Clip(1, 0, "Intro", (timed(0, 1.0, 40.0, "One sentence."),), "Intro")
    result = clips_cut(tmp_path / "video.mp4", [clip], tmp_path, ffmpeg="no-such-ffmpeg-here")
    assert result.files == [] and "ffmpeg is not installed" in result.notes[0]


FFMPEG = shutil.which("ffmpeg")


@pytest.mark.ffmpeg
def test_it_cuts_each_clip_from_the_video_with_ffmpeg(tmp_path):
    video = tmp_path / "webinar.mp4"
    assert FFMPEG is not None
    subprocess.run(
        [
            FFMPEG,
            "-nostdin",
            "-loglevel",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc=size=160x120:rate=10",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:sample_rate=8000",
            "-t",
            "180",
            "-g",
            "50",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-c:a",
            "aac",
            "-shortest",
            str(video),
        ],
        check=True,
        timeout=120,
    )
    sentences = (
        timed(0, 12.34, 30.0, "First."),
        timed(1, 30.1, 47.5, "Second."),
        timed(2, 120.0, 155.25, "Third."),
    )
    clips = [Clip(1, 0, "A", sentences[:2], "A"), Clip(2, 1, "B", sentences[2:], "B")]
    result = clips_cut(video, clips, tmp_path / "out")
    assert [path.name for path in result.files] == ["clip-1.mp4", "clip-2.mp4"] and result.notes == []
    for path, clip in zip(result.files, clips, strict=True):
        probe = subprocess.run(
            ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(path)],
            check=True,
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert float(probe.stdout) == pytest.approx(clip.duration, abs=0.15)
    (tmp_path / "broken.mp4").write_bytes(b"not a video at all")
    with pytest.raises(ClipError, match=r"clip-1: ffmpeg could not cut broken\.mp4"):
        clips_cut(tmp_path / "broken.mp4", clips[:1], tmp_path / "out")
    assert not (tmp_path / "out" / "clip-1.mp4").exists()  # no half-written clip left behind
    with pytest.raises(ClipError, match="no such video file"):
        clips_cut(tmp_path / "missing.mp4", clips, tmp_path / "out")


def test_it_describes_each_clip_for_the_manifest(plan):
    clip = plan.clips[0]
    assert clip.as_dict()["sentences"] == [clip.first, clip.last]
    assert replace(clip, number=9).key == "clip-9"
