from __future__ import annotations

import stat

import pytest

from fusee.config import env


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DATABASE_URL", "mysql://root@localhost/fusee", "DATABASE_URL: expected a URL starting with sqlite://"),
        ("DATABASE_URL", "postgres://u:hunter2@h:5432/", "DATABASE_URL: expected a database name"),
        ("FUSEE_BROKER_URL", "amqp://guest@localhost//", "FUSEE_BROKER_URL: expected a URL starting with redis://"),
        ("FUSEE_SMTP_URL", "smtp://", "FUSEE_SMTP_URL: expected a host"),
        ("FUSEE_BASE_URL", "fusee.example.com", "FUSEE_BASE_URL: expected a URL starting with http://"),
        ("SECRET_KEY", "short", "SECRET_KEY: expected at least 32 characters"),
    ],
)
def test_it_names_the_variable_and_what_it_expects(monkeypatch, tmp_path, variable, value, message):
    monkeypatch.setenv(variable, value)
    readers = {
        "DATABASE_URL": lambda: env.database(tmp_path / "db.sqlite3"),
        "FUSEE_BROKER_URL": lambda: env.url("FUSEE_BROKER_URL", env.BROKER_SCHEMES),
        "FUSEE_SMTP_URL": env.smtp,
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
    smtp = env.smtp()
    assert smtp == env.Smtp("mail.example.com", 587, "mailer", "p%40ss", use_ssl=False, use_tls=True)


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
