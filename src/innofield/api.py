"""The one NinjaAPI of the platform, mounted at ``/api``."""

from __future__ import annotations

from typing import Annotated

from django.db import DataError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import StringConstraints

from innofield.alliances.api import router as alliances_router
from innofield.booking.api import router as booking_router
from innofield.catalog.api import router as catalog_router
from innofield.challenges.api import router as challenges_router
from innofield.computing.api import router as computing_router
from innofield.consortia.api import router as consortia_router
from innofield.core.audit_api import router as audit_router
from innofield.core.errors import InnofieldError, PermissionDenied, ValidationFailed
from innofield.core.lockout import LoginLocked
from innofield.core.schemas import WriteSchema
from innofield.core.throttling import AnonymousRate, TokenRate
from innofield.core.tokens import issue_token
from innofield.dashboards.api import router as dashboards_router
from innofield.jobs.api import router as jobs_router
from innofield.ledger.api import router as ledger_router
from innofield.market.api import router as market_router
from innofield.matchmaking.api import router as matchmaking_router
from innofield.policies.api import router as policies_router
from innofield.registry.api import router as registry_router
from innofield.stats.api import router as stats_router
from innofield.talent.api import router as talent_router
from innofield.vouchers.api import router as vouchers_router

api = NinjaAPI(
    title="innofield API",
    version="1",
    description=(
        "Regional innovation ecosystem platform. Read endpoints are public; write endpoints "
        "need `Authorization: Bearer <token>` from `POST /api/auth/token`."
    ),
    urls_namespace="api",
    throttle=[AnonymousRate(), TokenRate()],
)


@api.exception_handler(InnofieldError)
def _innofield_error(request: HttpRequest, exc: InnofieldError) -> HttpResponse:
    errors = [e.as_dict() for e in exc.errors] if isinstance(exc, ValidationFailed) else []
    return api.create_response(request, {"detail": str(exc), "errors": errors}, status=exc.status)


@api.exception_handler(NinjaValidationError)
def _invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = []
    for err in exc.errors:
        loc = [
            str(p)
            for p in err.get("loc", ())
            if p not in ("body", "query", "path", "payload", "data")
        ]
        reason = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        field = ".".join(loc)
        if not field and ": " in reason:  # a body-level check names its fields first
            named, reason = reason.split(": ", 1)
            field = named.split(", ")[0]
        errors.append({"field": field or "body", "reason": reason})
    detail = "; ".join(f"{e['field']}: {e['reason']}" for e in errors[:5]) or "invalid input"
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


@api.exception_handler(DataError)
def _out_of_range(request: HttpRequest, exc: DataError) -> HttpResponse:
    """A value the database cannot store or compare (e.g. an id beyond 64 bits)."""
    body = {"detail": "a value is out of the range the database accepts", "errors": []}
    return api.create_response(request, body, status=422)


@api.exception_handler(OverflowError)
def _overflow(request: HttpRequest, exc: OverflowError) -> HttpResponse:
    """SQLite's counterpart of :func:`_out_of_range`."""
    body = {"detail": "a number is too large", "errors": []}
    return api.create_response(request, body, status=422)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request,
        {"detail": "authentication required: send Authorization: Bearer <token>", "errors": []},
        status=401,
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc), "errors": []}, status=exc.status_code)


class TokenIn(WriteSchema):
    """Credentials for a token."""

    username: Annotated[str, StringConstraints(max_length=150)]
    password: Annotated[str, StringConstraints(max_length=4096)]


class TokenOut(Schema):
    """A new bearer token."""

    token: str


@api.post("/auth/token", response={200: TokenOut, 401: dict, 429: dict}, tags=["auth"])
def create_token(request: HttpRequest, payload: TokenIn) -> Status[dict[str, str]]:
    """Exchange a username and password for a bearer token (failures count towards a
    lockout: 429 with the time to wait)."""
    try:
        token = issue_token(username=payload.username, password=payload.password, request=request)
        return Status(200, {"token": token})
    except LoginLocked as exc:
        return Status(429, {"detail": str(exc)})
    except PermissionDenied as exc:
        return Status(401, {"detail": str(exc)})


api.add_router("/", audit_router)
api.add_router("/", registry_router)
api.add_router("/", catalog_router)
api.add_router("/", stats_router)
api.add_router("/", matchmaking_router)
api.add_router("/", booking_router)
api.add_router("/", ledger_router)
api.add_router("/", market_router)
api.add_router("/", vouchers_router)
api.add_router("/", dashboards_router)
api.add_router("/", policies_router)
api.add_router("/", alliances_router)
api.add_router("/", jobs_router)
api.add_router("/", talent_router)
api.add_router("/", consortia_router)
api.add_router("/", computing_router)
api.add_router("/", challenges_router)
