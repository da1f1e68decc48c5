"""Pages a contact reaches from an email, without logging in: the token is the key."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from fusee.nurturing.links import unsubscribe_message_pk
from fusee.nurturing.models import Message
from fusee.nurturing.sending import contact_unsubscribe


@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" without a form of ours
@login_not_required
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks for confirmation (link scanners must not unsubscribe anyone); POST does it."""
    message_pk = unsubscribe_message_pk(token)
    message = Message.objects.select_related("contact").filter(pk=message_pk).first() if message_pk else None
    if message is None:
        raise Http404("unknown or altered link")
    done = request.method == "POST"
    if done:
        contact_unsubscribe(message=message)
    context = {"done": done, "email": message.contact.email}
    return render(request, "nurturing/public/unsubscribe.html", context)


app_name = "public"
urlpatterns = [path("u/<str:token>/", unsubscribe, name="unsubscribe")]
