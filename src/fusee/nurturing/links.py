"""Signed links in emails: unsubscribe (and later tracking). No login; a tampered token is a 404."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

UNSUBSCRIBE_SALT = "fusee.nurturing.unsubscribe"


def unsubscribe_token(message_pk: int) -> str:
    return signing.dumps(message_pk, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_message_pk(token: str) -> int | None:
    """The message the token was made for, or None when it was altered or made elsewhere."""
    try:
        value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def unsubscribe_url(message_pk: int) -> str:
    path = reverse("public:unsubscribe", args=[unsubscribe_token(message_pk)])
    return settings.FUSEE_BASE_URL.rstrip("/") + path
