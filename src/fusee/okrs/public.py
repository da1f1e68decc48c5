"""The check-in page an owner reaches from the weekly reminder, without logging in: the token is the key."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from fusee.core.errors import DomainError
from fusee.core.models import User, Workspace
from fusee.okrs import progress as maths
from fusee.okrs.models import Confidence, KeyResult, KeyResultKind
from fusee.okrs.services import check_in_record
from fusee.okrs.tokens import MAX_AGE, LinkExpired, LinkInvalid, checkin_token_read

TEMPLATE = "okrs/checkin_token.html"
RADIOS = forms.RadioSelect(attrs={"class": "form-check-input"})


class CheckInForm(forms.Form):
    value = forms.FloatField(label=_("New value"), widget=forms.NumberInput(attrs={
        "class": "form-control", "step": "any", "autofocus": True}))
    confidence = forms.ChoiceField(label=_("Confidence"), choices=Confidence.choices, widget=RADIOS)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}))

    def __init__(self, *args: Any, key_result: KeyResult, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if key_result.kind == KeyResultKind.MILESTONE:
            self.fields["value"] = forms.TypedChoiceField(
                label=_("Done?"), coerce=float, widget=RADIOS,
                choices=[("0", _("Not done yet")), ("1", _("Done"))],
            )


@never_cache  # the page holds a working link: no copy in a shared cache
@login_not_required
def checkin_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows the key result and the form; POST records the check-in as the link's user."""
    try:
        link = checkin_token_read(token)
    except LinkExpired:
        return render(request, TEMPLATE, {"state": "expired", "days": MAX_AGE.days}, status=410)
    except LinkInvalid:
        raise Http404("unknown or altered link") from None
    key_result = (KeyResult.objects.select_related("objective__cycle", "owner")
                  .filter(pk=link.key_result_id).first())
    user = User.objects.filter(pk=link.user_id, is_active=True).first()
    if key_result is None or user is None:
        raise Http404("unknown or altered link")
    language = user.language or Workspace.current().default_language or settings.LANGUAGE_CODE
    with translation.override(language):
        response = checkin_page(request, key_result, user)
    response["Content-Language"] = language
    return response


def checkin_page(request: HttpRequest, key_result: KeyResult, user: User) -> HttpResponse:
    if key_result.owner_id != user.pk:
        return page(request, key_result, "not_owner", status=403)
    if key_result.objective.cycle.is_closed:
        return page(request, key_result, "closed", status=200 if request.method == "GET" else 409)
    if request.method != "POST":
        form = CheckInForm(initial=initial_values(key_result), key_result=key_result)
        return page(request, key_result, "form", form=form, saved=request.GET.get("saved") == "1")
    form = CheckInForm(request.POST, key_result=key_result)
    if form.is_valid():
        try:
            check_in_record(actor=user, key_result=key_result, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            return HttpResponseRedirect(f"{request.path}?saved=1")  # a reload does not post twice
    return page(request, key_result, "form", form=form, status=400)


def initial_values(key_result: KeyResult) -> dict[str, Any]:
    """Where the key result stands, and the confidence of its last check-in."""
    last = key_result.check_ins.order_by("-created_at", "-pk").values_list("confidence", flat=True).first()
    value: Any = key_result.current
    if key_result.kind == KeyResultKind.MILESTONE:
        value = "1" if key_result.is_done else "0"
    return {"value": value, "confidence": last or Confidence.ON_TRACK}


def page(request: HttpRequest, key_result: KeyResult, state: str, *, form: CheckInForm | None = None,
         saved: bool = False, status: int = 200) -> HttpResponse:
    percent = round(100 * key_result.progress())
    context = {
        "state": state, "key_result": key_result, "objective": key_result.objective,
        "cycle": key_result.objective.cycle, "form": form, "saved": saved,
        "percent": percent, "band": maths.band(key_result.progress()),
    }
    return render(request, TEMPLATE, context, status=status)
