from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def segment_list(request: HttpRequest) -> HttpResponse:
    return render(request, "segments/list.html", {})
