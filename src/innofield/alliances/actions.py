"""State changes of governed data sharing. Each takes the acting user, runs in one
transaction and writes its audit row in it.

The holder (members of the dataset's owner) sets the usage policy, loads the table and
decides on requests; members of a requesting organisation ask for access and may
withdraw or end it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from django.db import transaction
from django.utils import timezone

from innofield.catalog.models import Item
from innofield.core import audit
from innofield.core.errors import Conflict, FieldError, PermissionDenied, ValidationFailed
from innofield.core.lookup import get_visible
from innofield.core.permissions import (
    Actor,
    is_platform_admin,
    organization_ids,
    require,
    require_member,
)
from innofield.registry.models import Organization

from .lifecycle import AGREEMENT, HOLDER_MOVES, REQUESTER_MOVES
from .models import Agreement, DataPolicy, DataTable

MAX_ROWS = 200_000
MAX_COLUMNS = 200
POLICY_FIELDS = (
    "access",
    "purposes",
    "max_days",
    "onward_transfer",
    "attribution",
    "withheld",
    "min_cell",
    "cross_border",
)


def dataset(dataset_id: int) -> Item:
    """The dataset item, locked; :class:`NotFound` if there is none."""
    item = get_visible(
        Item.objects.select_for_update().filter(kind="dataset"), dataset_id, "dataset"
    )
    return item


def policy_of(item: Item) -> DataPolicy:
    """The dataset's usage policy (by agreement, minimum cell 5, when none was set)."""
    return DataPolicy.objects.filter(dataset=item).first() or DataPolicy(dataset=item)


def set_policy(*, actor: Actor, dataset_id: int, data: dict[str, Any]) -> DataPolicy:
    """Set a dataset's usage policy (its holder)."""
    unknown = sorted(set(data) - set(POLICY_FIELDS))
    problems = [(f, "is not a usage-policy field") for f in unknown]
    if "access" in data and data["access"] not in DataPolicy.Access.values:
        problems.append(("access", f"must be one of {', '.join(DataPolicy.Access.values)}"))
    for name in ("max_days", "min_cell"):
        value = data.get(name)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 3650
        ):
            problems.append((name, "must be a whole number from 1 to 3650"))
    for name in ("purposes", "withheld"):
        value = data.get(name)
        if value is not None and (
            not isinstance(value, list)
            or len(value) > 50
            or not all(isinstance(v, str) and v.strip() for v in value)
        ):
            problems.append((name, "must be a list of at most 50 names"))
    if problems:
        raise ValidationFailed([FieldError(f, r) for f, r in problems])
    with transaction.atomic():
        item = dataset(dataset_id)
        require(actor, "change", item)
        policy = policy_of(item)
        before = audit.snapshot(policy) if policy.pk else None
        for name, value in data.items():
            setattr(policy, name, [v.strip() for v in value] if isinstance(value, list) else value)
        policy.save()
        audit.record(
            actor, "alliances.policy.set", policy, before=before, after=audit.snapshot(policy)
        )
    return policy


def load_table(*, actor: Actor, dataset_id: int, csv_text: str) -> DataTable:
    """Replace a dataset's table with the rows of ``csv_text`` (header first; its holder)."""
    try:
        reader = csv.reader(io.StringIO(csv_text))
        header = next(reader, None)
        rows = [r for r in reader]
    except csv.Error as exc:
        raise ValidationFailed.single("csv", f"not readable as CSV: {exc}") from None
    if not header or len(set(header)) != len(header) or not all(h.strip() for h in header):
        raise ValidationFailed.single("csv", "the first line must name each column once")
    if len(header) > MAX_COLUMNS or len(rows) > MAX_ROWS:
        raise ValidationFailed.single("csv", f"at most {MAX_COLUMNS} columns and {MAX_ROWS} rows")
    bad = next((n for n, r in enumerate(rows, start=2) if len(r) != len(header)), None)
    if bad is not None:
        raise ValidationFailed(
            [
                FieldError(
                    "csv", f"has {len(rows[bad - 2])} cells, the header {len(header)}", row=bad
                )
            ]
        )
    with transaction.atomic():
        item = dataset(dataset_id)
        require(actor, "change", item)
        table, _ = DataTable.objects.update_or_create(
            dataset=item, defaults={"columns": [h.strip() for h in header], "rows": rows}
        )
        audit.record(
            actor, "alliances.table.load", table, {"columns": table.columns, "rows": len(rows)}
        )
    return table


