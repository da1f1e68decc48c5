"""What every writer produces: assets with their files and the results of their checks.

Generic on purpose: articles, LinkedIn posts, clips, emails and the ebook draft all share these
two dataclasses, so the pack, the manifest, the UI and the CLI handle them the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Check:
    name: str  # "title_length", "words", "no_reuse", ...
    ok: bool
    detail: str = ""  # what was measured, in words a marketer understands

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "ok": self.ok, "detail": self.detail}


@dataclass
class Asset:
    kind: str  # "article", "linkedin_post", "clip", "email", "ebook", ...
    key: str  # unique within a pack and for a kind: the slug, "quote-1", "clip-3", ...
    title: str
    files: dict[str, str | bytes] = field(default_factory=dict)  # relative file name -> content
    meta: dict[str, Any] = field(default_factory=dict)  # JSON-serialisable facts for the manifest
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)

    @property
    def failed(self) -> list[Check]:
        return [check for check in self.checks if not check.ok]

    def check(self, name: str) -> Check | None:
        return next((c for c in self.checks if c.name == name), None)
