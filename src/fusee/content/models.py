"""A recycling (one script turned into a pack), its assets and every version of each asset."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ContentStorage(FileSystemStorage):
    """FUSEE_DATA_DIR/content/: scripts, videos, packs and binary asset files (never served as is).

    The folder is read from the settings at each use, so a changed DATA_DIR (tests) applies at once.
    """

    @property
    def base_location(self) -> str:
        return str(content_root())

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)


def content_storage() -> FileSystemStorage:
    return ContentStorage()


def content_root() -> Path:
    return Path(settings.DATA_DIR) / "content"


def upload_path(folder: str) -> Callable[[models.Model, str], str]:
    """A folder of its own per upload, so the file keeps the name the user gave it (it shows in the pack)."""

    def path(instance: models.Model, filename: str) -> str:
        return f"{folder}/{timezone.now():%Y/%m}/{secrets.token_hex(6)}/{filename}"

    return path


def script_path(instance: models.Model, filename: str) -> str:
    return upload_path("scripts")(instance, filename)


def video_path(instance: models.Model, filename: str) -> str:
    return upload_path("videos")(instance, filename)


class RecyclingStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Writer(models.TextChoices):
    EXTRACTIVE = "extractive", _("Extractive (offline, every sentence from the script)")
    LLM = "llm", _("Language model")


class Recycling(models.Model):
    """One script recycled into a pack, run as a background job; regenerating runs it again."""

    script = models.FileField(storage=content_storage, upload_to=script_path)
    script_name = models.CharField(_("script"), max_length=255)
    video = models.FileField(storage=content_storage, upload_to=video_path, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)  # asked for; "" = detect
    detected_language = models.CharField(max_length=8, blank=True)
    writer = models.CharField(_("writer"), max_length=16, choices=Writer.choices, default=Writer.EXTRACTIVE)
    status = models.CharField(max_length=16, choices=RecyclingStatus.choices, default=RecyclingStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    error = models.TextField(blank=True)
    title = models.CharField(max_length=300, blank=True)
    manifest = models.JSONField(null=True, blank=True)
    # The draft nurturing sequence made of the pack's emails, created with the first pack.
    sequence = models.ForeignKey(
        "nurturing.Sequence", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    job = models.ForeignKey("core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    demo_key = models.CharField(max_length=50, blank=True, db_index=True)  # set by `fusee demo` only

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title or self.script_name

    @property
    def is_finished(self) -> bool:
        return self.status in (RecyclingStatus.DONE, RecyclingStatus.FAILED)

    @property
    def folder(self) -> Path:
        """FUSEE_DATA_DIR/content/<id>/: the pack and the binary files of every version."""
        return content_root() / str(self.pk)

    @property
    def pack_dir(self) -> Path:
        return self.folder / "pack"


class VersionOrigin(models.TextChoices):
    GENERATED = "generated", _("Generated")
    EDITED = "edited", _("Edited")


class ClipStatus(models.TextChoices):
    """A clip's review before cutting; other kinds of asset keep the default."""

    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Asset(models.Model):
    recycling = models.ForeignKey(Recycling, on_delete=models.CASCADE, related_name="assets")
    kind = models.CharField(max_length=32)
    key = models.CharField(max_length=120)
    title = models.CharField(max_length=300)
    position = models.PositiveIntegerField(default=0)  # order in the pack
    meta = models.JSONField(default=dict, blank=True)
    checks = models.JSONField(default=list, blank=True)  # [{"name", "ok", "detail"}] of the last generation
    current = models.ForeignKey(
        "AssetVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A generation came after the human edit that stays current: the page says so.
    regenerated_since_edit = models.BooleanField(default=False)
    # Kept across regenerations (the row is updated, not replaced): a decision is a human edit.
    clip_status = models.CharField(
        _("clip status"), max_length=16, choices=ClipStatus.choices, default=ClipStatus.PROPOSED
    )

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["recycling", "kind", "key"], name="content_asset_unique_key"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def ok(self) -> bool:
        return all(check.get("ok") for check in self.checks)


class AssetVersion(models.Model):
    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    origin = models.CharField(max_length=16, choices=VersionOrigin.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["asset", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["asset", "number"], name="content_version_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.asset} v{self.number}"


class AssetFile(models.Model):
    """One file of a version: text in the database, or binary (PDF, EPUB, DOCX, MP4) on disk."""

    version = models.ForeignKey(AssetVersion, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=255)  # relative path inside the pack: "clips/clip-1.srt"
    # None marks a binary file (on disk), "" an empty text file.
    text = models.TextField(null=True, blank=True)  # noqa: DJ001
    path = models.CharField(max_length=500, blank=True)  # relative to FUSEE_DATA_DIR/content/
    size = models.PositiveIntegerField(default=0)
    digest = models.CharField(max_length=64)  # SHA-256: a regeneration that changes nothing adds no version

    class Meta:
        ordering = ["version", "name"]
        constraints = [
            models.UniqueConstraint(fields=["version", "name"], name="content_file_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_text(self) -> bool:
        return self.text is not None

    def read(self) -> bytes:
        if self.text is not None:
            return self.text.encode("utf-8")
        return (content_root() / self.path).read_bytes()
