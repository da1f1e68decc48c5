"""Reads of the import pages."""

from __future__ import annotations

from django.db.models import QuerySet

from fusee.contacts.models import ImportBatch


def batch_list(*, limit: int = 50) -> QuerySet[ImportBatch]:
    return ImportBatch.objects.select_related("created_by", "job")[:limit]
