from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase

from fusee.core.models import Role
from fusee.core.roles import has_role

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
request_logger = logging.getLogger("fusee.request")


class RequestLogMiddleware:
    """One structured log line per request (static files are served before this runs)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        request_logger.info("%s %s %s", request.method, request.path, response.status_code, extra={
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            "user_id": getattr(getattr(request, "user", None), "pk", None),
        })
        return response


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Every page needs a login; the API authenticates each call itself (token or session)."""

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponseBase | None:
        if request.path.startswith("/api/v"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


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
