"""Writing audit rows. Call :func:`record` inside the action's transaction.

Every event name is declared by its app (``EVENTS`` in the app's ``access.py``); an
undeclared name is refused, so the trail's vocabulary stays one list. Rows written during
one request (or one :func:`action_scope`) share an ``action_id``; each row names the
organisations it concerns (the object's owner through ``permission_owner``, and the
paths in the model's ``audit_parties``), whose managers see it in the audit trail.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import decimal
import uuid
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from django.apps import apps
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models, transaction

from .models import AuditLog, AuditParty

_action_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "innofield_action_id", default=None
)


@contextlib.contextmanager
def action_scope(action_id: str | None = None) -> Iterator[str]:
    """Group the audit rows written inside the block under one action id."""
    token = _action_id.set(action_id or uuid.uuid4().hex)
    try:
        yield str(_action_id.get())
    finally:
        _action_id.reset(token)


@lru_cache(maxsize=1)
def registered_events() -> frozenset[str]:
    """Every declared audit event name of the installed apps."""
    from .access import events

    return events([a.label for a in apps.get_app_configs() if a.name.startswith("innofield.")])


def _walk(obj: Any, path: str) -> list[int]:
    """Organisation ids reached from ``obj`` along a ``a__b`` lookup path."""
    if path == "pk":
        return [obj.pk]
    value = obj
    for part in path.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return []
    return [value.pk] if isinstance(value, models.Model) else []


def parties(obj: models.Model | None) -> set[int]:
    """The organisations an audit row about ``obj`` concerns."""
    if obj is None:
        return set()
    paths = [getattr(obj, "permission_owner", None), *getattr(obj, "audit_parties", ())]
    return {pk for path in paths if path for pk in _walk(obj, path)}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The concrete field values of ``obj`` (foreign keys as ids), JSON-ready."""
    return {
        f.attname: _jsonable(getattr(obj, f.attname))
        for f in obj._meta.concrete_fields
        if f.attname not in ("created", "updated")
    }


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value changed, as ``{field: [old, new]}``."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def record(
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    obj: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    *,
    object_type: str = "",
    object_repr: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditLog:
    """Write one audit row; must run inside the transaction of the change it records.

    ``action`` must be a declared event; ``before``/``after`` are snapshots of the object
    (see :func:`snapshot`) where the action changed an existing one.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must be called inside the action's transaction")
    if action not in registered_events():
        raise ValueError(f"audit event {action!r} is not declared in its app's access.EVENTS")
    user = actor if actor is not None and actor.is_authenticated else None
    row = AuditLog.objects.create(
        actor=user,  # type: ignore[misc]
        actor_name=user.get_username() if user is not None else "system",
        action=action,
        object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=(object_repr or (str(obj) if obj is not None else ""))[:300],
        changes=_jsonable(changes or {}),
        action_id=_action_id.get() or uuid.uuid4().hex,
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
    )
    AuditParty.objects.bulk_create(
        AuditParty(audit=row, organization_id=pk) for pk in sorted(parties(obj))
    )
    return row
