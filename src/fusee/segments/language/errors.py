"""The one error the segment language raises, pointing at where the text went wrong."""

from __future__ import annotations

import difflib

from fusee.core.errors import DomainError


class SegmentSyntaxError(DomainError):
    """What is wrong with a segment expression, and where (0-based position, 1-based line/column)."""

    def __init__(self, what: str, *, text: str, position: int, hint: str = "") -> None:
        self.what, self.hint, self.text = what, hint, text
        self.position = max(0, min(position, len(text)))
        before = text[: self.position]
        self.line = before.count("\n") + 1
        self.column = self.position - (before.rfind("\n") + 1) + 1
        super().__init__(self.describe())

    def describe(self) -> str:
        where = f"column {self.column}" if self.line == 1 else f"line {self.line}, column {self.column}"
        return f"{self.what} at {where}" + (f" — {self.hint}" if self.hint else "")

    def caret(self) -> str:
        """The offending line with a caret under the position, for terminals and <pre> blocks."""
        line = self.text.splitlines()[self.line - 1] if self.text.strip() else ""
        return f"{line}\n{' ' * (self.column - 1)}^"


def did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word.lower(), choices, n=1, cutoff=0.6)
    return f'did you mean "{close[0]}"?' if close else ""
