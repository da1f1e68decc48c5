from pathlib import Path

import pytest

from fusee.content.understanding import BlockKind, ScriptError, SourceKind, parse_script, read_script

ENGLISH = "Our webinar filled the room because the topic came from real sales calls. " * 3
FRENCH = "Notre séminaire en ligne a été préparé avec l'équipe commerciale, à partir de vrais appels. " * 3


def test_it_keeps_word_headings_as_headings_and_takes_the_title_style(make_docx):
    path = make_docx(
        [
            ("Title", "From webinar to pipeline"),
            ("Heading 1", "Choosing the topic"),
            ("Normal", ENGLISH),
            ("Heading 2", "Testing the angle"),
            ("Normal", "We publish two posts and compare the comments."),
        ]
    )
    script = read_script(path)
    assert script.title == "From webinar to pipeline"
    assert [(b.kind, b.level, b.text[:18]) for b in script.blocks] == [
        (BlockKind.HEADING, 1, "Choosing the topic"),
        (BlockKind.PARAGRAPH, 0, ENGLISH[:18]),
        (BlockKind.HEADING, 2, "Testing the angle"),
        (BlockKind.PARAGRAPH, 0, "We publish two pos"),
    ]
    assert script.source_kind is SourceKind.WRITTEN
    assert script.language == "en"


def test_it_refuses_an_empty_word_document(make_docx):
    with pytest.raises(ScriptError, match=r"empty\.docx: the Word document has no text"):
        read_script(make_docx([("Normal", "   ")], name="empty.docx"))


def test_it_refuses_a_corrupt_word_document():
    with pytest.raises(ScriptError, match=r"broken\.docx: not a readable Word document"):
        parse_script(b"PK\x03\x04 this is not really a zip", name="broken.docx")


def test_it_refuses_an_empty_file():
    with pytest.raises(ScriptError, match=r"notes\.txt: the file is empty"):
        parse_script(b"  \n\n ", name="notes.txt")


def test_it_refuses_an_unknown_format():
    with pytest.raises(ScriptError, match=r"slides\.pptx: unknown script format \.pptx"):
        parse_script(b"x", name="slides.pptx")


def test_it_keeps_markdown_headings_and_strips_inline_markup():
    text = "# The title\n\n## First part\n\nA **bold** claim with a [link](https://example.com) and `code`.\n"
    script = parse_script(text.encode(), name="script.md", language="en")
    assert script.title == "The title"
    assert [(b.kind, b.text) for b in script.blocks] == [
        (BlockKind.HEADING, "First part"),
        (BlockKind.PARAGRAPH, "A bold claim with a link and code."),
    ]


def test_it_reads_a_windows_1252_file():
    script = parse_script(FRENCH.encode("cp1252"), name="script.txt")
    assert script.blocks[0].text.startswith("Notre séminaire en ligne a été préparé avec l'équipe")
    assert script.language == "fr"


def test_it_repairs_text_that_was_encoded_twice():
    mangled = FRENCH.encode("utf-8").decode("cp1252").encode("utf-8")
    assert "Ã" in mangled.decode()
    script = parse_script(mangled, name="script.txt")
    assert script.blocks[0].text == FRENCH.strip()


def test_it_refuses_a_binary_file_with_the_line():
    data = b"First line\nSecond line\n" + bytes(range(128, 256)) * 4
    with pytest.raises(ScriptError, match=r"blob\.txt, line 3: not valid UTF-8"):
        parse_script(data, name="blob.txt")


def test_it_refuses_a_word_document_named_txt(make_docx):
    data = make_docx([("Normal", ENGLISH)]).read_bytes()
    with pytest.raises(ScriptError, match=r"script\.txt: this is a zip archive"):
        parse_script(data, name="script.txt")


def test_it_detects_a_spoken_transcript_by_its_speakers_and_strips_the_labels():
    text = (
        "**Adam:** \\[04:21\\] So what are you optimizing for?\n\n"
        "**Saron:** Comfort, for everyone who comes to the conference.\n"
    )
    script = parse_script(text.encode(), name="talk.md")
    assert script.source_kind is SourceKind.SPOKEN
    assert [(b.speaker, b.text, b.start) for b in script.blocks] == [
        ("Adam", "So what are you optimizing for?", 261),
        ("Saron", "Comfort, for everyone who comes to the conference.", None),
    ]


