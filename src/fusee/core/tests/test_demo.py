from __future__ import annotations

import pytest

from fusee.core import demo
from fusee.core.errors import DomainError
from fusee.core.models import Role, Team, User, Workspace
from fusee.testing.factories import UserFactory


def people() -> list[tuple[str, str, str | None]]:
    return list(User.objects.order_by("email").values_list("email", "full_name", "manager__email"))


def test_it_seeds_the_company_its_team_and_the_logins(db):
    demo.load(seed=42, options={})
    marketing = User.objects.filter(team=Team.MARKETING)
    assert Workspace.current().name == "Orbitale" and Workspace.current().is_demo
    assert 18 <= marketing.count() <= 24
    assert marketing.filter(manager__team=Team.MANAGEMENT).get().job_title == "Chief Marketing Officer"
    assert not marketing.filter(manager__isnull=True).exists()
    for email, password, role in demo.demo_logins():
        user = User.objects.get(email=email)
        assert user.check_password(password) and user.role == role
    assert {u.country for u in User.objects.all()} == {"FR", "ES", "IT", "DE", "GB", "IN"}
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)


def test_it_changes_nothing_when_loaded_twice(db):
    demo.load(seed=42, options={})
    first = people()
    demo.load(seed=42, options={})
    assert people() == first


def test_it_is_deterministic_for_a_seed(db):
    demo.load(seed=42, options={})
    first = people()
    User.objects.all().delete()
    Workspace.objects.all().delete()
    demo.load(seed=42, options={})
    assert people() == first


def test_it_refuses_another_seed_over_an_existing_demo(db):
    demo.load(seed=42, options={})
    with pytest.raises(DomainError, match="--seed 42"):
        demo.load(seed=7, options={})


def test_it_never_loads_over_a_real_workspace(db):
    UserFactory.create(email="real@customer.example")
    with pytest.raises(DomainError, match="real workspace"):
        demo.load(seed=42, options={})
    assert not User.objects.filter(email__endswith=demo.DEMO_DOMAIN).exists()


def test_it_runs_every_app_demo_loader(db):
    steps: list[tuple[int, int]] = []
    demo.demo_load(seed=3, options={"contacts": 10}, progress=lambda *s: steps.append(s))
    assert steps[-1][0] == steps[-1][1] >= 1
    assert User.objects.filter(email="admin@orbitale.example").exists()


def test_it_moves_the_bar_within_an_apps_loader_and_never_backwards(db):
    steps: list[tuple[int, int]] = []
    demo.demo_load(seed=3, options={"contacts": 10}, progress=lambda *s: steps.append(s))
    loaders = steps[-1][1] // demo.STEPS
    assert len(steps) > loaders  # the contacts loader reports its own steps in between
    assert [done for done, _total in steps] == sorted(done for done, _total in steps)
    assert {total for _done, total in steps} == {loaders * demo.STEPS}
