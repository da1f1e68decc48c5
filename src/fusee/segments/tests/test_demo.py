from __future__ import annotations

import pytest

from fusee.contacts.tests.factories import ContactFactory
from fusee.segments import demo, selectors
from fusee.segments.models import ContactList, Segment

pytestmark = pytest.mark.django_db


def test_it_loads_segments_and_lists_once():
    ContactFactory.create(lifecycle="customer", score=80)
    demo.load(seed=1, options={})
    demo.load(seed=1, options={})
    assert Segment.objects.count() == len(demo.SEGMENTS) >= 12
    assert ContactList.objects.count() == 2
    assert {row.members for row in selectors.list_list()} == {0, 1}  # type: ignore[attr-defined]
    for segment in Segment.objects.all():
        selectors.segment_count(segment)  # every demo segment compiles and runs
