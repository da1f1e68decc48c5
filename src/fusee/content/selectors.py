"""Reads of content recycling."""

from __future__ import annotations

import io
import zipfile
from collections import defaultdict
from typing import Any

from django.db.models import F, Prefetch, QuerySet

from fusee.content.models import Asset, AssetFile, Recycling
from fusee.content.recycle import INDEX, MANIFEST
from fusee.content.recycle.kinds import kind_label, kind_rank
from fusee.content.recycle.pack import ZIP_TIME


def recycling_list() -> QuerySet[Recycling]:
    return Recycling.objects.select_related("created_by").order_by("-created_at", "-id")


def asset_list(recycling: Recycling) -> QuerySet[Asset]:
    files = Prefetch("current__files", queryset=AssetFile.objects.defer("text").order_by("name"))
    return recycling.assets.select_related("current").prefetch_related(files).order_by("position", "id")


def assets_by_kind(recycling: Recycling) -> list[dict[str, Any]]:
    groups: dict[str, list[Asset]] = defaultdict(list)
    for asset in asset_list(recycling):
        groups[asset.kind].append(asset)
    kinds = sorted(groups, key=lambda kind: (kind_rank(kind), kind))
    return [{"kind": kind, "label": kind_label(kind), "assets": groups[kind]} for kind in kinds]


def current_files(recycling: Recycling) -> QuerySet[AssetFile]:
    """Every file of the pack as it stands now: each asset's current version (edits included)."""
    return AssetFile.objects.filter(
        version__asset__recycling=recycling, version__asset__current_id=F("version_id")
    ).order_by("name")


def file_find(recycling: Recycling, name: str) -> AssetFile | None:
    return current_files(recycling).filter(name=name).first()


def pack_zip(recycling: Recycling) -> bytes:
    """The pack as a zip, with the current version of each file, so a download carries the edits."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in (INDEX, MANIFEST):
            path = recycling.pack_dir / name
            if path.is_file():
                archive.writestr(zipfile.ZipInfo(name, date_time=ZIP_TIME), path.read_bytes(),
                                 compress_type=zipfile.ZIP_DEFLATED)
        for row in current_files(recycling):
            archive.writestr(zipfile.ZipInfo(row.name, date_time=ZIP_TIME), row.read(),
                             compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def zip_name(recycling: Recycling) -> str:
    stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in (recycling.title or "pack").lower())
    return f"{stem.strip('-')[:60] or 'pack'}-{recycling.pk}.zip"