def request_access(
    *,
    actor: Actor,
    dataset_id: int,
    organization: Organization,
    purpose: str,
    days: int,
    synthetic: bool = False,
) -> Agreement:
    """Ask the holder for access on behalf of ``organization`` for ``purpose`` and ``days``
    (``synthetic`` marks an invented demo request)."""
    require_member(actor, organization, "create")
    purpose = (purpose or "").strip()
    with transaction.atomic():
        item = dataset(dataset_id)
        policy = policy_of(item)
        if policy.access in (DataPolicy.Access.OPEN, DataPolicy.Access.REGISTERED):
            raise Conflict(
                f"dataset {item.pk} is {policy.get_access_display()}: no agreement is needed"
            )
        if organization.pk == item.owner_id:
            raise Conflict("the holder needs no agreement for its own dataset")
        problems = []
        if not purpose:
            problems.append(("purpose", "say what the data will be used for"))
        elif policy.purposes and purpose not in policy.purposes:
            problems.append(("purpose", f"the holder allows only: {', '.join(policy.purposes)}"))
        if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= policy.max_days:
            problems.append(("days", f"must be from 1 to {policy.max_days} (the policy's limit)"))
        if problems:
            raise ValidationFailed([FieldError(f, r) for f, r in problems])
        row = Agreement.objects.create(
            dataset=item,
            requester=organization,
            requested_by=actor,
            purpose=purpose,  # type: ignore[misc]
            days=days,
            state=AGREEMENT.start("request"),
            synthetic=synthetic,
        )
        audit.record(actor, "alliances.agreement.request", row, after=audit.snapshot(row))
    return row


def decide(
    *,
    actor: Actor,
    agreement_id: int,
    transition: str,
    note: str = "",
    now: dt.datetime | None = None,
) -> Agreement:
    """Agree, reject or revoke (the holder); withdraw or terminate (the requester)."""
    now = now or timezone.now()
    if transition not in HOLDER_MOVES | REQUESTER_MOVES:
        raise ValidationFailed.single("transition", f"unknown agreement transition {transition!r}")
    with transaction.atomic():
        row = get_visible(
            Agreement.objects.select_for_update().select_related("dataset"),
            agreement_id,
            "agreement",
        )
        holder = row.dataset.owner_id in organization_ids(actor, "change")
        requester = row.requester_id in organization_ids(actor, "create")
        side_ok = holder if transition in HOLDER_MOVES else requester
        if not (side_ok or is_platform_admin(actor)):
            who = "the dataset's holder" if transition in HOLDER_MOVES else "the requester"
            raise PermissionDenied(f"only {who} may {transition} this agreement")
        before = audit.snapshot(row)
        row.state = AGREEMENT.advance(row.state, transition)
        if transition == "agree":
            row.starts_at, row.ends_at = now, now + dt.timedelta(days=row.days)
        if transition in ("revoke", "terminate"):
            row.ends_at = now
        row.note = note.strip()[:500]
        row.save()
        audit.record(
            actor,
            f"alliances.agreement.{transition}",
            row,
            before=before,
            after=audit.snapshot(row),
        )
    return row


def expire_due(*, actor: Actor = None, now: dt.datetime | None = None) -> int:
    """Move agreed agreements whose period has ended to ``expired``; how many."""
    now = now or timezone.now()
    count = 0
    for pk in Agreement.objects.filter(state="agreed", ends_at__lte=now).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            row = Agreement.objects.select_for_update().get(pk=pk)
            if row.state != "agreed":
                continue
            row.state = AGREEMENT.advance(row.state, "expire")
            row.save(update_fields=["state"])
            audit.record(actor, "alliances.agreement.expire", row, {"ended": row.ends_at})
            count += 1
    return count
