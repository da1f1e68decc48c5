"""Sandboxed personalisation of marketer-written subjects and bodies (Django template syntax).

The engine is our own, not the project's: no loaders (nothing can read a file), no context
processors, no `{% load %}`-able libraries, and only the tags and filters of `sandbox_library`.
Rendering contexts are deep-copied into read-only plain data, so a template can neither reach
the ORM, settings or Python internals (Django already refuses names starting with `_`) nor
call a mutating method such as `dict.clear` (Django templates call any argument-less callable).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.template import Context, Engine, Template
from django.template.base import TokenType

from fusee.core.errors import DomainError
from fusee.nurturing.mail.sandbox_library import REFUSED_FILTERS

# Tags Django knows but the sandbox refuses, to say "not allowed" rather than "unknown".
REFUSED_TAGS = frozenset(
    {
        "autoescape",
        "block",
        "csrf_token",
        "debug",
        "extends",
        "include",
        "load",
        "lorem",
        "querystring",
        "ssi",
        "url",
    }
)
PLAIN_VALUES = (str, int, float, Decimal, dt.date, dt.time, type(None))
_LINE_IN_DJANGO_MESSAGE = re.compile(r" on line \d+")
_LOAD_HINT = " Did you forget to register or load this tag?"
_INVALID_FILTER = re.compile(r"Invalid filter: '(\w+)'")


class SandboxedEngine(Engine):
    default_builtins = ["fusee.nurturing.mail.sandbox_library"]


@functools.cache
def sandboxed_engine() -> SandboxedEngine:
    # debug=True only changes error reporting: syntax and render errors then carry their line.
    return SandboxedEngine(loaders=[], libraries={}, context_processors=[], debug=True)


class ReadOnlyData(Mapping[str, object]):
    """A deeply frozen mapping: the only container type a template ever sees."""

    __slots__ = ("_items",)

    def __init__(self, items: dict[str, object]) -> None:
        self._items = items

    def __getitem__(self, key: str) -> object:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return repr(self._items)

    def __dir__(self) -> list[str]:
        # When a lookup misses (`contact.custom.sites` for a contact without it), Django lists the
        # object's attributes to tell a failing @property apart, which cost more than the render
        # of the whole subject; read-only data has no properties.
        return []


_ALREADY_FROZEN = (*PLAIN_VALUES, ReadOnlyData)


def freeze(value: object) -> object:
    """Copy dicts, lists and plain values into read-only data; refuse anything else (models…)."""
    if isinstance(value, _ALREADY_FROZEN):
        return value
    if isinstance(value, Mapping):
        return ReadOnlyData({str(key): freeze(item) for key, item in value.items()})
    if isinstance(value, list | tuple):
        return tuple(freeze(item) for item in value)
    raise TypeError(f"an email template only receives dicts, lists and plain values, not {type(value)!r}")


def frozen(context: Mapping[str, object]) -> ReadOnlyData:
    """A rendering context frozen once, for several templates: `render` then has nothing to copy."""
    return ReadOnlyData({str(key): freeze(value) for key, value in context.items()})


@dataclass(frozen=True, slots=True)
class CompiledTemplate:
    template: Template
    html: bool
    constant: str | None = None  # the source, when it holds no template syntax: nothing to render

    def render(self, context: Mapping[str, object]) -> str:
        if self.constant is not None:
            return self.constant
        # A fresh top-level dict: {% with %}, {% cycle … as x %} and friends write into it.
        data = {str(key): freeze(value) for key, value in context.items()}
        try:
            return self.template.render(Context(data, autoescape=self.html))
        except Exception as error:
            raise DomainError(describe_template_error(error)) from error


def compile_template(source: str, *, html: bool) -> CompiledTemplate:
    """Compile once, render many times; autoescaping is on for HTML and off for subjects and text."""
    try:
        template = Template(source, engine=sandboxed_engine())
    except Exception as error:
        raise DomainError(describe_template_error(error)) from error
    # Without "{" there is neither a tag nor a variable: Django would output the text as it is.
    return CompiledTemplate(template=template, html=html, constant=None if "{" in source else source)


def describe_template_error(error: Exception) -> str:
    problem = _refused_tag_problem(error) or _refused_filter_problem(error) or _cleaned_django_message(error)
    line = _error_line(error)
    return f"line {line}: {problem}" if line else problem


def _refused_tag_problem(error: Exception) -> str | None:
    token = getattr(error, "token", None)
    if token is None or token.token_type != TokenType.BLOCK or not token.contents.split():
        return None
    command = token.contents.split()[0]
    return f'tag "{command}" is not allowed in emails' if command in REFUSED_TAGS else None


def _refused_filter_problem(error: Exception) -> str | None:
    match = _INVALID_FILTER.search(str(error))
    if match is None or match[1] not in REFUSED_FILTERS:
        return None
    return f'filter "{match[1]}" is not allowed in emails'


def _cleaned_django_message(error: Exception) -> str:
    message = _LINE_IN_DJANGO_MESSAGE.sub("", str(error)).replace(_LOAD_HINT, "")
    return message or type(error).__name__


def _error_line(error: Exception) -> int | None:
    debug_info = getattr(error, "template_debug", None)
    if debug_info:
        return int(debug_info["line"])
    token = getattr(error, "token", None)
    return token.lineno if token is not None else None
