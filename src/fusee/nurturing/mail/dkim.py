"""DKIM signing (RFC 6376, rsa-sha256, relaxed/relaxed).

dkimpy's parsing, canonicalisation, header selection and folding are reused as they are; only the
RSA signature is done by `cryptography` (OpenSSL), which takes ~0.3 ms where dkimpy's pure-Python
RSA takes several milliseconds: the difference decides the sending throughput of a worker.
The steps mirror `dkim.DKIM.sign` and `DomainSigner.gen_header`, so `dkim.verify` accepts the result.
"""

from __future__ import annotations

import base64
import hashlib
import time

import dkim
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed
from dkim.canonicalization import CanonicalizationPolicy

from fusee.core.errors import DomainError

# From is listed twice so that a second From header cannot be added without breaking the
# signature; Reply-To is signed even when absent for the same reason.
SIGNED_HEADERS = (
    b"from",
    b"to",
    b"subject",
    b"date",
    b"message-id",
    b"mime-version",
    b"content-type",
    b"list-unsubscribe",
    b"list-unsubscribe-post",
    b"reply-to",
    b"from",
)
CANONICALIZATION = CanonicalizationPolicy.from_c_value(b"relaxed/relaxed")
HEADER_NAME = b"DKIM-Signature"
MINIMUM_KEY_BITS = 1024
# dkimpy's trick: a long placeholder forces b= onto its own folded line, so that folding again
# with the real signature cannot change the whitespace of the tags that were hashed.
_SIGNATURE_PLACEHOLDER = b"0" * 60


class DkimSigner:
    def __init__(self, *, domain: str, selector: str, private_key_pem: bytes) -> None:
        self._key = load_rsa_private_key(private_key_pem)
        self._domain = _ascii_tag_value("DKIM domain", domain)
        self._selector = _ascii_tag_value("DKIM selector", selector)

    def sign(self, message: bytes) -> bytes:
        """The message with a DKIM-Signature header prepended."""
        return self.signature_header(message) + message

    def signature_header(self, message: bytes) -> bytes:
        headers, body = dkim.rfc822_parse(message)
        fields = self._tag_fields(body_hash=_body_hash(body))
        digest = _headers_digest(headers=headers, unsigned_header_value=_header_value(fields))
        signature = self._key.sign(digest, padding.PKCS1v15(), Prehashed(hashes.SHA256()))
        signed_fields = [
            (b"b", base64.b64encode(signature)) if name == b"b" else (name, value) for name, value in fields
        ]
        return HEADER_NAME + b": " + _header_value(signed_fields, with_signature=True)

    def dns_txt_record(self) -> str:
        """What to publish at <selector>._domainkey.<domain>."""
        public_der = self._key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        return f"v=DKIM1; k=rsa; p={base64.b64encode(public_der).decode('ascii')}"

    def _tag_fields(self, *, body_hash: bytes) -> list[tuple[bytes, bytes]]:
        return [
            (b"v", b"1"),
            (b"a", b"rsa-sha256"),
            (b"c", CANONICALIZATION.to_c_value()),
            (b"d", self._domain),
            (b"q", b"dns/txt"),
            (b"s", self._selector),
            (b"t", str(int(time.time())).encode("ascii")),
            (b"h", b" : ".join(SIGNED_HEADERS)),
            (b"bh", body_hash),
            (b"b", _SIGNATURE_PLACEHOLDER),
        ]


def load_rsa_private_key(private_key_pem: bytes) -> rsa.RSAPrivateKey:
    try:
        key = serialization.load_pem_private_key(private_key_pem, password=None)
    except (ValueError, TypeError) as error:
        raise DomainError(f"DKIM private key: not an unencrypted PEM key ({error})") from error
    if not isinstance(key, rsa.RSAPrivateKey):
        raise DomainError("DKIM private key: expected an RSA key")
    if key.key_size < MINIMUM_KEY_BITS:
        raise DomainError(f"DKIM private key: {key.key_size} bits, receivers require at least 1024")
    return key


def _ascii_tag_value(what: str, value: str) -> bytes:
    if not value or not value.isascii() or any(char in value for char in "; \t\r\n="):
        raise DomainError(f"{what} {value!r}: expected an ASCII name without spaces or ';'")
    return value.encode("ascii")


def _body_hash(body: bytes) -> bytes:
    return base64.b64encode(hashlib.sha256(CANONICALIZATION.canonicalize_body(body)).digest())


def _header_value(fields: list[tuple[bytes, bytes]], *, with_signature: bool = False) -> bytes:
    value = b"; ".join(name + b"=" + tag for name, tag in fields)
    if with_signature:
        return dkim.fold(value + b"\r\n", namelen=len(HEADER_NAME))
    return dkim.RE_BTAG.sub(b"\\1", dkim.fold(value, namelen=len(HEADER_NAME)))


def _headers_digest(*, headers: list[list[bytes]], unsigned_header_value: bytes) -> bytes:
    hasher = hashlib.sha256()
    dkim.hash_headers(
        hasher,
        CANONICALIZATION,
        CANONICALIZATION.canonicalize_headers(headers),
        SIGNED_HEADERS,
        (HEADER_NAME, b" " + unsigned_header_value),
        None,
    )
    return hasher.digest()
