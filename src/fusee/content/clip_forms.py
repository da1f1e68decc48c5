"""The clip review's trim form: the first and the last sentence of the clip, among its section's."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fusee.content.clip_selectors import clock
from fusee.content.understanding.model import Sentence

LABEL_WORDS = 9


class ClipTrimForm(forms.Form):
    """Sentence indices in the script; any integer is accepted here so the service says what is wrong."""

    first = forms.IntegerField(label=_("Starts with"))
    last = forms.IntegerField(label=_("Ends with"))

    def __init__(self, *args: Any, sentences: list[Sentence], first: int, last: int, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"first": first, "last": last})
        super().__init__(*args, **kwargs)
        starts = [(s.index, f"{clock(s.start)} · {opening(s.text)}") for s in sentences]
        ends = [(s.index, f"{clock(s.end)} · {ending(s.text)}") for s in sentences]
        attrs = {"class": "form-select form-select-sm"}
        self.fields["first"].widget = forms.Select(choices=starts, attrs=attrs)
        self.fields["last"].widget = forms.Select(choices=ends, attrs=attrs)


def opening(text: str) -> str:
    words = text.split()
    return " ".join(words[:LABEL_WORDS]) + ("…" if len(words) > LABEL_WORDS else "")


def ending(text: str) -> str:
    words = text.split()
    return ("…" if len(words) > LABEL_WORDS else "") + " ".join(words[-LABEL_WORDS:])
