"""Middleware: writes retried on a busy database (503, never 500), JSON for the API's own
refusals, security headers."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.test import Client

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def short_busy_timeout() -> Iterator[None]:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's file lock; PostgreSQL waits for row locks instead")
    options = connection.settings_dict["OPTIONS"]
    saved = options["timeout"]
    connection.close()
    options["timeout"] = 0.05
    yield
    connection.close()
    options["timeout"] = saved


def hold_write_lock(seconds: float) -> threading.Thread:
    """Another process's writer: holds SQLite's write lock on the test database."""
    path = connection.settings_dict["NAME"]
    ready = threading.Event()

    def run() -> None:
        other = sqlite3.connect(path, timeout=5, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        ready.set()
        time.sleep(seconds)
        other.execute("COMMIT")
        other.close()

    thread = threading.Thread(target=run)
    thread.start()
    ready.wait(5)
    return thread


def login(world: Any) -> Any:
    return Client().post(
        "/api/auth/token",
        {"username": "labber", "password": world.password},
        content_type="application/json",
    )


def test_a_write_that_meets_a_lock_is_retried(
    world: Any, short_busy_timeout: None, settings: Any
) -> None:
    settings.INNOFIELD_DB_RETRIES = 8
    thread = hold_write_lock(0.3)
    response = login(world)
    thread.join()
    assert response.status_code == 200, response.content


def test_a_lock_that_outlasts_the_retries_answers_503(
    world: Any, short_busy_timeout: None, settings: Any
) -> None:
    from innofield.core.models import ApiToken

    settings.INNOFIELD_DB_RETRIES = 1
    thread = hold_write_lock(1.5)
    response = login(world)
    thread.join()
    assert response.status_code == 503
    assert response["Retry-After"] == "1"
    assert "nothing was changed" in response.json()["detail"]
    assert ApiToken.objects.count() == 0


def test_unknown_api_paths_answer_json(db: Any) -> None:
    response = Client().get("/api/no-such-thing")
    assert response.status_code == 404
    assert response.json()["detail"].startswith("no API endpoint at /api/no-such-thing")


def test_a_body_over_the_limit_answers_413_json(db: Any, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = Client().post("/api/auth/token", "x" * 5000, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["errors"][0]["field"] == "body"


def test_pages_carry_a_content_security_policy(db: Any) -> None:
    response = Client().get("/accounts/login/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_https_setting_makes_cookies_secure() -> None:
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("INNOFIELD_")}
    env.update(INNOFIELD_HTTPS="1", DJANGO_SETTINGS_MODULE="innofield.settings")
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert out.stdout.split() == ["True", "True", "31536000"], out.stderr


def test_a_deeply_nested_body_is_a_422_naming_the_body(world: Any, api: Any) -> None:
    body = (
        '{"kind": "technology", "title": "x", "owner": "LAB", "details": '
        + "[" * 2000
        + "]" * 2000
        + "}"
    )
    response = api(world.labber).client.post(
        "/api/items", body, content_type="application/json", headers=api(world.labber).headers
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body" and "2001" in response.json()["detail"]
    brackets_in_text = {"kind": "technology", "owner": "LAB", "title": "[{" * 100}
    assert api(world.labber).post("/api/items", brackets_in_text).status_code == 201


def test_nul_characters_are_refused_naming_the_field(world: Any, api: Any) -> None:
    response = api(world.labber).post(
        "/api/items", {"kind": "technology", "owner": "LAB", "title": "a\x00b"}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0] == {
        "field": "title",
        "reason": "text may not contain NUL characters",
    }


def test_an_exhausted_connection_pool_answers_503_not_500(rf: Any) -> None:
    from django.db import OperationalError
    from psycopg_pool import PoolTimeout

    from innofield.core.middleware import DatabaseBusyMiddleware

    middleware = DatabaseBusyMiddleware(lambda request: None)  # type: ignore[arg-type,return-value]
    try:
        try:
            raise PoolTimeout("couldn't get a connection after 10.00 sec")
        except PoolTimeout as cause:
            raise OperationalError(str(cause)) from cause
    except OperationalError as exc:
        error = exc
    api = middleware.process_exception(rf.get("/api/items"), error)
    page = middleware.process_exception(rf.get("/catalog/"), error)
    assert api is not None and api.status_code == 503 and api["Retry-After"] == "1"
    assert page is not None and page.status_code == 503
    other = OperationalError("no such table: x")
    assert middleware.process_exception(rf.get("/catalog/"), other) is None


def test_postgresql_connections_come_from_a_pool_and_are_reused() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the pool is PostgreSQL's (psycopg_pool); SQLite opens a file")
    assert connection.pool is not None
    backends = []
    for _ in range(20):  # as twenty requests would: borrow, query, give back
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backends.append(cursor.fetchone()[0])
        connection.close()  # back to the pool, not closed
    assert len(set(backends)) <= connection.settings_dict["OPTIONS"]["pool"]["max_size"]
    assert len(set(backends)) < len(backends)
