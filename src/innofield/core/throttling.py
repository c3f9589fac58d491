"""API rate limits read from settings at request time (``INNOFIELD_API_RATES``)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import SimpleRateThrottle

from .lockout import client_address


def _bearer(request: HttpRequest) -> str | None:
    header = request.headers.get("Authorization", "")
    if not header.lower().startswith("bearer "):
        return None
    return header[7:].strip() or None


class _SettingsRate(SimpleRateThrottle):
    """Take the rate for ``scope`` from settings on every request; "off" disables it."""

    def __init__(self) -> None:
        super().__init__("1/s")

    def get_ident(self, request: HttpRequest) -> str | None:
        """The client address; ``X-Forwarded-For`` is believed only from trusted proxies."""
        return client_address(request)

    def allow_request(self, request: HttpRequest) -> bool:
        """Apply the configured rate, or let the request through when it is off."""
        rate = settings.INNOFIELD_API_RATES.get(self.scope or "", "off")
        if rate == "off":
            return True
        self.rate = rate
        self.num_requests, self.duration = self.parse_rate(rate)
        return bool(super().allow_request(request))


class AnonymousRate(_SettingsRate):
    """Requests without a token, per IP address."""

    scope = "anon"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        """The client's address, or ``None`` (not limited here) when a token is sent."""
        if _bearer(request):
            return None
        return f"throttle_anon_{self.get_ident(request)}"


class TokenRate(_SettingsRate):
    """Requests with a token, per token (its hash)."""

    scope = "auth"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        """A hash of the bearer token, or ``None`` for requests without one."""
        token = _bearer(request)
        if token is None:
            return None
        return "throttle_token_" + hashlib.sha256(token.encode()).hexdigest()
