"""The demo's two recycled webinars: full packs, loaded once."""

from __future__ import annotations

import pytest

from fusee.content import demo
from fusee.content.models import Asset, Recycling, RecyclingStatus
from fusee.content.tests.recycle_fixtures import content_data_dir  # noqa: F401

pytestmark = pytest.mark.usefixtures("content_data_dir")


def test_it_recycles_the_two_demo_webinars_once(db):
    seen: list[tuple[int, int]] = []
    demo.load(seed=42, options={}, progress=lambda done, total: seen.append((done, total)))
    packs = {r.demo_key: r for r in Recycling.objects.all()}
    assert set(packs) == {"webinar-en", "webinar-fr"} and seen[-1] == (2, 2)
    assert all(r.status == RecyclingStatus.DONE for r in packs.values())
    assert packs["webinar-fr"].detected_language == "fr"
    assert Asset.objects.filter(recycling=packs["webinar-en"], kind="clip").count() >= 5
    assert (packs["webinar-fr"].pack_dir / "ebook" / "ebook.pdf").is_file()
    assets = Asset.objects.count()

    demo.load(seed=42, options={})
    assert Recycling.objects.count() == 2 and Asset.objects.count() == assets
