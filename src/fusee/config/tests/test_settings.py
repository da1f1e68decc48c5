from __future__ import annotations

import pytest

from fusee.config.env import ConfigError
from fusee.nurturing.transport.smtp import SmtpUrl


def email_settings(settings) -> tuple:
    return (
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_SSL, settings.EMAIL_USE_TLS,
        settings.EMAIL_TIMEOUT, settings.FUSEE_SMTP_VERIFY_CERTIFICATE,
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("smtp://mail.example.com", ("mail.example.com", 25, False, False, 30.0, True)),
        ("smtp://mail.example.com?starttls=1", ("mail.example.com", 587, False, True, 30.0, True)),
        ("smtp+tls://mail.example.com", ("mail.example.com", 587, False, True, 30.0, True)),
        ("smtps://mail.example.com", ("mail.example.com", 465, True, False, 30.0, True)),
        ("smtp://mail.example.com:2525?starttls=1&verify=0&timeout=5",
         ("mail.example.com", 2525, False, True, 5.0, False)),
    ],
)
def test_it_gives_django_the_smtp_server_the_nurturing_sender_uses(fresh_settings, raw, expected):
    settings = fresh_settings(FUSEE_SMTP_URL=raw)

    assert email_settings(settings) == expected
    nurturing = SmtpUrl.parse(raw)
    assert (nurturing.host, nurturing.port) == (settings.EMAIL_HOST, settings.EMAIL_PORT)
    assert settings.EMAIL_BACKEND == "fusee.config.mail.EmailBackend"


def test_it_decodes_a_percent_encoded_user_and_password(fresh_settings):
    settings = fresh_settings(FUSEE_SMTP_URL="smtp+tls://mailer%40orbitale.example:p%40ss%3Aw%2Frd@mail.example")

    assert settings.EMAIL_HOST_USER == "mailer@orbitale.example"
    assert settings.EMAIL_HOST_PASSWORD == "p@ss:w/rd"


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("smtp://mailer:hunter2@mail.example.com:port", "FUSEE_SMTP_URL: the port must be a number"),
        ("http://mailer:hunter2@mail.example", "FUSEE_SMTP_URL: the scheme must be smtp, smtp+tls or smtps"),
        ("smtps://mailer:hunter2@mail.example?starttls=1", "FUSEE_SMTP_URL: smtps:// is already encrypted"),
        ("smtp://mailer:hunter2@mail.example.com?tls=1", "FUSEE_SMTP_URL: unknown option 'tls'"),
        ("smtp://", "FUSEE_SMTP_URL: the host is missing"),
    ],
)
def test_it_refuses_a_bad_smtp_url_naming_the_variable_and_hiding_the_password(fresh_settings, raw, problem):
    with pytest.raises(ConfigError) as error:
        fresh_settings(FUSEE_SMTP_URL=raw)

    assert str(error.value).startswith(problem)
    assert error.value.variable == "FUSEE_SMTP_URL" and "hunter2" not in str(error.value)


def test_it_writes_mail_to_the_outbox_without_an_smtp_url(fresh_settings, monkeypatch, tmp_path):
    monkeypatch.delenv("FUSEE_SMTP_URL", raising=False)
    settings = fresh_settings()

    assert settings.EMAIL_BACKEND == "django.core.mail.backends.filebased.EmailBackend"
    assert tmp_path / "outbox" == settings.EMAIL_FILE_PATH


def dkim_variables(tmp_path) -> dict[str, str]:
    (tmp_path / "dkim.pem").write_text("pem")
    return {
        "FUSEE_DKIM_DOMAIN": "Mail.Orbitale.example",
        "FUSEE_DKIM_SELECTOR": "fusee",
        "FUSEE_DKIM_KEY_FILE": str(tmp_path / "dkim.pem"),
    }


def test_it_takes_the_message_id_domain_from_the_base_url_without_dkim(fresh_settings, monkeypatch):
    for name in ("FUSEE_DKIM_DOMAIN", "FUSEE_DKIM_SELECTOR", "FUSEE_DKIM_KEY_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("FUSEE_MESSAGE_ID_DOMAIN", raising=False)

    settings = fresh_settings(FUSEE_BASE_URL="https://fusee.orbitale.example:8443/")

    assert settings.FUSEE_MESSAGE_ID_DOMAIN == "fusee.orbitale.example"


def test_it_takes_the_message_id_domain_from_dkim_when_it_signs(fresh_settings, monkeypatch, tmp_path):
    monkeypatch.delenv("FUSEE_MESSAGE_ID_DOMAIN", raising=False)

    settings = fresh_settings(FUSEE_BASE_URL="https://fusee.orbitale.example", **dkim_variables(tmp_path))

    assert settings.FUSEE_MESSAGE_ID_DOMAIN == "mail.orbitale.example"


def test_it_lets_the_environment_choose_the_message_id_domain(fresh_settings, tmp_path):
    settings = fresh_settings(FUSEE_MESSAGE_ID_DOMAIN="news.orbitale.example", **dkim_variables(tmp_path))
    assert settings.FUSEE_MESSAGE_ID_DOMAIN == "news.orbitale.example"

    problem = r"FUSEE_MESSAGE_ID_DOMAIN: expected a domain name, got 'a b\.example'"
    with pytest.raises(ConfigError, match=problem):
        fresh_settings(FUSEE_MESSAGE_ID_DOMAIN="a b.example")


def test_it_shares_the_cache_through_redis_when_there_is_one(fresh_settings):
    alone = fresh_settings()
    with_broker = fresh_settings(FUSEE_BROKER_URL="redis://127.0.0.1:6379/3")
    with_cache = fresh_settings(FUSEE_BROKER_URL="redis://127.0.0.1:6379/3", FUSEE_CACHE_URL="redis://cache:6379/1")
    assert alone.CACHES["default"]["BACKEND"].endswith("LocMemCache")
    assert with_broker.CACHES["default"]["LOCATION"] == "redis://127.0.0.1:6379/3"
    assert with_cache.CACHES["default"]["LOCATION"] == "redis://cache:6379/1"
