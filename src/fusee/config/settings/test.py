"""Settings for the test suite: the engine is picked by FUSEE_TEST_DB (sqlite or postgres)."""

import os

from fusee.config import env

os.environ["FUSEE_DATA_DIR"] = str(env.data_dir() / "test")
os.environ.setdefault("FUSEE_LOG_FORMAT", "text")
os.environ.setdefault("FUSEE_LOG_LEVEL", "warning")
_engine = env.choice("FUSEE_TEST_DB", ("sqlite", "postgres"), "sqlite")
if _engine == "postgres":
    _pg_url = env.url("FUSEE_TEST_DATABASE_URL", env.DATABASE_SCHEMES)
    if _pg_url is None:
        raise env.ConfigError("FUSEE_TEST_DATABASE_URL", "must be set when FUSEE_TEST_DB=postgres")
    os.environ["DATABASE_URL"] = _pg_url
else:
    os.environ.pop("DATABASE_URL", None)
os.environ.pop("FUSEE_BROKER_URL", None)
os.environ.pop("FUSEE_CACHE_URL", None)
os.environ.pop("FUSEE_SMTP_URL", None)

from fusee.config.settings.base import *  # noqa: E402, F403
from fusee.config.settings.base import DATA_DIR, DATABASES  # noqa: E402

if _engine == "sqlite":
    # A file, not :memory:, so that worker processes started by the tests share the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test-db.sqlite3")}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
AXES_ENABLED = True
FUSEE_WORKER_POLL_SECONDS = 0.05
