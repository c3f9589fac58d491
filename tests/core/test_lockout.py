"""Login brute force: failures counted per account and per client in the shared store."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from innofield.core import lockout


def token(username: str, password: str, **headers: Any) -> Any:
    return Client().post(
        "/api/auth/token",
        {"username": username, "password": password},
        content_type="application/json",
        headers=headers,
    )


@pytest.fixture
def limits(settings: Any) -> None:
    settings.INNOFIELD_LOGIN_LIMITS = (2, 4, 3600, 50)


def test_api_slows_down_then_locks_and_an_admin_unlocks(world: Any, limits: None) -> None:
    assert [token("labber", "wrong").status_code for _ in range(2)] == [401, 401]
    slowed = token("labber", world.password)  # right password, but too soon after failures
    assert slowed.status_code == 429 and "wait" in slowed.json()["detail"]
    # Time passes for the account: age its last failure past the delay.
    key = lockout._key("account", "labber")
    from django.core.cache import cache

    state = cache.get(key)
    cache.set(key, {"n": state["n"], "last": state["last"] - 10})
    assert token("labber", "wrong").status_code == 401
    cache.set(key, {"n": 3, "last": cache.get(key)["last"] - 100})
    assert token("labber", "wrong").status_code == 401  # the 4th failure locks
    locked = token("labber", world.password)
    assert locked.status_code == 429
    assert "locked after 4 failed logins" in locked.json()["detail"]
    assert "innofield unlock" in locked.json()["detail"]
    assert lockout.unlock("labber") is True
    assert token("labber", world.password).status_code == 200
    assert lockout.unlock("labber") is False  # the success cleared the count


def test_other_accounts_are_not_locked_by_one(world: Any, limits: None) -> None:
    for _ in range(2):
        token("labber", "wrong")
    assert token("labber", world.password).status_code == 429
    assert token("firmer", world.password).status_code == 200


def test_web_login_counts_the_same_failures(world: Any, limits: None) -> None:
    client = Client()
    for _ in range(2):
        page = client.post("/accounts/login/", {"username": "labber", "password": "wrong"})
        assert page.status_code == 200
    page = client.post("/accounts/login/", {"username": "labber", "password": world.password})
    assert page.status_code == 200 and "too many failed logins" in page.content.decode()
    assert token("labber", world.password).status_code == 429  # one count for web and API


def test_forwarded_for_is_ignored_unless_from_a_trusted_proxy(world: Any, settings: Any) -> None:
    settings.INNOFIELD_LOGIN_LIMITS = (100, 100, 3600, 3)
    for n in range(3):  # a new X-Forwarded-For each time does not reset the client count
        token(f"nobody{n}", "x", **{"X-Forwarded-For": f"10.0.0.{n}"})
    refused = token("labber", world.password, **{"X-Forwarded-For": "10.0.0.99"})
    assert refused.status_code == 429 and "from your address" in refused.json()["detail"]


def test_a_trusted_proxy_passes_the_client_address(world: Any, settings: Any) -> None:
    settings.INNOFIELD_LOGIN_LIMITS = (100, 100, 3600, 3)
    settings.INNOFIELD_TRUSTED_PROXIES = ["127.0.0.1"]
    for n in range(3):
        token(f"nobody{n}", "x", **{"X-Forwarded-For": "203.0.113.7"})
    assert token("labber", world.password, **{"X-Forwarded-For": "203.0.113.7"}).status_code == 429
    other = token("labber", world.password, **{"X-Forwarded-For": "203.0.113.8"})
    assert other.status_code == 200


def test_rate_limit_ignores_spoofed_forwarded_for(world: Any, settings: Any) -> None:
    settings.INNOFIELD_API_RATES = {"anon": "2/m", "auth": "off"}
    codes = [
        Client().get("/api/regions", headers={"X-Forwarded-For": f"10.1.1.{n}"}).status_code
        for n in range(3)
    ]
    assert codes == [200, 200, 429]
