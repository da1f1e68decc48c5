from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def board(request: HttpRequest) -> HttpResponse:
    return render(request, "okrs/board.html", {})


def ideas(request: HttpRequest) -> HttpResponse:
    return render(request, "okrs/ideas.html", {})
