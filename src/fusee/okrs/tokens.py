"""Signed check-in links: one click from the reminder email to the key result's check-in form.

The token signs the key result and the user it was sent to, and when; it works for 14 days,
without a login, and only for that pair.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

from fusee.core.models import User
from fusee.okrs.models import KeyResult

SALT = "fusee.okrs.checkin"
MAX_AGE = timedelta(days=14)


class LinkExpired(Exception):
    """The link was genuine but is older than MAX_AGE."""


class LinkInvalid(Exception):
    """The link was altered, or names a key result or user that no longer exists."""


@dataclass(frozen=True)
class CheckInLink:
    key_result_id: int
    user_id: int


def checkin_token(key_result: KeyResult, user: User) -> str:
    return signing.dumps({"kr": key_result.pk, "u": user.pk}, salt=SALT)


def checkin_url(key_result: KeyResult, user: User) -> str:
    """The absolute link for the email."""
    return settings.FUSEE_BASE_URL + reverse("okrs:checkin_token", args=[checkin_token(key_result, user)])


def checkin_token_read(token: str) -> CheckInLink:
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    except signing.BadSignature as error:
        raise LinkInvalid from error
    if not (isinstance(payload, dict) and isinstance(payload.get("kr"), int)
            and isinstance(payload.get("u"), int)):
        raise LinkInvalid
    return CheckInLink(key_result_id=payload["kr"], user_id=payload["u"])
