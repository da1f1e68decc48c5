import pytest

from fusee.content.understanding import Block, BlockKind, Script, SourceKind
from fusee.content.understanding.sentences import split_sentences


def cue(text: str, start: float, end: float, speaker: str = "") -> Block:
    return Block(BlockKind.CUE, text, start=start, end=end, speaker=speaker)


def test_it_keeps_each_sentence_in_its_paragraph_and_numbers_them():
    script = Script(
        "t",
        [
            Block(BlockKind.HEADING, "Intro", level=1),
            Block(BlockKind.PARAGRAPH, "We met Mr. Smith at 9 a.m. today. He agreed."),
            Block(BlockKind.PARAGRAPH, "Pipeline grew by 3.5 %."),
        ],
        SourceKind.WRITTEN,
        language="en",
    )
    sentences, _ = split_sentences(script)
    assert [(s.index, s.block, s.text) for s in sentences] == [
        (0, 1, "We met Mr. Smith at 9 a.m. today."),
        (1, 1, "He agreed."),
        (2, 2, "Pipeline grew by 3.5 %."),
    ]
    assert all(s.start is None and s.end is None for s in sentences)


def test_it_interpolates_times_within_a_cue_by_character_offset():
    # 20 characters then 20 characters: the second sentence starts halfway through the cue.
    script = Script(
        "t", [cue("Alpha beta gamma do. Epsilon zeta eta.", 10.0, 20.0)], SourceKind.SPOKEN, language="en"
    )
    sentences, _ = split_sentences(script)
    assert [(s.text, s.start, s.end) for s in sentences] == [
        ("Alpha beta gamma do.", 10.0, pytest.approx(15.263, abs=0.001)),
        ("Epsilon zeta eta.", pytest.approx(15.526, abs=0.001), 20.0),
    ]


def test_it_joins_a_sentence_that_runs_across_cues():
    script = Script(
        "t",
        [cue("Our best invitations are", 1.0, 3.0), cue("plain text emails. Then we test.", 3.0, 7.0)],
        SourceKind.SPOKEN,
        language="en",
    )
    sentences, _ = split_sentences(script)
    first, second = sentences
    assert first.text == "Our best invitations are plain text emails."
    assert (first.block, first.last_block, first.start) == (0, 1, 1.0)
    assert first.end == pytest.approx(3.0 + 4.0 * 18 / 32, abs=0.01)
    assert (second.block, second.end) == (1, 7.0)


def test_it_does_not_join_cues_of_different_speakers():
    script = Script(
        "t",
        [
            cue("So what do you optimise for", 0.0, 2.0, "Adam"),
            cue("comfort for everyone", 2.0, 4.0, "Saron"),
        ],
        SourceKind.SPOKEN,
        language="en",
    )
    sentences, _ = split_sentences(script)
    assert [s.text for s in sentences] == ["So what do you optimise for", "comfort for everyone"]


def test_it_cleans_spoken_sentences_and_keeps_the_raw_text():
    script = Script("t", [cue("Euh, le le marché est là.", 0.0, 5.0)], SourceKind.SPOKEN, language="fr")
    sentences, report = split_sentences(script)
    assert (sentences[0].text, sentences[0].raw) == ("Le marché est là.", "Euh, le le marché est là.")
    assert report.by_category() == {"filler": 1, "repeat": 1}


def test_it_drops_a_sentence_made_only_of_fillers():
    script = Script("t", [cue("Um. We start now.", 0.0, 4.0)], SourceKind.SPOKEN, language="en")
    sentences, _ = split_sentences(script)
    assert [s.text for s in sentences] == ["We start now."]
    assert sentences[0].start == pytest.approx(4.0 * 4 / 17, abs=0.01)  # "Um. " is 4 of the 17 characters
    assert sentences[0].raw == "Um. We start now."
