"""What stands in for CSRF and captchas on public forms: signed tokens, a honeypot, a rate limit.

The form token signs the form's public id and when the page was rendered. It does not expire,
so the plain HTML snippet pasted on a site keeps working; for that snippet the render time is
the snippet's, and only the honeypot and the rate limit really guard it.
"""

from __future__ import annotations

import time
from datetime import timedelta

from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from fusee.webforms.models import Form

FORM_SALT = "fusee.webforms.form"
CONFIRM_SALT = "fusee.webforms.confirm"
CONFIRM_MAX_AGE = timedelta(days=7)
HONEYPOT = "website"  # a name bots like to fill in
MIN_SECONDS_TO_FILL = 2.0
RATE_LIMIT = 5  # submissions per IP and form…
RATE_WINDOW = 60  # …per this many seconds


def form_token(form: Form, *, issued_at: float | None = None) -> str:
    issued_at = time.time() if issued_at is None else issued_at
    return signing.dumps({"f": form.slug, "t": issued_at}, salt=FORM_SALT)


def form_token_issued_at(form: Form, token: str) -> float | None:
    """When the token was rendered, or None when it is not a token of this form."""
    try:
        payload = signing.loads(token, salt=FORM_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or payload.get("f") != form.slug:
        return None
    issued_at = payload.get("t")
    return float(issued_at) if isinstance(issued_at, int | float) else None


def filled_too_fast(issued_at: float) -> bool:
    return time.time() - issued_at < MIN_SECONDS_TO_FILL


def confirm_token(submission_pk: int) -> str:
    return signing.dumps(submission_pk, salt=CONFIRM_SALT)


def confirm_token_submission_pk(token: str) -> int | None:
    """The submission a confirmation link is for; None when altered or older than a week."""
    try:
        pk = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is one
        return None
    return pk if isinstance(pk, int) else None


def ip_hash(request: HttpRequest) -> str:
    """A keyed hash: enough to count attempts per address without storing the address."""
    return salted_hmac("fusee.webforms.ip", request.META.get("REMOTE_ADDR", "")).hexdigest()


def attempt_count(*, form: Form, ip_hash: str) -> int:
    """Count this attempt in the current window; the number of attempts so far."""
    key = f"webforms:attempts:{form.pk}:{ip_hash}"
    cache.add(key, 0, RATE_WINDOW)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RATE_WINDOW)
        return 1
