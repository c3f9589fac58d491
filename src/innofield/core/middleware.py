"""Request middleware of the platform: retrying writes on a busy database, security headers,
and JSON answers for the API's own failures (unknown paths, bodies over the size limit).
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse

log = logging.getLogger("innofield.requests")

Handler = Callable[[HttpRequest], HttpResponse]

_BUSY_MESSAGES = ("database is locked", "database table is locked", "database is busy")
# PostgreSQL SQLSTATEs worth a retry: serialization_failure, deadlock_detected,
# lock_not_available.
_RETRY_SQLSTATES = {"40001", "40P01", "55P03"}


def is_retryable(exc: BaseException) -> bool:
    """True for a failure that another attempt of the same request may not meet: SQLite's
    "database is locked" and PostgreSQL's serialisation failures and deadlocks."""
    if not isinstance(exc, DatabaseError):
        return False
    if isinstance(exc, OperationalError) and any(m in str(exc) for m in _BUSY_MESSAGES):
        return True
    cause = exc.__cause__
    return getattr(cause, "sqlstate", None) in _RETRY_SQLSTATES


def is_pool_exhausted(exc: BaseException) -> bool:
    """True when no pooled PostgreSQL connection came free within the pool's timeout."""
    if not isinstance(exc, OperationalError):
        return False
    try:
        from psycopg_pool import PoolTimeout
    except ImportError:  # pragma: no cover - psycopg_pool is a dependency
        return False
    return isinstance(exc.__cause__, PoolTimeout) or isinstance(exc, PoolTimeout)


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def busy_response(request: HttpRequest) -> HttpResponse:
    """503 with ``Retry-After``: the platform is busy, the request changed nothing."""
    message = "the database is busy; nothing was changed — try again in a moment"
    response: HttpResponse
    if _is_api(request):
        response = JsonResponse({"detail": message, "errors": []}, status=503)
    else:
        response = HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = "1"
    return response


class DatabaseBusyMiddleware:
    """Run a view again when the database was busy (with jittered backoff), at most
    ``INNOFIELD_DB_RETRIES`` times, then answer 503 + ``Retry-After`` — never 500.

    A view's writes run in one transaction (an action), so a failed attempt left nothing
    behind and running it again is safe.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        """Retry the view on a busy database; ``None`` leaves other errors to Django."""
        if is_pool_exhausted(exc):
            # Every pooled connection stayed busy for the pool's whole timeout: waiting
            # again here would only hold the thread longer.
            log.warning("connection pool exhausted: %s %s", request.method, request.path)
            return busy_response(request)
        if not is_retryable(exc):
            return None
        match = request.resolver_match
        retries = int(getattr(settings, "INNOFIELD_DB_RETRIES", 5))
        for attempt in range(retries):
            time.sleep(min(2.0, 0.05 * 2**attempt) * (0.5 + random.random()))
            try:
                if match is None:
                    break
                return match.func(request, *match.args, **match.kwargs)
            except Exception as again:
                if not is_retryable(again):
                    raise
                exc = again
        log.warning(
            "busy database after %d retries: %s %s: %s", retries, request.method, request.path, exc
        )
        return busy_response(request)


class ActionScopeMiddleware:
    """Every audit row one request writes shares that request's action id."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from . import audit

        with audit.action_scope():
            return self.get_response(request)


class SecurityHeadersMiddleware:
    """Adds the Content-Security-Policy of ``INNOFIELD_CSP`` to every response."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = getattr(settings, "INNOFIELD_CSP", "")
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        return response


class ApiErrorsMiddleware:
    """The API answers in JSON also where Django, not the API, refuses a request: an
    unknown ``/api/`` path (404) and a body over the upload limit (413)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _is_api(request):
            length = request.META.get("CONTENT_LENGTH") or "0"
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            if length.isdigit() and limit is not None and int(length) > limit:
                return _too_big(limit)
            writes_json = "json" in (request.content_type or "")
            if request.method in ("POST", "PUT", "PATCH") and writes_json:
                depth = json_nesting(request.body)
                if depth > MAX_BODY_DEPTH:
                    detail = (
                        f"body: JSON nested {depth} levels deep; at most "
                        f"{MAX_BODY_DEPTH} are accepted"
                    )
                    return JsonResponse(
                        {"detail": detail, "errors": [{"field": "body", "reason": detail}]},
                        status=422,
                    )
        response = self.get_response(request)
        if (
            _is_api(request)
            and response.status_code == 404
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            detail = f"no API endpoint at {request.path} (see /api/docs)"
            return JsonResponse({"detail": detail, "errors": []}, status=404)
        return response

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        """A body read past the limit inside a view: 413 JSON for the API."""
        if _is_api(request) and isinstance(exc, RequestDataTooBig):
            return _too_big(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        return None


#: The deepest JSON request body the API parses (fields' own limits are stricter).
MAX_BODY_DEPTH = 64


def json_nesting(body: bytes) -> int:
    """How deep the arrays and objects of a JSON text nest (strings are skipped); cheap
    for ordinary bodies, which hold few brackets."""
    if body.count(b"[") + body.count(b"{") <= MAX_BODY_DEPTH:
        return 0
    depth = deepest = 0
    in_string = escaped = False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return deepest


def _too_big(limit: int | None) -> HttpResponse:
    detail = f"body: the request body is larger than the limit of {limit} bytes"
    body = json.dumps({"detail": detail, "errors": [{"field": "body", "reason": detail}]})
    return HttpResponse(body, status=413, content_type="application/json")
