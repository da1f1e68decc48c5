"""The REST API (django-ninja); every capability adds its router here."""

from django.http import HttpRequest
from ninja import NinjaAPI, Schema
from ninja.security import SessionAuth

api = NinjaAPI(title="Fusée API", version="1", urls_namespace="api", auth=SessionAuth())


class Me(Schema):
    email: str
    full_name: str
    role: str


@api.get("/v1/me", response=Me, summary="The user making the request")
def me(request: HttpRequest) -> Me:
    user = request.user
    return Me(email=user.email, full_name=user.full_name, role=user.role)  # type: ignore[union-attr]
