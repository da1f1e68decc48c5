"""Personal API tokens: `fus_<prefix>_<secret>`; only a SHA-256 of the whole token is kept."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.db import transaction
from django.utils import timezone

from fusee.core.errors import NotAllowed
from fusee.core.models import ApiToken, TokenScope, User
from fusee.core.services import audit_record


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def token_create(*, actor: User, name: str, scope: TokenScope) -> tuple[ApiToken, str]:
    """Returns the token row and the secret, which is never shown again."""
    if scope == TokenScope.WRITE and not actor.can_change:
        raise NotAllowed("a viewer can only create read tokens")
    prefix = secrets.token_hex(4)
    secret = f"fus_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=actor, name=name, prefix=prefix, key_hash=digest(secret), scope=scope
    )
    audit_record(actor=actor, action="token.created", target=token, changes={"scope": scope})
    return token, secret


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken) -> None:
    if token.user_id != actor.pk and not actor.is_admin:
        raise NotAllowed("only the owner or an admin can revoke a token")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(actor=actor, action="token.revoked", target=token)


def token_authenticate(secret: str) -> ApiToken | None:
    parts = secret.split("_")
    if len(parts) < 3 or parts[0] != "fus":
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=parts[1]).first()
    if token is None or not token.is_active or not hmac.compare_digest(token.key_hash, digest(secret)):
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token
