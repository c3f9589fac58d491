"""The audit trail API: ``GET /api/audit`` (JSON pages or CSV)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema

from .api import BearerAuth, ErrorOut, Page, actor_of, paginate
from .audit_queries import AuditFilter, as_dict, search, to_csv

router = Router(tags=["audit"])


class AuditOut(Schema):
    """One audit row: who did what to which object, when, and what changed."""

    id: int
    at: dt.datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    object: str
    action_id: str
    changes: Any
    before: Any = None
    after: Any = None


class AuditPage(Schema):
    """One page of audit rows."""

    count: int
    items: list[AuditOut]


class AuditQuery(Schema):
    """Filters of the audit trail."""

    object_type: str = Field("", max_length=80)
    object_id: str = Field("", max_length=64)
    action: str = Field("", max_length=80)
    actor: str = Field("", max_length=150)
    action_id: str = Field("", max_length=32)
    start: dt.date | None = None
    end: dt.date | None = None
    format: str = Field("json", pattern="^(json|csv)$")


@router.get("/audit", response={200: AuditPage, 401: ErrorOut, 422: ErrorOut}, auth=BearerAuth())
def audit_trail(request: HttpRequest, page: Query[Page], q: Query[AuditQuery]) -> Any:
    """The audit rows you may read (admins: all; managers: their organisations'), newest
    first; ``format=csv`` exports every matching row."""
    f = AuditFilter(**q.model_dump(exclude={"format"}))
    rows = search(actor_of(request), f)
    if q.format == "csv":
        response = HttpResponse(to_csv(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="audit.csv"'
        return response
    found = paginate(rows, page.limit, page.offset)
    return {"count": found["count"], "items": [as_dict(r) for r in found["items"]]}
