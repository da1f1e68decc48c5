"""Django's mail (notifications) over a real SMTP conversation: STARTTLS, login, certificate check."""

from __future__ import annotations

import ipaddress
import socket
import ssl
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.core.mail import EmailMessage

from fusee.config.mail import EmailBackend
from fusee.nurturing.transport.sink import SinkHandler


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def self_signed_tls(directory: Path) -> ssl.SSLContext:
    """A server context with a certificate for 127.0.0.1 that no authority vouches for."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    address = x509.IPAddress(ipaddress.ip_address("127.0.0.1"))
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([address]), critical=False)
        .sign(key, hashes.SHA256())
    )
    (directory / "cert.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (directory / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(directory / "cert.pem", directory / "key.pem")
    return context


@pytest.fixture
def tls_server(tmp_path):
    """STARTTLS required, then a login as mailer / p@ss."""

    def authenticator(server, session, envelope, mechanism, auth_data):
        assert isinstance(auth_data, LoginPassword)
        valid = (auth_data.login, auth_data.password) == (b"mailer", b"p@ss")
        return AuthResult(success=valid, handled=False)

    handler = SinkHandler(directory=tmp_path / "sink")
    controller = Controller(
        handler, hostname="127.0.0.1", port=free_port(), authenticator=authenticator,
        tls_context=self_signed_tls(tmp_path), require_starttls=True,
    )
    controller.start()
    try:
        yield controller, handler
    finally:
        controller.stop()


def send_with(settings) -> int:
    backend = EmailBackend(
        host=settings.EMAIL_HOST, port=settings.EMAIL_PORT, username=settings.EMAIL_HOST_USER,
        password=settings.EMAIL_HOST_PASSWORD, use_tls=settings.EMAIL_USE_TLS, use_ssl=settings.EMAIL_USE_SSL,
        timeout=settings.EMAIL_TIMEOUT,
    )
    message = EmailMessage("Your export is ready", "Hello", "fusee@orbitale.example", ["ada@example.org"])
    return backend.send_messages([message])


def test_it_sends_over_starttls_with_a_percent_encoded_password_when_told_not_to_verify(
    fresh_settings, tls_server, settings
):
    controller, handler = tls_server
    url = f"smtp://mailer:p%40ss@127.0.0.1:{controller.port}?starttls=1&verify=0&timeout=5"
    probe = fresh_settings(FUSEE_SMTP_URL=url)
    settings.FUSEE_SMTP_VERIFY_CERTIFICATE = probe.FUSEE_SMTP_VERIFY_CERTIFICATE

    assert send_with(probe) == 1
    assert handler.received == 1


def test_it_refuses_an_unverified_certificate_by_default(fresh_settings, tls_server, settings):
    controller, handler = tls_server
    probe = fresh_settings(FUSEE_SMTP_URL=f"smtp+tls://mailer:p%40ss@127.0.0.1:{controller.port}?timeout=5")
    settings.FUSEE_SMTP_VERIFY_CERTIFICATE = probe.FUSEE_SMTP_VERIFY_CERTIFICATE

    with pytest.raises(ssl.SSLCertVerificationError):
        send_with(probe)
    assert handler.received == 0
