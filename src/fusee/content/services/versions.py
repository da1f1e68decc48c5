"""Writes of assets and their versions: store a generation, edit, go back to the generated text.

A regeneration never loses a human edit: it stores a new generated version, and when the
current version is an edit, the edit stays current and the asset is flagged instead. Text files
live in the database, bytes under content/<recycling>/assets/; unchanged files are carried over.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from fusee.content.models import (
    Asset,
    AssetFile,
    AssetVersion,
    Recycling,
    VersionOrigin,
    content_root,
)
from fusee.content.writing.assets import Asset as WrittenAsset
from fusee.core.errors import DomainError
from fusee.core.models import User
from fusee.core.services import audit_record


@transaction.atomic
def assets_store(*, recycling: Recycling, assets: list[WrittenAsset], actor: User | None = None) -> None:
    """A new generated version of each asset whose files changed; an edit stays current.

    An asset the new generation no longer produces goes, unless a person edited it.
    """
    kept = []
    trimmed = Asset.objects.filter(recycling=recycling, meta__has_key="trim")
    trims = {(kind, key): meta["trim"] for kind, key, meta in trimmed.values_list("kind", "key", "meta")}
    for position, written in enumerate(assets):
        # A person's trim of a clip outlives the regeneration, as its edited captions do.
        trim = trims.get((written.kind, written.key))
        meta = {**written.meta, "trim": trim} if trim is not None else written.meta
        asset, _created = Asset.objects.update_or_create(
            recycling=recycling, kind=written.kind, key=written.key,
            defaults={"title": written.title[:300], "position": position, "meta": meta,
                      "checks": [check.as_dict() for check in written.checks]},
        )
        kept.append(asset.pk)
        generated_version_add(asset=asset, files=written.files, actor=actor)
    gone = Asset.objects.filter(recycling=recycling).exclude(pk__in=kept)
    gone.exclude(versions__origin=VersionOrigin.EDITED).delete()


def generated_version_add(
    *, asset: Asset, files: dict[str, str | bytes], actor: User | None = None
) -> AssetVersion | None:
    latest = asset.versions.filter(origin=VersionOrigin.GENERATED).order_by("-number").first()
    digests = {name: digest(data) for name, data in files.items()}
    if latest is not None and dict(latest.files.values_list("name", "digest")) == digests:
        return None  # same content as last time: nothing new to keep
    version = version_create(asset=asset, origin=VersionOrigin.GENERATED, files=files, actor=actor)
    current = asset.current
    if current is not None and current.origin == VersionOrigin.EDITED:
        asset.regenerated_since_edit = True
    else:
        asset.current = version
    asset.save(update_fields=["current", "regenerated_since_edit"])
    return version


def version_create(
    *, asset: Asset, origin: VersionOrigin, files: dict[str, str | bytes], actor: User | None,
    reuse: dict[str, AssetFile] | None = None,
) -> AssetVersion:
    """A version with its files: text in the database, bytes under content/<id>/assets/."""
    number = (asset.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = AssetVersion.objects.create(asset=asset, number=number, origin=origin, created_by=actor)
    rows = []
    for name, data in files.items():
        if isinstance(data, str):
            rows.append(AssetFile(version=version, name=name, text=data, size=len(data.encode()),
                                  digest=digest(data)))
        else:
            rows.append(AssetFile(version=version, name=name, path=binary_write(version, name, data),
                                  size=len(data), digest=digest(data)))
    for name, previous in (reuse or {}).items():
        rows.append(AssetFile(version=version, name=name, text=previous.text, path=previous.path,
                              size=previous.size, digest=previous.digest))
    AssetFile.objects.bulk_create(rows)
    return version


def binary_write(version: AssetVersion, name: str, data: bytes) -> str:
    asset = version.asset
    relative = Path(str(asset.recycling_id)) / "assets" / str(asset.pk) / f"v{version.number}" / name
    target = content_root() / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return relative.as_posix()


def digest(data: str | bytes) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


@transaction.atomic
def asset_edit(*, actor: User | None, asset: Asset, files: dict[str, str]) -> AssetVersion:
    """A new edited version, current from now on; the files not given are carried over."""
    current = asset.current
    if current is None:
        raise DomainError(_("%(asset)s: there is no version to edit yet") % {"asset": asset})
    existing = {f.name: f for f in current.files.all()}
    for name in files:
        if name not in existing:
            raise DomainError(_("%(name)s: this asset has no such file") % {"name": name})
        if not existing[name].is_text:
            raise DomainError(_("%(name)s: only text files can be edited here") % {"name": name})
    changed = {name: text for name, text in files.items() if existing[name].text != text}
    if not changed:
        raise DomainError(_("%(asset)s: nothing was changed") % {"asset": asset})
    reuse = {name: row for name, row in existing.items() if name not in changed}
    version = version_create(asset=asset, origin=VersionOrigin.EDITED, files=dict(changed), actor=actor,
                             reuse=reuse)
    # Saving an edit on the page that shows the flag acknowledges the regeneration.
    asset.current, asset.regenerated_since_edit = version, False
    asset.save(update_fields=["current", "regenerated_since_edit"])
    audit_record(actor=actor, action="content.asset_edit", target=asset,
                 changes={"files": sorted(changed), "version": version.number})
    return version


@transaction.atomic
def asset_use_generated(*, actor: User | None, asset: Asset) -> Asset:
    """Make the latest generated version current again, leaving the edits in the history."""
    latest = asset.versions.filter(origin=VersionOrigin.GENERATED).order_by("-number").first()
    if latest is None:
        raise DomainError(_("%(asset)s: there is no generated version") % {"asset": asset})
    asset.current, asset.regenerated_since_edit = latest, False
    asset.save(update_fields=["current", "regenerated_since_edit"])
    audit_record(actor=actor, action="content.asset_use_generated", target=asset,
                 changes={"version": latest.number})
    return asset


def version_edited_add(
    *, actor: User | None, asset: Asset, files: dict[str, str | bytes], drop: set[str] | None = None
) -> AssetVersion | None:
    """An edited version made of the current one, with `files` put in and `drop` left out.

    Stored like an edit, so a regeneration keeps it current. None when nothing would change.
    """
    existing = {f.name: f for f in asset.current.files.all()} if asset.current else {}
    changed = {name: data for name, data in files.items()
               if name not in existing or existing[name].digest != digest(data)}
    dropped = (drop or set()) & existing.keys()
    if not changed and not dropped:
        return None
    reuse = {name: row for name, row in existing.items() if name not in changed and name not in dropped}
    version = version_create(asset=asset, origin=VersionOrigin.EDITED, files=changed, actor=actor,
                             reuse=reuse)
    asset.current = version
    asset.save(update_fields=["current"])
    return version

