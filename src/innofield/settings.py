"""Django settings for innofield.

Settings come from the environment: ``DATABASE_URL`` (default: an SQLite file under
``INNOFIELD_DATA_DIR``), ``INNOFIELD_SECRET_KEY``, ``INNOFIELD_DEBUG`` and
``INNOFIELD_ALLOWED_HOSTS``.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("INNOFIELD_DATA_DIR", Path.cwd() / "var")).resolve()

SECRET_KEY = os.environ.get(
    "INNOFIELD_SECRET_KEY", "innofield-insecure-development-key-set-INNOFIELD_SECRET_KEY"
)
DEBUG = os.environ.get("INNOFIELD_DEBUG", "0") == "1"
ALLOWED_HOSTS = os.environ.get("INNOFIELD_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(
    ","
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "innofield.core",
    "innofield.registry",
    "innofield.catalog",
    "innofield.stats",
    "innofield.matchmaking",
    "innofield.booking",
    "innofield.ledger",
    "innofield.market",
    "innofield.vouchers",
    "innofield.dashboards",
    "innofield.jobs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "innofield.urls"
WSGI_APPLICATION = "innofield.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def _database() -> dict[str, object]:
    """The default database: ``DATABASE_URL`` or SQLite in WAL mode with immediate writes."""
    url = os.environ.get("DATABASE_URL")
    if url:
        # Connections close after each request unless told otherwise: the threaded server
        # would otherwise hold one open connection per thread and exhaust PostgreSQL's.
        max_age = int(os.environ.get("INNOFIELD_DB_CONN_MAX_AGE", "0"))
        return dict(dj_database_url.parse(url, conn_max_age=max_age, conn_health_checks=True))
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "innofield.sqlite3",
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        },
        "TEST": {"NAME": os.environ.get("INNOFIELD_TEST_SQLITE", "")},
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Static files are served from the package by WhiteNoise's finders; set
# INNOFIELD_STATIC_ROOT to collect them for a front proxy instead.
STATIC_ROOT = os.environ.get("INNOFIELD_STATIC_ROOT") or None
WHITENOISE_USE_FINDERS = True

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Uploads are parsed defensively and limited in size (bytes).
INNOFIELD_MAX_UPLOAD_BYTES = int(os.environ.get("INNOFIELD_MAX_UPLOAD_BYTES", 5 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = INNOFIELD_MAX_UPLOAD_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = INNOFIELD_MAX_UPLOAD_BYTES

# API rate limits per client: "anon=600/m,auth=off" (off: no limit). Anonymous callers are
# limited per IP address; token holders are accountable and unlimited unless configured.
INNOFIELD_API_RATES = dict(
    part.split("=", 1)
    for part in os.environ.get("INNOFIELD_API_RATES", "anon=600/m,auth=off").split(",")
    if "=" in part
)

# Arithmetic for embedding catalog texts: "fp32" (default), or "bf16" for a 2.45x faster
# index build on CPUs with native bfloat16 (AVX512-BF16, AMX) at -0.15 points of SciFact
# nDCG@10 (docs/matching.md); "auto" picks bf16 where native. Queries use bf16 where native.
INNOFIELD_EMBEDDING_PRECISION = os.environ.get("INNOFIELD_EMBEDDING_PRECISION", "fp32")
if INNOFIELD_EMBEDDING_PRECISION not in ("fp32", "bf16", "auto"):
    raise ImproperlyConfigured(
        "INNOFIELD_EMBEDDING_PRECISION: expected fp32, bf16 or auto, "
        f"got {INNOFIELD_EMBEDDING_PRECISION!r}"
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR"}},
}


# ---- Background jobs (innofield.jobs; docs/jobs.md) ------------------------------------------
# INNOFIELD_TASKS_BACKEND: "database" (default: jobs wait in the database, `innofield jobs
# worker` runs them, no broker needed) or "rq" (RQ on Redis at INNOFIELD_REDIS_URL).
INSTALLED_APPS += ["django_tasks", "django_tasks_db", "django_rq"]
INNOFIELD_TASKS_BACKEND = os.environ.get("INNOFIELD_TASKS_BACKEND", "database")
INNOFIELD_REDIS_URL = os.environ.get("INNOFIELD_REDIS_URL", "redis://127.0.0.1:6379/0")
if INNOFIELD_TASKS_BACKEND not in ("database", "rq"):
    raise ImproperlyConfigured(
        f"INNOFIELD_TASKS_BACKEND: expected database or rq, got {INNOFIELD_TASKS_BACKEND!r}"
    )
TASKS = {
    "default": {
        "BACKEND": "django_tasks_rq.backend.RQBackend"
        if INNOFIELD_TASKS_BACKEND == "rq"
        else "django_tasks_db.backend.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
RQ_QUEUES = {"default": {"URL": INNOFIELD_REDIS_URL, "DEFAULT_TIMEOUT": 3600}}
# A failing job is tried INNOFIELD_JOBS_MAX_ATTEMPTS times in all (a kind may say otherwise),
# waiting INNOFIELD_JOBS_RETRY_BACKOFF seconds, then twice as long each time.
INNOFIELD_JOBS_MAX_ATTEMPTS = int(os.environ.get("INNOFIELD_JOBS_MAX_ATTEMPTS", "3"))
INNOFIELD_JOBS_RETRY_BACKOFF = float(os.environ.get("INNOFIELD_JOBS_RETRY_BACKOFF", "10"))
# Progress reports are written at most this often (seconds); the first and last always.
INNOFIELD_JOBS_PROGRESS_INTERVAL = 0.5
# A running job's heartbeat (seconds); `jobs worker` retries jobs silent for four of them.
INNOFIELD_JOBS_HEARTBEAT = float(os.environ.get("INNOFIELD_JOBS_HEARTBEAT", "30"))
# ---- end of background jobs ------------------------------------------------------------------
