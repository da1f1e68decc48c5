from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from fusee.core.models import Role
from fusee.core.roles import has_role

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class RoleMiddleware:
    """Viewers read; any other method needs the marketer role, unless the view opts out."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> None:
        if request.method in SAFE_METHODS or not request.user.is_authenticated:
            return None
        if getattr(view, "viewer_may_post", False) or not getattr(view, "login_required", True):
            return None
        if not has_role(request.user, Role.MARKETER):
            raise PermissionDenied("viewers can read but not change")
        return None
