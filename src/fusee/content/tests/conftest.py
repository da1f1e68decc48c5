from pathlib import Path

import docx
import pytest


@pytest.fixture
def make_docx(tmp_path: Path):
    """Write a .docx from (style, text) pairs, with Word's built-in styles."""

    def make(paragraphs: list[tuple[str, str]], name: str = "script.docx") -> Path:
        document = docx.Document()
        for style, text in paragraphs:
            document.add_paragraph(text, style=style)
        path = tmp_path / name
        document.save(str(path))
        return path

    return make
