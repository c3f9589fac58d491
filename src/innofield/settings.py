"""Django settings for innofield.

Every value comes from the environment through the one table in
:mod:`innofield.config` (names, defaults, types, help); a malformed value stops
start-up with a message naming the variable.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from innofield import config

try:
    ENV = config.load(os.environ)
except config.ConfigError as exc:
    raise ImproperlyConfigured(str(exc)) from None

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(ENV["INNOFIELD_DATA_DIR"] or Path.cwd() / "var").resolve()

SECRET_KEY = ENV["INNOFIELD_SECRET_KEY"] or config.DEV_SECRET_KEY
DEBUG = ENV["INNOFIELD_DEBUG"]
ALLOWED_HOSTS = ENV["INNOFIELD_ALLOWED_HOSTS"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",  # Swagger UI served from the package, not a CDN
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
    "innofield.policies",
    "innofield.alliances",
    "innofield.jobs",
    "innofield.talent",
    "innofield.consortia",
    "innofield.computing",
    "innofield.challenges",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "innofield.core.middleware.SecurityHeadersMiddleware",
    "innofield.core.middleware.ApiErrorsMiddleware",
    "innofield.core.middleware.DatabaseBusyMiddleware",
    "innofield.core.middleware.ActionScopeMiddleware",
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


#: SQLite as innofield runs it, however the database is named: WAL, immediate write
#: transactions, a busy timeout, foreign keys.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 30,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
}


def _database() -> dict[str, Any]:
    """The default database: ``DATABASE_URL``, else an SQLite file under the data folder."""
    url = ENV["DATABASE_URL"]
    if url is None:
        db: dict[str, Any] = {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "innofield.sqlite3",
        }
    else:
        # Each process keeps a small pool of open connections that its threads borrow per
        # request (psycopg_pool through Django): opening a PostgreSQL connection per request
        # costs more than most requests. Without the pool, connections close after each
        # request unless INNOFIELD_DB_CONN_MAX_AGE says otherwise.
        pool = ENV["INNOFIELD_DB_POOL"]
        db = dict(
            dj_database_url.parse(
                url,
                conn_max_age=0 if pool else ENV["INNOFIELD_DB_CONN_MAX_AGE"],
                conn_health_checks=not pool,
            )
        )
        if pool and str(db["ENGINE"]).endswith("postgresql"):
            db["OPTIONS"] = {
                **db.get("OPTIONS", {}),
                "pool": {"min_size": 1, "max_size": pool, "timeout": 10},
            }
    if str(db["ENGINE"]).endswith("sqlite3"):
        db["OPTIONS"] = {**SQLITE_OPTIONS, **db.get("OPTIONS", {})}
        db["CONN_MAX_AGE"] = 0 if url is None else db.get("CONN_MAX_AGE", 0)
        db["TEST"] = {"NAME": ENV["INNOFIELD_TEST_SQLITE"] or ""}
    return db


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["innofield.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Static files are served from the package by WhiteNoise's finders; set
# INNOFIELD_STATIC_ROOT to collect them for a front proxy instead.
STATIC_ROOT = ENV["INNOFIELD_STATIC_ROOT"]
WHITENOISE_USE_FINDERS = True

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Uploads are parsed defensively and limited in size (bytes).
INNOFIELD_MAX_UPLOAD_BYTES = ENV["INNOFIELD_MAX_UPLOAD_BYTES"]
INNOFIELD_IMPORT_BACKGROUND_ROWS = ENV["INNOFIELD_IMPORT_BACKGROUND_ROWS"]
DATA_UPLOAD_MAX_MEMORY_SIZE = INNOFIELD_MAX_UPLOAD_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = INNOFIELD_MAX_UPLOAD_BYTES

# API rate limits per client: "anon=600/m,auth=off" (off: no limit). Anonymous callers are
# limited per IP address; token holders are accountable and unlimited unless configured.
INNOFIELD_API_RATES = ENV["INNOFIELD_API_RATES"]
INNOFIELD_TRUSTED_PROXIES = ENV["INNOFIELD_TRUSTED_PROXIES"]
INNOFIELD_LOGIN_LIMITS = ENV["INNOFIELD_LOGIN_LIMITS"]
INNOFIELD_DB_RETRIES = ENV["INNOFIELD_DB_RETRIES"]

# Counters (rate limits, login failures) and caches live in a store every app server
# shares: Redis when configured (several machines), else files in the data folder (one
# machine, any number of app processes; no database writes on every request).
if ENV["INNOFIELD_REDIS_URL"]:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": ENV["INNOFIELD_REDIS_URL"],
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }

# Behind TLS (a reverse proxy terminating https): secure cookies, HSTS, redirects.
if ENV["INNOFIELD_HTTPS"]:
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
INNOFIELD_CSP = ENV["INNOFIELD_CSP"]

# Arithmetic for embedding catalog texts: "fp32" (default), or "bf16" for a 2.45x faster
# index build on CPUs with native bfloat16 (AVX512-BF16, AMX) at -0.15 points of SciFact
# nDCG@10 (docs/matching.md); "auto" picks bf16 where native. Queries use bf16 where native.
INNOFIELD_EMBEDDING_PRECISION = ENV["INNOFIELD_EMBEDDING_PRECISION"]

# How catalog vectors are searched (docs/matching.md, "Vector search past one process"):
# an HNSW graph (usearch) beside the database, the path PostgreSQL deployments take, or the
# in-process exact / two-stage search, SQLite's default. The graph file lives in SEARCH_DIR.
INNOFIELD_VECTOR_INDEX = ENV["INNOFIELD_VECTOR_INDEX"]
if INNOFIELD_VECTOR_INDEX == "auto":
    _postgres = "postgresql" in str(DATABASES["default"]["ENGINE"])
    INNOFIELD_VECTOR_INDEX = "hnsw" if _postgres else "exact"
INNOFIELD_SEARCH_DIR = DATA_DIR / "search"
# Options of innofield.matching.ann.HnswVectors (graph parameters of docs/matching.md).
INNOFIELD_ANN_OPTIONS: dict[str, Any] = {}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR"}},
}


# Background jobs (innofield.jobs; docs/jobs.md): the database backend by default (no
# broker: `innofield jobs worker` runs them), RQ on Redis with INNOFIELD_TASKS_BACKEND=rq.
INSTALLED_APPS += ["django_tasks", "django_tasks_db", "django_rq"]
INNOFIELD_TASKS_BACKEND = ENV["INNOFIELD_TASKS_BACKEND"]
TASKS = {
    "default": {
        "BACKEND": "django_tasks_rq.backend.RQBackend"
        if INNOFIELD_TASKS_BACKEND == "rq"
        else "django_tasks_db.backend.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
RQ_QUEUES = {
    "default": {
        "URL": ENV["INNOFIELD_REDIS_URL"] or "redis://127.0.0.1:6379/0",
        "DEFAULT_TIMEOUT": 3600,
    }
}
# A failing job is tried INNOFIELD_JOBS_MAX_ATTEMPTS times in all (a kind may say otherwise),
# waiting INNOFIELD_JOBS_RETRY_BACKOFF seconds, then twice as long each time.
INNOFIELD_JOBS_MAX_ATTEMPTS = ENV["INNOFIELD_JOBS_MAX_ATTEMPTS"]
INNOFIELD_JOBS_RETRY_BACKOFF = ENV["INNOFIELD_JOBS_RETRY_BACKOFF"]
# Progress reports are written at most this often (seconds); the first and last always.
INNOFIELD_JOBS_PROGRESS_INTERVAL = 0.5
# A running job's heartbeat (seconds); `jobs worker` retries jobs silent for four of them.
INNOFIELD_JOBS_HEARTBEAT = ENV["INNOFIELD_JOBS_HEARTBEAT"]
