"""The prompt templates, one per asset type: shipped in `prompts/`, overridden by a file of the same
name in $FUSEE_DATA_DIR/prompts/ (so a marketer can tune them without touching the code).

A template is plain text whose {placeholders} are filled with `str.format_map`; an unknown
placeholder stays as written, and literal braces are written {{ and }}. The script's text goes in
as {source}, between the template's <source> and </source> lines, which the text cannot close.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

from fusee.core.errors import DomainError

SHIPPED = Path(__file__).resolve().parent / "prompts"
NAMES = ("article", "linkedin_post", "email", "ebook_chapter", "ebook_frame")
LANGUAGE_NAMES = {"en": "English", "fr": "French", "es": "Spanish", "it": "Italian", "de": "German"}
_DELIMITER = re.compile(r"</?\s*source\s*>", re.I)


class PromptError(DomainError):
    """An edited template that cannot be filled; the message names the file."""


class _KeepUnknown(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def prompt_path(name: str) -> Path:
    override = Path(settings.DATA_DIR) / "prompts" / f"{name}.txt"
    return override if override.is_file() else SHIPPED / f"{name}.txt"


def prompt_fill(name: str, values: dict[str, str]) -> str:
    path = prompt_path(name)
    template = path.read_text(encoding="utf-8")
    try:
        return template.format_map(_KeepUnknown(values))
    except (ValueError, IndexError, AttributeError, KeyError, TypeError) as error:
        raise PromptError(
            f"prompt template {path}: {error} (write a literal brace as {{{{ or }}}})"
        ) from None


def source_data(text: str) -> str:
    """The script's text as data: it cannot close (or reopen) the <source> block around it."""
    return _DELIMITER.sub("(source)", text).strip()


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code or "the source's language")
