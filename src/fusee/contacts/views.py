from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from fusee.contacts.models import Contact


def contact_list(request: HttpRequest) -> HttpResponse:
    return render(request, "contacts/list.html", {"contacts": Contact.objects.order_by("-id")[:50]})


def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "contacts/detail.html", {"contact": get_object_or_404(Contact, pk=pk)})
