"""Signed links in emails: unsubscribe and the preference centre. No login; a tampered token is a 404."""

from __future__ import annotations

import functools

from django.conf import settings
from django.core import signing
from django.urls import reverse

from fusee.nurturing.mail.signing import PrecomputedSigner, precomputed_signer

UNSUBSCRIBE_SALT = "fusee.nurturing.unsubscribe"
PREFERENCES_SALT = "fusee.nurturing.preferences"


def unsubscribe_token(message_pk: int) -> str:
    return unsubscribe_signer().sign_json(message_pk)


def unsubscribe_signer() -> PrecomputedSigner:
    return precomputed_signer(UNSUBSCRIBE_SALT)  # made once: every message signs a token


def unsubscribe_message_pk(token: str) -> int | None:
    """The message the token was made for, or None when it was altered or made elsewhere."""
    try:
        value = unsubscribe_signer().unsign_object(token)
    except (signing.BadSignature, ValueError):
        return None
    return value if isinstance(value, int) else None


def unsubscribe_url(message_pk: int) -> str:
    return f"{url_prefix('public:unsubscribe')}{unsubscribe_token(message_pk)}/"


@functools.cache
def url_prefix(name: str) -> str:
    """The absolute URL of a public view, without its token: reversed once, not per message."""
    return settings.FUSEE_BASE_URL.rstrip("/") + reverse(name, args=["TOKEN"]).removesuffix("TOKEN/")


# The preference centre names a contact, not a message, so forms and confirmation emails can
# link to it too. Its tokens do not expire: an old email must still lead to the choices.
def preferences_token(contact_pk: int) -> str:
    return preferences_signer().sign_json(contact_pk)


def preferences_signer() -> PrecomputedSigner:
    return precomputed_signer(PREFERENCES_SALT)


def preferences_contact_pk(token: str) -> int | None:
    """The contact the token was made for, or None when it was altered or made elsewhere."""
    try:
        value = preferences_signer().unsign_object(token)
    except (signing.BadSignature, ValueError):
        return None
    return value if isinstance(value, int) else None


def preferences_url(contact_pk: int) -> str:
    return f"{url_prefix('public:preferences')}{preferences_token(contact_pk)}/"
