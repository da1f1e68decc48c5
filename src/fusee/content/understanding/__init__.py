"""The offline, deterministic text-understanding layer of content recycling.

`understand_file(path)` reads a script (.docx, .txt, .md, .vtt, .srt), detects its language,
cleans the oral tics of transcripts, cuts sentences, finds 5–8 sections with titles, and per
section its key sentences, quotable lines, figures and questions.
"""

from .inputs import parse_script, read_script
from .model import (
    Block,
    BlockKind,
    CleaningReport,
    Figure,
    Script,
    ScriptError,
    Section,
    Sentence,
    SourceKind,
    Understanding,
)
from .pipeline import understand, understand_file

__all__ = [
    "Block",
    "BlockKind",
    "CleaningReport",
    "Figure",
    "Script",
    "ScriptError",
    "Section",
    "Sentence",
    "SourceKind",
    "Understanding",
    "parse_script",
    "read_script",
    "understand",
    "understand_file",
]
