"""Where data leaves the platform: download, rows, and aggregate queries ("compute to
data"). Every path goes through :func:`clearance`, which applies the usage policy and
finds the agreement that allows the access; every allowed access writes exactly one
audit row (who, which agreement, what purpose, how many rows), which the holder sees in
its audit trail. Refusals name the clause of the policy that refused.

Aggregate queries return only group statistics; a group smaller than the policy's
minimum cell size is *suppressed*: it is listed with its value and count withheld
(``null``), and the answer says how many groups were suppressed.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from innofield.core import audit, csvsafe
from innofield.core.errors import (
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from innofield.core.permissions import Actor, is_platform_admin, organization_ids

from .actions import policy_of
from .models import Agreement, DataPolicy, DataTable

MODES = ("download", "rows", "aggregate")
STATS = ("count", "sum", "mean")


@dataclass(frozen=True)
class Clearance:
    """Why an access is allowed: as the holder, by the open policy, or by an agreement."""

    table: DataTable
    policy: DataPolicy
    agreement: Agreement | None
    basis: str


def _table(dataset_id: int) -> DataTable:
    table = DataTable.objects.select_related("dataset__owner").filter(dataset_id=dataset_id).first()
    if table is None:
        raise NotFound(f"dataset {dataset_id} has no data on the platform")
    return table


def active_agreement(actor: Actor, table: DataTable, now: dt.datetime) -> Agreement | None:
    """An agreed, unexpired agreement of one of ``actor``'s organisations for the dataset."""
    return (
        Agreement.objects.filter(
            dataset_id=table.dataset_id,
            state="agreed",
            requester_id__in=organization_ids(actor, "view"),
            starts_at__lte=now,
            ends_at__gt=now,
        )
        .order_by("-ends_at")
        .first()
    )


def clearance(
    actor: Actor, dataset_id: int, mode: str, now: dt.datetime | None = None
) -> Clearance:
    """Allow ``mode`` access to the dataset for ``actor`` or raise naming the clause."""
    now = now or timezone.now()
    table = _table(dataset_id)
    policy = policy_of(table.dataset)
    if table.dataset.status != "active" and not is_platform_admin(actor):
        raise NotFound(f"no dataset with id {dataset_id}")
    if is_platform_admin(actor) or table.dataset.owner_id in organization_ids(actor, "view"):
        return Clearance(table, policy, None, "holder")
    access = policy.access
    if access == DataPolicy.Access.OPEN:
        return Clearance(table, policy, None, "open")
    if actor is None or not actor.is_authenticated:
        raise NotAuthenticated(f"dataset {dataset_id} is for registered users: log in")
    if access == DataPolicy.Access.REGISTERED:
        return Clearance(table, policy, None, "registered")
    if access == DataPolicy.Access.AGGREGATE and mode != "aggregate":
        raise PermissionDenied(
            f"policy clause access=aggregate: dataset {dataset_id} releases "
            "group statistics only, never rows"
        )
    agreement = active_agreement(actor, table, now)
    if agreement is None:
        last = (
            Agreement.objects.filter(
                dataset_id=dataset_id, requester_id__in=organization_ids(actor, "view")
            )
            .exclude(state="requested")
            .order_by("-created")
            .first()
        )
        why = f"; your last agreement is {last.state}" if last is not None else ""
        raise PermissionDenied(
            f"policy clause access={access}: your organisation has no "
            f"active agreement for dataset {dataset_id}{why}"
        )
    return Clearance(table, policy, agreement, f"agreement {agreement.pk}")


def _log(actor: Actor, c: Clearance, mode: str, rows: int, extra: dict[str, Any]) -> None:
    with transaction.atomic():
        audit.record(
            actor,
            f"alliances.data.{mode}",
            c.table.dataset,
            {
                "agreement": c.agreement.pk if c.agreement else None,
                "basis": c.basis,
                "purpose": c.agreement.purpose if c.agreement else "",
                "rows": rows,
                **extra,
            },
        )


def released_columns(c: Clearance) -> list[str]:
    """The columns that may leave: all but the withheld ones (the holder sees all)."""
    if c.basis == "holder":
        return list(c.table.columns)
    return [col for col in c.table.columns if col not in set(c.policy.withheld)]


def download(actor: Actor, dataset_id: int) -> str:
    """The dataset as CSV (withheld columns removed, formula cells neutralised); logged."""
    c = clearance(actor, dataset_id, "download")
    columns = released_columns(c)
    index = [c.table.columns.index(col) for col in columns]
    text = csvsafe.write(
        ({col: r[i] for col, i in zip(columns, index, strict=True)} for r in c.table.rows), columns
    )
    _log(actor, c, "download", len(c.table.rows), {"columns": columns})
    return text


def rows(actor: Actor, dataset_id: int, limit: int, offset: int) -> dict[str, Any]:
    """One page of rows as dicts of the released columns; logged with the rows sent."""
    c = clearance(actor, dataset_id, "rows")
    columns = released_columns(c)
    index = [c.table.columns.index(col) for col in columns]
    page = c.table.rows[offset : offset + limit]
    items = [{col: r[i] for col, i in zip(columns, index, strict=True)} for r in page]
    _log(actor, c, "rows", len(items), {"offset": offset})
    return {"count": len(c.table.rows), "columns": columns, "items": items}


def _number(value: str, column: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise ValidationFailed.single(
            "measure", f"column {column!r} holds {value!r}, not a number"
        ) from None
    if not math.isfinite(number):
        raise ValidationFailed.single("measure", f"column {column!r} holds {value!r}")
    return number


def aggregate(
    actor: Actor,
    dataset_id: int,
    group_by: list[str],
    stat: str = "count",
    measure: str | None = None,
) -> dict[str, Any]:
    """Group statistics; groups below the minimum cell size are suppressed. Logged."""
    c = clearance(actor, dataset_id, "aggregate")
    allowed = released_columns(c)
    problems = [col for col in group_by if col not in allowed]
    if problems or not group_by or len(group_by) > 3:
        raise ValidationFailed.single(
            "group_by", f"name 1-3 released columns ({', '.join(allowed)})"
        )
    if stat not in STATS:
        raise ValidationFailed.single("stat", f"must be one of {', '.join(STATS)}")
    if stat != "count" and (measure is None or measure not in allowed):
        raise ValidationFailed.single("measure", f"name a released numeric column for {stat}")
    keys = [c.table.columns.index(col) for col in group_by]
    at = c.table.columns.index(measure) if stat != "count" and measure else None
    groups: dict[tuple[str, ...], list[float]] = defaultdict(list)
    for r in c.table.rows:
        groups[tuple(r[i] for i in keys)].append(
            _number(r[at], str(measure)) if at is not None else 1.0
        )
    minimum = 0 if c.basis == "holder" else c.policy.min_cell
    out, suppressed = [], 0
    for key, values in sorted(groups.items()):
        small = len(values) < minimum
        suppressed += small
        value = (
            len(values)
            if stat == "count"
            else sum(values)
            if stat == "sum"
            else sum(values) / len(values)
        )
        out.append(
            {
                "group": dict(zip(group_by, key, strict=True)),
                "count": None if small else len(values),
                "value": None if small else value,
                "suppressed": small,
            }
        )
    _log(
        actor,
        c,
        "aggregate",
        len(c.table.rows),
        {"group_by": group_by, "stat": stat, "measure": measure, "suppressed": suppressed},
    )
    return {
        "group_by": group_by,
        "stat": stat,
        "measure": measure,
        "min_cell": minimum,
        "suppressed": suppressed,
        "groups": out,
    }


__all__ = ["Clearance", "aggregate", "clearance", "download", "rows"]
