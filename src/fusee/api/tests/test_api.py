from __future__ import annotations

from django.test import Client


def test_it_tells_who_is_calling(viewer_client):
    assert viewer_client.get("/api/v1/me").json() == {
        "email": "viewer@example.com", "full_name": "Vera Viewer", "role": "viewer",
    }


def test_it_refuses_anonymous_callers(db):
    assert Client().get("/api/v1/me").status_code in (302, 401)


def test_it_publishes_an_openapi_schema_and_local_docs(marketer_client):
    schema = marketer_client.get("/api/openapi.json").json()
    assert "/api/v1/me" in schema["paths"]
    docs = marketer_client.get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()
