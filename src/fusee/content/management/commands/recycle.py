from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from fusee.content.recycle import Pack, PackSettings, pack_build
from fusee.content.recycle.steps import DEFAULT_SITE
from fusee.content.understanding.model import LANGUAGES
from fusee.core.errors import DomainError
from fusee.core.management.progress import progress_bar


class Command(BaseCommand):
    help = "Recycle a webinar script into a content pack (recycle SCRIPT --out DIR)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("script", type=Path, help=".docx, .txt, .md, .vtt or .srt")
        parser.add_argument("--out", type=Path, required=True, help="folder to write the pack into")
        parser.add_argument("--video", type=Path, help="the webinar's video, to cut the clips (needs ffmpeg)")
        parser.add_argument("--lang", choices=LANGUAGES, help="the script's language (default: detected)")
        parser.add_argument("--writer", choices=("extractive", "llm"), default="extractive")
        parser.add_argument(
            "--site", default="", help="website the links point to (default: the workspace's)"
        )

    def handle(self, *args: Any, script: Path, out: Path, video: Path | None, lang: str | None,
               writer: str, site: str, **options: Any) -> None:
        if not script.is_file():
            raise CommandError(f"{script}: no such file")
        try:
            with progress_bar(f"Recycling {script.name}", counts=False) as progress:
                pack = pack_build(source_path=script, language=lang, writer=writer, video=video,
                                  out_dir=out, progress=progress, settings=pack_settings(site))
        except DomainError as error:
            raise CommandError(str(error)) from error
        self.print_report(pack)

    def print_report(self, pack: Pack) -> None:
        manifest = pack.manifest
        self.stdout.write(self.style.SUCCESS(
            f"Pack written to {pack.out_dir}: {len(pack.assets)} assets, "
            f"{len(manifest['sections'])} sections ({manifest['language']})"
        ))
        for asset in pack.assets:
            failed = asset.failed
            mark = self.style.SUCCESS("✓") if not failed else self.style.ERROR("✗")
            self.stdout.write(f"  {mark} {asset.kind:<14} {asset.title}")
            for check in failed:
                self.stdout.write(self.style.ERROR(f"      {check.name}: {check.detail}"))
        for note in manifest["notes"]:
            self.stdout.write(self.style.WARNING(f"  note: {note}"))
        self.stdout.write(f"Open {pack.out_dir / 'index.html'} or share {pack.zip_path}")


def pack_settings(site: str) -> PackSettings:
    """The workspace's website and brand when the database is there; the pack needs no database."""
    try:
        from fusee.core.models import Workspace

        workspace = Workspace.objects.filter(pk=1).first()
    except DatabaseError:
        workspace = None
    if workspace is None:
        return PackSettings(site_url=site or DEFAULT_SITE)
    return PackSettings(site_url=site or workspace.website or DEFAULT_SITE, brand_name=workspace.name,
                        brand_colour=workspace.brand_color)
