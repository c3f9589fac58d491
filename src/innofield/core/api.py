"""API plumbing shared by every app: who is acting, auth, pagination, error bodies."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja import Field, Schema
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


MAX_OFFSET = 10**9
T = TypeVar("T")


class Page(Schema):
    """Common pagination parameters."""

    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


def paginate(qs: Any, limit: int, offset: int) -> dict[str, Any]:
    """``{"count": N, "items": [...]}`` for one page of a queryset."""
    if limit < 1 or limit > MAX_LIMIT:
        raise HttpError(422, f"limit: must be between 1 and {MAX_LIMIT}")
    if not 0 <= offset <= MAX_OFFSET:
        raise HttpError(422, f"offset: must be between 0 and {MAX_OFFSET}")
    return {"count": qs.count(), "items": list(qs[offset : offset + limit])}


class ErrorOut(Schema):
    """Error body: a sentence for people and, for invalid input, the failing fields."""

    detail: str
    errors: list[dict[str, Any]] = []


#: The error answers every write endpoint may give (one map for the whole API).
ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}


class PageOf(Schema, Generic[T]):
    """One page of a list: ``count`` rows in all, ``items`` on this page (see :func:`paginate`)."""

    count: int
    items: list[T]
