"""Server-side role checks for views.

RoleMiddleware refuses every non-read request from a viewer unless the view is marked
@viewer_may_post (their own language or password, logging out). @role_required adds a
stricter floor to single views (admin-only pages).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from fusee.core.models import Role

RANK = {Role.VIEWER: 0, Role.MARKETER: 1, Role.ADMIN: 2}
View = Callable[..., HttpResponse]


def has_role(user: Any, minimum: Role) -> bool:
    return bool(user.is_authenticated and user.is_active) and RANK[Role(user.role)] >= RANK[minimum]


def role_required(minimum: Role) -> Callable[[View], View]:
    def decorate(view: View) -> View:
        @wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not has_role(request.user, minimum):
                raise PermissionDenied(f"requires the {minimum.label} role")
            return view(request, *args, **kwargs)

        checked.minimum_role = minimum  # type: ignore[attr-defined]
        return checked

    return decorate


def viewer_may_post(view: View) -> View:
    view.viewer_may_post = True  # type: ignore[attr-defined]
    return view
