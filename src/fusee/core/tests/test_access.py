"""Every page needs a login; viewers never change anything; admin pages stay admin-only."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from fusee.core.models import Role
from fusee.testing.factories import JobFactory, UserFactory

PUBLIC = {"/login/", "/healthz", "/language/"}
PUBLIC_PREFIXES = ("/anymail/",)  # email provider webhooks: anymail checks their shared secret
# Views a viewer may POST to: their own session, language and password.
VIEWER_MAY_POST = {
    "/logout/", "/language/", "/account/", "/login/", "/account/tokens/", "/account/tokens/{pk}/revoke/",
    "/segments/preview/",
    "/okrs/ideas/new/",  # anyone may bring an idea; triage takes a marketer
    "/playbooks/feed/reset/",  # one's own calendar link, like one's own API tokens
}


def all_paths(resolver: URLResolver | None = None, prefix: str = "") -> list[str]:
    resolver = resolver or get_resolver()
    paths = []
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            paths += all_paths(pattern, route)
        elif isinstance(pattern, URLPattern):
            paths.append("/" + route.replace("<int:pk>", "{pk}").lstrip("^").rstrip("$"))
    return [p for p in paths if "<" not in p and "(?P" not in p]


@pytest.fixture
def paths(db) -> list[str]:
    job = JobFactory.create()
    person = UserFactory.create(role=Role.MARKETER)
    ids = {"/jobs/{pk}/": job.pk, "/team/{pk}/": person.pk}
    return [p.replace("{pk}", str(ids.get(p, 1))) for p in all_paths()]


@pytest.fixture
def patterns(db) -> list[str]:
    return all_paths()


def test_it_knows_the_pages(paths):
    assert {"/", "/team/", "/settings/", "/audit/", "/jobs/", "/api/v1/me"} <= set(paths)


def test_it_sends_anonymous_visitors_to_login_on_every_page(client, paths):
    for path in paths:
        if path in PUBLIC or path.startswith(PUBLIC_PREFIXES):
            continue
        for response in (client.get(path), client.post(path)):
            # The API answers 401 itself (or 405 for a method it does not offer); pages redirect.
            assert response.status_code in ((401, 405) if path.startswith("/api/v") else (302,)), path
            if response.status_code == 302:
                assert response["Location"].startswith("/login/?next="), path


def test_it_refuses_every_change_by_a_viewer(viewer_client, patterns):
    for pattern in patterns:
        if pattern in VIEWER_MAY_POST or pattern.startswith(PUBLIC_PREFIXES):
            continue
        path = pattern.replace("{pk}", "1")
        response = viewer_client.post(path, {"role": "admin", "name": "Hacked"})
        assert response.status_code in (403, 405), path


def test_it_lets_a_viewer_read_the_pages_that_are_not_admin_only(viewer_client):
    for path in ["/", "/team/", "/settings/", "/jobs/", "/account/"]:
        assert viewer_client.get(path).status_code == 200, path


@pytest.mark.parametrize("path", ["/audit/", "/team/new/"])
def test_it_keeps_admin_pages_from_marketers(marketer_client, path):
    assert marketer_client.get(path).status_code == 403


def test_it_refuses_a_marketer_changing_the_workspace(marketer_client):
    response = marketer_client.post("/settings/", {"name": "Renamed"})
    assert response.status_code == 403


def test_it_shows_only_the_navigation_a_role_may_use(marketer_client, admin_client):
    assert b'href="/audit/"' not in marketer_client.get("/").content
    assert b'href="/audit/"' in admin_client.get("/").content
