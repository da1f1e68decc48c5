"""Open pixel and click redirect behind signed tokens: public endpoints, no login.

A click token signs (message, link) together, so the redirect can only go where an email of
ours pointed: there is no open redirect, and a tampered token is a 404, never a 500. Answering
needs no database: the event is buffered and written in batches (engagement.py), which also
drops the events of messages deleted since (an erased contact's click still reaches the link).
Opens and clicks a machine makes (Apple Mail's privacy proxy fetching every pixel, security
scanners following every link within seconds of delivery) are recorded but flagged, and kept
out of human engagement.
"""

from __future__ import annotations

import base64

from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path
from django.utils import timezone

from fusee.contacts.models import EventType
from fusee.nurturing import engagement
from fusee.nurturing.engagement import Engagement
from fusee.nurturing.links import url_prefix
from fusee.nurturing.mail.signing import PrecomputedSigner, precomputed_signer

CLICK_SALT, OPEN_SALT = "fusee.nurturing.click", "fusee.nurturing.open"
# Lower-case: compared with the lower-cased User-Agent.
MACHINE_AGENTS = (
    "googleimageproxy",
    "yahoomailproxy",
    "barracuda",
    "mimecast",
    "proofpoint",
    "python-requests",
)
NO_CACHE = "max-age=0, no-cache, no-store, must-revalidate, private"
EXPIRED = "Thu, 01 Jan 1970 00:00:00 GMT"
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


def signer(salt: str) -> PrecomputedSigner:
    # One signer per salt, its key derived once: a message carries several links, each signed.
    return precomputed_signer(salt)


def click_url(message_pk: int, link: str) -> str:
    return f"{url_prefix('tracking:click')}{signer(CLICK_SALT).sign_json([message_pk, link])}/"


def open_url(message_pk: int) -> str:
    return f"{url_prefix('tracking:open')}{signer(OPEN_SALT).sign_json(message_pk)}/"


def machine_agent(request: HttpRequest) -> bool:
    """Proxies and scanners that say who they are; the time since delivery is checked when the
    event is written (`engagement.is_machine`), from the message's delivery time."""
    agent = request.META.get("HTTP_USER_AGENT", "")  # not request.headers: that copies every header
    # Apple Mail Privacy Protection fetches pixels through its proxy with this bare agent.
    return agent == "Mozilla/5.0" or any(name in agent.lower() for name in MACHINE_AGENTS)


def signed_value(token: str, salt: str) -> tuple[int, object]:
    """The message pk a token was signed for, and what was signed with it (a click's link)."""
    try:
        value = signer(salt).unsign_object(token)
    except (signing.BadSignature, ValueError):  # ValueError: signed but not JSON (another format)
        raise Http404("unknown or altered link") from None
    pk, extra = (value[0], value[1]) if isinstance(value, list) and len(value) == 2 else (value, None)
    if not isinstance(pk, int) or isinstance(pk, bool):
        raise Http404("unknown or altered link")
    return pk, extra


def record(request: HttpRequest, message_pk: int, kind: EventType, url: str = "") -> None:
    engagement.record(
        Engagement(
            message_pk=message_pk,
            kind=kind,
            occurred_at=timezone.now(),
            machine_agent=machine_agent(request),
            url=url,
        )
    )


def uncached(response: HttpResponse) -> HttpResponse:
    """What `never_cache` sets, without its header parsing: a cached redirect or pixel would hide
    every later click or open. CSP is left off: it means nothing on a redirect or an image."""
    response["Cache-Control"] = NO_CACHE
    response["Expires"] = EXPIRED
    response._csp_exempt = True  # type: ignore[attr-defined]  # read by django-csp's middleware
    return response


# No database on the way: the signature proves we wrote this link into this message, and the
# event is buffered (engagement.py).
@login_not_required
def click(request: HttpRequest, token: str) -> HttpResponse:
    message_pk, link = signed_value(token, CLICK_SALT)
    if not isinstance(link, str) or not link.startswith(("http://", "https://")):
        raise Http404("unknown or altered link")
    record(request, message_pk, EventType.EMAIL_CLICKED, url=link[:500])
    return uncached(HttpResponseRedirect(link))


@login_not_required
def pixel(request: HttpRequest, token: str) -> HttpResponse:
    message_pk, _nothing = signed_value(token, OPEN_SALT)
    record(request, message_pk, EventType.EMAIL_OPENED)
    return uncached(HttpResponse(PIXEL, content_type="image/gif"))


app_name = "tracking"
urlpatterns = [
    path("t/c/<str:token>/", click, name="click"),
    path("t/o/<str:token>/", pixel, name="open"),
]
