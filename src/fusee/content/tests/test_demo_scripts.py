"""The demo webinar scripts: their length and shape, and transcripts that match them word for word."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import webvtt

DEMO = Path(__file__).resolve().parent.parent / "demo"
LANGUAGES = ("en", "fr")
WORD = re.compile(r"\w+(?:['’-]\w+)*")
# What the speakers said but the script does not: fillers, stutters and false starts.
TICS = {
    "en": (("you", "know"), ("i", "mean"), ("um",), ("uh",)),
    "fr": (("vous", "voyez"), ("tu", "vois"), ("du", "coup"), ("voilà",), ("euh",), ("ben",)),
}
REPEAT = 3  # a stutter or false start repeats at most this many words ("we run… we run three")


def script(language: str) -> str:
    return (DEMO / f"webinar_{language}.md").read_text(encoding="utf-8")


def captions(language: str) -> list[webvtt.Caption]:
    return list(webvtt.read(str(DEMO / f"webinar_{language}.vtt")).captions)


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def skipped(said: list[str], i: int, expected: list[str], position: int, language: str) -> int:
    """How many words at said[i] are a tic, or a repeat of the script's last words (0: neither)."""
    for tic in TICS[language]:
        if tuple(said[i : i + len(tic)]) == tic:
            return len(tic)
    for size in range(1, min(REPEAT, position) + 1):
        if said[i : i + size] == expected[position - size : position]:
            return size
    return 0


def follow(said: list[str], expected: list[str], position: int, language: str) -> int:
    """Where the script resumes after these spoken words; an AssertionError if they stray from it."""
    i = 0
    while i < len(said):
        if position < len(expected) and said[i] == expected[position]:
            i, position = i + 1, position + 1
            continue
        skip = skipped(said, i, expected, position, language)
        assert skip, f"{said[i]!r} is not the script's next word, a tic or a repeat"
        i += skip
    return position


def transcript(language: str) -> list[tuple[str, int]]:
    """Each spoken cue, with how many of the script's words it says."""
    body = "\n".join(line for line in script(language).splitlines() if not line.startswith("#"))
    expected, position, said = words(body), 0, []
    for number, cue in enumerate(captions(language), start=1):
        if cue.text.startswith("["):  # [Laughter], [Rires]
            continue
        try:
            after = follow(words(cue.text), expected, position, language)
        except AssertionError as error:
            raise AssertionError(f"cue {number} ({cue.text!r}): {error}") from None
        said.append((cue.text, after - position))
        position = after
    assert position == len(expected), f"the transcript stops at word {position} of {len(expected)}"
    return said


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_keeps_each_script_around_4000_words(language):
    words = [token for token in script(language).split() if WORD.search(token)]

    assert 3800 <= len(words) <= 4300


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_gives_each_script_a_title_and_six_sections(language):
    lines = script(language).splitlines()

    assert lines[0].startswith("# ")
    assert len([line for line in lines if line.startswith("## ")]) == 6
    assert any(line.startswith("### ") for line in lines)


def test_it_sets_the_french_script_in_french_typography():
    text = script("fr")

    assert not re.search(r"\S[:;?!](?=\s|$)", text)  # a space, never glued, before : ; ? !
    assert not re.search(r" [:;?!]", text)  # … and a non-breaking one
    assert text.count("«\u00a0") == text.count("\u00a0»") > 0


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_times_the_transcript_forward_over_a_half_hour_session(language):
    cues = captions(language)
    starts = [cue.start_in_seconds for cue in cues]

    assert all(cue.start_in_seconds < cue.end_in_seconds for cue in cues)
    assert all(cue.end_in_seconds <= after for cue, after in zip(cues, starts[1:], strict=False))
    assert starts == sorted(set(starts))
    assert 24 * 60 <= cues[-1].end_in_seconds <= 32 * 60


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_transcribes_the_script_word_for_word_apart_from_oral_tics(language):
    said = transcript(language)

    assert all(count > 0 for _, count in said)


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_sounds_spoken_with_a_moderate_amount_of_tics(language):
    said = transcript(language)
    with_tics = [text for text, count in said if len(words(text)) > count]

    assert len(said) / 5 <= len(with_tics) <= len(said) / 2.5
