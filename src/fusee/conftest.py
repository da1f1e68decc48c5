from __future__ import annotations

import pytest
from django.test import Client

from fusee.core.models import Role, User
from fusee.testing.factories import UserFactory


@pytest.fixture
def admin(db) -> User:
    return UserFactory.create(email="admin@example.com", full_name="Ada Admin", role=Role.ADMIN)


@pytest.fixture
def marketer(db) -> User:
    return UserFactory.create(email="marketer@example.com", full_name="Max Marketer", role=Role.MARKETER)


@pytest.fixture
def viewer(db) -> User:
    return UserFactory.create(email="viewer@example.com", full_name="Vera Viewer", role=Role.VIEWER)


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def admin_client(admin: User) -> Client:
    return logged_in(admin)


@pytest.fixture
def marketer_client(marketer: User) -> Client:
    return logged_in(marketer)


@pytest.fixture
def viewer_client(viewer: User) -> Client:
    return logged_in(viewer)


@pytest.fixture
def broker(settings):
    """The Redis broker of the broker suite (FUSEE_TEST_BROKER_URL), for real Celery workers."""
    import os

    from fusee.config.celery import app as celery_app

    url = os.environ["FUSEE_TEST_BROKER_URL"]
    settings.FUSEE_BROKER_URL = url
    celery_app.conf.update(broker_url=url)
    yield url
    celery_app.conf.update(broker_url=None)
