from __future__ import annotations

from django.utils import translation

from fusee.core.countries import country_names


def test_it_names_countries_in_the_active_language_sorted_by_name():
    with translation.override("fr"):
        names = dict(country_names())
        ordered = [name for _code, name in country_names()]
    assert (names["DE"], names["FR"]) == ("Allemagne", "France")
    assert ordered == sorted(ordered)


def test_it_lists_countries_only_not_regions():
    codes = [code for code, _name in country_names()]
    assert "BE" in codes and "001" not in codes and "150" not in codes
    assert all(len(code) == 2 for code in codes)
