from __future__ import annotations

from django.test import Client

from fusee.core.models import AuditEntry, Role, User
from fusee.testing.factories import PASSWORD, UserFactory


def test_it_logs_in_with_email_and_password(db):
    UserFactory.create(email="ada@example.com")
    response = Client().post("/login/", {"username": "ada@example.com", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"


def test_it_locks_an_account_after_five_failed_logins(db):
    UserFactory.create(email="ada@example.com")
    client = Client()
    for _attempt in range(5):
        client.post("/login/", {"username": "ada@example.com", "password": "wrong"})
    response = client.post("/login/", {"username": "ada@example.com", "password": PASSWORD})
    assert response.status_code == 429
    assert b"Too many failed login attempts" in response.content


def test_it_sends_a_content_security_policy_that_forbids_inline_scripts(marketer_client):
    policy = marketer_client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_it_requires_a_csrf_token_on_forms(marketer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(marketer)
    assert client.post("/account/", {"password": "x"}).status_code == 403


def test_it_follows_the_browser_language_by_default(marketer_client):
    page = marketer_client.get("/", headers={"accept-language": "fr-FR,fr;q=0.9"})
    assert "Tableau de bord" in page.content.decode()


def test_it_switches_language_and_remembers_it_for_the_user(viewer_client, viewer):
    response = viewer_client.post("/language/", {"language": "fr", "next": "/team/"})
    assert response.status_code == 302
    assert "Équipe" in viewer_client.get("/team/").content.decode()
    viewer.refresh_from_db()
    assert viewer.language == "fr"


def test_it_renders_only_the_people_region_for_htmx(admin_client, viewer):
    response = admin_client.get("/team/?role=viewer", headers={"hx-request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="people"') and "<nav" not in html
    assert viewer.full_name in html and "Ada Admin" not in html


def test_it_escapes_what_users_typed(admin_client, admin):
    UserFactory.create(full_name="<script>alert(1)</script>")
    html = admin_client.get("/team/").content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_it_lets_an_admin_add_a_person(admin_client):
    response = admin_client.post("/team/new/", {
        "email": "new@example.com", "full_name": "New Person", "role": "marketer",
        "team": "marketing", "password": "a long enough password",
    })
    assert response.status_code == 302
    assert User.objects.get(email="new@example.com").role == Role.MARKETER
    assert AuditEntry.objects.filter(action="user.created", actor__email="admin@example.com").exists()


def test_it_explains_a_refused_change_on_the_form(admin_client, admin):
    response = admin_client.post(f"/team/{admin.pk}/", {
        "full_name": admin.full_name, "role": "viewer", "team": "marketing", "is_active": "on",
    })
    assert response.status_code == 200
    assert "last admin" in response.content.decode()


def test_it_serves_the_vendored_libraries_itself(marketer_client):
    html = marketer_client.get("/").content.decode()
    assert "/static/vendor/htmx/htmx.min.js" in html and "cdn" not in html.lower()


def test_it_lets_an_admin_change_a_role_and_records_it(admin_client, viewer):
    response = admin_client.post(f"/team/{viewer.pk}/", {
        "full_name": viewer.full_name, "role": "marketer", "team": "sales", "is_active": "on",
    })
    assert response.status_code == 302
    viewer.refresh_from_db()
    assert (viewer.role, viewer.team, viewer.email) == ("marketer", "sales", "viewer@example.com")
    entry = AuditEntry.objects.get(action="user.updated")
    assert entry.changes == {"role": ["viewer", "marketer"], "team": ["marketing", "sales"]}


def test_it_shows_a_new_token_once_and_lets_its_owner_revoke_it(viewer_client, viewer):
    response = viewer_client.post("/account/tokens/", {"name": "Sheets", "scope": "read"})
    secret = response.context["new_secret"]
    assert secret.startswith("fus_") and secret in response.content.decode()
    assert secret not in viewer_client.get("/account/").content.decode()
    token = viewer.api_tokens.get()
    viewer_client.post(f"/account/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_it_refuses_a_write_token_to_a_viewer(viewer_client, viewer):
    response = viewer_client.post("/account/tokens/", {"name": "Sheets", "scope": "write"})
    assert "read tokens" in response.content.decode() and not viewer.api_tokens.exists()


def test_it_shows_on_the_form_why_the_service_refuses_a_change(admin_client, admin):
    data = {"full_name": "Ada Admin", "role": Role.VIEWER, "team": admin.team, "is_active": "on"}
    response = admin_client.post(f"/team/{admin.pk}/", data)
    assert response.status_code == 200 and "is the last admin" in response.content.decode()
    admin.refresh_from_db()
    assert admin.role == Role.ADMIN


def test_it_saves_a_persons_new_role_and_audits_the_change(admin_client, marketer):
    data = {"full_name": marketer.full_name, "role": Role.VIEWER, "team": marketer.team, "is_active": "on"}
    assert admin_client.post(f"/team/{marketer.pk}/", data).status_code == 302
    marketer.refresh_from_db()
    assert marketer.role == Role.VIEWER
    assert set(AuditEntry.objects.get(action="user.updated").changes) == {"role"}
