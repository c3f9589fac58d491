"""State changes of the catalog. Each takes the acting user, runs in one transaction
and writes its audit row in it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from innofield.core import audit
from innofield.core.errors import NotFound, PermissionDenied, ValidationFailed
from innofield.core.permissions import Actor, is_platform_admin, require, require_member

from . import signals, transfer
from .models import Demand, Item
from .validation import clean_demand, clean_item, yuan_columns_to_fen


def _item_input(item: Item) -> dict[str, Any]:
    """The item as action input (the export record without its id)."""
    record = transfer.item_record(item)
    del record["id"]
    if record["status"] == Item.Status.RETIRED:
        record["status"] = Item.Status.ACTIVE
    return record


def _demand_input(demand: Demand) -> dict[str, Any]:
    """The demand as action input (the export record without its id)."""
    record = transfer.demand_record(demand)
    del record["id"]
    if record["status"] not in (Demand.Status.DRAFT, Demand.Status.OPEN):
        record["status"] = Demand.Status.OPEN
    return record


def create_item(*, actor: Actor, data: dict[str, Any]) -> Item:
    """Create a catalog item for an organization the actor belongs to."""
    values = clean_item(data)
    require_member(actor, values["owner"], "create")
    if values["details"].get("co_owners"):
        require_member(actor, values["owner"], "manage")  # ownership is a manager's matter
    with transaction.atomic():
        item = Item.objects.create(**values)
        audit.record(actor, "catalog.item.create", item, audit.snapshot(item))
        signals.item_changed(item)
    return item


def _get(model: type[Item] | type[Demand], pk: int, actor: Actor) -> Any:
    obj = model.objects.select_for_update().select_related("owner", "region").filter(pk=pk).first()
    if obj is None:
        raise NotFound(
            gettext("no %(kind)s with id %(id)s")
            % {"kind": gettext(str(model._meta.verbose_name)), "id": pk}
        )
    return obj


def update_item(*, actor: Actor, item_id: int, data: dict[str, Any]) -> Item:
    """Change fields of an item; ``data`` may be partial. Owners cannot be moved by members."""
    with transaction.atomic():
        item = _get(Item, item_id, actor)
        require(actor, "change", item)
        if item.status == Item.Status.RETIRED:
            raise ValidationFailed.single("status", gettext("a retired item cannot be edited"))
        merged = {**_item_input(item), **data}
        values = clean_item(merged)
        if values["owner"].pk != item.owner_id and not is_platform_admin(actor):
            raise PermissionDenied(
                gettext("only platform admins may move an item to another owner")
            )
        if values["details"].get("co_owners", []) != (item.details or {}).get("co_owners", []):
            require(actor, "manage", item)  # who co-owns the rights is a manager's matter
        before = audit.snapshot(item)
        for name, value in values.items():
            setattr(item, name, value)
        item.save()
        audit.record(actor, "catalog.item.update", item, audit.diff(before, audit.snapshot(item)))
        signals.item_changed(item)
    return item


def retire_item(*, actor: Actor, item_id: int, reason: str = "") -> Item:
    """Withdraw an item from the catalog; it stays on record for audits and reports."""
    with transaction.atomic():
        item = _get(Item, item_id, actor)
        require(actor, "retire", item)
        if item.status == Item.Status.RETIRED:
            raise ValidationFailed.single("status", gettext("the item is already retired"))
        old = item.status
        item.status = Item.Status.RETIRED
        item.save(update_fields=["status", "updated"])
        audit.record(
            actor, "catalog.item.retire", item, {"status": [old, item.status], "reason": reason}
        )
        signals.item_changed(item)
    return item


def create_demand(*, actor: Actor, data: dict[str, Any]) -> Demand:
    """Publish a demand for an organization the actor belongs to."""
    values = clean_demand(data)
    require_member(actor, values["owner"], "create")
    regions = values.pop("preferred_regions")
    with transaction.atomic():
        demand = Demand.objects.create(**values)
        demand.preferred_regions.set(regions)
        snap = audit.snapshot(demand) | {"preferred_regions": [r.code for r in regions]}
        audit.record(actor, "catalog.demand.create", demand, snap)
        signals.demand_changed(demand)
    return demand


def update_demand(*, actor: Actor, demand_id: int, data: dict[str, Any]) -> Demand:
    """Change fields of a demand; ``data`` may be partial."""
    with transaction.atomic():
        demand = _get(Demand, demand_id, actor)
        require(actor, "change", demand)
        if demand.status == Demand.Status.RETIRED:
            raise ValidationFailed.single("status", gettext("a retired demand cannot be edited"))
        values = clean_demand({**_demand_input(demand), **data}, stored_deadline=demand.deadline)
        if values["owner"].pk != demand.owner_id and not is_platform_admin(actor):
            raise PermissionDenied(
                gettext("only platform admins may move a demand to another owner")
            )
        regions = values.pop("preferred_regions")
        before = audit.snapshot(demand)
        for name, value in values.items():
            setattr(demand, name, value)
        demand.save()
        demand.preferred_regions.set(regions)
        changes = audit.diff(before, audit.snapshot(demand))
        audit.record(actor, "catalog.demand.update", demand, changes)
        signals.demand_changed(demand)
    return demand


def retire_demand(*, actor: Actor, demand_id: int, reason: str = "") -> Demand:
    """Withdraw a demand."""
    with transaction.atomic():
        demand = _get(Demand, demand_id, actor)
        require(actor, "retire", demand)
        if demand.status == Demand.Status.RETIRED:
            raise ValidationFailed.single("status", gettext("the demand is already retired"))
        old = demand.status
        demand.status = Demand.Status.RETIRED
        demand.save(update_fields=["status", "updated"])
        audit.record(
            actor,
            "catalog.demand.retire",
            demand,
            {"status": [old, demand.status], "reason": reason},
        )
        signals.demand_changed(demand)
    return demand


def import_records(
    *,
    actor: Actor,
    rows: list[tuple[int, dict[str, Any]]],
    file: str,
    target: str = "items",
    skip_bad: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
) -> dict[str, Any]:
    """Import numbered records as items or demands, all or nothing.

    A record may still give ``price``/``budget`` in yuan (files from before prices were
    fen): they are converted to ``price_fen``/``budget_fen`` with ``parse_yuan``.
    Every row is validated first; if any fails, nothing is written unless
    ``skip_bad`` is set, in which case the good rows are imported and the bad ones
    reported. Returns ``{"created": n, "skipped": n, "errors": [...]}``.

    ``progress(done, total, message)`` (a background job's report) is called as rows are
    checked (``total`` is twice the rows: checking, then writing), once before the single
    writing transaction and once after it has committed — never inside it, so a report is
    visible at once and cannot hold the write lock.
    """
    from innofield.core.errors import FieldError

    clean = clean_item if target == "items" else clean_demand
    good: list[dict[str, Any]] = []
    errors: list[FieldError] = []
    total = 2 * len(rows)
    for index, (number, record) in enumerate(rows):
        if progress is not None:
            progress(index, total, f"checking row {index + 1:,} of {len(rows):,}")
        try:
            values = clean(yuan_columns_to_fen(record))
            require_member(actor, values["owner"], "create")
            if (values.get("details") or {}).get("co_owners"):
                require_member(actor, values["owner"], "manage")
            good.append(values)
        except ValidationFailed as exc:
            errors.extend(FieldError(e.field, e.reason, row=number, file=file) for e in exc.errors)
        except PermissionDenied as exc:
            errors.append(FieldError("owner", str(exc), row=number, file=file))
    if errors and not skip_bad:
        raise ValidationFailed(errors)
    if progress is not None:
        progress(len(rows), total, f"writing {len(good):,} rows in one transaction")
    with transaction.atomic():
        created = []
        for values in good:
            if target == "items":
                obj: Any = Item.objects.create(**values)
                signals.item_changed(obj)
            else:
                regions = values.pop("preferred_regions")
                obj = Demand.objects.create(**values)
                obj.preferred_regions.set(regions)
                signals.demand_changed(obj)
            created.append(obj.pk)
        bad_rows = sorted({e.row for e in errors if e.row is not None})
        audit.record(
            actor,
            f"catalog.{target}.import",
            None,
            {
                "file": file,
                "created": len(created),
                "ids": created[:1000],
                "skipped_rows": bad_rows,
            },
            object_type=f"catalog.{target[:-1]}",
            object_repr=f"import of {file}",
        )
    if progress is not None:
        progress(total, total, f"{len(created):,} rows written")
    return {
        "created": len(created),
        "skipped": len(bad_rows),
        "errors": [e.as_dict() for e in errors],
    }
