"""A recycled transcript with its clips, stored without building the whole pack (the ebook takes seconds).

The demo's English transcript is understood once per test module; each test stores its clips and
a manifest with the sections in its own recycling, as a pack run would. Named in the decorator, so a
test module imports `clip_pack_fixture` and asks for `clip_pack`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fusee.content import services
from fusee.content.models import Recycling, RecyclingStatus
from fusee.content.recycle.manifest import section_entry
from fusee.content.understanding import Understanding, understand_file
from fusee.content.writing.assets import Asset as WrittenAsset
from fusee.content.writing.assets import Check
from fusee.content.writing.clips import clips_find

TRANSCRIPT = Path(__file__).resolve().parents[1] / "demo" / "webinar_en.vtt"


@pytest.fixture(scope="module", name="understood")
def understood_fixture() -> Understanding:
    return understand_file(TRANSCRIPT, language="en")


@pytest.fixture(scope="module", name="clip_assets")
def clip_assets_fixture(understood) -> list[WrittenAsset]:
    return clips_find(understood).assets()


@pytest.fixture(name="clip_pack")
def clip_pack_fixture(marketer, understood, clip_assets, content_data_dir) -> Recycling:
    """A done recycling of the transcript holding its clips and cut list."""
    recycling = services.recycling_create(
        actor=marketer, script=SimpleUploadedFile(TRANSCRIPT.name, TRANSCRIPT.read_bytes()),
        script_name=TRANSCRIPT.name, language="en", enqueue_job=False,
    )
    manifest: dict[str, Any] = {
        "title": "Nurturing", "language": "en", "notes": [],
        "sections": [section_entry(understood, section) for section in understood.sections],
        "checks": [Check("no_reuse", True, "no sentence in two articles").as_dict(),
                   Check("sections_covered", False, "section 3 <b>is missing</b>").as_dict()],
    }
    services.assets_store(recycling=recycling, assets=clip_assets)
    Recycling.objects.filter(pk=recycling.pk).update(
        status=RecyclingStatus.DONE, manifest=manifest, detected_language="en"
    )
    recycling.refresh_from_db()
    return recycling
