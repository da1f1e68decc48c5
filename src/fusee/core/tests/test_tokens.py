from __future__ import annotations

import pytest

from fusee.core.errors import NotAllowed
from fusee.core.models import ApiToken, AuditEntry, TokenScope
from fusee.core.tokens import token_authenticate, token_create, token_revoke


def test_it_keeps_only_a_hash_and_finds_the_token_back(marketer):
    token, secret = token_create(actor=marketer, name="CRM sync", scope=TokenScope.WRITE)
    stored = ApiToken.objects.get(pk=token.pk)
    assert secret.startswith(f"fus_{stored.prefix}_") and secret not in stored.key_hash
    assert token_authenticate(secret) == token
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None


@pytest.mark.parametrize("forged", ["", "fus_", "fus_abcd_x", "Bearer x", "fus_{prefix}_wrong"])
def test_it_refuses_forged_tokens(marketer, forged):
    token, _secret = token_create(actor=marketer, name="t", scope=TokenScope.READ)
    assert token_authenticate(forged.replace("{prefix}", token.prefix)) is None


def test_it_refuses_a_revoked_token(marketer):
    token, secret = token_create(actor=marketer, name="t", scope=TokenScope.READ)
    token_revoke(actor=marketer, token=token)
    assert token_authenticate(secret) is None
    assert AuditEntry.objects.filter(action="token.revoked").exists()


def test_it_gives_viewers_read_tokens_only(viewer):
    with pytest.raises(NotAllowed):
        token_create(actor=viewer, name="t", scope=TokenScope.WRITE)
    token, _secret = token_create(actor=viewer, name="t", scope=TokenScope.READ)
    assert not token.can_write


def test_it_lets_only_the_owner_or_an_admin_revoke(marketer, viewer, admin):
    token, _secret = token_create(actor=marketer, name="t", scope=TokenScope.READ)
    with pytest.raises(NotAllowed):
        token_revoke(actor=viewer, token=token)
    token_revoke(actor=admin, token=token)
