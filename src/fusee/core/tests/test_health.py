from __future__ import annotations

from django.test import Client


def test_it_reports_healthy_without_login(db):
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"ok": True, "database": "ok", "broker": "in-process", "broker_url": None}


def test_it_reports_an_unreachable_broker(db, settings):
    settings.FUSEE_BROKER_URL = "redis://:secret@127.0.0.1:1/0"
    response = Client().get("/healthz")
    body = response.json()
    assert response.status_code == 503 and body["ok"] is False
    assert body["broker"] != "ok" and "secret" not in body["broker_url"]
