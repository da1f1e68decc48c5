"""Settings shared by every environment; all of them come from the environment (see env.py)."""

from pathlib import Path
from urllib.parse import urlsplit

from django.utils.translation import gettext_lazy as _

from fusee.config import env
from fusee.config.smtp_url import smtp_url_from_env

PACKAGE_DIR = Path(__file__).resolve().parents[2]
DATA_DIR = env.data_dir()

SECRET_KEY = env.secret_key(DATA_DIR)
DEBUG = env.boolean("FUSEE_DEBUG")
FUSEE_BASE_URL = env.base_url()
_base_host = urlsplit(FUSEE_BASE_URL).hostname
ALLOWED_HOSTS = sorted({_base_host or "localhost", "localhost", "127.0.0.1", "[::1]"})
CSRF_TRUSTED_ORIGINS = [FUSEE_BASE_URL]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "template_partials",
    "django_htmx",
    "axes",
    "csp",
    "ninja",
    "fusee.core",
    "fusee.contacts",
    "fusee.scoring",
    "fusee.segments",
    "fusee.nurturing",
    "fusee.webforms",
    "fusee.webhooks",
    "fusee.content",
    "fusee.okrs",
    "fusee.playbooks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "fusee.core.middleware.RequestLogMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "fusee.core.middleware.LoginRequiredMiddleware",
    "fusee.core.middleware.RoleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "fusee.config.urls"
WSGI_APPLICATION = "fusee.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "fusee.core.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {"default": env.database(DATA_DIR / "fusee.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Login attempts: five failures per account and address lock it for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_VERBOSE = False
AXES_USERNAME_FORM_FIELD = "username"  # the login form field, although users log in with an email

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
_https = FUSEE_BASE_URL.startswith("https://")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = _https
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("Français"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Paris"
USE_TZ = True

MEDIA_ROOT = DATA_DIR / "media"  # uploaded imports and their reports; served only through views
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise expects it even when serving from the finders
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve straight from the package's static folders: no collectstatic step to forget.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Background work: Celery on Redis when a broker is configured, else an in-process worker.
FUSEE_BROKER_URL = env.url("FUSEE_BROKER_URL", env.BROKER_SCHEMES)
FUSEE_WORKER_POLL_SECONDS = 1.0
# Counters every process must share (public forms' rate limits) live in Redis when there is one:
# FUSEE_CACHE_URL, else the broker's. Without Redis a single `fusee serve` process counts alone.
_cache_url = env.url("FUSEE_CACHE_URL", env.BROKER_SCHEMES) or FUSEE_BROKER_URL
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url,
                "KEY_PREFIX": "fusee"}
    if _cache_url
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

_smtp = smtp_url_from_env()  # the same URL, read the same way, as nurturing's SMTP sender
DEFAULT_FROM_EMAIL = "Fusée <no-reply@localhost>"
FUSEE_SMTP_VERIFY_CERTIFICATE = _smtp is None or _smtp.verify_certificate
if _smtp is None:
    # No SMTP server: mail lands as files in var/outbox, readable and never lost.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = DATA_DIR / "outbox"
else:
    EMAIL_BACKEND = "fusee.config.mail.EmailBackend"  # Django's, honouring ?verify=0
    EMAIL_HOST, EMAIL_PORT = _smtp.host, _smtp.port
    EMAIL_HOST_USER, EMAIL_HOST_PASSWORD = _smtp.username, _smtp.password
    EMAIL_USE_SSL, EMAIL_USE_TLS = _smtp.security == "ssl", _smtp.security == "starttls"
    EMAIL_TIMEOUT = _smtp.timeout

FUSEE_DKIM = env.dkim()  # nurturing emails are signed when set
# The right-hand side of nurturing Message-IDs: the DKIM domain, else the base URL's host.
FUSEE_MESSAGE_ID_DOMAIN = env.message_id_domain(FUSEE_DKIM, FUSEE_BASE_URL)

# Nurturing email through a provider's API instead of SMTP (django-anymail), and its webhooks at
# /anymail/<provider>/tracking/, refused unless FUSEE_ANYMAIL_WEBHOOK_SECRET is set.
FUSEE_EMAIL_PROVIDER = env.email_provider()
ANYMAIL = env.anymail()
FUSEE_BOUNCE_MAILBOX = env.bounce_mailbox()  # read every 5 minutes when set
# Pace of nurturing email for each worker process, in messages per second, overall and per
# recipient domain (unset: as fast as the server takes them); and the hours of the day, in the
# contact's time zone, in which it goes out (working days only, never on public holidays).
FUSEE_SEND_RATE = env.rate("FUSEE_SEND_RATE")
FUSEE_SEND_RATE_PER_DOMAIN = env.rate("FUSEE_SEND_RATE_PER_DOMAIN")
FUSEE_SEND_HOURS = env.hours("FUSEE_SEND_HOURS", (8, 18))

# Content recycling's llm writer: any OpenAI-compatible endpoint (Ollama, vLLM, llama.cpp, a
# hosted API); offered only when both the base URL and the model are set.
FUSEE_LLM_BASE_URL = env.llm_base_url()
FUSEE_LLM_MODEL = env.llm_model()
FUSEE_LLM_API_KEY = env.llm_api_key()
FUSEE_LLM_TIMEOUT = env.llm_timeout()

FUSEE_LOG_FORMAT = env.choice("FUSEE_LOG_FORMAT", ("json", "text"), "json")
FUSEE_LOG_LEVEL = env.choice(
    "FUSEE_LOG_LEVEL", ("debug", "info", "warning", "error"), "info"
).upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)-7s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": FUSEE_LOG_FORMAT},
    },
    "root": {"handlers": ["console"], "level": FUSEE_LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "axes": {"level": "WARNING"},
        "django.request": {"level": "ERROR"},  # 4xx are in fusee.request already
    },
}

CELERY_BROKER_URL = FUSEE_BROKER_URL
CELERY_TASK_DEFAULT_QUEUE = "fusee"
CELERY_TASK_ACKS_LATE = True  # a worker that dies mid-job leaves the message for another
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True  # results live in the Job table
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
