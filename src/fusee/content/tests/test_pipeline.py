import socket

import pytest

from fusee.content.understanding import SourceKind, understand_file
from fusee.content.understanding.evaluate import SAMPLES


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the understanding layer tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_it_understands_a_script_offline(no_network):
    result = understand_file(SAMPLES / "nurturing-b2b.fr.md")
    assert result.language == "fr"
    assert result.script.source_kind is SourceKind.WRITTEN
    assert result.script.title == "Le nurturing B2B : transformer des contacts dormants en opportunités"
    assert len(result.sections) == 6
    assert result.cleaning.total == 0  # a written script keeps its words


def test_a_spoken_transcript_is_cleaned_and_a_written_one_is_not(tmp_path):
    said = "Euh, du coup, on a testé le le produit, tu vois. C'est simple, hein ? " * 20
    path = tmp_path / "talk.txt"
    path.write_text(said, encoding="utf-8")
    spoken = understand_file(path)
    assert spoken.script.source_kind is SourceKind.SPOKEN
    assert spoken.sentences[0].text == "On a testé le produit."
    written = understand_file(path, kind="written")
    assert written.sentences[0].text == "Euh, du coup, on a testé le produit, tu vois."
