from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from fusee.contacts import selectors
from fusee.contacts.models import Industry, Lifecycle
from fusee.core.countries import country_names
from fusee.core.forms import BootstrapMixin
from fusee.core.models import User
from fusee.core.views import partial


def country_choices() -> list[tuple[str, str | Promise]]:
    return [("", _("All countries")), *country_names()]


class ContactFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, max_length=100,
        widget=forms.TextInput(attrs={
            "type": "search", "autocomplete": "off",
            "placeholder": _("Email, name or company starts with…"),
        }),
    )
    lifecycle = forms.ChoiceField(label=_("Lifecycle stage"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    industry = forms.ChoiceField(label=_("Industry"), required=False)
    owner = forms.ModelChoiceField(
        label=_("Owner"), required=False, empty_label=_("All owners"),
        queryset=User.objects.filter(is_active=True).only("id", "full_name", "email"),
    )
    min_score = forms.IntegerField(
        label=_("Minimum score"), required=False, min_value=-10_000, max_value=10_000
    )
    after = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lifecycle"].choices = [("", _("All stages")), *Lifecycle.choices]  # type: ignore[attr-defined]
        self.fields["industry"].choices = [("", _("All industries")), *Industry.choices]  # type: ignore[attr-defined]
        self.fields["country"].choices = country_choices()  # type: ignore[attr-defined]

    def filters(self) -> dict[str, object]:
        """The valid filters; an invalid one is shown with its error and otherwise ignored."""
        self.is_valid()
        data = self.cleaned_data
        owner = data.get("owner")
        return {
            "search": data.get("q", ""), "lifecycle": data.get("lifecycle", ""),
            "country": data.get("country", ""), "industry": data.get("industry", ""),
            "owner_id": owner.pk if owner else None, "min_score": data.get("min_score"),
        }


def contact_list(request: HttpRequest) -> HttpResponse:
    form = ContactFilterForm(request.GET)
    filters = form.filters()
    contacts = selectors.contact_list(**filters)  # type: ignore[arg-type]
    filtered = any(value not in ("", None) for value in filters.values())
    count, estimated = selectors.contact_count(contacts, filtered=filtered)
    cursor = selectors.Cursor.decode(request.GET.get("after", ""))
    few = count <= selectors.FEW  # an estimate says it too: a rare match is cheaper to sort
    rows, next_cursor = selectors.contact_page(contacts, after=cursor, few=few)
    if estimated and cursor is None and next_cursor is None:
        count, estimated = len(rows), False  # the whole list fits on its first page
    context = {
        "form": form, "contacts": rows, "count": count, "estimated": estimated,
        "paged": cursor is not None, "first_query": page_query(request, None),
        "next_query": page_query(request, next_cursor) if next_cursor else "",
    }
    return render(request, partial(request, "contacts/list.html", "results"), context)


def page_query(request: HttpRequest, cursor: selectors.Cursor | None) -> str:
    """The current filters with the page's cursor: what the "next" and "first" links carry."""
    query = request.GET.copy()
    query.pop("after", None)
    if cursor:
        query["after"] = cursor.encode()
    return query.urlencode()
