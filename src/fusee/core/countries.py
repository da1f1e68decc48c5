"""Countries for choice lists: ISO codes named in the active language (Babel's CLDR data)."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError
from django.utils.translation import get_language


def country_names() -> list[tuple[str, str]]:
    """(ISO 3166 code, name) of every country, named in the active language, sorted by name."""
    try:
        locale = Locale.parse(get_language() or "en", sep="-")
    except (UnknownLocaleError, ValueError):
        locale = Locale("en")
    names = {code: name for code, name in locale.territories.items() if len(code) == 2 and code.isalpha()}
    return sorted(names.items(), key=lambda item: item[1])
