"""API plumbing shared by every app: who is acting, auth, pagination, error bodies."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja import Schema
from ninja.errors import HttpError
from ninja.security import HttpBearer

from .permissions import Actor
from .tokens import user_for_token

MAX_LIMIT = 200


class BearerAuth(HttpBearer):
    """``Authorization: Bearer <token>`` with a token from ``POST /api/auth/token``."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        """The user the token belongs to, or ``None`` (→ 401)."""
        return user_for_token(token)


def actor_of(request: HttpRequest) -> Actor:
    """The acting user: from a bearer token if one is sent, else the session on safe methods."""
    auth = getattr(request, "auth", None)
    if auth is not None:
        return auth
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        user = user_for_token(header[7:].strip())
        if user is None:
            raise HttpError(401, "invalid or revoked API token")
        return user
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return request.user
    return AnonymousUser()


class Page(Schema):
    """Common pagination parameters."""

    limit: int = 50
    offset: int = 0


def paginate(qs: Any, limit: int, offset: int) -> dict[str, Any]:
    """``{"count": N, "items": [...]}`` for one page of a queryset."""
    if limit < 1 or limit > MAX_LIMIT:
        raise HttpError(422, f"limit: must be between 1 and {MAX_LIMIT}")
    if offset < 0:
        raise HttpError(422, "offset: must not be negative")
    return {"count": qs.count(), "items": list(qs[offset : offset + limit])}


class ErrorOut(Schema):
    """Error body: a sentence for people and, for invalid input, the failing fields."""

    detail: str
    errors: list[dict[str, Any]] = []
