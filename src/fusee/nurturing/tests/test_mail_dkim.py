from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import dkim
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

from fusee.core.errors import DomainError
from fusee.nurturing.mail.building import BrandLayout, OutgoingEmail, build_message, make_message_id
from fusee.nurturing.mail.dkim import DkimSigner

DnsFunc = Callable[..., bytes | None]


@pytest.fixture(scope="module")
def private_key_pem() -> bytes:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )


@pytest.fixture(scope="module")
def signer(private_key_pem: bytes) -> DkimSigner:
    return DkimSigner(domain="example.com", selector="fusee2025", private_key_pem=private_key_pem)


@pytest.fixture(scope="module")
def dns(signer: DkimSigner) -> DnsFunc:
    """What a resolver would answer once the record from dns_txt_record() is published."""
    record = signer.dns_txt_record().encode("ascii")

    def txt(name: bytes, timeout: int = 5) -> bytes | None:
        return record if name == b"fusee2025._domainkey.example.com." else None

    return txt


def french_message() -> bytes:
    email = OutgoingEmail(
        message_id=make_message_id(key="enrolment-9-step-1-attempt-1", domain="example.com"),
        from_name="Équipe Fusée",
        from_address="hello@example.com",
        to_address="zoe@example.fr",
        to_name="Zoé",
        subject="Zoé, votre guide « Croissance » est prêt — téléchargez-le dès aujourd'hui",
        html_body="<p>Bonjour Zoé,   voici <a href='https://example.com/g'>le guide</a>.</p>",
        unsubscribe_url="https://app.example.com/u/eyJlIjoxMjM0NTY3ODl9.c2lnbmF0dXJl/",
        unsubscribe_mailto="unsubscribe+eyJlIjoxMjM0NTY3ODl9@example.com",
        utm_campaign="welcome",
        language="fr",
        date=dt.datetime(2025, 3, 14, 9, 30, tzinfo=dt.UTC),
    )
    layout = BrandLayout(name="Acme", primary_colour="#123abc", footer_text="Acme SAS\n1 rue X, 75001 Paris")
    return build_message(email=email, layout=layout)


def test_it_signs_a_built_message_so_that_dkimpy_verifies_it(signer, dns):
    signed = signer.sign(french_message())

    assert signed.startswith(b"DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com;")
    assert dkim.verify(signed, dnsfunc=dns)


def test_it_signs_every_header_a_receiver_checks(signer):
    signature = signer.signature_header(french_message()).replace(b"\r\n", b"").replace(b" ", b"")

    assert (
        b"h=from:to:subject:date:message-id:mime-version:content-type:list-unsubscribe"
        b":list-unsubscribe-post:reply-to:from;" in signature
    )


def test_it_signs_a_body_with_trailing_whitespace_and_blank_lines(signer, dns):
    message = (
        b"From: =?utf-8?b?w4lxdWlwZSBGdXPDqWU=?= <hello@example.com>\r\n"
        b"To: zoe@example.fr\r\n"
        b"Subject: =?utf-8?b?UHLDqnQgw6AgZMOpbWFycmVy?=\r\n"
        b"  =?utf-8?b?IGwnw6l0w6kg?=\r\n"
        b"Date: Fri, 14 Mar 2025 09:30:00 +0000\r\n"
        b"Message-ID: <x-1@example.com>\r\n"
        b"MIME-Version: 1.0\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n"
        b"\r\n"
        b"Bonjour \t \r\n"
        b"   la   suite\t\r\n"
        b"\r\n"
        b"\r\n"
        b"\r\n"
    )

    assert dkim.verify(signer.sign(message), dnsfunc=dns)


def test_it_signs_a_message_with_an_empty_body(signer, dns):
    message = b"From: hello@example.com\r\nTo: zoe@example.fr\r\nSubject: vide\r\n\r\n"

    assert dkim.verify(signer.sign(message), dnsfunc=dns)


def test_it_produces_the_same_body_hash_as_dkimpy(signer, private_key_pem):
    message = french_message()

    ours = dkim.util.parse_tag_value(signer.signature_header(message).split(b": ", 1)[1])
    reference = dkim.sign(
        message, b"fusee2025", b"example.com", private_key_pem, canonicalize=(b"relaxed", b"relaxed")
    )
    theirs = dkim.util.parse_tag_value(reference.split(b": ", 1)[1])

    assert ours[b"bh"] == theirs[b"bh"]


@pytest.mark.parametrize(
    "tamper",
    [
        lambda signed: signed.replace(b"Acme SAS", b"Acme SAX"),
        lambda signed: signed + b"un ajout\r\n",
        lambda signed: signed.replace(b"Subject: =?utf-8?b?", b"Subject: =?utf-8?b?QQ==?= =?utf-8?b?", 1),
        lambda signed: signed.replace(b"\r\nFrom: ", b"\r\nFrom: evil@example.net\r\nFrom: ", 1),
        lambda signed: signed.replace(
            b"\r\nMIME-Version:", b"\r\nReply-To: evil@example.net\r\nMIME-Version:", 1
        ),
    ],
    ids=["body changed", "body extended", "subject changed", "from added", "reply-to added"],
)
def test_it_fails_verification_when_the_message_is_altered_after_signing(signer, dns, tamper):
    signed = signer.sign(french_message())
    tampered = tamper(signed)

    assert tampered != signed
    assert not dkim.verify(tampered, dnsfunc=dns)


def test_it_fails_verification_against_another_key(signer):
    other = DkimSigner(domain="example.com", selector="fusee2025", private_key_pem=_pem(2048))
    record = other.dns_txt_record().encode()

    assert not dkim.verify(signer.sign(french_message()), dnsfunc=lambda name, timeout=5: record)


def test_it_refuses_keys_it_cannot_sign_with():
    ed_key = ed25519.Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    with pytest.raises(DomainError, match="expected an RSA key"):
        DkimSigner(domain="example.com", selector="s", private_key_pem=ed_key)
    with pytest.raises(DomainError, match="not an unencrypted PEM key"):
        DkimSigner(domain="example.com", selector="s", private_key_pem=b"-----BEGIN NOTHING-----")


def test_it_refuses_a_selector_that_would_break_the_signature_header(private_key_pem):
    with pytest.raises(DomainError, match="DKIM selector"):
        DkimSigner(domain="example.com", selector="a; d=evil.com", private_key_pem=private_key_pem)


def _pem(bits: int) -> bytes:
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
