"""Django's `Signer`, with its HMAC key derived once rather than at every signature.

Every message carries about seven signed tokens (clicks, open pixel, unsubscribe, preferences).
`Signer.signature` derives the HMAC key (a SHA-256 of salt and secret) and builds a new HMAC
for each one; here the keyed HMAC is made once and copied. The tokens are the very same, so
anything `signing.Signer` (and its fallback keys) unsigns still unsigns.
"""

from __future__ import annotations

import functools
import hmac
import json

from django.core import signing
from django.utils.crypto import salted_hmac
from django.utils.encoding import force_bytes

# What `signing.JSONSerializer` does, with the encoder made once.
_JSON = json.JSONEncoder(separators=(",", ":"))


class PrecomputedSigner(signing.Signer):
    def __init__(self, *, salt: str) -> None:
        super().__init__(salt=salt)
        # salted_hmac with an empty message: the keyed state every signature starts from.
        self._keyed: hmac.HMAC = salted_hmac(salt + "signer", b"", self.key, algorithm=self.algorithm)

    def signature(self, value: str | bytes, key: str | bytes | None = None) -> str:
        if key is not None and key != self.key:  # a fallback key, when unsigning
            return super().signature(value, key)
        mac = self._keyed.copy()
        mac.update(force_bytes(value))
        return signing.b64_encode(mac.digest()).decode()

    def sign_json(self, value: object) -> str:
        """`sign_object(value)` with the default JSON serializer and no compression."""
        data = _JSON.encode(value).encode("latin-1")
        return self.sign(signing.b64_encode(data).decode())


@functools.cache
def precomputed_signer(salt: str) -> PrecomputedSigner:
    # One per salt, made once (like the signers it replaces, it reads SECRET_KEY then).
    return PrecomputedSigner(salt=salt)
