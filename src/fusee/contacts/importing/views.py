from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fusee.contacts.models import ImportBatch


def import_list(request: HttpRequest) -> HttpResponse:
    return render(request, "contacts/imports.html", {"batches": ImportBatch.objects.all()[:50]})
