"""Asset versions: a regeneration never overwrites a human edit."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from fusee.content import services
from fusee.content.models import Asset, AssetVersion, Recycling, VersionOrigin, content_root
from fusee.content.tests.recycle_fixtures import content_data_dir  # noqa: F401
from fusee.content.writing.assets import Asset as Written
from fusee.content.writing.assets import Check
from fusee.core.errors import DomainError

pytestmark = pytest.mark.usefixtures("content_data_dir")


@pytest.fixture
def recycling(db) -> Recycling:
    recycling = Recycling(script_name="talk.md")
    recycling.script.save("talk.md", ContentFile(b"# Talk\n\nHello."), save=False)
    recycling.save()
    return recycling


def article(body: str, *, pdf: bytes = b"%PDF-1") -> Written:
    return Written(kind="article", key="growth", title="Growth", checks=[Check("words", True, "700 words")],
                   files={"articles/growth/index.md": body, "articles/growth/ebook.pdf": pdf})


def current_text(asset: Asset) -> str:
    asset.refresh_from_db()
    return asset.current.files.get(name="articles/growth/index.md").text or ""


def test_it_stores_text_in_the_database_and_binary_files_on_disk(recycling):
    services.assets_store(recycling=recycling, assets=[article("Version one.")])
    asset = Asset.objects.get()
    pdf = asset.current.files.get(name="articles/growth/ebook.pdf")
    assert pdf.text is None and pdf.read() == b"%PDF-1"
    assert (content_root() / pdf.path).is_file() and pdf.path.startswith(f"{recycling.pk}/assets/")
    assert current_text(asset) == "Version one." and asset.checks == [
        {"name": "words", "ok": True, "detail": "700 words"}
    ]


def test_it_adds_no_version_when_a_regeneration_changes_nothing(recycling):
    services.assets_store(recycling=recycling, assets=[article("Same.")])
    services.assets_store(recycling=recycling, assets=[article("Same.")])
    assert AssetVersion.objects.count() == 1


def test_it_makes_a_regeneration_current_when_nobody_edited(recycling):
    services.assets_store(recycling=recycling, assets=[article("One.")])
    services.assets_store(recycling=recycling, assets=[article("Two.")])
    asset = Asset.objects.get()
    assert current_text(asset) == "Two." and not asset.regenerated_since_edit
    assert list(asset.versions.values_list("number", "origin")) == [(2, "generated"), (1, "generated")]


def test_it_keeps_a_human_edit_current_over_a_regeneration_and_says_so(recycling, marketer):
    services.assets_store(recycling=recycling, assets=[article("Generated.")])
    asset = Asset.objects.get()
    edit = services.asset_edit(actor=marketer, asset=asset, files={"articles/growth/index.md": "My words."})
    assert edit.origin == VersionOrigin.EDITED and edit.created_by == marketer
    # The binary file the edit did not touch is carried over, not copied.
    assert edit.files.get(name="articles/growth/ebook.pdf").read() == b"%PDF-1"

    services.assets_store(recycling=recycling, assets=[article("Regenerated.", pdf=b"%PDF-2")])
    asset.refresh_from_db()
    assert current_text(asset) == "My words." and asset.regenerated_since_edit
    latest = asset.versions.first()
    assert latest is not None and (latest.number, latest.origin) == (3, VersionOrigin.GENERATED)
    assert latest.files.get(name="articles/growth/index.md").text == "Regenerated."

    services.asset_use_generated(actor=marketer, asset=asset)
    assert current_text(asset) == "Regenerated." and not asset.regenerated_since_edit
    assert asset.current.files.get(name="articles/growth/ebook.pdf").read() == b"%PDF-2"


def test_it_keeps_an_edited_asset_the_next_generation_no_longer_makes(recycling, marketer):
    other = Written(kind="article", key="other", title="Other", files={"articles/other/index.md": "x"})
    services.assets_store(recycling=recycling, assets=[article("A."), other])
    services.asset_edit(actor=marketer, asset=Asset.objects.get(key="growth"),
                        files={"articles/growth/index.md": "Mine."})
    services.assets_store(recycling=recycling, assets=[])
    assert list(Asset.objects.values_list("key", flat=True)) == ["growth"]


def test_it_refuses_an_edit_of_a_binary_file_or_an_unknown_one(recycling, marketer):
    services.assets_store(recycling=recycling, assets=[article("A.")])
    asset = Asset.objects.get()
    with pytest.raises(DomainError, match="only text files can be edited"):
        services.asset_edit(actor=marketer, asset=asset, files={"articles/growth/ebook.pdf": "x"})
    with pytest.raises(DomainError, match="no such file"):
        services.asset_edit(actor=marketer, asset=asset, files={"nope.md": "x"})
    with pytest.raises(DomainError, match="nothing was changed"):
        services.asset_edit(actor=marketer, asset=asset, files={"articles/growth/index.md": "A."})
    assert asset.versions.count() == 1
