"""State changes of the dashboards: recomputing the cached observatory results."""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext

from innofield.core import audit
from innofield.core.errors import NotAuthenticated, PermissionDenied, ValidationFailed
from innofield.core.permissions import ADMIN, OFFICER, Actor, is_platform_admin
from innofield.registry.models import Membership, Organization

from . import payloads, queries, schemas
from .models import DashboardResult

#: Key of the PostgreSQL advisory lock that serialises refreshes ("dashbrd" in ASCII).
REFRESH_LOCK = 0x64617368627264


def _serialise_refreshes() -> None:
    """Let one refresh write at a time: a transaction-scoped advisory lock on PostgreSQL
    (else two refreshes could both delete, then both insert the same keys); SQLite's
    immediate transactions already admit one writer at a time."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REFRESH_LOCK])


def may_refresh(actor: Actor) -> bool:
    """Platform admins, officers (or admins) of a government organization, and the system
    (``actor=None``: the demo loader and the CLI run by the operator) may refresh."""
    if actor is None or is_platform_admin(actor):
        return True
    if not actor.is_authenticated:
        return False
    return Membership.objects.filter(
        user_id=actor.pk, role__in=(OFFICER, ADMIN), organization__type=Organization.Type.GOVERNMENT
    ).exists()


def require_refresh(actor: Actor) -> None:
    """Raise :class:`PermissionDenied` naming the rule unless ``actor`` may refresh."""
    if may_refresh(actor):
        return
    if actor is None or not actor.is_authenticated:
        raise NotAuthenticated(gettext("you must log in to refresh the observatory dashboards"))
    raise PermissionDenied(
        gettext(
            "only platform admins and officers of a government organization may refresh the "
            "observatory dashboards"
        )
    )


SCHEMAS: dict[str, Any] = {
    "index": schemas.IndexOut,
    "ccd": schemas.CcdOut,
    "flows": schemas.FlowsOut,
    "inequality": schemas.InequalityOut,
    "summary": schemas.SummaryOut,
}


def _validate(key: str, payload: dict[str, Any], summary: dict[str, Any], at: str) -> None:
    """Check a payload against the API schema it will be served as (what reads add included);
    the API then serves the cache without re-validating every response."""
    extra: dict[str, Any] = {"computed_at": at}
    if key in queries.YEARLY:
        extra["years"] = summary[queries.YEARLY[key]]
    SCHEMAS[key].model_validate({**payload, **extra})


def refresh_dashboards(*, actor: Actor) -> dict[str, Any]:
    """Recompute every dashboard from the stats tables and replace the cache; return counts.

    The panel is read and the observatory run before the write transaction (seconds of work
    need not hold the database); the old results are then replaced and the audit row written
    in one transaction, so a failure leaves the previous results intact.
    """
    require_refresh(actor)
    panel = queries.read_panel()
    if panel.empty:
        raise ValidationFailed.single(
            "stats",
            gettext("the statistics panels are not loaded (innofield load demo or load panels)"),
        )
    try:
        results = payloads.compute_all(panel, queries.province_zones())
    except ValueError as exc:
        raise ValidationFailed.single("stats", str(exc)) from exc
    now = timezone.now()
    summary = results[("summary", None)]
    rows = []
    for (key, year), payload in results.items():
        _validate(key, payload, summary, now.isoformat())
        params = {} if year is None else {"year": year}
        rows.append(
            DashboardResult(
                key=key,
                params=params,
                params_hash=queries.params_hash(params),
                computed_at=now,
                payload=payload,
            )
        )
    counts = {
        "results": len(rows),
        "index_years": len(summary["index_years"]),
        "flow_years": len(summary["flow_years"]),
        "inequality_years": len(summary["inequality_years"]),
        "source_rows": summary["source_rows"],
    }
    with transaction.atomic():
        _serialise_refreshes()
        replaced = DashboardResult.objects.count()
        DashboardResult.objects.all().delete()
        DashboardResult.objects.bulk_create(rows)
        audit.record(
            actor,
            "dashboards.results.refresh",
            None,
            {**counts, "replaced": replaced},
            object_type="dashboards.dashboardresult",
            object_repr="observatory dashboards",
        )
    return counts
