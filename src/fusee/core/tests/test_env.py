from __future__ import annotations

import stat

import pytest

from fusee.config import env
from fusee.config.smtp_url import SmtpUrl, smtp_url_from_env


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DATABASE_URL", "mysql://root@localhost/fusee", "DATABASE_URL: expected a URL starting with sqlite://"),
        ("DATABASE_URL", "postgres://u:hunter2@h:5432/", "DATABASE_URL: expected a database name"),
        ("FUSEE_BROKER_URL", "amqp://guest@localhost//", "FUSEE_BROKER_URL: expected a URL starting with redis://"),
        ("FUSEE_SMTP_URL", "smtp://u:hunter2@", "FUSEE_SMTP_URL: the host is missing"),
        ("FUSEE_BASE_URL", "fusee.example.com", "FUSEE_BASE_URL: expected a URL starting with http://"),
        ("SECRET_KEY", "short", "SECRET_KEY: expected at least 32 characters"),
    ],
)
def test_it_names_the_variable_and_what_it_expects(monkeypatch, tmp_path, variable, value, message):
    monkeypatch.setenv(variable, value)
    readers = {
        "DATABASE_URL": lambda: env.database(tmp_path / "db.sqlite3"),
        "FUSEE_BROKER_URL": lambda: env.url("FUSEE_BROKER_URL", env.BROKER_SCHEMES),
        "FUSEE_SMTP_URL": smtp_url_from_env,
        "FUSEE_BASE_URL": env.base_url,
        "SECRET_KEY": lambda: env.secret_key(tmp_path),
    }
    with pytest.raises(env.ConfigError) as error:
        readers[variable]()
    assert str(error.value).startswith(message)
    assert "hunter2" not in str(error.value)


def test_it_rejects_a_word_that_is_not_a_boolean(monkeypatch):
    monkeypatch.setenv("FUSEE_DEBUG", "maybe")
    with pytest.raises(env.ConfigError, match="FUSEE_DEBUG: expected true or false, got 'maybe'"):
        env.boolean("FUSEE_DEBUG")


def test_it_generates_a_private_secret_key_once(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = env.secret_key(tmp_path)
    assert len(first) >= 50 and env.secret_key(tmp_path) == first
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600


def test_it_reads_smtp_settings_from_one_url(monkeypatch):
    monkeypatch.setenv("FUSEE_SMTP_URL", "smtp+tls://mailer:p%40ss@mail.example.com")
    assert smtp_url_from_env() == SmtpUrl("mail.example.com", 587, "starttls", "mailer", "p@ss")
    monkeypatch.setenv("FUSEE_SMTP_URL", "smtp://mail.example.com?starttls=1")
    assert smtp_url_from_env() == SmtpUrl("mail.example.com", 587, "starttls")
    monkeypatch.setenv("FUSEE_SMTP_URL", "smtps://mail.example.com")
    assert smtp_url_from_env() == SmtpUrl("mail.example.com", 465, "ssl")


def test_it_defaults_to_sqlite_in_the_data_dir(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = env.database(tmp_path / "fusee.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "fusee.sqlite3")
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]


def test_it_hides_passwords_in_urls():
    assert env.redact("postgres://u:secret@h/db") == "postgres://u:***@h/db"


def test_it_wants_all_three_dkim_settings_or_none(monkeypatch, tmp_path):
    assert env.dkim() is None
    monkeypatch.setenv("FUSEE_DKIM_DOMAIN", "orbitale.example")
    with pytest.raises(env.ConfigError, match="FUSEE_DKIM_SELECTOR: DKIM signing needs all of"):
        env.dkim()
    monkeypatch.setenv("FUSEE_DKIM_SELECTOR", "fusee")
    monkeypatch.setenv("FUSEE_DKIM_KEY_FILE", str(tmp_path / "missing.pem"))
    with pytest.raises(env.ConfigError, match="FUSEE_DKIM_KEY_FILE: no such file"):
        env.dkim()
    (tmp_path / "key.pem").write_text("pem")
    monkeypatch.setenv("FUSEE_DKIM_KEY_FILE", str(tmp_path / "key.pem"))
    assert env.dkim() == env.Dkim(domain="orbitale.example", selector="fusee", key_file=tmp_path / "key.pem")


def test_it_wants_a_domain_name_for_dkim(monkeypatch, tmp_path):
    (tmp_path / "key.pem").write_text("pem")
    monkeypatch.setenv("FUSEE_DKIM_SELECTOR", "fusee")
    monkeypatch.setenv("FUSEE_DKIM_KEY_FILE", str(tmp_path / "key.pem"))
    monkeypatch.setenv("FUSEE_DKIM_DOMAIN", "https://orbitale.example")
    with pytest.raises(env.ConfigError, match="FUSEE_DKIM_DOMAIN: expected a domain name"):
        env.dkim()


@pytest.mark.parametrize(
    ("base_url", "expected"),
    [
        ("https://fusee.orbitale.example/app", "fusee.orbitale.example"),
        ("http://127.0.0.1:8000", "127.0.0.1"),
        ("http://[::1]:8000", "localhost"),  # no domain in an IPv6 address; a Message-ID needs one
    ],
)
def test_it_names_message_ids_after_the_base_url_without_dkim(monkeypatch, base_url, expected):
    monkeypatch.delenv("FUSEE_MESSAGE_ID_DOMAIN", raising=False)
    assert env.message_id_domain(None, base_url) == expected


def test_it_names_message_ids_after_the_dkim_domain_unless_told_otherwise(monkeypatch, tmp_path):
    dkim = env.Dkim(domain="Orbitale.example", selector="fusee", key_file=tmp_path / "key.pem")
    monkeypatch.delenv("FUSEE_MESSAGE_ID_DOMAIN", raising=False)
    assert env.message_id_domain(dkim, "https://fusee.orbitale.example") == "orbitale.example"
    monkeypatch.setenv("FUSEE_MESSAGE_ID_DOMAIN", "news.orbitale.example")
    assert env.message_id_domain(dkim, "https://fusee.orbitale.example") == "news.orbitale.example"
    monkeypatch.setenv("FUSEE_MESSAGE_ID_DOMAIN", "<bad>")
    with pytest.raises(env.ConfigError, match="FUSEE_MESSAGE_ID_DOMAIN: expected a domain name, got '<bad>'"):
        env.message_id_domain(dkim, "https://fusee.orbitale.example")
