"""Two ``innofield serve`` processes on one database behave as one platform.

Each variant migrates an SQLite file in a fresh data folder, makes a user with
``innofield createuser`` and starts two servers (one worker each) on free ports of
127.0.0.1, then alternates: the login form comes from one, the login is posted to the
other and a page that needs login is read from the first; an API token issued by one
writes an item through the other; and anonymous API requests spread over both are
limited once (``anon=5/m``: the 6th request across the two is 429). The shared store is
the file cache in the data folder, or Redis when ``INNOFIELD_REDIS_URL`` is set (the
Redis variant is skipped, saying why, when no Redis server answers). In the suite's
PostgreSQL pass the servers share a PostgreSQL database of their own instead
(``<test database>_servers``, made and dropped here).
"""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

PASSWORD = "two-servers-pw-5d1c"
REDIS_URL = "redis://127.0.0.1:6379/7"  # a database number of this test's own
SETUP = (
    "import django; django.setup()\n"
    "from innofield.registry.models import Organization, Region\n"
    "r = Region.objects.create(code='320000', level='province', name_zh='江苏省',"
    " name_en='Jiangsu')\n"
    "Organization.objects.create(code='LAB', name_zh='实验室', name_en='Lab',"
    " type='state_key_lab', region=r)\n"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _redis_answers() -> str | None:
    """None if the Redis server answers, else why not."""
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_timeout=2).flushdb()
    except Exception as exc:  # no server, refused, timeout
        return f"no Redis server answers at {REDIS_URL}: {exc}"
    return None


def _own_pg_database(drop: bool = False) -> str | None:
    """In the PostgreSQL pass: (re)create this test's own database and return its URL."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return None
    import psycopg

    base, _, name = url.rpartition("/")
    own = f"{name.split('?')[0]}_servers"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{own}" WITH (FORCE)')
        if not drop:
            conn.execute(f'CREATE DATABASE "{own}"')
    return f"{base}/{own}"


class Server:
    """One ``innofield serve --demo`` process and a minimal HTTP client for it."""

    def __init__(self, env: dict[str, str], log: Path):
        self.port = _free_port()
        self.log = log.open("wb")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "innofield.cli",
                "serve",
                "--demo",
                "--no-warm-up",
                "--workers",
                "1",
                "--threads",
                "4",
                "--port",
                str(self.port),
            ],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def request(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        """One request; returns status, headers (lower-case names, cookies joined), body."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            data = response.read()
            names = {k.lower(): v for k, v in response.getheaders()}
            names["set-cookie"] = "\n".join(response.headers.get_all("Set-Cookie") or [])
            return response.status, names, data
        finally:
            conn.close()

    def wait_ready(self) -> None:
        """Wait until the server answers a page (not the API: that would count)."""
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"server exited: {Path(self.log.name).read_text()[-2000:]}")
            try:
                if self.request("GET", "/accounts/login/")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise AssertionError("server did not answer within 90 s")

    def stop(self) -> None:
        """Terminate the server (gunicorn stops its worker) and wait for it."""
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def _cookies(headers: dict[str, str], jar: dict[str, str]) -> None:
    for line in headers["set-cookie"].splitlines():
        name, _, rest = line.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]


def _cookie_header(jar: dict[str, str]) -> str:
    return "; ".join(f"{k}={v}" for k, v in jar.items())


@pytest.fixture(params=["files", "redis"])
def servers(request: Any, tmp_path: Path) -> Iterator[tuple[Server, Server]]:
    """Two servers on one SQLite file with a user ``alice`` (manager of LAB)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("INNOFIELD_") and k != "DATABASE_URL"
    }
    src = str(Path(__file__).resolve().parents[2] / "src")
    env.update(
        PYTHONPATH=os.pathsep.join(filter(None, [src, env.get("PYTHONPATH")])),
        INNOFIELD_DATA_DIR=str(tmp_path),
        INNOFIELD_API_RATES="anon=5/m",
        INNOFIELD_PASSWORD=PASSWORD,
        DJANGO_SETTINGS_MODULE="innofield.settings",
    )
    if request.param == "redis":
        reason = _redis_answers()
        if reason:
            pytest.skip(reason)
        env["INNOFIELD_REDIS_URL"] = REDIS_URL
    pg = _own_pg_database()
    if pg:
        env["DATABASE_URL"] = pg
    cli = [sys.executable, "-m", "innofield.cli"]
    subprocess.run([*cli, "migrate"], env=env, check=True, capture_output=True)
    subprocess.run([sys.executable, "-c", SETUP], env=env, check=True, capture_output=True)
    subprocess.run(
        [*cli, "createuser", "alice", "--org", "LAB", "--role", "manager"],
        env=env,
        check=True,
        capture_output=True,
    )
    pair = (Server(env, tmp_path / "a.log"), Server(env, tmp_path / "b.log"))
    try:
        for s in pair:
            s.wait_ready()
        yield pair
    finally:
        for s in pair:
            s.stop()
        if pg:
            _own_pg_database(drop=True)


@pytest.mark.slow
def test_two_servers_act_as_one(servers: tuple[Server, Server]) -> None:
    a, b = servers
    # The web session: the form from B, the login posted to A, a private page read on B.
    jar: dict[str, str] = {}
    status, headers, page = b.request("GET", "/accounts/login/")
    _cookies(headers, jar)
    found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert status == 200 and found and "csrftoken" in jar
    form = (
        f"csrfmiddlewaretoken={found.group(1).decode()}&username=alice&password={PASSWORD}"
    ).encode()
    status, headers, _ = a.request(
        "POST",
        "/accounts/login/",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": _cookie_header(jar),
        },
    )
    _cookies(headers, jar)
    assert status == 302 and "sessionid" in jar, status
    assert b.request("GET", "/bookings/mine/")[0] == 302  # without the session: to the login
    status, _, page = b.request("GET", "/bookings/mine/", headers={"Cookie": _cookie_header(jar)})
    assert status == 200 and b"alice" in page

    # The API: a token from A (anonymous request 1 of 5), a write on B, read back on A.
    status, _, body = a.request(
        "POST",
        "/api/auth/token",
        body=json.dumps({"username": "alice", "password": PASSWORD}).encode(),
        headers={"Content-Type": "application/json"},
    )
    assert status == 200, body
    bearer = {
        "Authorization": f"Bearer {json.loads(body)['token']}",
        "Content-Type": "application/json",
    }
    status, _, body = b.request(
        "POST",
        "/api/items",
        headers=bearer,
        body=json.dumps(
            {"kind": "technology", "title": "Two-server heat spreader", "owner": "LAB"}
        ).encode(),
    )
    assert status == 201, body
    item = json.loads(body)["id"]
    status, _, body = a.request("GET", f"/api/items/{item}", headers=bearer)
    assert status == 200 and json.loads(body)["title"] == "Two-server heat spreader"

    # The anonymous throttle counts across both: requests 2-5 pass, the 6th is refused.
    codes = [(b if n % 2 == 0 else a).request("GET", "/api/regions")[0] for n in range(5)]
    assert codes == [200, 200, 200, 200, 429], codes
    assert a.request("GET", "/api/regions")[0] == 429
    assert a.request("GET", "/api/regions", headers=bearer)[0] == 200  # tokens: not limited
