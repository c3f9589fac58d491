"""API tokens: issued through :func:`issue_token`, checked by :func:`user_for_token`."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth import authenticate
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from . import audit, lockout
from .errors import PermissionDenied
from .models import ApiToken


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(*, username: str, password: str, request: HttpRequest | None = None) -> str:
    """Check the credentials and return a new bearer token (shown once, stored hashed).

    Failed attempts count towards the login lockout (:mod:`.lockout`), which raises
    :class:`~.lockout.LoginLocked` while the account or the client is locked.
    """
    lockout.check(username, request)
    user = authenticate(request, username=username, password=password)
    if user is None or not user.is_active:
        lockout.failed(username, request)
        raise PermissionDenied("invalid username or password")
    lockout.succeeded(username)
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        row = ApiToken.objects.create(user=user, digest=_digest(token), prefix=token[:8])
        audit.record(user, "core.token.issue", row, {"prefix": row.prefix})
    return token


def user_for_token(token: str) -> AbstractBaseUser | None:
    """The active user a bearer token belongs to, or ``None``."""
    row = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(token), revoked=False, user__is_active=True)
        .first()
    )
    if row is None:
        return None
    now = timezone.now()
    if row.last_used is None or (now - row.last_used).total_seconds() > 60:
        ApiToken.objects.filter(pk=row.pk).update(last_used=now)
    return row.user
