"""Open pixel and click redirect behind signed tokens: public endpoints, no login.

A click token signs (message, link) together, so the redirect can only go where an email of
ours pointed: there is no open redirect, and a tampered token is a 404, never a 500. Opens and
clicks a machine makes (Apple Mail's privacy proxy fetching every pixel, security scanners
following every link within seconds of delivery) are recorded but flagged, and kept out of
human engagement.
"""

from __future__ import annotations

import base64
import functools
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from fusee.contacts.models import Event, EventType
from fusee.nurturing.models import Message

CLICK_SALT, OPEN_SALT = "fusee.nurturing.click", "fusee.nurturing.open"
SCANNER_WINDOW = timedelta(seconds=10)  # a human does not click within seconds of delivery
MACHINE_AGENTS = (
    "GoogleImageProxy",
    "YahooMailProxy",
    "Barracuda",
    "Mimecast",
    "Proofpoint",
    "python-requests",
)
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


@functools.cache
def signer(salt: str) -> signing.Signer:
    # One signer per salt, made once: a message carries several links, each signed.
    return signing.Signer(salt=salt)


@functools.cache
def url_prefix(name: str) -> str:
    """The absolute URL of a tracking view, without its token: reversed once, not per link."""
    return settings.FUSEE_BASE_URL.rstrip("/") + reverse(name, args=["TOKEN"]).removesuffix("TOKEN/")


def click_url(message_pk: int, link: str) -> str:
    return f"{url_prefix('tracking:click')}{signer(CLICK_SALT).sign_object([message_pk, link])}/"


def open_url(message_pk: int) -> str:
    return f"{url_prefix('tracking:open')}{signer(OPEN_SALT).sign_object(message_pk)}/"


def is_machine(request: HttpRequest, message: Message) -> bool:
    agent = request.headers.get("User-Agent", "")
    if any(name.lower() in agent.lower() for name in MACHINE_AGENTS):
        return True
    # Apple Mail Privacy Protection fetches pixels through its proxy with this bare agent.
    if agent == "Mozilla/5.0":
        return True
    return message.sent_at is not None and timezone.now() - message.sent_at < SCANNER_WINDOW


def engagement_record(request: HttpRequest, message: Message, kind: EventType, **properties: str) -> None:
    Event.objects.create(
        contact_id=message.contact_id,
        type=kind,
        occurred_at=timezone.now(),
        campaign=message.email.utm_campaign,
        properties={"message": message.message_id, "machine": is_machine(request, message), **properties},
    )


def signed_message(token: str, salt: str) -> tuple[Message, object]:
    try:
        value = signer(salt).unsign_object(token)
    except (signing.BadSignature, ValueError):  # ValueError: signed but not JSON (another format)
        raise Http404("unknown or altered link") from None
    pk, extra = (value[0], value[1]) if isinstance(value, list) and len(value) == 2 else (value, None)
    message = Message.objects.select_related("email").filter(pk=pk).first() if isinstance(pk, int) else None
    if message is None:
        raise Http404("unknown or altered link")
    return message, extra


@login_not_required
@never_cache
def click(request: HttpRequest, token: str) -> HttpResponse:
    message, link = signed_message(token, CLICK_SALT)
    if not isinstance(link, str) or not link.startswith(("http://", "https://")):
        raise Http404("unknown or altered link")
    engagement_record(request, message, EventType.EMAIL_CLICKED, url=link[:500])
    return HttpResponseRedirect(link)


@login_not_required
@never_cache
def pixel(request: HttpRequest, token: str) -> HttpResponse:
    message, _nothing = signed_message(token, OPEN_SALT)
    engagement_record(request, message, EventType.EMAIL_OPENED)
    return HttpResponse(PIXEL, content_type="image/gif")


app_name = "tracking"
urlpatterns = [
    path("t/c/<str:token>/", click, name="click"),
    path("t/o/<str:token>/", pixel, name="open"),
]
