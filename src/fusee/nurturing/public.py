"""Pages a contact reaches from an email, without logging in: the token is the key."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt

from fusee.contacts.models import Contact
from fusee.nurturing.links import preferences_contact_pk, preferences_token, unsubscribe_message_pk
from fusee.nurturing.models import ContactPreference, Frequency, Message
from fusee.nurturing.preferences import (
    Topic,
    contact_unsubscribe_all,
    page_language,
    preference_save,
    topics_in_use,
)
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
    context = {
        "done": done, "email": message.contact.email,
        "preferences_token": preferences_token(message.contact_id),
    }
    with translation.override(page_language(message.contact)):
        return render(request, "nurturing/public/unsubscribe.html", context)


CHECKBOXES = forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})
RADIOS = forms.RadioSelect(attrs={"class": "form-check-input"})


class PreferenceForm(forms.Form):
    topics = forms.MultipleChoiceField(label=_("Topics"), required=False, widget=CHECKBOXES)
    frequency = forms.ChoiceField(label=_("How often"), choices=Frequency.choices, widget=RADIOS)

    def __init__(self, *args: Any, topics: list[Topic], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.MultipleChoiceField, self.fields["topics"])
        field.choices = [(topic.slug, topic.label) for topic in topics]


@login_not_required
def preferences(request: HttpRequest, token: str) -> HttpResponse:
    """The contact's choices; a POST saves them, or with `unsubscribe_all` stops all mail."""
    contact_pk = preferences_contact_pk(token)
    contact = Contact.objects.filter(pk=contact_pk).first() if contact_pk else None
    if contact is None:
        raise Http404("unknown or altered link")
    with translation.override(page_language(contact)):
        response = preferences_page(request, contact)
    response["Content-Language"] = page_language(contact)
    return response


def preferences_page(request: HttpRequest, contact: Contact) -> HttpResponse:
    topics = topics_in_use()
    if contact.unsubscribed:  # a way back in is a new consent, given through a form, not here
        return preferences_render(request, contact, None)
    if request.method != "POST":
        form = PreferenceForm(initial=initial_choices(contact, topics), topics=topics)
        return preferences_render(request, contact, form)
    if "unsubscribe_all" in request.POST:
        contact_unsubscribe_all(contact=contact)
        return preferences_render(request, contact, None, saved=True)
    form = PreferenceForm(request.POST, topics=topics)
    if not form.is_valid():
        return preferences_render(request, contact, form, status=400)
    preference_save(
        contact=contact, topics_shown=[topic.slug for topic in topics],
        topics_wanted=form.cleaned_data["topics"], frequency=Frequency(form.cleaned_data["frequency"]),
    )
    return preferences_render(request, contact, form, saved=True)


def preferences_render(
    request: HttpRequest, contact: Contact, form: PreferenceForm | None, *, saved: bool = False,
    status: int = 200,
) -> HttpResponse:
    context = {"email": contact.email, "form": form, "saved": saved}
    return render(request, "nurturing/public/preferences.html", context, status=status)


def initial_choices(contact: Contact, topics: list[Topic]) -> dict[str, object]:
    """Every topic ticked but those the contact left; no row yet means every email."""
    preference = ContactPreference.objects.filter(contact=contact).first() or ContactPreference()
    wanted = [topic.slug for topic in topics if topic.slug not in preference.topics_opted_out]
    return {"topics": wanted, "frequency": preference.frequency}


app_name = "public"
urlpatterns = [
    path("u/<str:token>/", unsubscribe, name="unsubscribe"),
    path("p/<str:token>/", preferences, name="preferences"),
]
