"""Settings as data: every environment variable innofield reads, in one table.

Each :class:`Setting` has a name, a default, a parser (which is its type) and a help
text. :func:`load` reads them all from an environment, collects every malformed value
and raises one :class:`ConfigError` naming each variable and what is wrong with it, so
a bad value stops start-up instead of being dropped silently. The README's settings
table is rendered from the same data (:func:`markdown_table`; a test compares them).

This module imports nothing from Django: ``settings.py`` uses it before Django is set up.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEV_SECRET_KEY = "innofield-insecure-development-key-set-INNOFIELD_SECRET_KEY"


class ConfigError(Exception):
    """One or more settings are malformed; the message has one line per problem."""


def _text(value: str) -> str:
    return value


def _int(low: int, high: int) -> Callable[[str], int]:
    def parse(value: str) -> int:
        try:
            number = int(value.strip())
        except ValueError:
            raise ValueError(f"expected a whole number, got {value!r}") from None
        if not low <= number <= high:
            raise ValueError(f"expected a number from {low} to {high}, got {number}")
        return number

    return parse


def _float(low: float, high: float) -> Callable[[str], float]:
    def parse(value: str) -> float:
        try:
            number = float(value.strip())
        except ValueError:
            raise ValueError(f"expected a number, got {value!r}") from None
        if not low <= number <= high:
            raise ValueError(f"expected a number from {low:g} to {high:g}, got {number:g}")
        return number

    return parse


def _bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off", ""):
        return False
    raise ValueError(f"expected 1 or 0 (true/false), got {value!r}")


def _choice(*choices: str) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if value not in choices:
            raise ValueError(f"expected one of {', '.join(choices)}, got {value!r}")
        return value

    return parse


def _list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


_RATE = re.compile(r"^\d+/(s|m|h|d)$")


def _rates(value: str) -> dict[str, str]:
    """``anon=600/m,auth=off`` → ``{"anon": "600/m", "auth": "off"}``, strictly."""
    rates = {"anon": "off", "auth": "off"}
    for part in _list(value):
        scope, sep, rate = part.partition("=")
        scope, rate = scope.strip(), rate.strip()
        if not sep or scope not in rates:
            raise ValueError(f"expected anon=RATE,auth=RATE, got {part!r}")
        if rate != "off" and not _RATE.match(rate):
            raise ValueError(f"{scope}: expected N/s, N/m, N/h, N/d or off, got {rate!r}")
        rates[scope] = rate
    return rates


def _url(*schemes: str) -> Callable[[str], str]:
    def parse(value: str) -> str:
        scheme = value.split("://", 1)[0] if "://" in value else ""
        if scheme not in schemes:
            starts = " or ".join(s + "://" for s in schemes)
            raise ValueError(f"expected a URL starting with {starts}")
        return value

    return parse


@dataclass(frozen=True)
class Setting:
    """One environment variable: its default (text, as it would be set), parser and help."""

    name: str
    default: str | None
    parse: Callable[[str], Any]
    help: str
    shown_default: str = ""

    def read(self, environ: Mapping[str, str]) -> Any:
        """The parsed value from ``environ``, else the parsed default (``None`` if none)."""
        raw = environ.get(self.name)
        if raw is None:
            return None if self.default is None else self.parse(self.default)
        return self.parse(raw)


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "DATABASE_URL",
        None,
        _url("sqlite", "postgres", "postgresql"),
        "database, e.g. `postgres://user@host:5432/innofield` or `sqlite:////path/db.sqlite3` "
        "(SQLite always runs in WAL mode with immediate write transactions)",
        "SQLite at `$INNOFIELD_DATA_DIR/innofield.sqlite3`",
    ),
    Setting("INNOFIELD_DATA_DIR", None, Path, "where the SQLite database lives", "`./var`"),
    Setting(
        "INNOFIELD_SECRET_KEY",
        None,
        _text,
        "Django secret key — **required** by `innofield serve` unless `--demo` or debug",
        "none (a development key for the demo and tests)",
    ),
    Setting("INNOFIELD_DEBUG", "0", _bool, "Django debug pages (never in production)"),
    Setting(
        "INNOFIELD_ALLOWED_HOSTS",
        "127.0.0.1,localhost",
        _list,
        "comma-separated host names the server answers to",
    ),
    Setting(
        "INNOFIELD_TRUSTED_PROXIES",
        "",
        _list,
        "addresses of reverse proxies whose `X-Forwarded-For` is believed (rate limits, "
        "login lockout)",
    ),
    Setting(
        "INNOFIELD_HTTPS",
        "0",
        _bool,
        "behind TLS: `Secure` cookies, HSTS, redirect to https, trust `X-Forwarded-Proto` "
        "from the proxy",
    ),
    Setting(
        "INNOFIELD_CSP",
        "default-src 'self'; img-src 'self' data:; "
        "style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
        "frame-ancestors 'none'",
        _text,
        "Content-Security-Policy header of every response (empty: none)",
        "self only (inline styles and scripts allowed)",
    ),
    Setting(
        "INNOFIELD_MAX_UPLOAD_BYTES",
        str(5 * 1024 * 1024),
        _int(1024, 2**31),
        "upload and request body size limit in bytes",
        "5 MiB",
    ),
    Setting(
        "INNOFIELD_IMPORT_BACKGROUND_ROWS",
        "2000",
        _int(1, 100_000_000),
        "catalog imports with more rows than this run as a background job with progress "
        "(the file is kept under `$INNOFIELD_DATA_DIR/imports/` until the job has run)",
    ),
    Setting(
        "INNOFIELD_API_RATES",
        "anon=600/m,auth=off",
        _rates,
        "API rate limits, e.g. `anon=600/m,auth=6000/m` (`off` disables one)",
    ),
    Setting(
        "INNOFIELD_LOGIN_LIMITS",
        "5,10,3600,50",
        _text,
        "login lockout: failures before slowing down, failures before locking, lock "
        "seconds, failures per client address per 15 minutes",
    ),
    Setting(
        "INNOFIELD_REDIS_URL",
        None,
        _url("redis", "rediss", "unix"),
        "Redis for the cache, sessions, rate-limit and lockout counters shared by several "
        "app servers, and for the RQ job queue",
        "none (files under the data folder: one machine)",
    ),
    Setting(
        "INNOFIELD_TASKS_BACKEND",
        "database",
        _choice("database", "rq"),
        "background jobs: `database` (no broker; `innofield jobs worker`, started by "
        "`serve`) or `rq` (RQ on Redis at `INNOFIELD_REDIS_URL`)",
    ),
    Setting("INNOFIELD_JOBS_MAX_ATTEMPTS", "3", _int(1, 50), "times a failing job is tried in all"),
    Setting(
        "INNOFIELD_JOBS_RETRY_BACKOFF",
        "10",
        _float(0, 86400),
        "seconds before a failed job's first retry (doubling after)",
    ),
    Setting(
        "INNOFIELD_JOBS_HEARTBEAT",
        "30",
        _float(1, 3600),
        "seconds between a running job's heartbeats; silent for four, it is retried",
    ),
    Setting(
        "INNOFIELD_DB_CONN_MAX_AGE",
        "0",
        _int(0, 86400),
        "seconds a database connection is reused (when the PostgreSQL pool is off)",
    ),
    Setting(
        "INNOFIELD_DB_POOL",
        "8",
        _int(0, 1000),
        "PostgreSQL connections each process keeps in its pool, shared by its threads "
        "(`innofield serve`: its threads + 2 unless set; 0: a new connection per request)",
    ),
    Setting(
        "INNOFIELD_DB_RETRIES",
        "5",
        _int(0, 50),
        "times a write that met a locked database or a serialisation failure is retried "
        "before answering 503",
    ),
    Setting(
        "INNOFIELD_STATIC_ROOT",
        None,
        Path,
        "folder to collect static files into for a front proxy",
        "served from the package",
    ),
    Setting(
        "INNOFIELD_EMBEDDING_PRECISION",
        "fp32",
        _choice("fp32", "bf16", "auto"),
        "arithmetic for embedding catalog items: `fp32`, or `bf16` for a 2.45× faster "
        "`index rebuild` on CPUs with native bfloat16 (−0.15 points nDCG@10 on SciFact), "
        "or `auto`",
    ),
    Setting(
        "INNOFIELD_VECTOR_INDEX",
        "auto",
        _choice("auto", "exact", "hnsw"),
        "how catalog vectors are searched: `hnsw` (a usearch HNSW graph beside the database, "
        "saved under `$INNOFIELD_DATA_DIR/search/` by `index rebuild` and adopted by every "
        "process), `exact` (in-process exact and two-stage search), or `auto`: `hnsw` on "
        "PostgreSQL, `exact` on SQLite",
    ),
    Setting(
        "INNOFIELD_DEMO_PASSWORD",
        "innofield-demo",
        _text,
        "password of the demo accounts made by `innofield load demo`",
    ),
    Setting("INNOFIELD_PASSWORD", None, _text, "password for `innofield createuser`", "none"),
    Setting(
        "INNOFIELD_TEST_SQLITE",
        None,
        _text,
        "tests only: the SQLite file the test database is made in",
        "a temporary file",
    ),
)

BY_NAME = {s.name: s for s in SETTINGS}


def load(environ: Mapping[str, str]) -> dict[str, Any]:
    """Every setting parsed from ``environ``; raises :class:`ConfigError` listing each bad one."""
    values: dict[str, Any] = {}
    problems: list[str] = []
    for setting in SETTINGS:
        try:
            values[setting.name] = setting.read(environ)
        except (ValueError, TypeError) as exc:
            problems.append(f"{setting.name}: {exc}")
    limits = values.get("INNOFIELD_LOGIN_LIMITS")
    if limits is not None:
        try:
            values["INNOFIELD_LOGIN_LIMITS"] = login_limits(limits)
        except ValueError as exc:
            problems.append(f"INNOFIELD_LOGIN_LIMITS: {exc}")
    if problems:
        raise ConfigError("invalid settings:\n  " + "\n  ".join(problems))
    return values


def login_limits(value: str) -> tuple[int, int, int, int]:
    """``"5,10,3600,50"`` → (slow after, lock after, lock seconds, per-client failures)."""
    parts = _list(value)
    if len(parts) != 4 or not all(p.isdigit() for p in parts):
        raise ValueError(f"expected four whole numbers like 5,10,3600,50, got {value!r}")
    slow, lock, seconds, client = (int(p) for p in parts)
    if not 1 <= slow <= lock or seconds < 1 or client < 1:
        raise ValueError(
            "expected 1 <= slow-down count <= lock count, lock seconds >= 1, "
            "per-client failures >= 1"
        )
    return slow, lock, seconds, client


def production_problems(values: Mapping[str, Any]) -> list[str]:
    """What must be set before serving in production (DEBUG off, not the demo)."""
    problems = []
    if not values.get("INNOFIELD_SECRET_KEY"):
        problems.append(
            "INNOFIELD_SECRET_KEY is not set: set it to a long random secret "
            "(e.g. `python -c 'import secrets; print(secrets.token_urlsafe(50))'`)"
        )
    elif (key := values["INNOFIELD_SECRET_KEY"]) == DEV_SECRET_KEY or len(key) < 32:
        problems.append(
            "INNOFIELD_SECRET_KEY is the public development key or shorter than "
            "32 characters: set a long random secret"
        )
    if "testserver" in (values.get("INNOFIELD_ALLOWED_HOSTS") or []):
        problems.append(
            "INNOFIELD_ALLOWED_HOSTS contains `testserver` (a test-only host): "
            "list the host names the server is reached by"
        )
    return problems


def markdown_table() -> str:
    """The README's settings table, rendered from :data:`SETTINGS`."""
    lines = ["| variable | meaning | default |", "|---|---|---|"]
    for s in SETTINGS:
        default = s.shown_default or (f"`{s.default}`" if s.default else "none")
        lines.append(f"| `{s.name}` | {s.help} | {default} |")
    return "\n".join(lines)
