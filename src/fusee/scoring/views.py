from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def rule_list(request: HttpRequest) -> HttpResponse:
    return render(request, "scoring/rules.html", {})
