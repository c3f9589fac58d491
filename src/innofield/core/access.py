"""Who may call each API operation, declared as data next to the endpoints.

Every app with API endpoints has an ``access.py`` whose ``ACCESS`` maps each of its
operations (``"POST /api/items/{item_id}/retire"``) to an :class:`Access` row: which
organisation of a case owns the object acted on, and which *personas* relative to that
owner pass authorisation:

* ``anonymous`` — no login; ``outsider`` — logged in, in no organisation;
* ``stranger`` — a manager of an unrelated organisation;
* ``member``, ``manager``, ``officer`` — users with that role in the owning organisation;
* ``admin`` — a platform administrator.

The authorisation matrix test (``tests/core/test_access_matrix.py``) runs every operation
of the OpenAPI document as every persona and checks the outcome against this table: a
persona not allowed gets 401 (anonymous) or 403/404 (the others), an allowed one gets
past authorisation. An operation without a row fails that test.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

PERSONAS = ("anonymous", "outsider", "stranger", "member", "manager", "officer", "admin")
LOGGED_IN = PERSONAS[1:]


@dataclass(frozen=True)
class Access:
    """Which personas may call one operation on an object owned by ``owner``."""

    allowed: frozenset[str]
    owner: str = ""  # "lab", "firm", "gov" or "bank": who owns the object in the test world
    note: str = ""
    #: How logged-in personas that are not allowed are refused.
    refused: tuple[int, ...] = (403, 404)


def rule(
    *allowed: str, owner: str = "", note: str = "", refused: tuple[int, ...] = (403, 404)
) -> Access:
    """An :class:`Access` row; raises ``ValueError`` on an unknown persona."""
    unknown = set(allowed) - set(PERSONAS)
    if unknown:
        raise ValueError(f"unknown persona(s): {', '.join(sorted(unknown))}")
    return Access(frozenset(allowed), owner, note, refused)


#: Anyone, also without login (public reads).
PUBLIC = rule(*PERSONAS)
#: Any logged-in user (their own rows only, filtered by the query).
SIGNED_IN = rule(*LOGGED_IN)
#: Platform administrators only.
ADMINS = rule("admin")


def table(app_labels: list[str]) -> dict[str, Access]:
    """The rows of every app in ``app_labels`` (``innofield.<label>.access.ACCESS``)."""
    rows: dict[str, Access] = {}
    for label in app_labels:
        try:
            module = importlib.import_module(f"innofield.{label}.access")
        except ModuleNotFoundError as exc:
            if exc.name != f"innofield.{label}.access":
                raise
            continue
        for operation, access in module.ACCESS.items():
            if operation in rows:
                raise ValueError(f"{operation} is declared twice")
            rows[operation] = access
    return rows


#: The operations the core wiring itself serves.
ACCESS = {
    "POST /api/auth/token": PUBLIC,
    "GET /api/audit": SIGNED_IN,  # filtered: admins everything, managers their organisations'
}

#: The audit events of core and of the demo loader.
EVENTS = ("core.token.issue", "demo.load")


def events(app_labels: list[str]) -> frozenset[str]:
    """Every audit event declared by the apps in ``app_labels`` (their ``access.EVENTS``)."""
    names: set[str] = set()
    for label in app_labels:
        try:
            module = importlib.import_module(f"innofield.{label}.access")
        except ModuleNotFoundError as exc:
            if exc.name != f"innofield.{label}.access":
                raise
            continue
        names.update(getattr(module, "EVENTS", ()))
    return frozenset(names)
