"""The French catalogue is complete and the compiled file shipped with it is current."""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from django.conf import settings

CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "fr" / "LC_MESSAGES"


def messages(catalog) -> dict:
    def plain(value):
        return tuple(value) if isinstance(value, list | tuple) else value

    return {(m.context, plain(m.id)): plain(m.string) for m in catalog if m.id}


def test_it_translates_every_message_into_french():
    with (CATALOGUE / "django.po").open("rb") as file:
        catalog = read_po(file)
    untranslated = [m.id for m in catalog if m.id and not all(m.string if isinstance(m.string, tuple)
                                                              else [m.string])]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert untranslated == [] and fuzzy == []


def test_it_ships_a_compiled_catalogue_matching_the_source():
    with (CATALOGUE / "django.po").open("rb") as po, (CATALOGUE / "django.mo").open("rb") as mo:
        assert messages(read_mo(mo)) == messages(read_po(po))
