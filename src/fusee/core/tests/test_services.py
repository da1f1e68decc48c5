from __future__ import annotations

import pytest

from fusee.core import services
from fusee.core.errors import DomainError, NotAllowed
from fusee.core.models import AuditEntry, Role, User, Workspace
from fusee.testing.factories import UserFactory


def test_it_records_who_created_a_user(admin):
    user = services.user_create(actor=admin, email="New@Example.com", full_name="New Person",
                                role=Role.MARKETER, password="a long enough password")
    entry = AuditEntry.objects.get(action="user.created")
    assert user.email == "new@example.com"
    assert (entry.actor, entry.target_id, entry.changes) == (admin, str(user.pk), {"role": "marketer"})


def test_it_refuses_a_duplicate_email_whatever_its_case(admin):
    services.user_create(actor=admin, email="dup@example.com", full_name="One")
    with pytest.raises(DomainError, match="already exists"):
        services.user_create(actor=admin, email="DUP@example.com", full_name="Two")


def test_it_records_old_and_new_values_of_a_change(admin, viewer):
    services.user_update(actor=admin, user=viewer, role=Role.MARKETER, job_title="Writer")
    entry = AuditEntry.objects.get(action="user.updated")
    assert entry.changes == {"role": ["viewer", "marketer"], "job_title": ["", "Writer"]}


def test_it_writes_nothing_when_nothing_changed(admin, viewer):
    services.user_update(actor=admin, user=viewer, role=Role.VIEWER)
    assert not AuditEntry.objects.filter(action="user.updated").exists()


def test_it_refuses_changes_by_a_non_admin(marketer, viewer):
    with pytest.raises(NotAllowed):
        services.user_update(actor=marketer, user=viewer, role=Role.ADMIN)
    viewer.refresh_from_db()
    assert viewer.role == Role.VIEWER


@pytest.mark.parametrize("change", [{"role": Role.VIEWER}, {"is_active": False}])
def test_it_keeps_the_last_admin(admin, change):
    with pytest.raises(DomainError, match="last admin"):
        services.user_update(actor=admin, user=admin, **change)


def test_it_lets_an_admin_step_down_when_another_remains(admin):
    other = UserFactory.create(role=Role.ADMIN)
    services.user_update(actor=admin, user=admin, role=Role.MARKETER)
    services.user_update(actor=other, user=admin, is_active=False)
    assert User.objects.get(pk=admin.pk).is_active is False


def test_it_refuses_a_person_as_their_own_manager(admin, viewer):
    with pytest.raises(DomainError, match="own manager"):
        services.user_update(actor=admin, user=viewer, manager=viewer)


def test_it_audits_workspace_changes(admin):
    services.workspace_update(actor=admin, name="Orbitale", country="ES")
    entry = AuditEntry.objects.get(action="workspace.updated")
    assert Workspace.current().name == "Orbitale"
    assert entry.changes["name"] == ["My company", "Orbitale"]


def test_it_refuses_fields_that_are_not_editable(admin):
    with pytest.raises(DomainError, match="is_demo"):
        services.workspace_update(actor=admin, is_demo=True)


def test_it_lets_people_change_their_own_password_only(marketer, viewer):
    services.user_set_password(actor=viewer, user=viewer, password="a brand new password")
    with pytest.raises(NotAllowed):
        services.user_set_password(actor=marketer, user=viewer, password="another new password")
    assert User.objects.get(pk=viewer.pk).check_password("a brand new password")


def test_it_refuses_a_brand_colour_that_is_not_rrggbb(admin_client):
    from django.urls import reverse

    data = {"name": "Orbitale", "country": "FR", "time_zone": "Europe/Paris", "default_language": "fr",
            "postal_address": "1 rue de Rivoli, Paris", "brand_color": "red"}
    page = admin_client.post(reverse("workspace"), data)
    assert "A colour as #rrggbb" in page.content.decode()
    assert Workspace.current().brand_color == "#d9480f"
