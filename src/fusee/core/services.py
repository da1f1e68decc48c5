"""Writes of the core app: users, the workspace, the audit log."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.db import models, transaction

from fusee.core.errors import DomainError, NotAllowed
from fusee.core.models import AuditEntry, Role, User, Workspace

USER_FIELDS = ("full_name", "role", "team", "job_title", "country", "manager", "is_active")
WORKSPACE_FIELDS = (
    "name", "website", "country", "time_zone", "default_language", "postal_address", "brand_color",
)


def audit_record(
    *,
    actor: User | None,
    action: str,
    target: models.Model,
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor,
        actor_label=actor.email if actor else "system",
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk or ""),
        target_label=str(target)[:200],
        changes=changes or {},
    )


def apply_changes(obj: models.Model, values: dict[str, Any], allowed: tuple[str, ...]) -> dict:
    """Set the allowed fields that differ; return {field: [old, new]} for the audit log."""
    changes = {}
    for field, new in values.items():
        if field not in allowed:
            raise DomainError(f"{field} cannot be changed here")
        old = getattr(obj, field)
        if old != new:
            setattr(obj, field, new)
            changes[field] = [audit_value(old), audit_value(new)]
    return changes


def audit_value(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    return value


def require_admin(actor: User | None) -> None:
    if actor is not None and not actor.is_admin:
        raise NotAllowed("only an admin can manage users and the workspace")


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    email: str,
    full_name: str,
    role: Role = Role.VIEWER,
    password: str | None = None,
    **fields: Any,
) -> User:
    require_admin(actor)
    email = User.objects.normalize_email(email).strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise DomainError(f"a user with the email {email} already exists")
    if password is not None:
        validate_password(password)
    user = User.objects.create_user(email, password, full_name=full_name, role=role, **fields)
    audit_record(actor=actor, action="user.created", target=user, changes={"role": role})
    return user


@transaction.atomic
def user_update(*, actor: User | None, user: User, **values: Any) -> User:
    require_admin(actor)
    if values.get("manager") == user:
        raise DomainError("a person cannot be their own manager")
    if removes_last_admin(user, values):
        raise DomainError(f"{user} is the last admin: make someone else admin first")
    if changes := apply_changes(user, values, USER_FIELDS):
        user.save()
        audit_record(actor=actor, action="user.updated", target=user, changes=changes)
    return user


def removes_last_admin(user: User, values: dict[str, Any]) -> bool:
    stays_admin = values.get("role", user.role) == Role.ADMIN and values.get("is_active", user.is_active)
    if stays_admin or not (user.is_admin and user.is_active):
        return False
    other_admins = User.objects.filter(role=Role.ADMIN, is_active=True).exclude(pk=user.pk)
    return not other_admins.exists()


@transaction.atomic
def user_set_password(*, actor: User, user: User, password: str) -> None:
    if actor != user:
        require_admin(actor)
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(actor=actor, action="user.password_changed", target=user)


def user_set_language(*, user: User, language: str) -> None:
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


@transaction.atomic
def workspace_update(*, actor: User | None, **values: Any) -> Workspace:
    require_admin(actor)
    workspace = Workspace.current()
    if changes := apply_changes(workspace, values, WORKSPACE_FIELDS):
        workspace.save()
        audit_record(actor=actor, action="workspace.updated", target=workspace, changes=changes)
    return workspace
