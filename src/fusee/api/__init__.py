"""The REST API (django-ninja) at /api/, OpenAPI schema and docs at /api/docs (login needed).

Callers authenticate with a personal token (`Authorization: Bearer fus_…`) or the browser
session. Reads need any token; writes need a write-scope token of a marketer or admin.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth
from ninja.throttling import AuthRateThrottle

from fusee.core.errors import DomainError, NotAllowed
from fusee.core.models import ApiToken
from fusee.core.tokens import token_authenticate


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = token_authenticate(token)
        if found is not None:
            request.user = found.user
        return found


api = NinjaAPI(
    title="Fusée API",
    version="1",
    urls_namespace="api",
    auth=[TokenAuth(), SessionAuth()],
    throttle=[AuthRateThrottle("600/m")],
    docs_decorator=login_required,
)


@api.exception_handler(NotAllowed)
def not_allowed(request: HttpRequest, error: NotAllowed) -> HttpResponse:
    return api.create_response(request, {"detail": str(error)}, status=403)


@api.exception_handler(DomainError)
def refused(request: HttpRequest, error: DomainError) -> HttpResponse:
    field, _sep, message = str(error).partition(": ")
    detail: Any = [{"loc": ["body", *field.split(".")], "msg": message}] if message else str(error)
    return api.create_response(request, {"detail": detail}, status=422)


@contextmanager
def refusal_is_400() -> Iterator[None]:
    """For rules that name no field of the request (the shared handler answers 422 at a field):
    a business refusal becomes a 400 whose detail is its message; NotAllowed stays a 403."""
    try:
        yield
    except NotAllowed:
        raise
    except DomainError as error:
        raise HttpError(400, str(error)) from error


def require_write(request: HttpRequest) -> None:
    """Tokens need the write scope; either way the person must be a marketer or an admin."""
    auth = request.auth  # type: ignore[attr-defined]
    allowed = auth.can_write if isinstance(auth, ApiToken) else request.user.can_change  # type: ignore[union-attr]
    if not allowed:
        raise HttpError(403, "this token or role can read but not write")


class Me(Schema):
    email: str
    full_name: str
    role: str


@api.get("/v1/me", response=Me, summary="The user making the request")
def me(request: HttpRequest) -> Me:
    user = request.user
    return Me(email=user.email, full_name=user.full_name, role=user.role)  # type: ignore[union-attr]


def register_routers() -> None:
    from fusee.contacts.api import router as contacts_router
    from fusee.content.api import router as content_router
    from fusee.okrs.api import router as okrs_router
    from fusee.playbooks.api import router as playbooks_router
    from fusee.segments.api import router as segments_router

    api.add_router("/v1/", contacts_router)
    api.add_router("/v1/", segments_router)
    api.add_router("/v1/", content_router)
    api.add_router("/v1/", okrs_router)
    api.add_router("/v1/", playbooks_router)


register_routers()
