"""Login brute-force protection: failures counted per account and per client address in
the shared cache (files on one machine, Redis across several), so every app process sees
the same counts.

``INNOFIELD_LOGIN_LIMITS`` = ``slow,lock,seconds,client`` (default ``5,10,3600,50``):

* after ``slow`` failures for an account, each further attempt must wait 2, 4, 8 … s
  after the previous failure (answered with the seconds to wait);
* after ``lock`` failures the account is locked for ``seconds`` (or until a platform
  admin unlocks it: ``innofield unlock USERNAME``);
* a client address with ``client`` failures within 15 minutes, whatever the accounts,
  is refused for 15 minutes (password spraying).

A successful login clears the account's count. Client addresses come from
:func:`client_address`, which believes ``X-Forwarded-For`` only from configured proxies.
"""

from __future__ import annotations

import hashlib
import ipaddress
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from .errors import PermissionDenied

CLIENT_WINDOW = 15 * 60


class LoginLocked(PermissionDenied):
    """Too many failed logins: the message says until when and what to do."""

    status = 429


def client_address(request: HttpRequest | None) -> str:
    """The client's IP address; ``X-Forwarded-For`` counts only from a trusted proxy."""
    if request is None:
        return "local"
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    trusted = set(getattr(settings, "INNOFIELD_TRUSTED_PROXIES", []))
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if remote not in trusted or not forwarded:
        return remote
    # The rightmost address not added by one of our proxies is the client.
    for hop in reversed([h.strip() for h in forwarded.split(",") if h.strip()]):
        if hop not in trusted:
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return remote
    return remote


def _key(kind: str, value: str) -> str:
    return f"innofield:login:{kind}:" + hashlib.sha256(value.lower().encode()).hexdigest()[:32]


def _limits() -> tuple[int, int, int, int]:
    return tuple(getattr(settings, "INNOFIELD_LOGIN_LIMITS", (5, 10, 3600, 50)))  # type: ignore[return-value]


def check(username: str, request: HttpRequest | None) -> None:
    """Raise :class:`LoginLocked` if this account or client may not try to log in now."""
    slow, lock, seconds, per_client = _limits()
    now = time.time()
    client = cache.get(_key("client", client_address(request))) or {"n": 0, "since": now}
    if client["n"] >= per_client and now - client["since"] < CLIENT_WINDOW:
        wait = int(CLIENT_WINDOW - (now - client["since"])) + 1
        raise LoginLocked(f"too many failed logins from your address; try again in {wait} s")
    account = cache.get(_key("account", username))
    if not account:
        return
    n, last = account["n"], account["last"]
    if n >= lock and now - last < seconds:
        until = time.strftime("%H:%M", time.localtime(last + seconds))
        raise LoginLocked(
            f"account {username!r} is locked after {n} failed logins until {until}; "
            "a platform administrator can unlock it sooner (innofield unlock USERNAME)"
        )
    if n >= slow:
        delay = min(2 ** (n - slow + 1), seconds)
        if now - last < delay:
            raise LoginLocked(
                f"too many failed logins for {username!r}; wait {int(delay - (now - last)) + 1} s "
                "before trying again"
            )


def failed(username: str, request: HttpRequest | None) -> None:
    """Count a failed login for the account and the client address."""
    _, _, seconds, _ = _limits()
    now = time.time()
    key = _key("account", username)
    account = cache.get(key) or {"n": 0, "last": now}
    if now - account["last"] > seconds:
        account = {"n": 0, "last": now}
    cache.set(key, {"n": account["n"] + 1, "last": now}, timeout=seconds)
    ckey = _key("client", client_address(request))
    client = cache.get(ckey)
    if not client or now - client["since"] >= CLIENT_WINDOW:
        client = {"n": 0, "since": now}
    cache.set(ckey, {"n": client["n"] + 1, "since": client["since"]}, timeout=CLIENT_WINDOW)


def succeeded(username: str) -> None:
    """Clear the account's failure count after a successful login."""
    cache.delete(_key("account", username))


def unlock(username: str) -> bool:
    """Clear the account's failures (platform admins, the CLI); True if it had any."""
    key = _key("account", username)
    had = cache.get(key) is not None
    cache.delete(key)
    return had
