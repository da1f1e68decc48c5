from __future__ import annotations

from fusee.webhooks.models import Endpoint, EventKind
from fusee.webhooks.services import endpoint_create


def endpoint_for(url: str, *kinds: str, active: bool = True) -> Endpoint:
    endpoint = endpoint_create(actor=None, url=url, kinds=list(kinds) or [EventKind.CONTACT_MQL])
    if not active:
        Endpoint.objects.filter(pk=endpoint.pk).update(active=False)
        endpoint.refresh_from_db()
    return endpoint
