"""Which of the supported languages a script is in (lingua, offline, models shipped in the wheel)."""

from __future__ import annotations

from functools import cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from .model import LANGUAGES, ScriptError

_LINGUA = {
    "fr": Language.FRENCH,
    "en": Language.ENGLISH,
    "es": Language.SPANISH,
    "it": Language.ITALIAN,
    "de": Language.GERMAN,
}
_CODES = {language: code for code, language in _LINGUA.items()}
_SAMPLE_CHARS = 6_000  # three slices of this size are plenty and keep a 100-page script fast


@cache
def _detector() -> LanguageDetector:
    # Built once per process: lingua loads each language's models on first use (~1 s for five).
    return LanguageDetectorBuilder.from_languages(*_LINGUA.values()).build()


def check_language(code: str, source: str = "") -> str:
    code = code.strip().lower()
    if code not in LANGUAGES:
        raise ScriptError(
            source or "language", f"language {code!r} is not supported; choose one of {', '.join(LANGUAGES)}"
        )
    return code


def detect_language(text: str, *, default: str = "en") -> str:
    sample = _sample(text)
    if not sample.strip():
        return default
    found = _detector().detect_language_of(sample)
    return _CODES[found] if found is not None else default


def _sample(text: str) -> str:
    """The beginning, middle and end: a talk's small talk at the start should not decide alone."""
    if len(text) <= 3 * _SAMPLE_CHARS:
        return text
    middle = len(text) // 2 - _SAMPLE_CHARS // 2
    return " ".join((text[:_SAMPLE_CHARS], text[middle : middle + _SAMPLE_CHARS], text[-_SAMPLE_CHARS:]))