def test_the_caller_overrides_language_and_kind():
    script = parse_script(ENGLISH.encode(), name="a.txt", language="FR", kind="spoken")
    assert (script.language, script.source_kind) == ("fr", SourceKind.SPOKEN)


def test_it_refuses_an_unsupported_language():
    with pytest.raises(ScriptError, match="language 'pt' is not supported"):
        parse_script(ENGLISH.encode(), name="a.txt", language="pt")


VTT = """WEBVTT

00:00:01.000 --> 00:00:04.500
<v Anna>Hello and welcome.

00:00:04.500 --> 00:01:02.250
Today we talk about <b>lead scoring</b>.
"""


def test_it_reads_webvtt_cues_with_their_times_and_voices():
    script = parse_script(VTT.encode(), name="talk.vtt")
    assert script.source_kind is SourceKind.SPOKEN
    assert [(b.kind, b.text, b.start, b.end, b.speaker) for b in script.blocks] == [
        (BlockKind.CUE, "Hello and welcome.", 1.0, 4.5, "Anna"),
        (BlockKind.CUE, "Today we talk about lead scoring.", 4.5, 62.25, ""),
    ]


@pytest.mark.parametrize(
    ("timing", "message"),
    [
        ("00:00:0x.500 --> 00:00:09.000", r"talk\.vtt, cue 2 \(line 6\): broken timestamp '00:00:0x\.500"),
        ("00:00:09.000 --> 00:00:05.000", r"talk\.vtt, cue 2 \(line 6\): the cue ends before it starts"),
        (
            "00:00:00.100 --> 00:00:02.000",
            r"talk\.vtt, cue 2 \(line 6\): the cue starts before the previous one",
        ),
    ],
)
def test_it_refuses_broken_webvtt_timestamps_with_the_cue_and_line(timing, message):
    text = f"WEBVTT\n\n00:00:05.000 --> 00:00:06.500\nHello.\n\n{timing}\nAgain.\n"
    with pytest.raises(ScriptError, match=message):
        parse_script(text.encode(), name="talk.vtt")


def test_it_refuses_a_webvtt_file_without_its_header():
    with pytest.raises(ScriptError, match=r"talk\.vtt, line 1: a WebVTT file must start with WEBVTT"):
        parse_script(b"00:00:01.000 --> 00:00:02.000\nHi\n", name="talk.vtt")


SRT = """1
00:00:01,000 --> 00:00:03,000
<i>First line</i>
continues here.

2
00:00:03,500 --> 00:00:05,000
Second cue.
"""


def test_it_reads_srt_cues():
    script = parse_script(SRT.encode(), name="talk.srt")
    assert [(b.text, b.start, b.end, b.line) for b in script.blocks] == [
        ("First line continues here.", 1.0, 3.0, 1),
        ("Second cue.", 3.5, 5.0, 6),
    ]


def test_it_refuses_an_srt_cue_without_its_number():
    broken = SRT.replace("2\n00:00:03,500", "two\n00:00:03,500")
    with pytest.raises(ScriptError, match=r"talk\.srt, line 6: expected a cue number, found 'two'"):
        parse_script(broken.encode(), name="talk.srt")


def test_it_refuses_an_srt_with_a_broken_timing():
    broken = SRT.replace("00:00:03,500 --> 00:00:05,000", "00:00:03,500 --> 00:61:05,000")
    with pytest.raises(ScriptError, match=r"talk\.srt, cue 2 \(line 7\): broken timestamp"):
        parse_script(broken.encode(), name="talk.srt")


def test_it_refuses_a_script_past_the_size_limit(monkeypatch):
    monkeypatch.setattr("fusee.content.understanding.inputs.MAX_WORDS", 20)
    with pytest.raises(ScriptError, match=r"too long: 39 words, the limit is 20"):
        parse_script(ENGLISH.encode(), name="long.txt")


def test_it_reads_a_file_from_disk_and_names_it_in_errors(tmp_path: Path):
    missing = tmp_path / "nowhere.md"
    with pytest.raises(ScriptError, match=r"nowhere\.md: cannot be read"):
        read_script(missing)
