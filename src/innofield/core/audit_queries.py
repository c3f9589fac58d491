"""Reading the audit trail: who may see which rows, filters, and CSV export.

Platform admins see every row; managers see the rows that concern their organisations
(see :func:`innofield.core.audit.parties`); everybody else sees none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from . import csvsafe
from .models import AuditLog
from .permissions import Actor, is_platform_admin, organization_ids

COLUMNS = ("at", "actor", "action", "object_type", "object_id", "object", "action_id", "changes")


@dataclass(frozen=True)
class AuditFilter:
    """What to look for in the trail; empty fields do not filter."""

    object_type: str = ""
    object_id: str = ""
    action: str = ""
    actor: str = ""
    action_id: str = ""
    start: dt.date | None = None
    end: dt.date | None = None


def visible(actor: Actor) -> QuerySet[AuditLog]:
    """The audit rows ``actor`` may read."""
    if is_platform_admin(actor):
        return AuditLog.objects.all()
    org_ids = organization_ids(actor, "manage")
    if not org_ids:
        return AuditLog.objects.none()
    concerned = AuditLog.objects.filter(parties__organization_id__in=org_ids).values("pk")
    return AuditLog.objects.filter(pk__in=concerned)


def search(actor: Actor, f: AuditFilter) -> QuerySet[AuditLog]:
    """The visible rows matching ``f``, newest first."""
    qs = visible(actor)
    if f.object_type:
        qs = qs.filter(object_type=f.object_type)
    if f.object_id:
        qs = qs.filter(object_id=f.object_id)
    if f.action:
        qs = qs.filter(action__startswith=f.action)
    if f.actor:
        qs = qs.filter(actor_name=f.actor)
    if f.action_id:
        qs = qs.filter(action_id=f.action_id)
    if f.start:
        qs = qs.filter(at__date__gte=f.start)
    if f.end:
        qs = qs.filter(at__date__lte=f.end)
    return qs.order_by("-at", "-id")


def as_dict(row: AuditLog) -> dict[str, Any]:
    """One row as the API and the CSV export show it."""
    return {
        "id": row.pk,
        "at": row.at,
        "actor": row.actor_name or "system",
        "action": row.action,
        "object_type": row.object_type,
        "object_id": row.object_id,
        "object": row.object_repr,
        "action_id": row.action_id,
        "changes": row.changes,
        "before": row.before,
        "after": row.after,
    }


def to_csv(rows: QuerySet[AuditLog], limit: int = 100_000) -> str:
    """The rows (at most ``limit``) as CSV, formula cells neutralised."""
    import json

    def line(r: AuditLog) -> dict[str, Any]:
        d = as_dict(r)
        return {**d, "at": r.at.isoformat(), "changes": json.dumps(r.changes, ensure_ascii=False)}

    return csvsafe.write((line(r) for r in rows[:limit]), COLUMNS)
