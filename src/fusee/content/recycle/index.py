"""The pack's index.html: one page listing every asset with its checks and links to its files."""

from __future__ import annotations

from collections import defaultdict
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from .kinds import kind_label, kind_rank


def index_html(manifest: dict[str, Any]) -> str:
    """Rendered in the script's language when the UI speaks it; Django's autoescape on every value."""
    spoken = {code for code, _name in settings.LANGUAGES}
    language = manifest["language"] if manifest["language"] in spoken else "en"
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for asset in manifest["assets"]:
        links = [{"name": name, "href": quote(name)} for name in asset["files"]]
        groups[asset["kind"]].append({**asset, "links": links})
    with translation.override(language):
        return render_to_string(
            "content/pack_index.html",
            {"manifest": manifest, "groups": groups_in_order(groups), "language": language},
        )


def groups_in_order(groups: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    kinds = sorted(groups, key=lambda kind: (kind_rank(kind), kind))
    return [{"kind": kind, "label": kind_label(kind), "assets": groups[kind]} for kind in kinds]
